// The provider/model table: caching rules and prices, one row per model. PLAIN DATA ONLY.
//
// Every fact here comes from the team's reference notes, shared/reference/provider-rules.md (outside this
// repository; section numbers in `source`), which cite the providers' own pages. docs/models.md explains
// the table for users and maintainers.
//
// Fields of a row (see ModelProfile in ./types.ts):
//   id               canonical id, lowercase, dashes (e.g. "claude-sonnet-4-5", "gpt-4.1").
//   displayName      shown in pickers.
//   match            name PREFIXES that select this row. Compared after normalisation: lowercase, gateway
//                    prefixes ("anthropic/", "models/", Bedrock "us.anthropic.") removed, ":…"/"@…" suffixes
//                    removed, and "." "_" " " turned into "-". So "claude-sonnet-4.5" and "claude-sonnet-4-5"
//                    are the same key. A prefix only matches at a "-" boundary and never across a version
//                    number ("gpt-5" does not match "gpt-5.4", "claude-opus-4" does not match
//                    "claude-opus-4-1"), but does match dated snapshots ("gpt-4o-2024-08-06"). Longest wins.
//   aliases          optional EXACT names (after normalisation) that select this row; not prefixes.
//   exclude          optional prefixes that must NOT resolve to this row (variants we have no data for,
//                    e.g. "gpt-5.4-pro": better "unknown model" than wrong prices).
//   provider/family  'automatic' = provider caches the longest matching prefix by itself (OpenAI, Gemini
//                    implicit, DeepSeek, xAI); 'breakpoints' = explicit cache_control markers (Anthropic).
//   tokenizer        tiktoken encoding (exact) or an estimate method.
//   minimumTokens    below it nothing is cached (silently).
//   incrementTokens  automatic family: cached length grows in steps of this after the minimum
//                    (1 = the provider documents no rounding).
//   maxBreakpoints / lookback   breakpoint family only.
//   ttls             first = default. Automatic-family rows have no TTL choice: they carry ['5m'] by
//                    convention and `cacheLifetimeMinutes` says how long an idle entry is assumed to live.
//   prices           USD per million tokens. cacheWrite5m = price of a token written to cache at the default
//                    TTL (equal to `input` where the provider charges no write fee); cacheWrite1h only where a
//                    1h TTL exists; cacheRead = cached-input price. Models without any caching discount have
//                    cachingSupported: false and cacheRead = cacheWrite5m = input.
//   source / asOf    where the facts come from / the date of the newest dated source behind the row as given
//                    in provider-rules.md (2026-11-22, the reference's compile date, when it gives none).
//   contextWindow    optional: the context window in tokens as published (Anthropic: input + output; the
//                    largest the API accepts, e.g. with the 1M beta). Only where the reference gives it.
//   longContext      optional: { thresholdTokens, prices, source }: input above the threshold bills the whole
//                    request at these prices (cache multipliers already applied). Only from the reference.
//   claude           Anthropic rows (required there): what the Claude token estimator needs: tokenizer
//                    generation, high-res image tier, earlier-turn thinking kept, hidden tool-use system
//                    prompt { auto (auto|none), any (any|tool) }, with their source. Changing one changes counts.
//
// HOW TO UPDATE: change the numbers in the row, update `source` and `asOf`, run
//   node --import tsx --test test/unit/models.test.ts test/unit/cost.test.ts
// To ADD a model: copy the closest row, give it a new id and its own `match` prefixes, keep rows of one
// provider together (newest first). Tests check every row has a source, a valid asOf and sane prices.

import type { ModelProfile } from './types';

export interface ModelRow extends ModelProfile {
  /** Lowercase name prefixes (normalised, see header) that select this row. */
  match: string[];
  /** Exact names (normalised) that select this row. */
  aliases?: string[];
  /** Prefixes that must not resolve to this row even though a `match` prefix fits. */
  exclude?: string[];
}

// Shorthands for the repeated parts (not prices: prices are written out in full in every row).
const ANTHROPIC: Pick<ModelProfile, 'provider' | 'family' | 'tokenizer' | 'maxBreakpoints' | 'lookback' | 'ttls'> = {
  provider: 'anthropic',
  family: 'breakpoints',
  tokenizer: { kind: 'estimate', method: 'claude' },
  maxBreakpoints: 4,
  lookback: 20,
  ttls: ['5m', '1h'],
};

const OPENAI_O200K: Pick<ModelProfile, 'provider' | 'family' | 'tokenizer' | 'ttls'> = {
  provider: 'openai',
  family: 'automatic',
  tokenizer: { kind: 'tiktoken', encoding: 'o200k_base' },
  ttls: ['5m'],
};

const OPENAI_CL100K: Pick<ModelProfile, 'provider' | 'family' | 'tokenizer' | 'ttls'> = {
  provider: 'openai',
  family: 'automatic',
  tokenizer: { kind: 'tiktoken', encoding: 'cl100k_base' },
  ttls: ['5m'],
};

const GEMINI: Pick<
  ModelProfile,
  'provider' | 'family' | 'tokenizer' | 'incrementTokens' | 'ttls' | 'cacheLifetimeMinutes'
> = {
  provider: 'google',
  family: 'automatic',
  tokenizer: { kind: 'estimate', method: 'gemini' },
  incrementTokens: 1,
  ttls: ['5m'],
  cacheLifetimeMinutes: 3,
};

const DEEPSEEK: Pick<
  ModelProfile,
  'provider' | 'family' | 'tokenizer' | 'minimumTokens' | 'incrementTokens' | 'ttls' | 'cacheLifetimeMinutes' | 'prefixUnits'
> = {
  provider: 'deepseek',
  family: 'automatic',
  tokenizer: { kind: 'tiktoken', encoding: 'o200k_base', estimateOf: 'DeepSeek' },
  minimumTokens: 64,
  incrementTokens: 1,
  prefixUnits: 'message-ends',
  ttls: ['5m'],
  cacheLifetimeMinutes: 60,
};

const XAI: Pick<ModelProfile, 'provider' | 'family' | 'tokenizer' | 'ttls'> = {
  provider: 'xai',
  family: 'automatic',
  tokenizer: { kind: 'tiktoken', encoding: 'o200k_base', estimateOf: 'Grok' },
  ttls: ['5m'],
};

// DashScope / Qwen (Alibaba Model Studio): implicit cache by default; explicit cache_control markers switch
// the request to the explicit cache (one mode per request) [provider-rules.md §4.5; addendum, Others].
const QWEN: Pick<ModelProfile, 'provider' | 'family' | 'tokenizer' | 'minimumTokens' | 'incrementTokens' | 'ttls' | 'cacheLifetimeMinutes'> = {
  provider: 'alibaba',
  family: 'automatic',
  tokenizer: { kind: 'tiktoken', encoding: 'o200k_base', estimateOf: 'Qwen' },
  minimumTokens: 256,
  incrementTokens: 1,
  ttls: ['5m'],
  cacheLifetimeMinutes: 5,
};
const SRC_QWEN_CACHE =
  'https://www.alibabacloud.com/help/en/model-studio/context-cache (2026-03-31 / 2026-06-24 copies: explicit 4 markers, 20-block lookback, 1,024 minimum, 5 min reset on hit, write 125%, hit 10%; implicit hit 20%, minimum 256) [provider-rules.md §4.5, §6; addendum, Others]';
const SRC_QWEN_PRICE =
  '; input/output prices: https://www.alibabacloud.com/help/en/model-studio/billing-for-model-studio (2025-04-22 copy, lowest context tier; not in provider-rules.md: verify on the Models page)';
/** The explicit-cache rules of a Qwen row, from its input price. */
function qwenExplicit(input: number, output: number): NonNullable<ModelProfile['markerMode']> {
  return {
    family: 'breakpoints',
    minimumTokens: 1024,
    maxBreakpoints: 4,
    lookback: 20,
    ttls: ['5m'],
    prices: { input, cacheWrite5m: +(input * 1.25).toFixed(6), cacheRead: +(input * 0.1).toFixed(6), output },
    source: SRC_QWEN_CACHE,
    notes: 'Explicit cache (cache_control markers): at most 4 markers, each looks back up to 20 content blocks, a cached block needs at least 1,024 tokens, 5 min validity reset on hit, written at 125% and read at 10% of the input price. The cache is created after the model responds.',
  };
}

