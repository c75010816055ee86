// The cost panel's figures as plain data. Computed in src/core/cache/panelModel.ts from an Analysis
// (and analyses of the same text for other models); presented, never recomputed, by the webview.
// No `vscode`, no DOM.
import type { Dialect, ProviderId, SegmentKind, Ttl } from '../types';

export type RateUnit = 'minute' | 'hour';

/** What the user sets in the panel. Kept across hides and reloads. */
export interface PanelUsage {
  /** Number of calls N. */
  calls: number;
  /** Calls per `rateUnit`. */
  rate: number;
  rateUnit: RateUnit;
  /** Output tokens per call (the user's estimate). */
  outputTokens: number;
  /** Models to compare side by side; '' in a slot means "pick a sensible default". */
  compareModels: string[];
}

export const COMPARE_SLOTS = 3;

export const DEFAULT_PANEL_USAGE: PanelUsage = {
  calls: 100,
  rate: 2,
  rateUnit: 'minute',
  outputTokens: 500,
  compareModels: ['', '', ''],
};

/**
 * The request's tokens split for the stacked bar. The three input parts (readNextCall, writtenNotRead,
 * neverCached) are disjoint and sum to `input`.
 */
export interface TokenSplit {
  /** Whole prompt, as the provider counts it. */
  input: number;
  /** The headline: read from cache by the next call inside the TTL (per-request values changed). */
  readNextCall: number;
  /** Read from cache by an identical repeat (shown only as a labelled secondary figure). */
  readOnRepeat: number;
  /** Written to cache on the first call (includes what the next call reads). */
  writtenOnFirstCall: number;
  /** Written to cache on this call but not readable by the next call (the engine's writeOnlyTokens). */
  writtenNotRead: number;
  /** Never cached: sent and billed at the input price on every call. */
  neverCached: number;
  /** The user's output estimate. */
  output: number;
  /** Fractions of input + output, for the bar; they sum to 1 (all 0 when there are no tokens). */
  shares: { readNextCall: number; writtenNotRead: number; neverCached: number; output: number };
}

/** Cost of single calls, input + the output estimate, USD. */
export interface PerCallCost {
  /** First call: cache writes at the write price. */
  firstCall: number;
  /** The headline: the next call inside the TTL, per-request values changed. */
  nextCall: number;
  /** An identical repeat inside the TTL (labelled as such). */
  repeatCall: number;
  /** The same request with no caching at all. */
  uncachedCall: number;
  /** Of each of the above: the output estimate's cost. */
  outputCost: number;
  /** The same calls, input only (the engine's CostEstimate: the figures the status bar and the CLI show). */
  input?: { firstCall: number; nextCall: number; repeatCall: number; uncachedCall: number };
}

/** Long-context pricing: above the threshold the whole input is priced at long-context rates. */
export interface PanelLongContext {
  thresholdTokens: number;
  applied: boolean;
  source: string;
  /** One sentence for the panel. */
  text: string;
}

/** N calls at a call rate, with and without caching, USD. */
export interface CallsCost {
  calls: number;
  callsPerMinute: number;
  /** Minutes between calls at that rate. */
  gapMinutes: number;
  ttl: Ttl;
  /** True when the gap between calls is within the TTL, so repeats read the cache. */
  staysWarm: boolean;
  withCache: number;
  withoutCache: number;
  /** withoutCache − withCache (negative when caching costs more). */
  savings: number;
  /** savings / withoutCache × 100. */
  savingsPercent: number;
  /** Calls after which caching has paid for its writes; null when it never does at this rate. */
  breakEvenCalls: number | null;
}

/** Anthropic: the same N calls with 5-minute and with 1-hour cache entries. */
export interface TtlComparison {
  fiveMinutes: CallsCost;
  oneHour: CallsCost;
  /** Which TTL costs less at the user's rate ('same' within a cent's hundredth). */
  cheaper: Ttl | 'same';
  /** One sentence explaining the result. */
  summary: string;
}

export type SegmentCacheState = 'read' | 'partial' | 'write-only' | 'none';

export interface SegmentRow {
  id: string;
  label: string;
  kind: SegmentKind;
  /** 0 for top-level segments, 1 for their blocks. */
  depth: number;
  tokens: number;
  /** Cumulative tokens through the end of this segment. */
  cumulativeTokens: number;
  /** Tokens of this segment the next call reads from cache. */
  cachedTokens: number;
  /** By the next call: read / partly read / written this call but not readable next call / neither. */
  cache: SegmentCacheState;
  /**
   * 'segment' (default), 'framing': the tokens of an expanded parent that none of its shown blocks hold
   * (role, message framing), so a parent's blocks add up to it.
   */
  rowKind?: 'segment' | 'framing';
  /** The row's blocks are listed under it (they carry the cumulative figures; the parent shows its total). */
  expanded?: boolean;
  /** Id of the segment to reveal in the editor (a framing row reveals its parent). */
  revealId?: string;
  /** A breakpoint closes the prefix at this segment. */
  breakpoint?: { kind: 'explicit' | 'automatic' | 'implicit'; ttl: Ttl; meetsMinimum: boolean };
  exact: boolean;
}

