// OpenAI-format bodies sent through a gateway to a breakpoint-caching (or non-tiktoken) model.
import type { JsonDialect } from '../types';
import { openaiSignals } from '../openai-chat/detect';
import { buildGateway } from './build';

export const openaiGateway: JsonDialect = {
  id: 'openai-gateway',
  input: 'json',
  detect: (root) => openaiSignals(root).score,
  capabilities: { markers: true, editableBreakpoints: true, automaticMarker: true },
  accepts: (shape, profile) => (shape === 'openai-chat' || shape === 'openai-gateway') && !(profile.tokenizer.kind === 'tiktoken' && profile.family === 'automatic'),
  build: buildGateway,
};
