// Per-model facts of the Claude estimator: tokenizer generation, image tier, earlier-turn thinking,
// hidden tool-use system prompt. The facts are data in the model layer (the `claude` field of each
// Claude row of src/core/models/table.ts; names without a row: src/core/models/claudeFacts.ts), resolved
// with the model table's name rules; nothing here matches model names itself.

import { claudeFactsFor, type ClaudeEstimatorFacts } from '../../models';

export type ClaudeFacts = ClaudeEstimatorFacts;

/** The estimator's facts for a model name (resolved once per request by countAnthropicMessages). */
export function claudeFactsForModel(model: string | undefined): ClaudeFacts {
  return claudeFactsFor(model);
}

/** True for the newer tokenizer (Claude 4.7+, Fable, Mythos). No facts: the older one. */
export function usesNewTokenizer(facts: ClaudeFacts | undefined): boolean {
  return facts?.tokenizerGeneration === '4.7+';
}

/** Hidden tool-use system prompt tokens for a tool_choice. */
export function toolOverheadFor(facts: ClaudeFacts, choice: 'auto' | 'none' | 'any' | 'tool'): number {
  return choice === 'any' || choice === 'tool' ? facts.toolOverhead.any : facts.toolOverhead.auto;
}
