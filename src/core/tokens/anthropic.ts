// Claude token ESTIMATES. Anthropic publishes no offline tokenizer (provider-rules.md §1.9), so every
// number here is an estimate, calibrated as described in docs/token-counting.md:
//
//  * text: o200k_base count × a content factor — 1.16 for prose, 1.30 for code/JSON-like text (published
//    GPT-4o vs Claude 3.5 Sonnet comparison: +16 % English, +21 % math, +30 % Python) — × 1.33 for the
//    newer tokenizer of Claude 4.7 and later (Anthropic: "approximately 30 percent more"; one public
//    measurement 17,381 vs 13,076 = 1.33);
//  * structure: 3 per message, 3 per request, 6 per tool definition on top of its JSON text; fitted on
//    Anthropic's own count_tokens examples (14 for the "Hello, Claude" request, 403 for the get_weather
//    tool request, 88 for the extended-thinking request);
//  * hidden tool-use system prompt by tool_choice (§1.10 table), images by the documented formula (§1.11).
// Expect ±10–15 % on prose and more on code, CJK or emoji-heavy text. Never throws.
//
// This module is the public entry; the estimator lives in ./anthropic/ (types, model: the per-model facts,
// which are data in the model table, text, images, blocks, request).

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
export { claudeImageTokens, claudeImageTokensLegacy } from './anthropic/images';
export { countAnthropicMessages } from './anthropic/request';
