// OpenAI Chat Completions bodies for automatic-caching models with a public tokenizer (exact counts).
import type { JsonDialect } from '../types';
import { openaiSignals } from './detect';
import { buildOpenAIChat } from './build';

export const openaiChat: JsonDialect = {
  id: 'openai-chat',
  input: 'json',
  detect: (root) => openaiSignals(root).score,
  capabilities: { markers: false, editableBreakpoints: false, automaticMarker: false },
  accepts: (shape, profile) => (shape === 'openai-chat' || shape === 'openai-gateway') && profile.tokenizer.kind === 'tiktoken' && (profile.family === 'automatic' || profile.family === 'openai-breakpoints'),
  build: (ctx) => buildOpenAIChat(ctx, (ctx.profile.tokenizer as { encoding: 'o200k_base' | 'cl100k_base' }).encoding),
};
