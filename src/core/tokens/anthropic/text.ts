// Text: calibration constants and the o200k-based estimate.

import { countTokens } from '../encoding';
import { claudeFactsForModel, usesNewTokenizer, type ClaudeFacts } from './model';

// Calibration constants

/** Claude tokens per o200k token, prose (Claude 3.5 Sonnet vs GPT-4o, English articles: +16 %). */
export const CLAUDE_PROSE_FACTOR = 1.16;
/** Claude tokens per o200k token, code / JSON-like text (Python: +30 %). */
export const CLAUDE_CODE_FACTOR = 1.3;
/** The newer tokenizer of Claude 4.7+ / Mythos: ≈ 30 % more tokens for the same text (17,381 / 13,076). */
export const CLAUDE_NEW_TOKENIZER_FACTOR = 1.33;
/** Per-message overhead (role markers). */
export const CLAUDE_PER_MESSAGE = 3;
/** Per-request overhead (reply priming). */
export const CLAUDE_PER_REQUEST = 3;
/** Per tool definition, on top of the estimate of its JSON text. */
export const CLAUDE_PER_TOOL = 6;
/** Extra when `thinking` is enabled (fitted on the single public example: 88). */
export const CLAUDE_THINKING_ENABLED = 25;

// Text and images

const PUNCT = /[{}[\]();:=<>"'`,\\/|&*+\-_#@$%^~!?]/g;

/** True when the text looks like code / JSON / markup (many symbols per character). */
function looksLikeCode(text: string): boolean {
  const sample = text.length > 20000 ? text.slice(0, 10000) + text.slice(-10000) : text;
  const nonSpace = sample.replace(/\s+/g, '').length;
  if (nonSpace === 0) return false;
  const punct = (sample.match(PUNCT) ?? []).length;
  return punct / nonSpace > 0.12;
}

/** Estimated Claude tokens for `text` (see the header comment for the method and its accuracy). No model: the older tokenizer. */
export function estimateClaudeTokens(text: string, model?: string): number {
  return estimateClaudeText(text, model === undefined ? undefined : claudeFactsForModel(model));
}

/** estimateClaudeTokens with the model's facts already resolved (no facts: the older tokenizer). */
export function estimateClaudeText(text: string, facts: ClaudeFacts | undefined): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const base = countTokens(text, 'o200k_base');
  let factor = looksLikeCode(text) ? CLAUDE_CODE_FACTOR : CLAUDE_PROSE_FACTOR;
  if (usesNewTokenizer(facts)) factor *= CLAUDE_NEW_TOKENIZER_FACTOR;
  return Math.max(1, Math.round(base * factor));
}