/** The same request priced on one model. */
export interface ModelComparison {
  slot: number;
  /** What the slot asked for ('' = default pick). */
  requested: string;
  /** True when this column is a default pick. */
  auto: boolean;
  /** Why this default was picked ("current model", "cheaper, same provider", "another provider"). */
  role: string;
  /** The model name used for the analysis. */
  model: string;
  displayName: string;
  provider: ProviderId;
  known: boolean;
  isCurrent: boolean;
  inputTokens: number;
  /** The headline: what the next call reads from cache on this model. */
  cachedTokensNextCall: number;
  /** What an identical repeat reads (labelled). */
  cachedTokensOnRepeat: number;
  /** The API would reject the request on this model. */
  rejected?: string;
  exact: boolean;
  /** Absent when the model has no prices. */
  cost?: {
    firstCall: number;
    nextCall: number;
    repeatCall: number;
    uncachedCall: number;
    withCache: number;
    withoutCache: number;
    savings: number;
    savingsPercent: number;
    breakEvenCalls: number | null;
    pricesAsOf: string;
    pricesSource: string;
    overridden: boolean;
    /** USD per million tokens. */
    inputPrice: number;
    cacheReadPrice: number;
    outputPrice: number;
  };
  note?: string;
}

export interface ModelOption {
  id: string;
  displayName: string;
  provider: ProviderId;
}

export type NothingCachedCause = 'rejected' | 'not-supported' | 'below-minimum' | 'no-breakpoint' | 'per-request-value' | 'other';

/** The next call reads nothing from the cache: why, and what would make it cacheable (core/cache/panelNothingCached.ts). */
export interface NothingCachedState {
  cause: NothingCachedCause;
  /** One line: "Nothing is cached: the prefix is below the minimum". */
  title: string;
  /** The engine's reasons (plan notes, rejection). */
  why: string[];
  /** What would make it cacheable (the engine's fix titles, the minimum's arithmetic, a model that caches). */
  fixes: string[];
  /** The plan writes entries that the next call never reads (caching costs more than it saves). */
  writesEveryCall: boolean;
  /** What N calls do, instead of a savings and break-even figure. */
  callsNote: string;
  /** Plan notes shown in `why` (the panel's notes list leaves them out). */
  usedNotes: string[];
}

export interface RequestPanelModel {
  kind: 'request';
  dialect?: Dialect;
  provider: ProviderId;
  model: {
    name?: string;
    displayName?: string;
    known: boolean;
    source: 'file' | 'option' | 'default' | 'none';
    /** Unknown or missing model: the row whose rules and prices the figures use (engine wording). */
    fallback?: { usedId: string; usedName: string; rules: string; short: string };
  };
  tokenizer: string;
  exact: boolean;
  split: TokenSplit;
  /** Absent when the model has no prices (unknown model). */
  perCall?: PerCallCost;
  calls?: CallsCost;
  /** Anthropic-style (breakpoints) models that offer a 1h TTL. */
  ttl?: TtlComparison;
  segments: SegmentRow[];
  comparisons: ModelComparison[];
  pricesAsOf?: string;
  pricesSource?: string;
  pricesOverridden?: boolean;
  /** The API would reject the request (too many breakpoints, invalid cache_control …): why. Nothing is cached. */
  rejected?: string;
  /** Why the next call reads less than an identical repeat: the per-request value it stops before. */
  nextCallNote?: string;
  /** Long-context pricing, when the model has it. */
  longContext?: PanelLongContext;
  /** The engine's notes on the cache plan. */
  notes: string[];
  /** Problems with the input (shown, not fatal). */
  problems: string[];
  /** Why figures are missing, if they are ("no prices for model x"). */
  warning?: string;
  /** Set when the next call reads nothing from the cache: shown instead of savings and break-even. */
  nothingCached?: NothingCachedState;
}

export interface NotRequestPanelModel {
  kind: 'not-request';
  /** Why it is not a request (engine problems, or "not included by promptCache.include"). */
  reasons: string[];
  /** Settings that would make it one. */
  included: boolean;
}

export type PanelModel = RequestPanelModel | NotRequestPanelModel;
