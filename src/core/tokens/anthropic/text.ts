// Text: calibration constants and the per-script o200k-based estimate (./scripts.ts).

import { claudeFactsForModel, usesNewTokenizer, type ClaudeFacts } from './model';
import { applyScriptRatios, CLAUDE_SCRIPT_RATIOS, scriptTokensMemo } from './scripts';

// Calibration constants

/** Claude tokens per o200k token, Latin prose (the `latin` row of CLAUDE_SCRIPT_RATIOS). */
export const CLAUDE_PROSE_FACTOR = CLAUDE_SCRIPT_RATIOS.latin.ratio;
/** Claude tokens per o200k token, code / JSON-like lines (the `code` row of CLAUDE_SCRIPT_RATIOS). */
export const CLAUDE_CODE_FACTOR = CLAUDE_SCRIPT_RATIOS.code.ratio;
/** The newer tokenizer of Claude 4.7+ / Mythos: ≈ 30 % more tokens for the same text (17,381 / 13,076). */
export const CLAUDE_NEW_TOKENIZER_FACTOR = 1.33;
/** Per-message overhead (role markers). */
export const CLAUDE_PER_MESSAGE = 3;
/** Per-request overhead (reply priming and framing): 4, fitted with the Latin ratio on the single-message billed cases ("a" = 8, docs' 14). */
export const CLAUDE_PER_REQUEST = 4;
/** Per tool definition, on top of the estimate of its JSON text (fitted on the docs' 403 with the per-request 4). */
export const CLAUDE_PER_TOOL = 5;
/** Extra when `thinking` is enabled (fitted on the single public example: 88, ANT-TC-03). */
export const CLAUDE_THINKING_ENABLED = 26;

// Text

/** Estimated Claude tokens for `text` (see the header comment for the method and its accuracy). No model: the older tokenizer. */
export function estimateClaudeTokens(text: string, model?: string): number {
  return estimateClaudeText(text, model === undefined ? undefined : claudeFactsForModel(model));
}

/**
 * estimateClaudeTokens with the model's facts already resolved (no facts: the older tokenizer): the o200k
 * tokens of each script run × that script's ratio (./scripts.ts), × the 4.7+ generation factor.
 */
export function estimateClaudeText(text: string, facts: ClaudeFacts | undefined): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  let est = applyScriptRatios(scriptTokensMemo(text));
  if (usesNewTokenizer(facts)) est *= CLAUDE_NEW_TOKENIZER_FACTOR;
  return Math.max(1, Math.round(est));
}
