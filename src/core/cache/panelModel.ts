// The cost panel's figures, computed from the engine's Analysis (and analyses of the same text for other
// models) with the engine's own cost functions. Pure: no `vscode`, no DOM. The panel only presents this.
import type { Analysis, OffsetRange, Prices, Segment } from '../types';
import { describeCut, describeLongContext, longContextOf } from '../report';
import type { ModelProfile } from '../models/types';
import { listModels, resolveModel, MODEL_TABLE_AS_OF } from '../models';
import { costOfCalls, type CallsCostResult, type CostOfCallsOptions } from './cost';
import { compareTtls } from './ttlCompare';
import type {
  CallsCost,
  ModelComparison,
  ModelOption,
  NotRequestPanelModel,
  PanelModel,
  PanelLongContext,
  PanelUsage,
  PerCallCost,
  RequestPanelModel,
  SegmentRow,
  TokenSplit,
  TtlComparison,
} from './panelModel.types';
import { COMPARE_SLOTS } from './panelModel.types';
import { nothingCachedState } from './panelNothingCached';
import { fmtInt } from '../format';

export * from './panelModel.types';

/** One column of the side-by-side comparison: which model, and why. */
export interface ComparisonPick {
  slot: number;
  requested: string;
  auto: boolean;
  role: string;
  /** Model name to analyze the text with. */
  model: string;
  /** The column is the analysis' own model (no re-analysis needed). */
  isCurrent: boolean;
}

export interface ComparisonInput {
  pick: ComparisonPick;
  analysis: Analysis;
}

export interface PanelModelInput {
  analysis: Analysis;
  usage: PanelUsage;
  /** The same text analyzed for each picked model (`pickComparisonModels`). */
  comparisons: ComparisonInput[];
  priceOverrides?: Record<string, Partial<Prices>>;
}

/** Calls per minute from the user's rate. */
export function callsPerMinute(usage: Pick<PanelUsage, 'rate' | 'rateUnit'>): number {
  return usage.rateUnit === 'hour' ? usage.rate / 60 : usage.rate;
}

/** Models for the panel's pickers and the table's date. */
export function panelModelOptions(): { models: ModelOption[]; tableAsOf: string } {
  return {
    models: listModels().map((m) => ({ id: m.id, displayName: m.displayName, provider: m.provider })),
    tableAsOf: MODEL_TABLE_AS_OF,
  };
}

function profileOf(analysis: Analysis): ModelProfile | undefined {
  const id = analysis.model.profileId ?? analysis.model.name;
  return id ? resolveModel(id) : undefined;
}

function caches(p: ModelProfile): boolean {
  return p.cachingSupported !== false;
}

/** Variants a default pick should not land on (pro tiers, previews, code-specialised models). */
function isVariant(p: ModelProfile): boolean {
  return /-pro(-|$)|preview|codex/.test(p.id);
}

/**
 * Sensible default columns: the current model, a cheaper model of the same provider (the newest whose input
 * price is at most half, else the cheapest cheaper one), and a model of another provider at the closest
 * price. Slots the user filled keep their model.
 */