const QWEN_NOTE =
  'Implicit cache unless the request carries cache_control markers: hits at 20% of the input price from 256 tokens (international site; the China site says 1,024), not guaranteed, no write fee, granularity undocumented (1 used), lifetime undocumented (5 min assumed). With markers: the explicit cache (see markerMode). Only one mode applies per request. Qwen4 adds top-level automatic caching and a 1h TTL (page of 2026-11-16; not modelled). Qwen\'s tokenizer is not tiktoken: counts are an o200k estimate.';

const MOONSHOT: Pick<ModelProfile, 'provider' | 'family' | 'tokenizer' | 'minimumTokens' | 'incrementTokens' | 'ttls' | 'cacheLifetimeMinutes'> = {
  provider: 'moonshot',
  family: 'automatic',
  tokenizer: { kind: 'tiktoken', encoding: 'o200k_base', estimateOf: 'Kimi' },
  minimumTokens: 256,
  incrementTokens: 256,
  ttls: ['5m'],
  cacheLifetimeMinutes: 5,
};
const SRC_MOONSHOT = 'platform.moonshot.ai pricing (archived 2026-03-26; kimi-k3 2026-07) [provider-rules.md §4.3, §6]';
const NOTE_MOONSHOT =
  'Automatic context caching (no markers; cache_control and prompt_cache_key are ignored). Minimum and granularity are not documented: 256-token chunks come from a 3rd-party measurement of the Kimi coding endpoint (Leechael/pi-provider-kimi-code), unverified. No write fee. Lifetime undocumented (5 min assumed).';

// Sources (provider-rules.md sections in brackets).
const SRC_ANTHROPIC =
  'https://platform.claude.com/docs/en/build-with-claude/prompt-caching (minimums, multipliers) + Anthropic pricing page read 2026-10-08 [provider-rules.md §1.4, §1.6, §6]';
const SRC_ANTHROPIC_52 =
  'https://platform.claude.com/docs/en/build-with-claude/prompt-caching supported-models list (Fable / Mythos 5.2, released 2026-11-09: $8 / $40, read $0.20, 5m write $10, 1h write $16); 3rd-party: laozhang docs [provider-rules-addendum.md, Anthropic]';
const NOTE_52 =
  'Released 2026-11-09. Minimum 512 and the Bedrock minimum 512 are assumed from the late-2026 tables for Fable / Mythos 5.x (both older than 5.2): not restated for 5.2 (verify). Tool-use system prompt not published for 5.2: 346 / 313 assumed.';
const SRC_OPENAI =
  'https://developers.openai.com/api/docs/guides/prompt-caching + https://developers.openai.com/api/docs/pricing (2026 snapshots) [provider-rules.md §2.2, §2.3, §6]';
const SRC_OPENAI_56 =
  'https://developers.openai.com/api/docs/guides/prompt-caching (GPT-5.6-era guide: prompt_cache_breakpoint, prompt_cache_options, 1,024 minimum, write 1.25x, read 0.1x, TTL 30m) [provider-rules.md §2.2; provider-rules-addendum.md OpenAI table]';
const SRC_OPENAI_OUT = '; output price from the OpenAI pricing page (not in provider-rules.md, verify)';
const SRC_GEMINI =
  'https://ai.google.dev/gemini-api/docs/caching (updated 2026-09-02) + https://ai.google.dev/gemini-api/docs/pricing (2026-10-01) [provider-rules.md §3.1, §3.3, §6]';
// Explicit cachedContents storage, $/MTok per hour of TTL [provider-rules.md §3.3 per model; §6 "Pro models 4.50,
// Flash / Flash-Lite 1.00" for the models §3.3 does not list].
const STORAGE_GEMINI = (perMTokHour: number, how: string) => ({ perMTokHour, source: `https://ai.google.dev/gemini-api/docs/pricing [provider-rules.md ${how}]` });
const SRC_GEMINI_OCT = '; minimum confirmed by the Oct 2026 caching page [provider-rules-addendum.md, Gemini]';
const SRC_DEEPSEEK =
  'https://api-docs.deepseek.com/guides/kv_cache + /quick_start/pricing + /news/news0802 [provider-rules.md §4.1, §6]';
const SRC_XAI =
  'https://docs.x.ai/developers/advanced-api-usage/prompt-caching + docs.x.ai/developers/grok-4-7 [provider-rules.md §4.2, §6; addendum, Others: the official usage example caches 98 of 125 prompt tokens]';

// Context windows and long-context tiers: ONLY from provider-rules.md (section in the row's source or in
// longContext.source). Rows without a published figure leave contextWindow / longContext undefined.
const SRC_CTX_CLAUDE_46 =
  '; context window 1M: "Claude 4.6 and later models charge the same rate across the full 1M-token window" [provider-rules.md §1.6]';
const SRC_CTX_CLAUDE_1M_BETA = '; context window 1M with the 1M-context beta [provider-rules.md §1.6, §6]';
const SRC_LONG_SONNET_4 =
  'Anthropic pricing page: with the 1M beta, input > 200K (cache reads and writes included) bills the whole request at $6 in / $22.50 out, cache multipliers on top (5m 1.25×, 1h 2×, read 0.1×) [provider-rules.md §1.6, §6]';

// Claude estimator facts (ClaudeEstimatorFacts in ./types.ts, explained in docs/token-counting.md): tokenizer
// generation, image tier, earlier-turn thinking, hidden tool-use system prompt [auto|none, any|tool].
const SRC_CLAUDE_EST =
  'provider-rules.md §1.9 (tokenizer generation: 4.7+, Fable and Mythos use the newer one), §1.11 (high-res image tier), §1.8 (earlier-turn thinking kept), §1.10 (tool-use system prompt by tool_choice, newest table)';
const SRC_CLAUDE_EST_NO_TOOLS =
  SRC_CLAUDE_EST + '; §1.10 gives no tool-use figure for this model: the long-standing 346 / 313 is assumed';

const OPENAI_PRE56_NOTE =
  'Minimum 1,024 tokens (launch docs, Bedrock); the 2026 guide says 2,048 visible tokens for models older than GPT-5.6 with occasional hits below. No write fee. Lifetime assumed 5 min (in_memory: 5-10 min idle); prompt_cache_retention "24h" can keep entries longer.';

