// Trace data model (issue 14, "Read a trace"): a trace is a sequence of calls, each a request plus the
// response's usage and a time when the log has them. Plain data, no IO.

/** Which reader produced a call. */
export type TraceFormat = 'request' | 'record' | 'litellm' | 'otel';

/** Usage as billed, normalised across providers (src/core/trace/usage.ts). */
export interface TraceUsage {
  /** Whole prompt as the provider counted it, cache reads and writes included. */
  promptTokens?: number;
  /** Tokens read from cache (billed at the read price). */
  cachedRead?: number;
  /** Tokens written to cache (billed at the write price), where the provider reports them. */
  cacheWrite?: number;
  /** The field names the figures came from ("usage.prompt_tokens_details.cached_tokens" …). */
  fields: string[];
}

/** A miss reason the provider itself recorded in the response. */
export interface ProviderMissReason {
  provider: 'anthropic' | 'openai';
  /** The reason as the provider wrote it ("tools_changed", …). */
  reason: string;
  /** Where it was found ("diagnostics.cache_miss_reason"). */
  field: string;
}

/** One call of a trace, as read from the log (before analysis). */
export interface TraceCall {
  /** 0-based call index in the whole trace (also across shards). */
  index: number;
  /** 0-based line of the record in the file (the first line of a multi-line document). */
  line: number;
  format: TraceFormat;
  /** The request body as JSON text (what analyze() reads). */
  requestText: string;
  /** Start time, milliseconds since the epoch, when the log has one. */
  time?: number;
  usage?: TraceUsage;
  providerReason?: ProviderMissReason;
}

/** A record that could not be read as a call. */
export interface TraceProblem {
  line: number;
  message: string;
}

/** Why a call reads what it reads (our explanation), one kind per call. */
export type MissKind =
  | 'hit' // reads an entry an earlier call wrote (possibly partly)
  | 'first' // nothing in common with any earlier call: a new prefix, not a miss
  | 'new-conversation' // shares only the stable start (tools/system) with earlier calls and reads it
  | 'ttl-expired' // the entry existed but outlived its TTL before this call
  | 'prefix-changed' // differs from an earlier call before the end of what that call wrote
  | 'model-changed' // the same prompt was cached under another model
  | 'below-minimum' // the shared prefix is below the model's minimum
  | 'no-breakpoint' // breakpoint family: no breakpoint (or none reaching the shared prefix)
  | 'lookback' // the entry is further back than the breakpoint lookback reaches
  | 'not-cached' // the model or request caches nothing (no discount, rejected request)
  | 'not-a-request'; // the record's request could not be analyzed

/** Categories of change (the same words as compare's `category`). */
export type ChangeCategory =
  | 'tools-reordered'
  | 'tool-changed'
  | 'system-changed'
  | 'history-rewritten'
  | 'model-changed'
  | 'parameters-changed'
  | 'image-changed'
  | 'breakpoint-moved'
  | 'other';

export interface FirstDifference {
  /** Unit label in this call ("tool 3", "system block 2", "user message 5 part 2"). */
  unit: string;
  /** Unit id (JSON path) in this call. */
  unitId?: string;
  /** Tokens before the difference (shared with the reference call). */
  sharedPrefixTokens: number;
  category: ChangeCategory;
  /** Source range in this call's request text, when known. */
  range?: { start: number; end: number };
  /** Set when the difference came from compareRequests (src/core/compare), not from the unit walk alone. */
  fromCompare?: boolean;
}

export interface Explanation {
  kind: MissKind;
  /** One sentence. */
  message: string;
  /** The earlier call this one is compared with (0-based index), when there is one. */
  reference?: number;
  firstDifference?: FirstDifference;
  /** Minutes between the entry's last use and this call (ttl-expired). */
  gapMinutes?: number;
}

/** What the trace analysis says about one call. */
export interface CallResult {
  index: number;
  line: number;
  format: TraceFormat;
  model?: string;
  time?: number;
  inputTokens: number;
  /** False when the token counts are estimates. */
  exact: boolean;
  predictedRead: number;
  predictedWrite: number;
  billed?: TraceUsage;
  explanation: Explanation;
  /** Set when the billed read differs from the prediction beyond the tolerance: why, in one sentence. */
  billedNote?: string;
  /** Predicted and billed reads agree (within tolerance); undefined when nothing was billed. */
  agrees?: boolean;
  /** Tokens a working cache would have read that this call did not (billed figure where known). */
  lostTokens: number;
  /** USD those tokens cost above the read price. */
  lostUsd: number;
  providerReason?: ProviderMissReason & {
    /** Our kind says something else than the provider's reason. */
    disagrees: boolean;
    /** One sentence when they disagree. */
    note?: string;
  };
  /** Input problems (broken request, unknown model fallback …). */
  problems?: string[];
}

/** Sums over calls: they merge by addition (shards), rates are computed from them. */
export interface TraceTotals {
  calls: number;
  /** Records that could not be read as calls. */
  problems: number;
  inputTokens: number;
  predictedRead: number;
  predictedWrite: number;
  /** Calls that carry billed usage, and the sums over those calls only. */
  billedCalls: number;
  billedInputTokens: number;
  billedRead: number;
  billedWrite: number;
  /** Our prediction and our input count over the billed calls only (a like-for-like hit rate). */
  predictedReadOnBilled: number;
  inputTokensOnBilled: number;
  /** Billed calls whose prediction agrees with the bill. */
  agreeing: number;
  lostTokens: number;
  /** Money lost to misses in micro-dollars (an integer: shard totals add up exactly). */
  lostMicroUsd: number;
  /** Calls per explanation kind. */
  kinds: Partial<Record<MissKind, number>>;
  /** Calls whose provider miss reason disagrees with ours. */
  providerDisagreements: number;
}

export function emptyTotals(): TraceTotals {
  return { calls: 0, problems: 0, inputTokens: 0, predictedRead: 0, predictedWrite: 0, billedCalls: 0, billedInputTokens: 0, billedRead: 0, billedWrite: 0, predictedReadOnBilled: 0, inputTokensOnBilled: 0, agreeing: 0, lostTokens: 0, lostMicroUsd: 0, kinds: {}, providerDisagreements: 0 };
}

/** Add b into a (shard merge): every field is a sum. */
export function mergeTotals(a: TraceTotals, b: TraceTotals): TraceTotals {
  const out = { ...a, kinds: { ...a.kinds } };
  for (const k of Object.keys(b) as (keyof TraceTotals)[]) {
    if (k === 'kinds') continue;
    (out as unknown as Record<string, number>)[k] = ((a[k] as number) ?? 0) + ((b[k] as number) ?? 0);
  }
  for (const [k, v] of Object.entries(b.kinds ?? {})) out.kinds[k as MissKind] = (out.kinds[k as MissKind] ?? 0) + (v ?? 0);
  return out;
}

/** Hit rates from totals: predicted over all calls, and predicted against billed over the billed calls. */
export function hitRates(t: TraceTotals): { predicted: number; predictedOnBilled?: number; billed?: number } {
  const r = (a: number, b: number) => (b > 0 ? a / b : 0);
  return {
    predicted: r(t.predictedRead, t.inputTokens),
    predictedOnBilled: t.billedCalls ? r(t.predictedReadOnBilled, t.inputTokensOnBilled) : undefined,
    billed: t.billedCalls ? r(t.billedRead, t.billedInputTokens || t.inputTokensOnBilled) : undefined,
  };
}
