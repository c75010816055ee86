// OpenAI Responses bodies (`input`, `instructions`, items): read for every model (OpenAI models count with
// their tiktoken encoding; others with o200k_base, an estimate). GPT-5.6+ caching (prompt_cache_breakpoint,
// prompt_cache_options) is read by request/openaiCache.ts and planned by cache/planOpenAIBreakpoints.ts.
import type { Node } from 'jsonc-parser';
import { arrayItems, objectKeys, prop, stringProp } from '../../parse/json';
import type { JsonDialect } from '../types';
import { buildOpenAIResponses } from './build';

const ITEM_TYPES = new Set(['message', 'function_call', 'function_call_output', 'reasoning', 'custom_tool_call', 'custom_tool_call_output', 'item_reference']);

/** How much a body looks like a Responses request: `input` (and no `messages`), Responses-only keys and item types. */
export function responsesSignals(root: Node): number {
  const keys = objectKeys(root);
  if (!keys.includes('input') || keys.includes('messages')) return 0;
  let score = 2;
  for (const k of ['instructions', 'previous_response_id', 'prompt_cache_options', 'text', 'reasoning', 'max_output_tokens']) if (keys.includes(k)) score += 1;
  for (const it of arrayItems(prop(root, 'input'))) if (ITEM_TYPES.has(stringProp(it, 'type') ?? '')) score += 1;
  return score;
}

export const openaiResponses: JsonDialect = {
  id: 'openai-responses',
  input: 'json',
  detect: responsesSignals,
  capabilities: { markers: false, editableBreakpoints: false, automaticMarker: false },
  accepts: (shape) => shape === 'openai-responses',
  build: buildOpenAIResponses,
};