export function pickComparisonModels(analysis: Analysis, requested: string[]): ComparisonPick[] {
  const all = listModels().filter((m) => caches(m) && !isVariant(m));
  const current = profileOf(analysis);
  const currentName = analysis.model.name ?? current?.id ?? '';
  const taken = new Set<string>(requested.filter(Boolean).map((r) => resolveModel(r)?.id ?? r));
  const defaults: { role: string; model: string }[] = [];

  if (currentName) defaults.push({ role: 'current model', model: currentName });
  if (current) taken.add(current.id);

  const cheaper = (() => {
    if (!current) return undefined;
    const same = all.filter((m) => m.provider === current.provider && m.id !== current.id && !taken.has(m.id) && m.prices.input < current.prices.input);
    return same.find((m) => m.prices.input <= current.prices.input / 2) ?? [...same].sort((a, b) => a.prices.input - b.prices.input)[0];
  })();
  if (cheaper) {
    defaults.push({ role: 'cheaper, same provider', model: cheaper.id });
    taken.add(cheaper.id);
  }

  const otherProvider = current?.provider === 'anthropic' ? 'openai' : 'anthropic';
  const target = current?.prices.input ?? 3;
  const other = all
    .filter((m) => m.provider === otherProvider && !taken.has(m.id))
    .map((m, i) => ({ m, i, d: Math.abs(Math.log(m.prices.input / target)) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)[0]?.m;
  if (other) {
    defaults.push({ role: 'another provider', model: other.id });
    taken.add(other.id);
  }
  // Not enough yet (unknown current model, nothing cheaper): fill from the table's first rows.
  for (const m of all) {
    if (defaults.length >= COMPARE_SLOTS) break;
    if (!taken.has(m.id)) {
      defaults.push({ role: m.provider === current?.provider ? 'same provider' : 'another provider', model: m.id });
      taken.add(m.id);
    }
  }

  const picks: ComparisonPick[] = [];
  let next = 0;
  for (let slot = 0; slot < COMPARE_SLOTS; slot++) {
    const r = (requested[slot] ?? '').trim();
    if (r) {
      picks.push({ slot, requested: r, auto: false, role: 'your choice', model: r, isCurrent: sameModel(r, analysis) });
      continue;
    }
    // automatic slots take the defaults in order, skipping models the user already placed elsewhere
    while (next < defaults.length && requested.some((q, i) => i !== slot && q && (resolveModel(q)?.id ?? q) === (resolveModel(defaults[next].model)?.id ?? defaults[next].model))) next++;
    const d = defaults[next++];
    if (!d) continue;
    picks.push({ slot, requested: '', auto: true, role: d.role, model: d.model, isCurrent: sameModel(d.model, analysis) });
  }
  return picks;
}

function sameModel(name: string, analysis: Analysis): boolean {
  if (!analysis.model.name) return false;
  if (name === analysis.model.name) return true;
  const a = resolveModel(name)?.id;
  return !!a && a === analysis.model.profileId && analysis.model.source !== 'none';
}

/**
 * The request's tokens split into disjoint parts, plus the output estimate: what the next call reads
 * (cachedTokensNextCall), what this call writes that the next call cannot read (writeOnlyTokens), and the
 * rest. A rejected request caches nothing.
 */
export function tokenSplit(analysis: Analysis, outputTokens: number): TokenSplit {
  const plan = analysis.cache;
  const input = Math.max(0, analysis.inputTokens);
  const rejected = !!plan.rejected;
  const read = rejected ? 0 : clamp(plan.cachedTokensNextCall, 0, input);
  const readOnRepeat = rejected ? 0 : clamp(plan.cachedTokensOnRepeat, 0, input);
  const written = rejected ? 0 : clamp(plan.writtenTokens, 0, input);
  const writtenNotRead = rejected ? 0 : clamp(plan.writeOnlyTokens, 0, input - read);
  const neverCached = Math.max(0, input - read - writtenNotRead);
  const output = Math.max(0, outputTokens);
  const total = input + output;
  const share = (n: number) => (total > 0 ? n / total : 0);
  return {
    input,
    readNextCall: read,
    readOnRepeat,
    writtenOnFirstCall: written,
    writtenNotRead,
    neverCached,
    output,
    shares: { readNextCall: share(read), writtenNotRead: share(writtenNotRead), neverCached: share(neverCached), output: share(output) },
  };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

function overlaps(a: OffsetRange, b: OffsetRange): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Segment rows in cache order with each one's share of what the next call reads; 'write-only' when the
 * segment is written this call but the next call cannot read it (the engine's writeOnlyRanges).
 */
export function segmentRows(analysis: Analysis): SegmentRow[] {
  const plan = analysis.cache;
  const read = plan.rejected ? 0 : plan.cachedTokensNextCall;
  const writeOnly = plan.rejected ? [] : plan.writeOnlyRanges;
  const bps = new Map(plan.breakpoints.map((b) => [b.segmentId, b]));
  const rows: SegmentRow[] = [];
  const stateOf = (start: number, end: number, wonly: boolean): { state: SegmentRow['cache']; cached: number } => {
    const cached = Math.max(0, Math.min(end, read) - start);
    const size = end - start;
    const state: SegmentRow['cache'] =
      size <= 0 ? (start < read ? 'read' : 'none') : cached >= size ? 'read' : cached > 0 ? 'partial' : wonly ? 'write-only' : 'none';
    return { state, cached };
  };
  /** The part of an expanded parent that none of its blocks holds (role, framing), as a row of its own. */
  const framing = (parent: Segment, index: number, start: number, end: number, depth: number, parentWonly: boolean) => {
    if (end <= start) return;
    const { state, cached } = stateOf(start, end, parentWonly);
    rows.push({
      id: `${parent.id}#framing-${index}`,
      label: parent.kind === 'message' ? 'role and message framing' : 'framing',
      kind: parent.kind,
      depth,
      tokens: end - start,
      cumulativeTokens: end,
      cachedTokens: Math.min(cached, end - start),
      cache: state,
      exact: parent.exact,
      rowKind: 'framing',
      revealId: parent.id,
    });
  };
  const add = (s: Segment, depth: number) => {
    const start = s.startTokens;
    const end = s.cumulativeTokens;
    const wonly = writeOnly.some((r) => overlaps(r, s.range));
    const { state, cached } = stateOf(start, end, wonly);
    const bp = bps.get(s.id);
    // blocks of a message only when a breakpoint or the prefix end falls inside it (keeps the table short)
    const expand = !!s.children?.length && (state === 'partial' || s.children.some((c) => bps.has(c.id)));
    rows.push({
      id: s.id,
      label: s.label,
      kind: s.kind,
      depth,
      tokens: s.tokens,
      cumulativeTokens: end,
      cachedTokens: Math.min(cached, s.tokens),
      cache: state,
      breakpoint: bp ? { kind: bp.kind, ttl: bp.ttl, meetsMinimum: bp.meetsMinimum } : undefined,
      exact: s.exact,
      ...(expand ? { expanded: true } : {}),
    });
    if (expand) {
      // each block says what it adds; the framing between them gets a row, so they sum to the parent
      let pos = start;
      let gap = 0;
      for (const c of s.children!) {
        framing(s, gap++, pos, Math.min(c.startTokens, end), depth + 1, wonly);
        add(c, depth + 1);
        pos = Math.max(pos, c.cumulativeTokens);
      }
      framing(s, gap, pos, end, depth + 1, wonly);
    }
  };
  for (const s of analysis.segments) add(s, 0);
  return rows;
}

/** N calls at the user's rate via the engine's costOfCalls (undefined without a price row). */
function callsResult(
  analysis: Analysis,
  usage: PanelUsage,
  overrides: Record<string, Partial<Prices>> | undefined,
): CallsCostResult | undefined {
  const opts = callsOptions(analysis, usage, overrides);
  return opts && costOfCalls(opts);
}

/** The engine's N-calls inputs for this analysis and the user's usage (undefined without a price row). */
function callsOptions(analysis: Analysis, usage: PanelUsage, overrides: Record<string, Partial<Prices>> | undefined): Omit<CostOfCallsOptions, 'ttl'> | undefined {
  const profile = profileOf(analysis);
  if (!profile || !analysis.cost) return undefined;
  return {
    profile,
    plan: analysis.cache,
    inputTokens: analysis.inputTokens,
    outputTokens: usage.outputTokens,
    calls: usage.calls,
    callsPerMinute: callsPerMinute(usage),
    overrides,
    modelName: analysis.model.name,
  };
}

function toCallsCost(r: CallsCostResult): CallsCost {
  return {
    calls: r.calls,
    callsPerMinute: r.callsPerMinute,
    gapMinutes: r.gapMinutes,
    ttl: r.ttl,
    staysWarm: r.staysWarm,
    withCache: r.withCache,
    withoutCache: r.withoutCache,
    savings: r.savings,
    savingsPercent: r.savingsPercent,
    breakEvenCalls: r.breakEvenCalls ?? null,
  };
}

/**
 * Single calls, input + output estimate: the first call and an uncached one from costOfCalls; the next call
 * and the identical repeat INSIDE the TTL are the engine's CostEstimate.nextCall / repeatCall plus the same
 * output cost.
 */
function perCall(analysis: Analysis, r: CallsCostResult | undefined): PerCallCost | undefined {
  if (!analysis.cost || !r) return undefined;
  const out = r.perCall.outputCost;
  return {
    firstCall: r.perCall.firstCall,
    nextCall: analysis.cost.nextCall + out,
    repeatCall: analysis.cost.repeatCall + out,
    uncachedCall: r.perCall.uncachedCall,
    outputCost: out,
    input: {
      firstCall: analysis.cost.firstCall,
      nextCall: analysis.cost.nextCall,
      repeatCall: analysis.cost.repeatCall,
      uncachedCall: analysis.cost.uncachedCall,
    },
  };
}

function ttlComparison(analysis: Analysis, usage: PanelUsage, overrides: Record<string, Partial<Prices>> | undefined): TtlComparison | undefined {
  const opts = callsOptions(analysis, usage, overrides);
  if (!opts) return undefined;
  if (analysis.cache.writtenTokens <= 0 || analysis.cache.rejected) return undefined; // nothing is cached: both TTLs cost the same
  if (analysis.cache.cachedTokensNextCall <= 0) return undefined; // written but never read: no TTL makes it pay
  const t = compareTtls(opts);
  if (!t) return undefined;
  return { fiveMinutes: toCallsCost(t.fiveMinutes), oneHour: toCallsCost(t.oneHour), cheaper: t.cheaper, summary: t.summary };
}

function comparison(input: ComparisonInput, usage: PanelUsage, overrides: Record<string, Partial<Prices>> | undefined): ModelComparison {
  const { pick, analysis } = input;
  const profile = profileOf(analysis);
  const r = callsResult(analysis, usage, overrides);
  const calls = r && toCallsCost(r);
  const pc = perCall(analysis, r);
  const c = analysis.cost;
  return {
    slot: pick.slot,
    requested: pick.requested,
    auto: pick.auto,
    role: pick.role,
    model: pick.model,
    displayName: profile?.displayName ?? pick.model,
    provider: profile?.provider ?? analysis.provider,
    known: !!profile,
    isCurrent: pick.isCurrent,
    inputTokens: analysis.inputTokens,
    cachedTokensNextCall: analysis.cache.rejected ? 0 : analysis.cache.cachedTokensNextCall,
    cachedTokensOnRepeat: analysis.cache.rejected ? 0 : analysis.cache.cachedTokensOnRepeat,
    rejected: analysis.cache.rejected,
    exact: analysis.exact,
    cost:
      c && pc && calls
        ? {
            firstCall: pc.firstCall,
            nextCall: pc.nextCall,
            repeatCall: pc.repeatCall,
            uncachedCall: pc.uncachedCall,
            withCache: calls.withCache,
            withoutCache: calls.withoutCache,
            savings: calls.savings,
            savingsPercent: calls.savingsPercent,
            breakEvenCalls: calls.breakEvenCalls,
            pricesAsOf: c.pricesAsOf,
            pricesSource: c.pricesSource,
            overridden: c.overridden,
            inputPrice: c.prices.input,
            cacheReadPrice: c.prices.cacheRead,
            outputPrice: c.prices.output,
          }
        : undefined,
    note: profile ? undefined : `${pick.model} is not in the price table`,
  };
}

export function notRequestModel(analysis: Analysis | undefined, included: boolean): NotRequestPanelModel {
  const reasons = (analysis?.problems ?? []).map((p) => p.message);
  return { kind: 'not-request', reasons, included };
}

/** 'The next call stops before the timestamp "…" in system block 1: it reads 0 of the 4,093 tokens an identical repeat reads.' */
function nextCallNote(analysis: Analysis): string | undefined {
  const plan = analysis.cache;
  if (plan.rejected || !plan.nextCallCut) return undefined;
  const lost = plan.cachedTokensOnRepeat - plan.cachedTokensNextCall;
  const tail = lost > 0 ? `: it reads ${fmtInt(plan.cachedTokensNextCall)} of the ${fmtInt(plan.cachedTokensOnRepeat)} tokens an identical repeat reads` : '';
  return `The next call stops before ${describeCut(plan.nextCallCut)}, which changes on every call${tail}.`;
}

function panelLongContext(analysis: Analysis): PanelLongContext | undefined {
  const lc = analysis.cost && longContextOf(analysis.cost);
  if (!lc) return undefined;
  const text = describeLongContext(lc);
  return { thresholdTokens: lc.thresholdTokens, applied: lc.applied, source: lc.source, text: `${text.charAt(0).toUpperCase()}${text.slice(1)}.` };
}

/** Everything the panel shows for one analysis. */
export function buildPanelModel(input: PanelModelInput): PanelModel {
  const { analysis, usage, priceOverrides } = input;
  if (!analysis.isRequest) return notRequestModel(analysis, true);
  const profile = profileOf(analysis);
  const r = callsResult(analysis, usage, priceOverrides);
  const model: RequestPanelModel['model'] = {
    name: analysis.model.name,
    displayName: profile?.displayName,
    known: analysis.model.known,
    source: analysis.model.source,
    fallback: analysis.model.fallback ? { usedId: analysis.model.fallback.usedId, usedName: analysis.model.fallback.usedName, rules: analysis.model.fallback.rules, short: analysis.model.fallback.short } : undefined,
  };
  let warning: string | undefined;
  if (analysis.model.fallback) warning = analysis.model.fallback.message;
  else if (!analysis.model.name) warning = 'The file names no model, so there are no prices. Set promptCache.defaultModel, or add a "model" to the request.';
  else if (!profile || !analysis.cost) warning = `“${analysis.model.name}” is not in the price table: token figures only. Add its prices in promptCache.prices, or pick a known model.`;
  const comparisons = input.comparisons.map((c) => comparison(c, usage, priceOverrides)).sort((a, b) => a.slot - b.slot);
  const nothingCached = nothingCachedState(analysis, comparisons, r && { calls: r.calls, savings: r.savings });
  const shown = new Set(nothingCached?.usedNotes ?? []);
  return {
    kind: 'request',
    dialect: analysis.dialect,
    provider: analysis.provider,
    model,
    tokenizer: analysis.tokenizer,
    exact: analysis.exact,
    split: tokenSplit(analysis, usage.outputTokens),
    perCall: perCall(analysis, r),
    calls: r && toCallsCost(r),
    ttl: ttlComparison(analysis, usage, priceOverrides),
    segments: segmentRows(analysis),
    comparisons,
    pricesAsOf: analysis.cost?.pricesAsOf,
    pricesSource: analysis.cost?.pricesSource,
    pricesOverridden: analysis.cost?.overridden,
    rejected: analysis.cache.rejected,
    nextCallNote: nextCallNote(analysis),
    longContext: panelLongContext(analysis),
    // notes the "nothing is cached" box already shows are not repeated in the notes list
    notes: analysis.cache.notes.filter((n) => !shown.has(n)),
    problems: analysis.problems.map((p) => p.message),
    warning,
    ...(nothingCached ? { nothingCached } : {}),
  };
}
