import type { CacheFamily, Prices, ProviderId, Ttl } from '../types';

export type TokenizerSpec =
  | {
      kind: 'tiktoken';
      encoding: 'o200k_base' | 'cl100k_base';
      /** The model's tokenizer is not published and this encoding is assumed (counts are estimates; the text says why). */
      assumed?: string;
      /**
       * Set when the provider's own tokenizer is NOT this tiktoken encoding (Qwen, Grok, DeepSeek, Kimi …): the
       * counts are then an estimate (exact: false, "≈"), and this names whose tokenizer it stands in for.
       */
      estimateOf?: string;
    }
  | { kind: 'estimate'; method: 'claude' | 'generic' | 'gemini' };

/** One row of the provider/model table. Every row carries its source and as-of date. */
export interface ModelProfile {
  /** Canonical id, e.g. "gpt-4o", "claude-sonnet-4-5". */
  id: string;
  /** Display name for pickers. */
  displayName: string;
  provider: ProviderId;
  family: CacheFamily;
  tokenizer: TokenizerSpec;
  /** Minimum cacheable prefix, tokens. Below it nothing is cached (silently). */
  minimumTokens: number;
  /** Automatic caching: cached length grows in these steps past the minimum (OpenAI: 128). */
  incrementTokens?: number;
  /** Breakpoint family: most explicit breakpoints per request (Anthropic: 4). */
  maxBreakpoints?: number;
  /** Breakpoint family: how many positions back a breakpoint looks for an earlier entry (Anthropic: 20). */
  lookback?: number;
  /** TTLs the provider offers; the first is the default. */
  ttls: Ttl[];
  prices: Prices;
  /** Where these facts come from (URL or document section). */
  source: string;
  /** Date the facts were checked, YYYY-MM-DD. */
  asOf: string;
  notes?: string;
  /**
   * False when the provider gives this model no prompt-caching discount at all (gpt-4, gpt-4-turbo,
   * gpt-3.5-turbo, gpt-4o-2024-05-13, *-pro models). Its prices then have cacheRead = cacheWrite5m = input.
   * Absent means caching is supported.
   */
  cachingSupported?: boolean;
  /**
   * Automatic family: minutes an unused cache entry is assumed to survive between two calls (a conservative
   * reading of the provider's docs; see the row's notes). Used by the cost model for call gaps.
   * Breakpoint family: not used (the breakpoint's TTL decides).
   */
  cacheLifetimeMinutes?: number;
  /** Explicit caches (Gemini cachedContents): storage billed per million tokens per hour of TTL. */
  cacheStorage?: { perMTokHour: number; source: string };
  /** Minimum cacheable prefix on other platforms, where it differs from `minimumTokens` (Claude on AWS Bedrock). */
  platformMinimumTokens?: { bedrock?: number };
  /**
   * The model's context window in tokens, as the provider publishes it: for Anthropic the window holds input
   * AND output (prompt + max_tokens must fit in it), so the input alone can never exceed it. The
   * over-context-window rule compares the request's input tokens with it (a request whose input alone is
   * larger is rejected whatever max_tokens is). Where a larger window needs an opt-in (Sonnet 4 / 4.5's 1M
   * beta), this is the largest window the API accepts. Undefined when the reference gives no figure.
   */
  contextWindow?: number;
  /** Long-context price tier: a request whose input exceeds the threshold is billed entirely at these rates. */
  longContext?: LongContextPricing;
  /**
   * Automatic family, DeepSeek V4: the cache stores whole "prefix units" that end at the end of a user input
   * and of a model output; a read snaps down to the last whole unit (src/core/cache/prefixUnits.ts).
   */
  prefixUnits?: 'message-ends';
  /**
   * The rules when the request carries cache_control markers, where they differ (DashScope/Qwen: explicit
   * cache instead of the implicit one; one mode per request). src/core/dialects/gateway/route.ts applies it.
   */
  markerMode?: Pick<ModelProfile, 'family' | 'minimumTokens' | 'maxBreakpoints' | 'lookback' | 'ttls' | 'prices'> & { source: string; notes: string };
  /** Breakpoint family through a gateway that keeps only the last breakpoint (OpenRouter → Gemini). */
  onlyLastBreakpoint?: boolean;
  /** Anthropic rows: the facts the Claude token estimator needs (every Claude row has them). */
  claude?: ClaudeEstimatorFacts;
}

/**
 * What the Claude token estimator (src/core/tokens/anthropic/) needs to know about a model; explained in
 * docs/token-counting.md. Names the table has no row for get these from their family and version
 * (claudeFactsFor in ./index.ts, rules in ./claudeFacts.ts).
 */
export interface ClaudeEstimatorFacts {
  /** Tokenizer generation: '4.7+' is the newer one (≈ 1.33 × the tokens of the older) [provider-rules.md §1.9]. */
  tokenizerGeneration: 'pre-4.7' | '4.7+';
  /** High-resolution image tier: 2576 px / 4784 tokens instead of 1568 px / 1568 tokens [§1.11]. */
  highResImages: boolean;
  /** Thinking blocks of earlier turns are kept (counted) rather than stripped by the API [§1.8]. */
  keepsEarlierThinking: boolean;
  /** Hidden tool-use system prompt, tokens: `auto` for tool_choice auto / none, `any` for any / tool [§1.10]. */
  toolOverhead: { auto: number; any: number };
  /** Where these facts come from. */
  source: string;
}

/**
 * A long-context price tier. When a request's input (cache reads and writes included) is above
 * `thresholdTokens`, the WHOLE request is billed at `prices` (as Anthropic and Google bill it), with the
 * cache multipliers on top (they are already applied in `prices`).
 */
export interface LongContextPricing {
  /** Input above this many tokens (strictly) switches the whole request to `prices`. */
  thresholdTokens: number;
  /** USD per million tokens, same fields as the row's prices (cacheWrite1h where the row has one). */
  prices: Prices;
  /** Where the tier comes from (provider-rules.md section). */
  source: string;
}
