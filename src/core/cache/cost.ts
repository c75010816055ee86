// Cost arithmetic for a cache plan: single calls (CostEstimate) and N calls at a call rate (cost panel).
// Pure functions, no `vscode`. All prices are USD per million tokens; all results are USD.
//
// Model (assumptions, also in docs/models.md):
// - Token positions: the plan's cache writes are cumulative prefixes from token 0. Breakpoint family: each
//   breakpoint writes `writeTokens` more tokens at the write price of ITS ttl (Anthropic: 5m 1.25×, 1h 2×
//   input). If plan.writtenTokens exceeds the breakpoints' sum, the rest is written at the default TTL.
//   This equals Anthropic's mixed-TTL billing rule (reads up to A, 1h writes A..B, 5m writes B..C), given
//   that 1h entries must come before 5m ones.
// - Automatic family: plan.writtenTokens are priced at prices.cacheWrite5m, which equals `input` for every
//   provider without a write fee (OpenAI before GPT-5.6, Gemini implicit, DeepSeek, xAI), so the first call
//   is simply all input at the input price. GPT-5.6 rows carry their 1.25× write price there.
// - A call reads `r` tokens from cache: those at cacheRead; written tokens past r at their write price
//   (re-writes); everything else at input. First call: r = 0. Identical repeat inside the TTL:
//   r = plan.cachedTokensOnRepeat. Next call inside the TTL (the headline: the per-request values found in
//   the prefix, timestamps, ids, template placeholders, have changed): r = plan.cachedTokensNextCall
//   (≤ cachedTokensOnRepeat). In both, tokens the plan writes beyond r are written again at their write price.
// - A series of N calls (costOfCalls) is a first call followed by N − 1 next calls: each repeat reads
//   cachedTokensNextCall (as far as the entries survive the gap), not the identical-repeat figure.
// - Long context: when the input (cache reads and writes included) is strictly above the row's
//   longContext.thresholdTokens, the WHOLE request is priced at the long-context rates, cache multipliers on
//   top (Anthropic Sonnet 4 / 4.5 with the 1M beta, Gemini 2.5 / 3.1 Pro above 200K). With price overrides,
//   each overridden price is scaled by the row's long-context / base ratio for that field.
// - Output tokens are never cached: output price on every call (the long-context output price above the
//   threshold).
// - Not modelled: batch discounts, long-context tiers the reference gives no prices for (GPT-5.5 above
//   272K), data-residency multipliers, Gemini explicit-cache storage fees, DeepSeek peak-hour pricing,
//   concurrency (an entry is readable only after the first response starts).
import type { CachePlan, CostEstimate, Prices, Ttl } from '../types';
import { applyPriceOverrides } from '../models';
import type { ModelProfile } from '../models/types';

/**
 * The parts of a cache plan the cost model reads. `cachedTokensNextCall` may be absent (a plan built before
 * the next-call figure existed): the next call then reads as an identical repeat.
 */
export type CostPlan = Pick<CachePlan, 'cachedTokensOnRepeat' | 'writtenTokens' | 'breakpoints' | 'family'> &
  Partial<Pick<CachePlan, 'cachedTokensNextCall'>>;
/** Reported when the long-context rates were applied. */
export type LongContextApplied = NonNullable<CostEstimate['longContext']>;
export type PriceOverrides = Record<string, Partial<Prices>>;

const PER_MILLION = 1_000_000;
/** Minutes of each TTL (Anthropic 5m / 1h; OpenAI GPT-5.6+ 30m). */
export const TTL_MINUTES: Record<Ttl, number> = { '5m': 5, '1h': 60, '30m': 30 };
/** Automatic-family lifetime when the row gives none (minutes). */
export const DEFAULT_LIFETIME_MINUTES = 5;

interface WriteSlice {
  tokens: number;
  ttl: Ttl;
  /** USD per million tokens. */
  price: number;
}

