// An unknown (or missing) model takes another row's rules and prices. That must never be silent: the engine
// words it once here (ModelInfo.fallback on the Analysis) and every front shows that wording: the status bar,
// the panel and the CLI (text and JSON).
import { fmtInt } from '../format';
import type { ModelFallback, ProviderId } from '../types';
import type { ModelProfile } from './types';

const usd = (v: number): string => `$${v >= 0.1 ? v.toFixed(2) : String(Number(v.toPrecision(3)))}`;

const PROVIDER_NAMES: Partial<Record<ProviderId, string>> = {
  openai: 'an OpenAI',
  anthropic: 'an Anthropic',
  google: 'a Google',
  deepseek: 'a DeepSeek',
  xai: 'an xAI',
  alibaba: 'an Alibaba (Qwen)',
  moonshot: 'a Moonshot (Kimi)',
};

/** The rules and prices a row stands for, in one line ("automatic caching from 1,024 tokens in 128-token steps; …"). */
export function describeRules(p: ModelProfile): string {
  const pr = p.prices;
  const caching =
    p.cachingSupported === false
      ? 'no prompt caching'
      : p.family === 'openai-breakpoints'
        ? `prompt_cache_breakpoint caching (implicit mode: one managed breakpoint at the newest user/tool message) from ${fmtInt(p.minimumTokens)} tokens`
        : p.family === 'automatic'
        ? `automatic caching from ${fmtInt(p.minimumTokens)} tokens${(p.incrementTokens ?? 1) > 1 ? ` in ${fmtInt(p.incrementTokens!)}-token steps` : ''}`
        : `cache_control breakpoints (at most ${p.maxBreakpoints ?? 4}, ${p.lookback ?? 20}-block lookback) from ${fmtInt(p.minimumTokens)} tokens`;
  const writes = pr.cacheWrite5m !== pr.input ? `, write ${usd(pr.cacheWrite5m)}` : '';
  return `${caching}; ${usd(pr.input)} input${writes}, read ${usd(pr.cacheRead)} per million tokens`;
}

/** The editor's advice that ends a fallback message (the CLI swaps it for CLI_MODEL_ADVICE: src/cli/advice.ts). */
export const EDITOR_MODEL_ADVICE = {
  unknown: 'Choose a model (Prompt Cache: Choose Model) or set promptCache.defaultModel.',
  missing: 'Add a model, choose one (Prompt Cache: Choose Model) or set promptCache.defaultModel.',
} as const;

/** The same advice for the command line. */
export const CLI_MODEL_ADVICE = {
  unknown: 'Pass --model NAME, or correct the "model" field.',
  missing: 'Add a "model" field, or pass --model NAME (or --default-model NAME for files that name none).',
} as const;

/** The fallback wording for a model name the table does not know (or no model at all). */
export function describeFallback(name: string | undefined, provider: ProviderId, used: ModelProfile): ModelFallback {
  const rules = describeRules(used);
  const providerNote = name && provider !== 'unknown' && provider !== used.provider ? ` (the name reads as ${PROVIDER_NAMES[provider] ?? `a ${provider}`} model; its own rules and tokenizer are not in the table)` : '';
  const message = name
    ? `Unknown model "${name}"${providerNote}: tokens, caching rules and prices are those of ${used.displayName} (${used.id}): ${rules}. ${EDITOR_MODEL_ADVICE.unknown}`
    : `No model in this file: tokens, caching rules and prices are those of ${used.displayName} (${used.id}): ${rules}. ${EDITOR_MODEL_ADVICE.missing}`;
  return {
    reason: name ? 'unknown' : 'missing',
    usedId: used.id,
    usedName: used.displayName,
    rules,
    short: `${name ? 'unknown model' : 'no model'}: ${used.id} rules`,
    message,
  };
}