export const MODEL_TABLE: ModelRow[] = [
  // ───────────────────────────── Anthropic (breakpoints) ─────────────────────────────
  {
    ...ANTHROPIC,
    id: 'claude-fable-5-2',
    displayName: 'Claude Fable 5.2',
    match: ['claude-fable-5-2'],
    minimumTokens: 512,
    prices: { input: 8, cacheWrite5m: 10, cacheWrite1h: 16, cacheRead: 0.2, output: 40 },
    platformMinimumTokens: { bedrock: 512 },
    source: SRC_ANTHROPIC_52 + SRC_CTX_CLAUDE_46,
    claude: { tokenizerGeneration: '4.7+', highResImages: true, keepsEarlierThinking: true, toolOverhead: { auto: 346, any: 313 }, source: SRC_CLAUDE_EST_NO_TOOLS },
    asOf: '2026-11-22',
    contextWindow: 1_000_000,
    notes: NOTE_52,
  },
  {
    ...ANTHROPIC,
    id: 'claude-mythos-5-2',
    displayName: 'Claude Mythos 5.2',
    match: ['claude-mythos-5-2'],
    minimumTokens: 512,
    prices: { input: 8, cacheWrite5m: 10, cacheWrite1h: 16, cacheRead: 0.2, output: 40 },
    platformMinimumTokens: { bedrock: 512 },
    source: SRC_ANTHROPIC_52 + SRC_CTX_CLAUDE_46,
    claude: { tokenizerGeneration: '4.7+', highResImages: true, keepsEarlierThinking: true, toolOverhead: { auto: 346, any: 313 }, source: SRC_CLAUDE_EST_NO_TOOLS },
    asOf: '2026-11-22',
    contextWindow: 1_000_000,
    notes: NOTE_52,
  },
  {
    ...ANTHROPIC,
    id: 'claude-fable-5-1',
    displayName: 'Claude Fable 5.1',
    match: ['claude-fable-5-1'],
    minimumTokens: 512,
    prices: { input: 10, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 0.25, output: 50 },
    platformMinimumTokens: { bedrock: 512 },
    source: SRC_ANTHROPIC + SRC_CTX_CLAUDE_46,
    claude: { tokenizerGeneration: '4.7+', highResImages: true, keepsEarlierThinking: true, toolOverhead: { auto: 346, any: 313 }, source: SRC_CLAUDE_EST_NO_TOOLS },
    asOf: '2026-10-08',
    contextWindow: 1_000_000,
    notes: 'Cache read 0.025x input (from 2026-09-01), not the usual 0.1x.',
  },
  {
    ...ANTHROPIC,
    id: 'claude-mythos-5-1',
    displayName: 'Claude Mythos 5.1',
    match: ['claude-mythos-5-1'],
    minimumTokens: 512,
    prices: { input: 10, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 0.25, output: 50 },
    platformMinimumTokens: { bedrock: 512 },
    source: SRC_ANTHROPIC + SRC_CTX_CLAUDE_46,
    claude: { tokenizerGeneration: '4.7+', highResImages: true, keepsEarlierThinking: true, toolOverhead: { auto: 346, any: 313 }, source: SRC_CLAUDE_EST_NO_TOOLS },
    asOf: '2026-10-08',
    contextWindow: 1_000_000,
    notes: 'Cache read 0.025x input (from 2026-09-01), not the usual 0.1x.',
  },
  {
    ...ANTHROPIC,
    id: 'claude-fable-5',
    displayName: 'Claude Fable 5',
    match: ['claude-fable-5'],
    minimumTokens: 512,
    prices: { input: 10, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 1, output: 50 },
    platformMinimumTokens: { bedrock: 512 },
    source: SRC_ANTHROPIC + SRC_CTX_CLAUDE_46,
    claude: { tokenizerGeneration: '4.7+', highResImages: true, keepsEarlierThinking: true, toolOverhead: { auto: 346, any: 313 }, source: SRC_CLAUDE_EST_NO_TOOLS },
    asOf: '2026-10-08',
    contextWindow: 1_000_000,
    notes: 'Bedrock minimum: 512 per the late-2026 Bedrock table (an Anthropic page of 2026-07 said 1,024).',
  },
  {
    ...ANTHROPIC,
    id: 'claude-mythos-5',
    displayName: 'Claude Mythos 5',
    match: ['claude-mythos-5'],
    minimumTokens: 512,
    prices: { input: 10, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 1, output: 50 },
    platformMinimumTokens: { bedrock: 512 },
    source: SRC_ANTHROPIC + SRC_CTX_CLAUDE_46,
    claude: { tokenizerGeneration: '4.7+', highResImages: true, keepsEarlierThinking: true, toolOverhead: { auto: 346, any: 313 }, source: SRC_CLAUDE_EST_NO_TOOLS },
    asOf: '2026-10-08',
    contextWindow: 1_000_000,
    notes: 'Bedrock minimum: 512 per the late-2026 Bedrock table (an Anthropic page of 2026-07 said 1,024).',
  },
  {
    ...ANTHROPIC,
    id: 'claude-mythos-preview',
    displayName: 'Claude Mythos Preview',
    match: ['claude-mythos-preview'],
    minimumTokens: 2048,
    prices: { input: 25, cacheWrite5m: 31.25, cacheWrite1h: 50, cacheRead: 2.5, output: 125 },
    platformMinimumTokens: { bedrock: 4096 },
    source: SRC_ANTHROPIC + '; price not in provider-rules.md (launch price $25/$125, verify)',
    claude: { tokenizerGeneration: '4.7+', highResImages: true, keepsEarlierThinking: true, toolOverhead: { auto: 346, any: 313 }, source: SRC_CLAUDE_EST_NO_TOOLS },
    asOf: '2026-10-08',
    notes: 'Restricted-access model. Bedrock lists a 4,096-token minimum.',
  },
  {
    ...ANTHROPIC,
    id: 'claude-opus-5-5',
    displayName: 'Claude Opus 5.5',
    match: ['claude-opus-5-5', 'claude-5-5-opus'],
    minimumTokens: 512,
    prices: { input: 4, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.2, output: 20 },
    platformMinimumTokens: { bedrock: 512 },
    source: SRC_ANTHROPIC + SRC_CTX_CLAUDE_46,
    claude: { tokenizerGeneration: '4.7+', highResImages: true, keepsEarlierThinking: true, toolOverhead: { auto: 286, any: 406 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
    contextWindow: 1_000_000,
    notes: 'Cache read 0.05x input, not the usual 0.1x.',
  },
  {
    ...ANTHROPIC,
    id: 'claude-opus-5',
    displayName: 'Claude Opus 5',
    match: ['claude-opus-5', 'claude-5-opus'],
    minimumTokens: 512,
    prices: { input: 5, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5, output: 25 },
    platformMinimumTokens: { bedrock: 512 },
    source: SRC_ANTHROPIC + SRC_CTX_CLAUDE_46,
    claude: { tokenizerGeneration: '4.7+', highResImages: true, keepsEarlierThinking: true, toolOverhead: { auto: 286, any: 406 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
    contextWindow: 1_000_000,
  },
  {
    ...ANTHROPIC,
    id: 'claude-sonnet-5-5',
    displayName: 'Claude Sonnet 5.5',
    match: ['claude-sonnet-5-5', 'claude-5-5-sonnet'],
    minimumTokens: 512,
    prices: { input: 2, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.1, output: 10 },
    platformMinimumTokens: { bedrock: 512 },
    source:
      SRC_ANTHROPIC +
      '; Sonnet 5.5 model page 2026-09-29; cache read $0.10 from 2026-10-07: 3rd-party only (claudit v1.9.2, PromptFuel, deep-claude release notes) [provider-rules-addendum.md, Anthropic], unverified' +
      SRC_CTX_CLAUDE_46,
    claude: { tokenizerGeneration: '4.7+', highResImages: true, keepsEarlierThinking: true, toolOverhead: { auto: 354, any: 474 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-24',
    contextWindow: 1_000_000,
    notes:
      'Cache read $0.10 (0.05x input) since 2026-10-07 per 3rd-party pricing trackers (claudit, PromptFuel, deep-claude): UNVERIFIED on an Anthropic page; the model page copy seen (2026-09-29) still says $0.20 (0.1x). Override with promptCache.prices if your bill shows $0.20.',
  },
  {
    ...ANTHROPIC,
    id: 'claude-haiku-5-5',
    displayName: 'Claude Haiku 5.5',
    match: ['claude-haiku-5-5', 'claude-5-5-haiku'],
    minimumTokens: 512,
    prices: { input: 0.1, cacheWrite5m: 0.125, cacheWrite1h: 0.2, cacheRead: 0.01, output: 0.5 },
    source: 'https://platform.claude.com/docs/en/models/haiku-5-5/overview (released 2026-10-07; prices for prompts up to 100K) + prompt-caching page (minimum 512) [provider-rules-addendum.md, Anthropic]',
    claude: { tokenizerGeneration: '4.7+', highResImages: true, keepsEarlierThinking: true, toolOverhead: { auto: 346, any: 313 }, source: SRC_CLAUDE_EST_NO_TOOLS + '; generation, image tier and thinking from the rules for 5.5 and later (claudeFacts.ts)' },
    asOf: '2026-10-07',
    notes:
      'Prices are those for prompts up to 100K tokens (Haiku 5.5 overview page). Prompts over 100K cost more; the tier ($0.50 / $2.50, writes $0.625 / $1.00, read $0.05 per 3rd-party trackers: claudit v1.9.2, synaps docs) is not in the reference and not modelled: unverified. Bedrock minimum and context window not in the reference (the Claude API minimum 512 is used on Bedrock too). Tool-use system prompt not published for this model: 346 / 313 assumed.',
  },
  {
    ...ANTHROPIC,
    id: 'claude-sonnet-5',
    displayName: 'Claude Sonnet 5',
    match: ['claude-sonnet-5', 'claude-5-sonnet'],
    minimumTokens: 1024,
    prices: { input: 2, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2, output: 10 },
    source: SRC_ANTHROPIC + SRC_CTX_CLAUDE_46,
    claude: { tokenizerGeneration: '4.7+', highResImages: false, keepsEarlierThinking: true, toolOverhead: { auto: 354, any: 474 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
    contextWindow: 1_000_000,
    notes:
      'Price conflict: a 2026-07-13 page said $2 "through Aug 31 2026", $3 after; the 2026-09-29 pricing page keeps $2 as standard. $2 used.',
  },
  {
    ...ANTHROPIC,
    id: 'claude-opus-4-8',
    displayName: 'Claude Opus 4.8',
    match: ['claude-opus-4-8', 'claude-4-8-opus'],
    minimumTokens: 1024,
    prices: { input: 5, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5, output: 25 },
    source: SRC_ANTHROPIC + SRC_CTX_CLAUDE_46,
    claude: { tokenizerGeneration: '4.7+', highResImages: true, keepsEarlierThinking: true, toolOverhead: { auto: 290, any: 410 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
    contextWindow: 1_000_000,
    notes: 'Minimum lowered to 1,024 on 2026-05-28.',
  },
  {
    ...ANTHROPIC,
    id: 'claude-opus-4-7',
    displayName: 'Claude Opus 4.7',
    match: ['claude-opus-4-7', 'claude-4-7-opus'],
    minimumTokens: 2048,
    prices: { input: 5, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5, output: 25 },
    platformMinimumTokens: { bedrock: 4096 },
    source: SRC_ANTHROPIC + SRC_CTX_CLAUDE_46,
    claude: { tokenizerGeneration: '4.7+', highResImages: true, keepsEarlierThinking: true, toolOverhead: { auto: 675, any: 804 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
    contextWindow: 1_000_000,
    notes: 'Bedrock lists a 4,096-token minimum. Newer tokenizer (~30% more tokens than 4.6 and earlier).',
  },
  {
    ...ANTHROPIC,
    id: 'claude-opus-4-6',
    displayName: 'Claude Opus 4.6',
    match: ['claude-opus-4-6', 'claude-4-6-opus'],
    minimumTokens: 4096,
    prices: { input: 5, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5, output: 25 },
    source: SRC_ANTHROPIC + SRC_CTX_CLAUDE_46,
    claude: { tokenizerGeneration: 'pre-4.7', highResImages: false, keepsEarlierThinking: true, toolOverhead: { auto: 497, any: 589 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
    contextWindow: 1_000_000,
  },
  {
    ...ANTHROPIC,
    id: 'claude-opus-4-5',
    displayName: 'Claude Opus 4.5',
    match: ['claude-opus-4-5', 'claude-4-5-opus'],
    minimumTokens: 4096,
    prices: { input: 5, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5, output: 25 },
    source: SRC_ANTHROPIC,
    claude: { tokenizerGeneration: 'pre-4.7', highResImages: false, keepsEarlierThinking: true, toolOverhead: { auto: 496, any: 588 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
  },
  {
    ...ANTHROPIC,
    id: 'claude-opus-4-1',
    displayName: 'Claude Opus 4.1',
    match: ['claude-opus-4-1', 'claude-4-1-opus'],
    minimumTokens: 1024,
    prices: { input: 15, cacheWrite5m: 18.75, cacheWrite1h: 30, cacheRead: 1.5, output: 75 },
    source: SRC_ANTHROPIC,
    claude: { tokenizerGeneration: 'pre-4.7', highResImages: false, keepsEarlierThinking: false, toolOverhead: { auto: 313, any: 315 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
    notes: 'Retired except on Bedrock / Google Cloud.',
  },
  {
    ...ANTHROPIC,
    id: 'claude-opus-4',
    displayName: 'Claude Opus 4',
    match: ['claude-opus-4', 'claude-4-opus'],
    minimumTokens: 1024,
    prices: { input: 15, cacheWrite5m: 18.75, cacheWrite1h: 30, cacheRead: 1.5, output: 75 },
    source: SRC_ANTHROPIC,
    claude: { tokenizerGeneration: 'pre-4.7', highResImages: false, keepsEarlierThinking: false, toolOverhead: { auto: 313, any: 315 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
    notes: 'Retired except on Bedrock / Google Cloud.',
  },
  {
    ...ANTHROPIC,
    id: 'claude-sonnet-4-6',
    displayName: 'Claude Sonnet 4.6',
    match: ['claude-sonnet-4-6', 'claude-4-6-sonnet'],
    minimumTokens: 1024,
    prices: { input: 3, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3, output: 15 },
    source: SRC_ANTHROPIC + SRC_CTX_CLAUDE_46,
    claude: { tokenizerGeneration: 'pre-4.7', highResImages: false, keepsEarlierThinking: true, toolOverhead: { auto: 497, any: 589 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
    contextWindow: 1_000_000,
    notes: 'Minimum was 2,048 on the early-2026 page; 1,024 since mid 2026.',
  },
  {
    ...ANTHROPIC,
    id: 'claude-sonnet-4-5',
    displayName: 'Claude Sonnet 4.5',
    match: ['claude-sonnet-4-5', 'claude-4-5-sonnet'],
    minimumTokens: 1024,
    prices: { input: 3, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3, output: 15 },
    source: SRC_ANTHROPIC + SRC_CTX_CLAUDE_1M_BETA,
    claude: { tokenizerGeneration: 'pre-4.7', highResImages: false, keepsEarlierThinking: false, toolOverhead: { auto: 496, any: 588 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
    contextWindow: 1_000_000,
    longContext: {
      thresholdTokens: 200_000,
      prices: { input: 6, cacheWrite5m: 7.5, cacheWrite1h: 12, cacheRead: 0.6, output: 22.5 },
      source: SRC_LONG_SONNET_4,
    },
    notes:
      'With the 1M-context beta (1M window), input > 200K is billed at $6 in / $22.50 out (longContext). One Bedrock revision listed a 4,096 minimum; the late-2026 table says 1,024.',
  },
  {
    ...ANTHROPIC,
    id: 'claude-sonnet-4',
    displayName: 'Claude Sonnet 4',
    match: ['claude-sonnet-4', 'claude-4-sonnet'],
    minimumTokens: 1024,
    prices: { input: 3, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3, output: 15 },
    source: SRC_ANTHROPIC + SRC_CTX_CLAUDE_1M_BETA,
    claude: { tokenizerGeneration: 'pre-4.7', highResImages: false, keepsEarlierThinking: false, toolOverhead: { auto: 313, any: 315 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
    contextWindow: 1_000_000,
    longContext: {
      thresholdTokens: 200_000,
      prices: { input: 6, cacheWrite5m: 7.5, cacheWrite1h: 12, cacheRead: 0.6, output: 22.5 },
      source: SRC_LONG_SONNET_4,
    },
    notes: 'With the 1M-context beta (1M window), input > 200K is billed at $6 in / $22.50 out (longContext).',
  },
  {
    ...ANTHROPIC,
    id: 'claude-3-7-sonnet',
    displayName: 'Claude 3.7 Sonnet',
    match: ['claude-3-7-sonnet', 'claude-sonnet-3-7'],
    minimumTokens: 1024,
    prices: { input: 3, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3, output: 15 },
    source: SRC_ANTHROPIC,
    claude: { tokenizerGeneration: 'pre-4.7', highResImages: false, keepsEarlierThinking: false, toolOverhead: { auto: 346, any: 313 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
  },
  {
    ...ANTHROPIC,
    id: 'claude-3-5-sonnet',
    displayName: 'Claude 3.5 Sonnet',
    match: ['claude-3-5-sonnet', 'claude-sonnet-3-5'],
    minimumTokens: 1024,
    prices: { input: 3, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3, output: 15 },
    source: SRC_ANTHROPIC,
    claude: { tokenizerGeneration: 'pre-4.7', highResImages: false, keepsEarlierThinking: false, toolOverhead: { auto: 346, any: 313 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
  },
  {
    ...ANTHROPIC,
    id: 'claude-3-opus',
    displayName: 'Claude 3 Opus',
    match: ['claude-3-opus', 'claude-opus-3'],
    minimumTokens: 1024,
    prices: { input: 15, cacheWrite5m: 18.75, cacheWrite1h: 30, cacheRead: 1.5, output: 75 },
    source: SRC_ANTHROPIC,
    claude: { tokenizerGeneration: 'pre-4.7', highResImages: false, keepsEarlierThinking: false, toolOverhead: { auto: 530, any: 281 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
    notes: 'Retired except on Bedrock / Google Cloud.',
  },
  {
    ...ANTHROPIC,
    id: 'claude-haiku-4-5',
    displayName: 'Claude Haiku 4.5',
    match: ['claude-haiku-4-5', 'claude-4-5-haiku'],
    minimumTokens: 4096,
    prices: { input: 1, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1, output: 5 },
    source: SRC_ANTHROPIC,
    claude: { tokenizerGeneration: 'pre-4.7', highResImages: false, keepsEarlierThinking: false, toolOverhead: { auto: 496, any: 588 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
  },
  {
    ...ANTHROPIC,
    id: 'claude-3-5-haiku',
    displayName: 'Claude 3.5 Haiku',
    match: ['claude-3-5-haiku', 'claude-haiku-3-5'],
    minimumTokens: 2048,
    prices: { input: 0.8, cacheWrite5m: 1, cacheWrite1h: 1.6, cacheRead: 0.08, output: 4 },
    source: SRC_ANTHROPIC,
    claude: { tokenizerGeneration: 'pre-4.7', highResImages: false, keepsEarlierThinking: false, toolOverhead: { auto: 264, any: 355 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
  },
  {
    ...ANTHROPIC,
    id: 'claude-3-haiku',
    displayName: 'Claude 3 Haiku',
    match: ['claude-3-haiku', 'claude-haiku-3'],
    minimumTokens: 2048,
    prices: { input: 0.25, cacheWrite5m: 0.3, cacheWrite1h: 0.5, cacheRead: 0.03, output: 1.25 },
    source: SRC_ANTHROPIC + ' (Haiku 3 prices: late-2025 page)',
    claude: { tokenizerGeneration: 'pre-4.7', highResImages: false, keepsEarlierThinking: false, toolOverhead: { auto: 264, any: 340 }, source: SRC_CLAUDE_EST },
    asOf: '2026-10-08',
    notes: 'Prices as published (rounded): 5m write $0.30 and read $0.03 rather than exactly 1.25x / 0.1x.',
  },

  // ───────────────────── OpenAI GPT-5.6 and later (prompt_cache_breakpoint, family 'openai-breakpoints') ─────────────────────
  // Mechanics (cache/planOpenAIBreakpoints.ts): implicit mode = one managed breakpoint at the newest user/tool
  // message + the latest 3 explicit; explicit mode = the latest 4 explicit, none → nothing cached; exact match at
  // a breakpoint, no 128-token rounding; write 1.25x, read 0.1x; TTL 30m [addendum OpenAI table; §2.2].
  {
    ...OPENAI_O200K,
    family: 'openai-breakpoints',
    id: 'gpt-6-astra',
    displayName: 'GPT-6 Astra',
    match: ['gpt-6-astra'],
    minimumTokens: 1024,
    incrementTokens: 1,
    cacheLifetimeMinutes: 30,
    tokenizer: { kind: 'tiktoken', encoding: 'o200k_base', assumed: 'GPT-6 tokenizer not published: o200k_base assumed' },
    prices: { input: 10, cacheWrite5m: 12.5, cacheRead: 1, output: 50 },
    source: SRC_OPENAI_56 + '; prices 3rd-party: docs.litellm.ai blog gpt_6_sol_luna, codexometer release notes [addendum]',
    asOf: '2026-11-22',
    notes:
      'UNVERIFIED: $10 in / $50 out are 3rd-party figures (no OpenAI page in the reference); cached read ($1.00) and write ($12.50) are the GPT-5.6+ 0.1x / 1.25x multipliers applied by us, not published figures. GPT-6 caching assumed to follow the GPT-5.6+ rules ("GPT-5.6 and later"). Tokenizer assumed o200k_base: counts are estimates.',
  },
  {
    ...OPENAI_O200K,
    family: 'openai-breakpoints',
    id: 'gpt-6-sol',
    displayName: 'GPT-6 Sol',
    match: ['gpt-6-sol'],
    minimumTokens: 1024,
    incrementTokens: 1,
    cacheLifetimeMinutes: 30,
    tokenizer: { kind: 'tiktoken', encoding: 'o200k_base', assumed: 'GPT-6 tokenizer not published: o200k_base assumed' },
    prices: { input: 2, cacheWrite5m: 2.5, cacheRead: 0.2, output: 10 },
    source: SRC_OPENAI_56 + '; prices 3rd-party: docs.litellm.ai blog gpt_6_sol_luna, codexometer release notes [addendum]',
    asOf: '2026-11-22',
    notes: 'UNVERIFIED: $2 in / $10 out, cached $0.20, write $2.50 are 3rd-party figures. GPT-6 caching assumed to follow the GPT-5.6+ rules. Tokenizer assumed o200k_base: counts are estimates.',
  },
  {
    ...OPENAI_O200K,
    family: 'openai-breakpoints',
    id: 'gpt-6-luna',
    displayName: 'GPT-6 Luna',
    match: ['gpt-6-luna'],
    minimumTokens: 1024,
    incrementTokens: 1,
    cacheLifetimeMinutes: 30,
    tokenizer: { kind: 'tiktoken', encoding: 'o200k_base', assumed: 'GPT-6 tokenizer not published: o200k_base assumed' },
    prices: { input: 0.1, cacheWrite5m: 0.125, cacheRead: 0.01, output: 0.5 },
    source: SRC_OPENAI_56 + '; prices 3rd-party: docs.litellm.ai blog gpt_6_sol_luna, codexometer release notes [addendum]',
    asOf: '2026-11-22',
    notes: 'UNVERIFIED: $0.10 in / $0.50 out, cached $0.01, write $0.125 are 3rd-party figures. GPT-6 caching assumed to follow the GPT-5.6+ rules. Tokenizer assumed o200k_base: counts are estimates.',
  },
  {
    ...OPENAI_O200K,
    family: 'openai-breakpoints',
    id: 'gpt-5.6',
    displayName: 'GPT-5.6 (the guide\'s "gpt-5.6")',
    match: [],
    minimumTokens: 1024,
    incrementTokens: 1,
    cacheLifetimeMinutes: 30,
    prices: { input: 5, cacheWrite5m: 6.25, cacheRead: 0.5, output: 30 },
    source: SRC_OPENAI_56 + '; "model": "gpt-5.6" is the name the guide\'s examples use [addendum]; prices: GPT-5.6 Sol preview 2026-06-27 [§2.3]',
    asOf: '2026-06-27',
    notes:
      'The bare name "gpt-5.6" as OpenAI\'s prompt-caching guide writes it. Which tier it bills at is not in the reference: the Sol preview prices ($5 in / $30 out) are assumed, UNVERIFIED. Caching rules are the GPT-5.6+ ones (documented).',
  },
  {
    ...OPENAI_O200K,
    family: 'openai-breakpoints',
    id: 'gpt-5.6-sol',
    displayName: 'GPT-5.6 Sol',
    match: ['gpt-5-6-sol'],
    minimumTokens: 1024,
    incrementTokens: 1,
    cacheLifetimeMinutes: 30,
    prices: { input: 5, cacheWrite5m: 6.25, cacheRead: 0.5, output: 30 },
    source: SRC_OPENAI_56 + '; GPT-5.6 preview prices 2026-06-27 [§2.3]',
    asOf: '2026-06-27',
    notes:
      'Sol prices are disputed after the preview (a later snapshot shows $4 / $0.40 cached / $5 write): UNVERIFIED, preview prices kept.',
  },
  {
    ...OPENAI_O200K,
    family: 'openai-breakpoints',
    id: 'gpt-5.6-terra',
    displayName: 'GPT-5.6 Terra',
    match: ['gpt-5-6-terra'],
    minimumTokens: 1024,
    incrementTokens: 1,
    cacheLifetimeMinutes: 30,
    prices: { input: 2, cacheWrite5m: 2.5, cacheRead: 0.2, output: 12 },
    source: SRC_OPENAI_56 + '; prices from 2026-07-30, 3rd-party: docs.laozhang.ai announcement, splitrail PR 232, litellm discussion 42523 [addendum]',
    asOf: '2026-07-30',
    notes:
      'UNVERIFIED (3rd-party): $2.00 in / $12 out, cached $0.20 from 2026-07-30 (preview was $2.50 / $15); the write price $2.50 is the documented 1.25x applied by us.',
  },
  {
    ...OPENAI_O200K,
    family: 'openai-breakpoints',
    id: 'gpt-5.6-luna',
    displayName: 'GPT-5.6 Luna',
    match: ['gpt-5-6-luna'],
    minimumTokens: 1024,
    incrementTokens: 1,
    cacheLifetimeMinutes: 30,
    prices: { input: 0.2, cacheWrite5m: 0.25, cacheRead: 0.02, output: 1.2 },
    source: SRC_OPENAI_56 + '; prices from 2026-07-30, 3rd-party: docs.laozhang.ai announcement, splitrail PR 232, litellm discussion 42523 [addendum]',
    asOf: '2026-07-30',
    notes:
      'UNVERIFIED (3rd-party): $0.20 in / $1.20 out, cached $0.02 from 2026-07-30 (preview was $1 / $6); the write price $0.25 is the documented 1.25x applied by us.',
  },

  // ───────────────────────────── OpenAI before GPT-5.6 (automatic) ─────────────────────────────
  {
    ...OPENAI_O200K,
    id: 'gpt-5.5-pro',
    displayName: 'GPT-5.5 Pro',
    match: ['gpt-5-5-pro'],
    minimumTokens: 2048,
    incrementTokens: 2048,
    cachingSupported: false,
    prices: { input: 30, cacheWrite5m: 30, cacheRead: 30, output: 180 },
    source: SRC_OPENAI + '; price not in provider-rules.md (launch price $30/$180, verify)',
    asOf: '2026-11-22',
    notes: '*-pro models get no caching discount.',
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-5.5',
    displayName: 'GPT-5.5',
    match: ['gpt-5-5'],
    minimumTokens: 2048,
    incrementTokens: 2048,
    cacheLifetimeMinutes: 30,
    prices: { input: 5, cacheWrite5m: 5, cacheRead: 0.5, output: 30 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes:
      'Implicit breakpoints every 2,048 tokens (counted from the hidden system message), so the cached length moves in 2,048-token steps. Retention "24h" only (typically ~30 min: assumed lifetime). Input above 272K is billed at long-context rates that provider-rules.md does not give (§2.3): no longContext, not modelled.',
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-5.4-mini',
    displayName: 'GPT-5.4 mini',
    match: ['gpt-5-4-mini'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 0.75, cacheWrite5m: 0.75, cacheRead: 0.075, output: 4.5 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-5.4-nano',
    displayName: 'GPT-5.4 nano',
    match: ['gpt-5-4-nano'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 0.2, cacheWrite5m: 0.2, cacheRead: 0.02, output: 1.25 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-5.4',
    displayName: 'GPT-5.4',
    match: ['gpt-5-4'],
    exclude: ['gpt-5-4-pro'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 2.5, cacheWrite5m: 2.5, cacheRead: 0.25, output: 15 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-5.3-codex',
    displayName: 'GPT-5.3 Codex',
    match: ['gpt-5-3-codex'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 1.75, cacheWrite5m: 1.75, cacheRead: 0.175, output: 14 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-5.2',
    displayName: 'GPT-5.2',
    match: ['gpt-5-2'],
    exclude: ['gpt-5-2-pro'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 1.75, cacheWrite5m: 1.75, cacheRead: 0.175, output: 14 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-5.1',
    displayName: 'GPT-5.1',
    match: ['gpt-5-1'],
    exclude: ['gpt-5-1-codex-mini'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 1.25, cacheWrite5m: 1.25, cacheRead: 0.125, output: 10 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-5-pro',
    displayName: 'GPT-5 pro',
    match: ['gpt-5-pro'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cachingSupported: false,
    prices: { input: 15, cacheWrite5m: 15, cacheRead: 15, output: 120 },
    source: SRC_OPENAI + '; price not in provider-rules.md (OpenAI pricing page $15/$120, verify)',
    asOf: '2026-11-22',
    notes: '*-pro models get no caching discount.',
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-5-mini',
    displayName: 'GPT-5 mini',
    match: ['gpt-5-mini'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 0.25, cacheWrite5m: 0.25, cacheRead: 0.025, output: 2 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-5-nano',
    displayName: 'GPT-5 nano',
    match: ['gpt-5-nano'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 0.05, cacheWrite5m: 0.05, cacheRead: 0.005, output: 0.4 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-5',
    displayName: 'GPT-5',
    match: ['gpt-5'],
    exclude: ['gpt-5-codex-mini'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 1.25, cacheWrite5m: 1.25, cacheRead: 0.125, output: 10 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-4.1-mini',
    displayName: 'GPT-4.1 mini',
    match: ['gpt-4-1-mini'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 0.4, cacheWrite5m: 0.4, cacheRead: 0.1, output: 1.6 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-4.1-nano',
    displayName: 'GPT-4.1 nano',
    match: ['gpt-4-1-nano'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 0.1, cacheWrite5m: 0.1, cacheRead: 0.025, output: 0.4 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-4.1',
    displayName: 'GPT-4.1',
    match: ['gpt-4-1'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 2, cacheWrite5m: 2, cacheRead: 0.5, output: 8 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-4o-mini',
    displayName: 'GPT-4o mini',
    match: ['gpt-4o-mini'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 0.15, cacheWrite5m: 0.15, cacheRead: 0.075, output: 0.6 },
    source: SRC_OPENAI + '; launch post 2024-10-01' + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-4o-2024-05-13',
    displayName: 'GPT-4o (2024-05-13)',
    match: [],
    aliases: ['gpt-4o-2024-05-13'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cachingSupported: false,
    prices: { input: 5, cacheWrite5m: 5, cacheRead: 5, output: 15 },
    source: SRC_OPENAI + '; price not in provider-rules.md (OpenAI pricing page $5/$15, verify)',
    asOf: '2026-11-22',
    notes: 'This snapshot gets no prompt caching (provider-rules.md §2.3).',
  },
  {
    ...OPENAI_O200K,
    id: 'gpt-4o',
    displayName: 'GPT-4o',
    match: ['gpt-4o', 'chatgpt-4o'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 2.5, cacheWrite5m: 2.5, cacheRead: 1.25, output: 10 },
    source: SRC_OPENAI + '; launch post 2024-10-01' + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE + ' gpt-4o-2024-05-13 has no caching (own row).',
  },
  {
    ...OPENAI_O200K,
    id: 'o1-pro',
    displayName: 'o1-pro',
    match: ['o1-pro'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cachingSupported: false,
    prices: { input: 150, cacheWrite5m: 150, cacheRead: 150, output: 600 },
    source: SRC_OPENAI + '; price not in provider-rules.md (OpenAI pricing page $150/$600, verify)',
    asOf: '2026-11-22',
    notes: 'No cached-input price (provider-rules.md §2.3).',
  },
  {
    ...OPENAI_O200K,
    id: 'o1-mini',
    displayName: 'o1-mini',
    match: ['o1-mini'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 1.1, cacheWrite5m: 1.1, cacheRead: 0.55, output: 4.4 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_O200K,
    id: 'o1',
    displayName: 'o1',
    match: ['o1'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 15, cacheWrite5m: 15, cacheRead: 7.5, output: 60 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE + ' o1-preview resolves here.',
  },
  {
    ...OPENAI_O200K,
    id: 'o3-pro',
    displayName: 'o3-pro',
    match: ['o3-pro'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cachingSupported: false,
    prices: { input: 20, cacheWrite5m: 20, cacheRead: 20, output: 80 },
    source: SRC_OPENAI + '; price not in provider-rules.md (OpenAI pricing page $20/$80, verify)',
    asOf: '2026-11-22',
    notes: 'No cached-input price (provider-rules.md §2.3).',
  },
  {
    ...OPENAI_O200K,
    id: 'o3-mini',
    displayName: 'o3-mini',
    match: ['o3-mini'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 1.1, cacheWrite5m: 1.1, cacheRead: 0.55, output: 4.4 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_O200K,
    id: 'o3',
    displayName: 'o3',
    match: ['o3'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 2, cacheWrite5m: 2, cacheRead: 0.5, output: 8 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_O200K,
    id: 'o4-mini',
    displayName: 'o4-mini',
    match: ['o4-mini'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cacheLifetimeMinutes: 5,
    prices: { input: 1.1, cacheWrite5m: 1.1, cacheRead: 0.275, output: 4.4 },
    source: SRC_OPENAI + SRC_OPENAI_OUT,
    asOf: '2026-11-22',
    notes: OPENAI_PRE56_NOTE,
  },
  {
    ...OPENAI_CL100K,
    id: 'gpt-4-turbo',
    displayName: 'GPT-4 Turbo',
    match: ['gpt-4-turbo', 'gpt-4-1106-preview', 'gpt-4-0125-preview', 'gpt-4-vision-preview'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cachingSupported: false,
    prices: { input: 10, cacheWrite5m: 10, cacheRead: 10, output: 30 },
    source:
      'OpenAI prompt-caching launch 2024-10-01 (caching for gpt-4o and newer only) [provider-rules.md §2.1, §2.4]; price not in provider-rules.md (OpenAI pricing page $10/$30, verify)',
    asOf: '2026-11-22',
    notes: 'No prompt caching for this model.',
  },
  {
    ...OPENAI_CL100K,
    id: 'gpt-4',
    displayName: 'GPT-4',
    match: ['gpt-4'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cachingSupported: false,
    prices: { input: 30, cacheWrite5m: 30, cacheRead: 30, output: 60 },
    source:
      'OpenAI prompt-caching launch 2024-10-01 (caching for gpt-4o and newer only) [provider-rules.md §2.1, §2.4]; price not in provider-rules.md (OpenAI pricing page $30/$60, verify)',
    asOf: '2026-11-22',
    notes: 'No prompt caching for this model. gpt-4-32k is priced higher ($60/$120) and is not modelled separately.',
  },
  {
    ...OPENAI_CL100K,
    id: 'gpt-3.5-turbo',
    displayName: 'GPT-3.5 Turbo',
    match: ['gpt-3-5-turbo', 'gpt-35-turbo'],
    minimumTokens: 1024,
    incrementTokens: 128,
    cachingSupported: false,
    prices: { input: 0.5, cacheWrite5m: 0.5, cacheRead: 0.5, output: 1.5 },
    source:
      'OpenAI prompt-caching launch 2024-10-01 (caching for gpt-4o and newer only) [provider-rules.md §2.1, §2.4]; price not in provider-rules.md (gpt-3.5-turbo-0125 $0.50/$1.50, verify)',
    asOf: '2026-11-22',
    notes: 'No prompt caching for this model.',
  },

  // ───────────────────────────── Google Gemini (implicit caching) ─────────────────────────────
  {
    ...GEMINI,
    id: 'gemini-3.8-flash',
    displayName: 'Gemini 3.8 Flash',
    match: ['gemini-3-8-flash'],
    minimumTokens: 4096,
    cacheStorage: STORAGE_GEMINI(0.5, '§3.3: $0.50 until 2026-12-31, then $1.00'),
    prices: { input: 0.75, cacheWrite5m: 0.75, cacheRead: 0.075, output: 3.75 },
    source: SRC_GEMINI + '; output price from the same pricing page (2026-09-20 transcription)' + SRC_GEMINI_OCT,
    asOf: '2026-10-01',
    notes:
      'Introductory price through 2026-12-31; from 2027-01-01: $1.50 in / $0.15 cached / $7.50 out. Implicit caching: no write fee, granularity undocumented (increment 1), TTL undocumented (~3-5 min per OpenRouter; 3 assumed). Explicit cachedContents: storage $0.50/MTok/hour (cacheStorage; $1.00 from 2027-01-01, not modelled).',
  },
  {
    ...GEMINI,
    id: 'gemini-3.5-flash',
    displayName: 'Gemini 3.5 Flash',
    match: ['gemini-3-5-flash'],
    minimumTokens: 4096,
    cacheStorage: STORAGE_GEMINI(1, '§3.3'),
    prices: { input: 1.5, cacheWrite5m: 1.5, cacheRead: 0.15, output: 9 },
    source: SRC_GEMINI + '; output price from the same pricing page (2026-09-20 transcription)' + SRC_GEMINI_OCT,
    asOf: '2026-10-01',
    notes:
      'Implicit caching: no write fee, granularity undocumented (increment 1), TTL undocumented (3 min assumed).',
  },
  {
    ...GEMINI,
    id: 'gemini-3.1-pro-preview',
    displayName: 'Gemini 3.1 Pro Preview',
    match: ['gemini-3-1-pro'],
    minimumTokens: 4096,
    cacheStorage: STORAGE_GEMINI(4.5, '§3.3'),
    prices: { input: 2, cacheWrite5m: 2, cacheRead: 0.2, output: 12 },
    source: SRC_GEMINI + '; output price from the same pricing page (2026-09-20 transcription)' + SRC_GEMINI_OCT,
    asOf: '2026-10-01',
    longContext: {
      thresholdTokens: 200_000,
      prices: { input: 4, cacheWrite5m: 4, cacheRead: 0.4, output: 12 },
      source:
        'Gemini pricing page: 3.1 Pro Preview $4.00 in / $0.40 cached for prompts > 200K [provider-rules.md §3.3, §6]; long-context output price not in provider-rules.md: base output kept (verify)',
    },
    notes:
      'Prompts > 200K tokens: $4 in / $0.40 cached (longContext); the $18 long-context output of the pricing page is not in provider-rules.md, so longContext keeps the $12 base output (verify). Implicit caching: no write fee, increment 1 (undocumented), TTL 3 min assumed.',
  },
  {
    ...GEMINI,
    id: 'gemini-3.1-flash-lite-preview',
    displayName: 'Gemini 3.1 Flash-Lite Preview',
    match: ['gemini-3-1-flash-lite'],
    minimumTokens: 2048,
    cacheStorage: STORAGE_GEMINI(1, '§6 (Flash-Lite rate; not listed per model)'),
    prices: { input: 0.25, cacheWrite5m: 0.25, cacheRead: 0.025, output: 1.5 },
    source:
      SRC_GEMINI +
      '; minimum from a 2026 Vertex error message quoted in §3.2; price not in provider-rules.md ($0.25/$1.50, cached assumed 0.1x, verify)',
    asOf: '2026-11-22',
    notes: 'Implicit caching: no write fee, increment 1 (undocumented), TTL 3 min assumed.',
  },
  {
    ...GEMINI,
    id: 'gemini-3-pro-preview',
    displayName: 'Gemini 3 Pro Preview',
    match: ['gemini-3-pro'],
    minimumTokens: 4096,
    cacheStorage: STORAGE_GEMINI(4.5, '§6 (Pro rate; not listed per model)'),
    prices: { input: 2, cacheWrite5m: 2, cacheRead: 0.2, output: 12 },
    source:
      SRC_GEMINI +
      '; minimum from the late-2025 caching table; price not in provider-rules.md ($2/$12 launch price, cached 0.1x, verify)',
    asOf: '2026-11-22',
    notes: 'Superseded by 3.1 Pro Preview. Implicit caching: no write fee, increment 1, TTL 3 min assumed.',
  },
  {
    ...GEMINI,
    id: 'gemini-3-flash-preview',
    displayName: 'Gemini 3 Flash Preview',
    match: ['gemini-3-flash'],
    minimumTokens: 1024,
    cacheStorage: STORAGE_GEMINI(1, '§6 (Flash rate; not listed per model)'),
    prices: { input: 0.5, cacheWrite5m: 0.5, cacheRead: 0.05, output: 3 },
    source:
      SRC_GEMINI +
      '; minimum from the late-2025 caching table; price not in provider-rules.md (pricing page quoted 2026-07-04: $0.50 / $0.05 cached / $3, verify)',
    asOf: '2026-07-04',
    notes: 'Not listed on the 2026-09-02 caching page. Implicit caching: no write fee, increment 1, TTL 3 min assumed.',
  },
  {
    ...GEMINI,
    id: 'gemini-2.5-pro',
    displayName: 'Gemini 2.5 Pro',
    match: ['gemini-2-5-pro'],
    minimumTokens: 2048,
    cacheStorage: STORAGE_GEMINI(4.5, '§3.3'),
    prices: { input: 1.25, cacheWrite5m: 1.25, cacheRead: 0.125, output: 10 },
    source: SRC_GEMINI + '; output price not in provider-rules.md ($10, verify)' + SRC_GEMINI_OCT,
    asOf: '2026-10-01',
    longContext: {
      thresholdTokens: 200_000,
      prices: { input: 2.5, cacheWrite5m: 2.5, cacheRead: 0.25, output: 10 },
      source:
        'Gemini pricing page: 2.5 Pro $2.50 in / $0.25 cached for prompts > 200K [provider-rules.md §3.3, §6]; long-context output price not in provider-rules.md: base output kept (verify)',
    },
    notes:
      'Minimum changed: 4,096 (2025-05), 2,048 (blog), 4,096 (late 2025), 2,048 (2026-09-02 page, used). Prompts > 200K: $2.50 in / $0.25 cached (longContext; its output price is not in provider-rules.md, base $10 kept, verify). Implicit caching: no write fee, increment 1, TTL 3 min assumed.',
  },
  {
    ...GEMINI,
    id: 'gemini-2.5-flash-lite',
    displayName: 'Gemini 2.5 Flash-Lite',
    match: ['gemini-2-5-flash-lite'],
    minimumTokens: 2048,
    cacheStorage: STORAGE_GEMINI(1, '§3.3'),
    prices: { input: 0.1, cacheWrite5m: 0.1, cacheRead: 0.01, output: 0.4 },
    source: SRC_GEMINI,
    asOf: '2026-10-01',
    notes:
      'Flash-Lite is not in the caching page\'s minimum table: 2,048 (as 2.5 Flash) assumed. Implicit caching: no write fee, increment 1, TTL 3 min assumed.',
  },
  {
    ...GEMINI,
    id: 'gemini-2.5-flash',
    displayName: 'Gemini 2.5 Flash',
    match: ['gemini-2-5-flash'],
    minimumTokens: 2048,
    cacheStorage: STORAGE_GEMINI(1, '§3.3'),
    prices: { input: 0.3, cacheWrite5m: 0.3, cacheRead: 0.03, output: 2.5 },
    source: SRC_GEMINI + '; output price not in provider-rules.md ($2.50, verify)' + SRC_GEMINI_OCT,
    asOf: '2026-10-01',
    notes:
      'Minimum changed: 1,024 (2025) then 2,048 (2026-09-02 page, used). Implicit caching: no write fee, increment 1, TTL 3 min assumed.',
  },

  // ───────────────────────────── DeepSeek (automatic disk cache) ─────────────────────────────
  {
    ...DEEPSEEK,
    id: 'deepseek-v4-pro',
    displayName: 'DeepSeek V4 Pro',
    match: ['deepseek-v4-pro', 'deepseek-v4-1-pro'],
    prices: { input: 0.66, cacheWrite5m: 0.66, cacheRead: 0.022, output: 1.98 },
    source: SRC_DEEPSEEK,
    asOf: '2026-11-22',
    notes:
      'Off-peak prices; peak hours (01-04 and 06-10 UTC, Mon-Fri) cost 2x. No write or storage fee; cache_control ignored. V4 caches whole "prefix units" ending at the end of each user input and model output: a read snaps to the last whole unit (A+B then A+C misses). Units at a detected common prefix and at fixed (unpublished) intervals cannot be modelled. The 64-token minimum is the 2024 rule, kept as a floor. Entries live hours to days (60 min assumed). DeepSeek\'s tokenizer is not tiktoken: counts are an o200k estimate.',
  },
  {
    ...DEEPSEEK,
    id: 'deepseek-flash',
    displayName: 'DeepSeek Flash (V4.1)',
    match: ['deepseek-flash', 'deepseek-v4-flash', 'deepseek-v4-1-flash'],
    prices: { input: 0.15, cacheWrite5m: 0.15, cacheRead: 0.003, output: 0.6 },
    source: SRC_DEEPSEEK,
    asOf: '2026-11-22',
    notes:
      'Off-peak prices; peak hours cost 2x. V4-Flash (2026-04) was $0.14 miss / $0.0028 hit. No write or storage fee. V4 prefix units: a read snaps to the end of the last whole user input or model output. 64-token minimum is the 2024 rule (floor). 60 min lifetime assumed. Counts: o200k estimate.',
  },
  {
    ...DEEPSEEK,
    id: 'deepseek-chat',
    displayName: 'DeepSeek Chat (V3.2)',
    match: ['deepseek-chat', 'deepseek-v3'],
    prices: { input: 0.28, cacheWrite5m: 0.28, cacheRead: 0.028, output: 0.42 },
    source: SRC_DEEPSEEK + ' (V3.2 prices, late 2025)',
    asOf: '2026-11-22',
    notes: 'Legacy name; V3.2 prices (late 2025). The name may now point to a V4 model (prefix units assumed): verify. 60 min lifetime assumed. Counts: o200k estimate.',
  },
  {
    ...DEEPSEEK,
    id: 'deepseek-reasoner',
    displayName: 'DeepSeek Reasoner (V3.2)',
    match: ['deepseek-reasoner', 'deepseek-r1'],
    prices: { input: 0.28, cacheWrite5m: 0.28, cacheRead: 0.028, output: 0.42 },
    source: SRC_DEEPSEEK + ' (V3.2 prices, late 2025)',
    asOf: '2026-11-22',
    notes: 'Legacy name; V3.2 prices (late 2025). The name may now point to a V4 model (prefix units assumed): verify. 60 min lifetime assumed. Counts: o200k estimate.',
  },

  // ───────────────────────────── xAI (automatic) ─────────────────────────────
  {
    ...XAI,
    id: 'grok-4.7',
    displayName: 'Grok 4.7',
    match: ['grok-4-7'],
    minimumTokens: 1,
    incrementTokens: 1,
    cacheLifetimeMinutes: 5,
    prices: { input: 2, cacheWrite5m: 2, cacheRead: 0.5, output: 6 },
    source: SRC_XAI,
    asOf: '2026-11-22',
    notes:
      'Automatic. No minimum or step is documented: the official usage example shows 98 of 125 prompt tokens cached, so neither a 128-token minimum nor 128-token steps (a 3rd-party claim) is applied. Cached price 0.25x input comes from OpenRouter and a 3rd-party measurement (2026-08-19), not the official page (unverified). No write fee. Chat Completions requests reach the server holding the entry only with the x-grok-conv-id header (Responses: prompt_cache_key); entries "can be evicted at any time" (5 min assumed). Grok\'s tokenizer is not tiktoken: counts are an o200k estimate.',
  },

  // ───────────────────────────── Alibaba Model Studio / DashScope (Qwen) ─────────────────────────────
  {
    ...QWEN,
    id: 'qwen-max',
    displayName: 'Qwen-Max (DashScope)',
    match: ['qwen-max', 'qwen3-max'],
    prices: { input: 1.6, cacheWrite5m: 1.6, cacheRead: 0.32, output: 6.4 },
    markerMode: qwenExplicit(1.6, 6.4),
    source: SRC_QWEN_CACHE + SRC_QWEN_PRICE,
    asOf: '2026-06-24',
    notes: QWEN_NOTE,
  },
  {
    ...QWEN,
    id: 'qwen-plus',
    displayName: 'Qwen-Plus (DashScope)',
    match: ['qwen-plus', 'qwen3-plus'],
    prices: { input: 0.4, cacheWrite5m: 0.4, cacheRead: 0.08, output: 1.2 },
    markerMode: qwenExplicit(0.4, 1.2),
    source: SRC_QWEN_CACHE + SRC_QWEN_PRICE,
    asOf: '2026-06-24',
    notes: QWEN_NOTE,
  },
  {
    ...QWEN,
    id: 'qwen-turbo',
    displayName: 'Qwen-Turbo (DashScope)',
    match: ['qwen-turbo'],
    prices: { input: 0.05, cacheWrite5m: 0.05, cacheRead: 0.01, output: 0.2 },
    markerMode: qwenExplicit(0.05, 0.2),
    source: SRC_QWEN_CACHE + SRC_QWEN_PRICE,
    asOf: '2026-06-24',
    notes: QWEN_NOTE,
  },

  // ───────────────────────────── Moonshot (Kimi, automatic) ─────────────────────────────
  {
    ...MOONSHOT,
    id: 'kimi-k3',
    displayName: 'Kimi K3',
    match: ['kimi-k3'],
    prices: { input: 3, cacheWrite5m: 3, cacheRead: 0.3, output: 15 },
    source: SRC_MOONSHOT,
    asOf: '2026-07-01',
    notes: NOTE_MOONSHOT,
  },
  {
    ...MOONSHOT,
    id: 'kimi-k2.5',
    displayName: 'Kimi K2.5',
    match: ['kimi-k2-5'],
    prices: { input: 0.6, cacheWrite5m: 0.6, cacheRead: 0.1, output: 3 },
    source: SRC_MOONSHOT,
    asOf: '2026-03-26',
    notes: NOTE_MOONSHOT,
  },
  {
    ...MOONSHOT,
    id: 'kimi-k2-0905',
    displayName: 'Kimi K2 (0905)',
    match: ['kimi-k2-0905'],
    prices: { input: 0.6, cacheWrite5m: 0.6, cacheRead: 0.15, output: 2.5 },
    source: SRC_MOONSHOT,
    asOf: '2026-03-26',
    notes: NOTE_MOONSHOT,
  },
];
