// Claude token ESTIMATES. Anthropic publishes no offline tokenizer (provider-rules.md §1.9), so every
// number here is an estimate, calibrated as described in docs/token-counting.md:
//
//  * text: cut into script runs in one pass (Latin prose, code-like Latin lines, Cyrillic, CJK, Thai, other
//    non-Latin; ./anthropic/scripts.ts); the o200k_base tokens of each run × that script's ratio
//    (CLAUDE_SCRIPT_RATIOS: Latin 1.10 and Thai 2.1 fitted on the public billed cases in
//    test/data/claude-billed-cases.jsonl; code, Cyrillic, CJK and other non-Latin assumed, no public billed
//    figure with its text) × 1.33 for the newer tokenizer of Claude 4.7 and later (Anthropic: "approximately
//    30 percent more"; one public measurement 17,381 vs 13,076 = 1.33);
//  * structure: 3 per message, 4 per request, 5 per tool definition on top of its JSON text, 26 with thinking;
//    fitted with the Latin ratio on the billed cases (Anthropic's count_tokens examples: 14, 403, 88; "a" = 8);
//  * hidden tool-use system prompt by tool_choice (§1.10 table), images by the documented formula (§1.11).
// Measured error per script: docs/token-counting.md §3 (Latin ≤ 10 %, mean 2.7 %, leave-one-out; CJK, Cyrillic
// and other scripts unmeasured). Never throws.
//
// This module is the public entry; the estimator lives in ./anthropic/ (types, model: the per-model facts,
// which are data in the model table, scripts: the per-script runs and ratios, text, images, blocks, request).

export type { AnthropicPartCount, AnthropicCount, AnthropicCountOptions } from './anthropic/types';
export {
  CLAUDE_PROSE_FACTOR,
  CLAUDE_CODE_FACTOR,
  CLAUDE_NEW_TOKENIZER_FACTOR,
  CLAUDE_PER_MESSAGE,
  CLAUDE_PER_REQUEST,
  CLAUDE_PER_TOOL,
  CLAUDE_THINKING_ENABLED,
  estimateClaudeTokens,
} from './anthropic/text';
export { claudeFactsForModel, type ClaudeFacts } from './anthropic/model';
export { CLAUDE_SCRIPT_RATIOS, CLAUDE_SCRIPTS, clearScriptCaches as clearClaudeCaches, scriptBreakdown, type ClaudeScript, type ClaudeScriptRatio } from './anthropic/scripts';
export { claudeImageTokens, claudeImageTokensLegacy } from './anthropic/images';
export { countAnthropicMessages } from './anthropic/request';