function nonNeg(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Write price of a TTL; a row without a 1h price falls back to the 5m one. */
export function writePrice(prices: Prices, ttl: Ttl): number {
  return ttl === '1h' ? (prices.cacheWrite1h ?? prices.cacheWrite5m) : prices.cacheWrite5m;
}

function defaultTtl(profile: ModelProfile): Ttl {
  return profile.ttls[0] ?? '5m';
}

/** Tokens the next call reads from cache: cachedTokensNextCall, never above cachedTokensOnRepeat. */
function nextCallRead(plan: CostPlan): number {
  const repeat = nonNeg(plan.cachedTokensOnRepeat);
  const next = plan.cachedTokensNextCall;
  return typeof next === 'number' ? Math.min(nonNeg(next), repeat) : repeat;
}

/**
 * The prices a request of `inputTokens` pays: `base` (table prices after overrides), or the row's
 * long-context rates when the input is strictly above its threshold. An overridden price is scaled by the
 * row's long-context / base ratio of that field (a negotiated discount keeps the tier's premium).
 */
function tierPrices(profile: ModelProfile, base: Prices, inputTokens: number): { prices: Prices; longContext?: LongContextApplied } {
  const lc = profile.longContext;
  if (!lc || !(nonNeg(inputTokens) > lc.thresholdTokens)) return { prices: base };
  const table = profile.prices;
  const scaled = (b: number, t: number | undefined, l: number): number => (t === undefined || b === t || !(t > 0) ? l : (b * l) / t);
  const prices: Prices = {
    input: scaled(base.input, table.input, lc.prices.input),
    cacheWrite5m: scaled(base.cacheWrite5m, table.cacheWrite5m, lc.prices.cacheWrite5m),
    cacheRead: scaled(base.cacheRead, table.cacheRead, lc.prices.cacheRead),
    output: scaled(base.output, table.output, lc.prices.output),
  };
  if (base.cacheWrite1h !== undefined) {
    prices.cacheWrite1h = lc.prices.cacheWrite1h !== undefined ? scaled(base.cacheWrite1h, table.cacheWrite1h, lc.prices.cacheWrite1h) : base.cacheWrite1h;
  }
  return { prices, longContext: { thresholdTokens: lc.thresholdTokens, applied: true, source: lc.source } };
}

/** The plan's cache writes in prefix order, each with its TTL and write price. */
function writeSlices(profile: ModelProfile, plan: CostPlan, prices: Prices, inputTokens: number, ttlOverride?: Ttl): WriteSlice[] {
  const slices: WriteSlice[] = [];
  const written = nonNeg(plan.writtenTokens);
  if (plan.family === 'breakpoints') {
    const bps = [...(plan.breakpoints ?? [])].sort((a, b) => a.prefixTokens - b.prefixTokens);
    for (const bp of bps) {
      const tokens = nonNeg(bp.writeTokens);
      if (!tokens) continue;
      const ttl = ttlOverride ?? bp.ttl;
      slices.push({ tokens, ttl, price: writePrice(prices, ttl) });
    }
  }
  const sum = slices.reduce((s, x) => s + x.tokens, 0);
  if (written > sum) {
    const ttl = ttlOverride ?? (plan.family === 'breakpoints' ? defaultTtl(profile) : '5m');
    slices.push({
      tokens: written - sum,
      ttl,
      price: plan.family === 'breakpoints' ? writePrice(prices, ttl) : prices.cacheWrite5m,
    });
  }
  // Never write more than the request holds.
  let left = nonNeg(inputTokens);
  for (const s of slices) {
    s.tokens = Math.min(s.tokens, left);
    left -= s.tokens;
  }
  return slices.filter((s) => s.tokens > 0);
}

interface CallInput {
  /** USD. */
  cost: number;
  readTokens: number;
  writeTokens: number;
}

/** Input cost of one call that reads `read` tokens from cache (see the model at the top). */
function inputCost(prices: Prices, inputTokens: number, slices: WriteSlice[], read: number): CallInput {
  const total = nonNeg(inputTokens);
  const readTokens = Math.min(nonNeg(read), total);
  let pos = 0;
  let writeTokens = 0;
  let writeCost = 0;
  for (const s of slices) {
    const start = pos;
    const end = pos + s.tokens;
    pos = end;
    const n = Math.max(0, end - Math.max(start, readTokens));
    writeTokens += n;
    writeCost += n * s.price;
  }
  const rest = Math.max(0, total - readTokens - writeTokens);
  return {
    cost: (readTokens * prices.cacheRead + writeCost + rest * prices.input) / PER_MILLION,
    readTokens,
    writeTokens,
  };
}

/**
 * Input cost of one request under a cache plan.
 * - firstCall: breakpoint family: written tokens at the write price of their breakpoint's TTL, the rest at
 *   input; automatic family: written tokens at cacheWrite5m (= input when the provider has no write fee), so
 *   all input at the input price for OpenAI ≤ 5.5, Gemini, DeepSeek, xAI.
 * - repeatCall: an identical request inside the TTL: cachedTokensOnRepeat at the read price, tokens the plan
 *   writes beyond them written again (none for a normal plan), the rest at input.
 * - nextCall (the headline): the next request inside the TTL, its per-request values changed:
 *   cachedTokensNextCall at the read price, tokens the plan writes beyond them written again at their write
 *   price, the rest at input. Equals repeatCall when the prefix holds no per-request value.
 * - uncachedCall: inputTokens × input.
 * Above the row's long-context threshold every figure uses the long-context rates (`longContext` is set).
 * `overrides` / `modelName`: see applyPriceOverrides.
 */
export function computeCost(
  profile: ModelProfile,
  plan: CostPlan,
  inputTokens: number,
  overrides?: PriceOverrides,
  modelName?: string,
): CostEstimate {
  const base = applyPriceOverrides(profile, overrides, modelName);
  const overridden = base.overridden;
  const { prices, longContext } = tierPrices(profile, base.prices, inputTokens);
  const slices = writeSlices(profile, plan, prices, inputTokens);
  return {
    currency: 'USD',
    firstCall: inputCost(prices, inputTokens, slices, 0).cost,
    repeatCall: inputCost(prices, inputTokens, slices, plan.cachedTokensOnRepeat).cost,
    nextCall: inputCost(prices, inputTokens, slices, nextCallRead(plan)).cost,
    uncachedCall: (nonNeg(inputTokens) * prices.input) / PER_MILLION,
    prices,
    pricesAsOf: profile.asOf,
    pricesSource: overridden ? `promptCache.prices override (table: ${profile.source})` : profile.source,
    overridden,
    ...(longContext ? { longContext } : {}),
  };
}

export interface CostOfCallsOptions {
  profile: ModelProfile;
  plan: CostPlan;
  inputTokens: number;
  /** Output tokens per call (the user's estimate). */
  outputTokens: number;
  /**
   * Number of calls N: a series whose per-request values (timestamps, ids, placeholders) change on every
   * call, so each call after the first is a "next call" reading plan.cachedTokensNextCall.
   */
  calls: number;
  /** Call rate; the gap between calls is 1 / callsPerMinute minutes (0 or less: calls never repeat in time). */
  callsPerMinute: number;
  /** Breakpoint family: price and keep EVERY breakpoint at this TTL (a what-if); default: the TTLs as written. */
  ttl?: Ttl;
  overrides?: PriceOverrides;
  /** The model name as written, for exact-name price overrides. */
  modelName?: string;
  /** Automatic family: assumed lifetime of an idle entry, minutes (default: the row's cacheLifetimeMinutes, else 5). */
  lifetimeMinutes?: number;
}

export interface CallsCostResult {
  calls: number;
  callsPerMinute: number;
  /** Minutes between calls (Infinity when callsPerMinute ≤ 0). */
  gapMinutes: number;
  /** The TTL this was computed for (breakpoints: the override, else the last breakpoint's; automatic: the row's default). */
  ttl: Ttl;
  /** Shortest lifetime of any cache entry in the plan, minutes. */
  lifetimeMinutes: number;
  /** True when every entry outlives the gap, so each repeat reads all of cachedTokensNextCall. */
  staysWarm: boolean;
  /** USD, N calls, input + output. */
  withCache: number;
  withoutCache: number;
  /** withoutCache − withCache (negative when caching costs more). */
  savings: number;
  /** savings / withoutCache × 100 (0 when withoutCache is 0). */
  savingsPercent: number;
  /**
   * The smallest number of calls at this rate after which caching has cost no more than not caching
   * (1 when the first call costs no more than an uncached one); undefined when it never pays off at this
   * rate. Independent of `calls`.
   */
  breakEvenCalls: number | undefined;
  perCall: {
    /** USD, input + output. */
    firstCall: number;
    /**
     * A repeat at this call rate: the next call (per-request values changed; reads cachedTokensNextCall if
     * still warm, re-writes if expired), input + output.
     */
    repeatCall: number;
    uncachedCall: number;
    /** The output part of each of the above. */
    outputCost: number;
    /**
     * Tokens each repeat reads from cache at this rate: the NEXT-CALL read (plan.cachedTokensNextCall, as far
     * as the entries survive the gap), not the identical-repeat figure. The name is kept for compatibility.
     */
    readTokensOnRepeat: number;
    /** Tokens each repeat writes to cache again at this rate. */
    writeTokensOnRepeat: number;
  };
  /** The prices used (the long-context rates when `longContext` is set). */
  prices: Prices;
  pricesAsOf: string;
  pricesSource: string;
  overridden: boolean;
  /** Set when the input is above the row's long-context threshold (see CostEstimate.longContext). */
  longContext?: LongContextApplied;
}

const EPS = 1e-12;

/**
 * Cost of N calls at a call rate, with and without caching. The calls form a series: the first writes, each
 * later one is a next call (per-request values changed) that reads plan.cachedTokensNextCall.
 * Assumptions: calls are evenly spaced (gap = 1 / callsPerMinute); an entry survives a gap when
 * gap ≤ its lifetime (Anthropic: its TTL, refreshed free on every read; automatic family: the row's
 * cacheLifetimeMinutes). When an entry expires between calls, every repeat re-writes it (Anthropic, at the
 * write price) / misses (automatic family). Entries are cumulative prefixes, so once one expires, later
 * ones are not read either. "Without cache" = every call at the input price (no cache_control; for
 * automatic-caching providers it is the baseline you cannot actually opt out of).
 */
export function costOfCalls(opts: CostOfCallsOptions): CallsCostResult {
  const { profile, plan } = opts;
  const base = applyPriceOverrides(profile, opts.overrides, opts.modelName);
  const overridden = base.overridden;
  const inputTokens = nonNeg(opts.inputTokens);
  const { prices, longContext } = tierPrices(profile, base.prices, inputTokens);
  const n = Math.max(0, Math.floor(nonNeg(opts.calls)));
  const rate = Number.isFinite(opts.callsPerMinute) ? opts.callsPerMinute : 0;
  const gapMinutes = rate > 0 ? 1 / rate : Infinity;
  const slices = writeSlices(profile, plan, prices, inputTokens, opts.ttl);
  // Each repeat is a next call: it reads what survives of the next-call read.
  const cached = Math.min(nextCallRead(plan), inputTokens);

  let readable: number;
  let lifetimeMinutes: number;
  let ttl: Ttl;
  if (plan.family === 'breakpoints') {
    const lastBp = [...(plan.breakpoints ?? [])].sort((a, b) => a.prefixTokens - b.prefixTokens).pop();
    ttl = opts.ttl ?? lastBp?.ttl ?? defaultTtl(profile);
    if (slices.length) {
      lifetimeMinutes = Math.min(...slices.map((s) => TTL_MINUTES[s.ttl]));
      let alive = 0;
      for (const s of slices) {
        if (gapMinutes > TTL_MINUTES[s.ttl]) break;
        alive += s.tokens;
      }
      readable = Math.min(cached, alive);
    } else {
      lifetimeMinutes = TTL_MINUTES[ttl];
      readable = gapMinutes <= lifetimeMinutes ? cached : 0;
    }
  } else {
    // GPT-5.6+ entries live 30 minutes (the plan's breakpoints carry it); automatic rows have no TTL choice.
    ttl = plan.family === 'openai-breakpoints' ? (plan.breakpoints?.[0]?.ttl ?? '30m') : defaultTtl(profile);
    lifetimeMinutes = nonNeg(opts.lifetimeMinutes ?? profile.cacheLifetimeMinutes ?? DEFAULT_LIFETIME_MINUTES);
    readable = gapMinutes <= lifetimeMinutes ? cached : 0;
  }
  const staysWarm = gapMinutes <= lifetimeMinutes;

  const outputCost = (nonNeg(opts.outputTokens) * prices.output) / PER_MILLION;
  const first = inputCost(prices, inputTokens, slices, 0).cost + outputCost;
  const repeat = inputCost(prices, inputTokens, slices, readable);
  const repeatCall = repeat.cost + outputCost;
  const uncachedCall = (inputTokens * prices.input) / PER_MILLION + outputCost;

  const withCache = n > 0 ? first + (n - 1) * repeatCall : 0;
  const withoutCache = n * uncachedCall;
  const savings = withoutCache - withCache;
  const savingsPercent = withoutCache > 0 ? (savings / withoutCache) * 100 : 0;

  // Cumulative with cache after k calls: first + (k−1)·repeat; without: k·uncached.
  const extraFirst = first - uncachedCall;
  const savedPerRepeat = uncachedCall - repeatCall;
  const tol = EPS * Math.max(1, uncachedCall);
  let breakEvenCalls: number | undefined;
  if (extraFirst <= tol) breakEvenCalls = 1;
  else if (savedPerRepeat <= tol) breakEvenCalls = undefined;
  else breakEvenCalls = 1 + Math.ceil(extraFirst / savedPerRepeat - 1e-9);

  return {
    calls: n,
    callsPerMinute: rate,
    gapMinutes,
    ttl,
    lifetimeMinutes,
    staysWarm,
    withCache,
    withoutCache,
    savings,
    savingsPercent,
    breakEvenCalls,
    perCall: {
      firstCall: first,
      repeatCall,
      uncachedCall,
      outputCost,
      readTokensOnRepeat: repeat.readTokens,
      writeTokensOnRepeat: repeat.writeTokens,
    },
    prices,
    pricesAsOf: profile.asOf,
    pricesSource: overridden ? `promptCache.prices override (table: ${profile.source})` : profile.source,
    overridden,
    ...(longContext ? { longContext } : {}),
  };
}

