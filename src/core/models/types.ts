import type { CacheFamily, Prices, ProviderId, Ttl } from '../types';

export type TokenizerSpec =
  | { kind: 'tiktoken'; encoding: 'o200k_base' | 'cl100k_base' }
  | { kind: 'estimate'; method: 'claude' | 'generic' };

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
  /** Minimum cacheable prefix on other platforms, where it differs from `minimumTokens` (Claude on AWS Bedrock). */
  platformMinimumTokens?: { bedrock?: number };
}
