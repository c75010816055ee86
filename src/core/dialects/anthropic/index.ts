// Anthropic Messages bodies: explicit cache_control breakpoints, plus top-level automatic caching.
import { readCacheControl } from '../common';
import type { JsonDialect } from '../types';
import { anthropicSignals } from './detect';
import { buildAnthropic } from './build';

export const anthropicMessages: JsonDialect = {
  id: 'anthropic-messages',
  input: 'json',
  detect: anthropicSignals,
  capabilities: { markers: true, editableBreakpoints: true, automaticMarker: true },
  accepts: (shape) => shape === 'anthropic-messages',
  build: (ctx) => ({ ...buildAnthropic(ctx), automatic: readCacheControl(ctx.root) }),
};
