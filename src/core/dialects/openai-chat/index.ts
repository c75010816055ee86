// Chat Completions bodies for automatic-caching models counted with tiktoken: exact for OpenAI models, an
// estimate (named) for models whose provider uses another tokenizer (DeepSeek, xAI, Qwen implicit, Kimi).
import type { JsonDialect } from '../types';
import { openaiSignals } from './detect';
import { buildOpenAIChat } from './build';
import { asStandInEstimate } from './estimate';

export const openaiChat: JsonDialect = {
  id: 'openai-chat',
  input: 'json',
  detect: (root) => openaiSignals(root).score,
  capabilities: { markers: false, editableBreakpoints: false, automaticMarker: false },
  accepts: (shape, profile) => (shape === 'openai-chat' || shape === 'openai-gateway') && profile.tokenizer.kind === 'tiktoken' && (profile.family === 'automatic' || profile.family === 'openai-breakpoints'),
  build: (ctx) => {
    const tk = ctx.profile.tokenizer as { encoding: 'o200k_base' | 'cl100k_base'; estimateOf?: string };
    const built = buildOpenAIChat(ctx, tk.encoding);
    return tk.estimateOf ? asStandInEstimate(built, tk.estimateOf, tk.encoding) : built;
  },
};
