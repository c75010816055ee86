// The trace's cache simulation: calls in order, each analysed by the engine (analyze → units, plan), its
// prefix fingerprinted per unit boundary, and held against the entries earlier calls left under the
// provider's rules:
// - breakpoint family (Anthropic, Bedrock, Qwen explicit): each breakpoint writes one entry at its block
//   (when it meets the minimum); a read checks the breakpoint and walks back at most `lookback` positions
//   for an entry an earlier call wrote (provider-rules.md §1.2);
// - OpenAI GPT-5.6+ breakpoints: exact match at a breakpoint, no walk back (addendum, OpenAI);
// - automatic family (OpenAI before 5.6, Gemini implicit, DeepSeek, xAI …): every earlier prefix is an
//   entry; the read is the longest live one, snapped by the plan's own readableBefore (minimum, steps,
//   DeepSeek prefix units).
// Entries live for their TTL (breakpoint TTL, 30m, or the row's cacheLifetimeMinutes), measured from the
// last call that wrote or read them; a call can hit any earlier call's entry still alive.
// Memory is bounded: per entry one number key and a few numbers, in LRU maps with caps; request texts are
// kept only for the last few calls (for the first-difference comparison).
import { analyze, clearCaches } from '../analyze';
import { applyPriceOverrides, resolveModel } from '../models';
import { ruleContextOf } from '../request/pipeline';
import { RULE_LIST } from '../rules';
import { leaves } from '../request/units';
import { DEFAULT_LIFETIME_MINUTES, TTL_MINUTES } from '../cache/cost';
import { fmtInt } from '../format';
import type { Analysis, Prices, Segment } from '../types';
import { combine, hashString, keyOf, type Lanes } from './hash';
import { agreement } from './providerReasons';
import { compareCalls } from './compareAdapter';
import { emptyTotals, type CallResult, type ChangeCategory, type Explanation, type FirstDifference, type TraceCall, type TraceTotals } from './types';

/** What a first-difference comparison (src/core/compare, helper 14a) gives the trace. */
export interface CompareResult {
  unit: string;
  unitId?: string;
  /** Range in the second (current) request's text. */
  range?: { start: number; end: number };
  category: ChangeCategory;
  sharedPrefixTokens?: number;
}
export type CompareFn = (earlier: string, current: string, model?: string) => CompareResult | undefined;

export interface TraceOptions {
  model?: string;
  defaultModel?: string;
  priceOverrides?: Record<string, Partial<Prices>>;
  /** First-difference comparison of two request texts; default compareRequests (src/core/compare); null: unit walk only. */
  compare?: CompareFn | null;
  /** Most entries kept (cache entries and seen prefixes together; checked every 1,000 calls, up to 25% over between checks). Default 250,000. */
  maxEntries?: number;
  /** Request texts kept for comparison (the latest calls). Default 32, and at most 16 M characters. */
  keepTexts?: number;
}

interface Entry {
  tokens: number;
  /** Written to cache (an entry a read can use), or only seen (a prefix an earlier call sent). */
  written: boolean;
  /** Expiry (ms since epoch); Infinity without timestamps. */
  expires: number;
  ttlMs: number;
  /** Last call that wrote, read or sent it. */
  call: number;
  /** Time of that call. */
  at?: number;
}

interface Summary {
  inputTokens: number;
  /** Tokens of the deepest entry the call wrote or refreshed. */
  maxWritten: number;
  toolsKey: number;
  paramsKey: number;
  model: string;
  line: number;
}

/** The trace reads the plan, not the findings: every rule is off. */
const RULES_OFF: Record<string, 'off'> = Object.fromEntries(RULE_LIST.map((r) => [r.name, 'off' as const]));
const DAY = 86_400_000;
const CLEAR_EVERY = 2_000;

/** Put a key at the end of a Map's order (LRU touch). */
function touch<K, V>(m: Map<K, V>, k: K, v: V): void {
  m.delete(k);
  m.set(k, v);
}

function unitContent(text: string, u: Segment): string {
  if (u.kind === 'overhead' || u.range.end <= u.range.start) return `${u.id}#${u.tokens}`;
  const cc = u.cacheControl?.range;
  if (!cc || cc.start < u.range.start || cc.end > u.range.end) return text.slice(u.range.start, u.range.end);
  // The marker is not part of the cached content: drop the property and the comma that joined it.
  let before = text.slice(u.range.start, cc.start);
  let after = text.slice(cc.end, u.range.end);
  const b = /,\s*$/.exec(before);
  if (b) before = before.slice(0, b.index);
  else after = after.replace(/^\s*,/, '');
  return before + after;
}

const PARAM_KEYS = ['thinking', 'output_config', 'reasoning', 'reasoning_effort', 'speed'];

function paramsOf(a: Analysis): string {
  const root = ruleContextOf(a)?.root;
  if (!root?.children) return '';
  const parts: string[] = [];
  for (const p of root.children) {
    const k = p.children?.[0]?.value;
    if (typeof k === 'string' && PARAM_KEYS.includes(k) && p.children?.[1]) parts.push(`${k}:${JSON.stringify(nodeValue(p.children[1]))}`);
  }
  return parts.join(',');
}

function nodeValue(n: { type: string; value?: unknown; children?: { type: string; value?: unknown; children?: unknown[] }[] }): unknown {
  if (n.type === 'object') return Object.fromEntries((n.children ?? []).map((p) => [(p as { children: { value: unknown }[] }).children?.[0]?.value, nodeValue((p as { children: (typeof n)[] }).children?.[1] ?? { type: 'null' })]));
  if (n.type === 'array') return (n.children ?? []).map((c) => nodeValue(c as typeof n));
  return n.value;
}

/** "user message 3, text block 1" for a block; the unit's own label otherwise. */
function unitLabel(a: Analysis, u: Segment): string {
  const parent = a.segments.find((s) => s.children?.includes(u));
  return parent && parent !== u ? `${parent.label}, ${u.label}` : u.label;
}

function sectionCategory(u: Segment | undefined): ChangeCategory {
  if (!u) return 'other';
  if (u.blockType === 'image' || u.blockType === 'image_url' || u.blockType === 'input_image' || u.image) return 'image-changed';
  if (u.section === 'tools') return 'tool-changed';
  if (u.section === 'system') return 'system-changed';
  if (u.section === 'messages') return 'history-rewritten';
  return 'other';
}

const CATEGORY_WORDS: Record<ChangeCategory, string> = {
  'tools-reordered': 'the tools are in another order',
  'tool-changed': 'a tool definition changed',
  'system-changed': 'the system prompt changed',
  'history-rewritten': 'the conversation history was rewritten',
  'model-changed': 'the model changed',
  'parameters-changed': 'the thinking or reasoning parameters changed',
  'image-changed': 'an image changed',
  'breakpoint-moved': 'a breakpoint moved',
  other: 'the prefix changed',
};

export class TraceAnalyzer {
  readonly totals: TraceTotals = emptyTotals();
  private readonly entries = new Map<number, Entry>();
  private readonly summaries = new Map<number, Summary>();
  private readonly texts = new Map<number, string>();
  /** Standalone unit fingerprints of the calls whose texts are kept. */
  private readonly unitSets = new Map<number, Set<number>>();
  private textChars = 0;
  /** First unit without the model in its hash → the model and call that sent it (model-changed). */
  private readonly firstUnits = new Map<number, { model: string; call: number }>();
  private readonly models = new Map<string, string>();
  private readonly maxEntries: number;
  private readonly keepTexts: number;
  private lastTime?: number;
  private sinceClear = 0;
  private sinceEvict = 0;

  constructor(private readonly options: TraceOptions = {}) {
    this.maxEntries = options.maxEntries ?? 250_000;
    this.keepTexts = options.keepTexts ?? 32;
  }

  /** Entries held now (for the memory bound's tests). */
  get size(): { entries: number; summaries: number; texts: number } {
    return { entries: this.entries.size, summaries: this.summaries.size, texts: this.texts.size };
  }

  /**
   * A flat copy of a model name, once per name: the name is a slice of the request text, and a slice keeps
   * its whole parent string alive (a request per remembered call, otherwise).
   */
  private intern(name: string): string {
    let m = this.models.get(name);
    if (m === undefined) {
      m = JSON.parse(JSON.stringify(name)) as string;
      if (this.models.size < 10_000) this.models.set(m, m);
    }
    return m;
  }

  /** A record that could not be read as a call. */
  problem(): void {
    this.totals.problems++;
  }

  add(call: TraceCall): CallResult {
    // The engine's memos are sized for an editor's few documents; a trace of millions of calls would keep
    // filling them, so they are dropped every few thousand calls (the shared system prompt is counted again once).
    if (++this.sinceClear >= CLEAR_EVERY) {
      this.sinceClear = 0;
      clearCaches();
    }
    const result = this.simulate(call);
    this.count(result);
    return result;
  }

  private simulate(call: TraceCall): CallResult {
    const a = analyze(call.requestText, { fileName: 'trace-call.json', model: this.options.model, defaultModel: this.options.defaultModel, priceOverrides: this.options.priceOverrides, rules: RULES_OFF });
    const base = { index: call.index, line: call.line, format: call.format, time: call.time, billed: call.usage };
    if (!a.isRequest) {
      const msg = a.problems.find((p) => p.severity === 'error')?.message ?? 'not a request';
      return { ...base, inputTokens: 0, exact: false, predictedRead: 0, predictedWrite: 0, explanation: { kind: 'not-a-request', message: `Not analysed: ${msg}` }, lostTokens: 0, lostUsd: 0, problems: [msg] };
    }
    const now = call.time ?? this.lastTime;
    if (call.time !== undefined) this.lastTime = Math.max(this.lastTime ?? 0, call.time);
    const t = now ?? 0;
    const profile = resolveModel(a.model.profileId ?? a.model.name) ?? resolveModel(a.model.fallback?.usedId);
    const model = this.intern((a.model.name ?? '').toLowerCase());
    const units = leaves(a.segments);
    const U = units.length;
    // Fingerprints per unit boundary (cumulative), seeded with the model; the thinking/reasoning parameters
    // are folded in before the first message (they invalidate the messages cache).
    const params = paramsOf(a);
    const keys: number[] = new Array(U);
    const cum: number[] = new Array(U);
    let lanes: Lanes = hashString(model, 7);
    let paramsFolded = false;
    let toolsLanes: number[] = [];
    let firstUnitKey = 0;
    const unitSet = new Set<number>();
    for (let k = 0; k < U; k++) {
      const u = units[k];
      if (!paramsFolded && u.section === 'messages') {
        lanes = combine(lanes, hashString(params, 11));
        paramsFolded = true;
      }
      const content = unitContent(call.requestText, u);
      const h = hashString(content, 3);
      if (!firstUnitKey && u.kind !== 'overhead') firstUnitKey = keyOf(h) || 1;
      if (u.kind !== 'overhead') unitSet.add(keyOf(h));
      if (u.section === 'tools') toolsLanes.push(keyOf(h));
      lanes = combine(lanes, h);
      keys[k] = keyOf(lanes);
      cum[k] = u.cumulativeTokens;
    }
    toolsLanes = toolsLanes.sort((x, y) => x - y);
    const toolsKey = keyOf(hashString(toolsLanes.join(','), 5));
    const paramsKey = keyOf(hashString(params, 13));
    const indexById = new Map<string, number>();
    units.forEach((u, k) => indexById.set(u.id, k));
    const plan = a.cache;
    const readable = ruleContextOf(a)?.model.readableBefore ?? ((x: number) => x);
    const supported = profile?.cachingSupported !== false && !plan.rejected;
    const family = plan.family;
    const lookback = family === 'breakpoints' ? (profile?.lookback ?? 20) : 1;
    const autoTtlMs = (profile?.cacheLifetimeMinutes ?? DEFAULT_LIFETIME_MINUTES) * 60_000;
    const timed = now !== undefined;
    const alive = (e: Entry | undefined, ignoreTtl: boolean): boolean => !!e && e.written && (ignoreTtl || !timed || e.expires >= t);

    // Reads: what the rules let this call read from live entries (and, for the TTL explanation, from all).
    const bps = family === 'automatic' ? [] : plan.breakpoints.map((b) => ({ b, k: indexById.get(b.segmentId) })).filter((x): x is { b: (typeof plan.breakpoints)[number]; k: number } => x.k !== undefined);
    const readAt = (ignoreTtl: boolean): { tokens: number; k: number } => {
      if (!supported) return { tokens: 0, k: -1 };
      if (family === 'automatic') {
        for (let k = U - 1; k >= 0; k--) {
          if (alive(this.entries.get(keys[k]), ignoreTtl)) return { tokens: readable(k === U - 1 ? Infinity : cum[k]), k };
        }
        return { tokens: 0, k: -1 };
      }
      let best = { tokens: 0, k: -1 };
      for (const { k: kb } of bps) {
        const posB = units[kb].position ?? kb;
        for (let j = kb; j >= 0; j--) {
          const pos = units[j].position ?? j;
          if (posB - pos >= lookback) break;
          const e = this.entries.get(keys[j]);
          if (alive(e, ignoreTtl)) {
            if (e!.tokens > best.tokens) best = { tokens: e!.tokens, k: j };
            break;
          }
        }
      }
      return best;
    };
    const live = readAt(false);
    const anyTime = timed ? readAt(true) : live;
    // The deepest prefix any earlier call sent (written or not): the reference call.
    let sharedK = -1;
    for (let k = U - 1; k >= 0; k--) {
      if (this.entries.has(keys[k])) {
        sharedK = k;
        break;
      }
    }
    const refEntry = sharedK >= 0 ? this.entries.get(keys[sharedK]) : undefined;
    const refCall = refEntry?.call;
    const ref = refCall !== undefined ? this.summaries.get(refCall) : undefined;
    const shared = sharedK >= 0 ? cum[sharedK] : 0;

    // Writes (and refreshes) of this call.
    let maxWritten = 0;
    const write = (k: number, tokens: number, ttlMs: number) => {
      const e: Entry = { tokens, written: true, expires: timed ? t + ttlMs : Infinity, ttlMs, call: call.index, at: now };
      touch(this.entries, keys[k], e);
      maxWritten = Math.max(maxWritten, tokens);
    };
    let predictedWrite = 0;
    if (supported) {
      if (family === 'automatic') {
        const min = profile?.minimumTokens ?? 0;
        for (let k = 0; k < U; k++) if (cum[k] >= min) write(k, readable(k === U - 1 ? Infinity : cum[k]), autoTtlMs);
      } else {
        if (live.k >= 0) {
          const e = this.entries.get(keys[live.k])!;
          write(live.k, e.tokens, e.ttlMs); // a read refreshes the entry
        }
        let top = 0;
        for (const { b, k } of bps) {
          if (!b.meetsMinimum) continue;
          write(k, b.prefixTokens, TTL_MINUTES[b.ttl] * 60_000);
          top = Math.max(top, b.prefixTokens);
        }
        predictedWrite = Math.max(0, top - live.tokens);
      }
    }
    // Seen prefixes (for the reference of later calls); they never make a read.
    for (let k = 0; k < U; k++) {
      const e = this.entries.get(keys[k]);
      if (e) {
        if (e.call !== call.index) touch(this.entries, keys[k], { ...e, call: call.index, at: e.written ? e.at : now });
      } else this.entries.set(keys[k], { tokens: cum[k], written: false, expires: 0, ttlMs: 0, call: call.index, at: now });
    }
    const predictedRead = live.tokens;

    // The explanation.
    const firstUser = units.find((u) => u.section === 'messages')?.messageIndex;
    const next = units[sharedK + 1];
    let explanation: Explanation;
    let changed: ReturnType<TraceAnalyzer['changedFirstUnit']>;
    let expected = predictedRead;
    const min = profile?.minimumTokens ?? plan.minimumTokens;
    const modelBefore = sharedK < 0 ? this.firstUnits.get(firstUnitKey) : undefined;
    if (!supported) {
      explanation = { kind: 'not-cached', message: plan.rejected ? `Nothing is cached: ${plan.rejected}` : `${profile?.displayName ?? 'This model'} has no prompt-caching discount.` };
    } else if (modelBefore && modelBefore.model !== model) {
      const r = this.summaries.get(modelBefore.call);
      explanation = { kind: 'model-changed', reference: modelBefore.call, message: `The same prompt was sent to ${modelBefore.model || 'another model'} by call ${modelBefore.call + 1}: the cache is per model, so nothing is read.`, firstDifference: { unit: 'model', sharedPrefixTokens: 0, category: 'model-changed' } };
      expected = Math.min(r?.maxWritten ?? 0, a.inputTokens);
    } else if (sharedK < 0 && (changed = this.changedFirstUnit(call, a.model.name, min, unitSet))) {
      // The first unit itself changed (a system prompt edited, OpenAI's tools block reordered): compared
      // with the previous call, which shares the start of that unit.
      const { prev, c } = changed;
      const r = this.summaries.get(prev)!;
      const fd: FirstDifference = { unit: c.unit, unitId: c.unitId, range: c.range, category: c.category, sharedPrefixTokens: c.sharedPrefixTokens ?? 0, fromCompare: true };
      explanation = { kind: 'prefix-changed', reference: prev, firstDifference: fd, message: `Differs from call ${prev + 1} at ${fd.unit} (${CATEGORY_WORDS[fd.category]}): ${fmtInt(fd.sharedPrefixTokens)} tokens in common, where call ${prev + 1} had cached ${fmtInt(r.maxWritten)}.` };
      expected = Math.min(r.maxWritten, a.inputTokens);
    } else if (sharedK < 0) {
      explanation = { kind: 'first', message: 'Nothing in common with an earlier call: a new prefix, written for later calls.' };
    } else if (ref && shared < ref.maxWritten && !(next?.section === 'messages' && next.messageIndex === firstUser && sectionCategory(next) === 'history-rewritten' && ref.paramsKey === paramsKey)) {
      // This call leaves the reference before the end of what it cached: a change, not a new turn.
      let category = sectionCategory(next);
      if (next?.section === 'tools' && ref.toolsKey === toolsKey) category = 'tools-reordered';
      if (next?.section === 'messages' && ref.paramsKey !== paramsKey) category = 'parameters-changed';
      const fd: FirstDifference = { unit: next ? unitLabel(a, next) : 'the end of the request', unitId: next?.id, sharedPrefixTokens: shared, category, range: next ? { ...next.range } : undefined };
      const refText = this.texts.get(refCall!);
      const compare = this.options.compare === undefined ? compareCalls : this.options.compare;
      if (compare && refText !== undefined) {
        const c = compare(refText, call.requestText, a.model.name);
        if (c) Object.assign(fd, { unit: c.unit, unitId: c.unitId ?? fd.unitId, range: c.range ?? fd.range, category: c.category, sharedPrefixTokens: c.sharedPrefixTokens ?? fd.sharedPrefixTokens, fromCompare: true });
      }
      explanation = { kind: 'prefix-changed', reference: refCall, firstDifference: fd, message: `Differs from call ${refCall! + 1} at ${fd.unit} (${CATEGORY_WORDS[fd.category]}): ${fmtInt(fd.sharedPrefixTokens)} tokens in common, where call ${refCall! + 1} had cached ${fmtInt(ref.maxWritten)}.` };
      expected = Math.min(ref.maxWritten, a.inputTokens);
    } else if (anyTime.tokens > predictedRead) {
      const e = this.entries.get(keys[anyTime.k]);
      const gap = e?.at !== undefined && now !== undefined ? (t - e.at) / 60_000 : undefined;
      const ttlMin = e ? e.ttlMs / 60_000 : 0;
      explanation = { kind: 'ttl-expired', reference: refCall, gapMinutes: gap, message: `The entry of ${fmtInt(anyTime.tokens)} tokens expired: ${gap !== undefined ? `${gap.toFixed(1)} min` : 'too long'} since its last use, above its ${ttlMin} min lifetime.` };
      expected = anyTime.tokens;
    } else if (predictedRead > 0) {
      const newConv = ref && shared < ref.inputTokens && next?.section === 'messages' && next.messageIndex === firstUser;
      explanation = newConv
        ? { kind: 'new-conversation', reference: refCall, message: `A new conversation: reads the ${fmtInt(predictedRead)}-token shared start that call ${refCall! + 1} cached.` }
        : { kind: 'hit', reference: refCall, message: `Reads ${fmtInt(predictedRead)} tokens cached by call ${refCall! + 1}${predictedRead < a.inputTokens ? `; the remaining ${fmtInt(a.inputTokens - predictedRead)} are new` : ''}.` };
    } else if (shared < min) {
      explanation = { kind: 'below-minimum', reference: refCall, message: `Shares ${fmtInt(shared)} tokens with call ${refCall! + 1}, below the ${fmtInt(min)}-token minimum: nothing is cached.` };
    } else if (family !== 'automatic' && !bps.length) {
      explanation = { kind: 'no-breakpoint', reference: refCall, message: `Shares ${fmtInt(shared)} tokens with call ${refCall! + 1}, but this request has no breakpoint: nothing is read or written.` };
    } else if (family !== 'automatic' && ref && ref.maxWritten === 0) {
      explanation = { kind: 'no-breakpoint', reference: refCall, message: `Shares ${fmtInt(shared)} tokens with call ${refCall! + 1}, which wrote no cache entry (no breakpoint that met the minimum).` };
    } else if (family === 'breakpoints') {
      explanation = { kind: 'lookback', reference: refCall, message: `The entry call ${refCall! + 1} wrote is more than ${lookback} positions before every breakpoint of this request: the lookback does not reach it.` };
    } else {
      explanation = { kind: 'below-minimum', reference: refCall, message: `Shares ${fmtInt(shared)} tokens with call ${refCall! + 1}: nothing readable under this model's rules.` };
    }
    if (explanation.kind === 'first' && !timed) explanation.message += ' (No timestamps in this trace: TTLs are not checked.)';

    // Billed against predicted, and the money lost.
    const billed = call.usage?.cachedRead;
    let agrees: boolean | undefined;
    let billedNote: string | undefined;
    if (billed !== undefined) {
      const hi = Math.max(billed, predictedRead);
      const tol = a.exact ? Math.max(16, 0.02 * hi) : Math.max(32, 0.1 * hi);
      agrees = (billed === 0) === (predictedRead === 0) && Math.abs(billed - predictedRead) <= tol;
      if (!agrees) {
        billedNote =
          billed > predictedRead
            ? `Billed ${fmtInt(billed)} cached tokens, ${fmtInt(billed - predictedRead)} more than predicted: an entry this trace does not show (calls before it began, other clients with the same prefix) or provider behaviour not modelled.`
            : `Billed ${fmtInt(billed)} cached tokens, ${fmtInt(predictedRead - billed)} fewer than predicted: the entry was evicted early, the call reached another cache host or ran before the entry existed (parallel calls), or provider behaviour not modelled.`;
      }
    }
    const actual = billed ?? predictedRead;
    const lostTokens = Math.max(0, Math.min(a.inputTokens, Math.max(expected, predictedRead)) - actual);
    const prices = profile ? applyPriceOverrides(profile, this.options.priceOverrides, a.model.name).prices : undefined;
    const lostUsd = prices ? Math.round(lostTokens * Math.max(0, prices.input - prices.cacheRead)) / 1e6 : 0;
    const result: CallResult = {
      ...base,
      model: a.model.name,
      inputTokens: a.inputTokens,
      exact: a.exact,
      predictedRead,
      predictedWrite,
      explanation,
      billedNote,
      agrees,
      lostTokens,
      lostUsd,
    };
    if (call.providerReason) result.providerReason = { ...call.providerReason, ...agreement(explanation, call.providerReason, predictedRead) };
    const problems = a.problems.filter((p) => p.severity === 'error' || p.severity === 'warning').map((p) => p.message);
    if (problems.length) result.problems = problems;

    // Remember this call (bounded).
    touch(this.summaries, call.index, { inputTokens: a.inputTokens, maxWritten: Math.max(maxWritten, predictedRead), toolsKey, paramsKey, model, line: call.line });
    if (this.summaries.size > 100_000) this.summaries.delete(this.summaries.keys().next().value as number);
    touch(this.firstUnits, firstUnitKey, { model, call: call.index });
    if (this.firstUnits.size > 100_000) this.firstUnits.delete(this.firstUnits.keys().next().value as number);
    if (this.keepTexts > 0 && call.requestText.length < 4_000_000) {
      this.texts.set(call.index, call.requestText);
      this.unitSets.set(call.index, unitSet);
      this.textChars += call.requestText.length;
      while (this.texts.size > this.keepTexts || this.textChars > 16_000_000) {
        const [k, v] = this.texts.entries().next().value as [number, string];
        this.texts.delete(k);
        this.unitSets.delete(k);
        this.textChars -= v.length;
      }
    }
    this.evict(now);
    return result;
  }

  /**
   * A call that shares no whole unit with any earlier call, held against the previous call (if its text is
   * kept and it cached something): a change when they share a real start (a quarter of the minimum, at most
   * 256 tokens), at least half of this call's units, or the same tools in another order.
   */
  private changedFirstUnit(call: TraceCall, model: string | undefined, min: number, units: Set<number>): { prev: number; c: CompareResult } | undefined {
    const compare = this.options.compare === undefined ? compareCalls : this.options.compare;
    if (!compare) return undefined;
    let prev: number | undefined;
    for (const k of this.texts.keys()) prev = k;
    if (prev === undefined) return undefined;
    const r = this.summaries.get(prev);
    if (!r || r.maxWritten <= 0) return undefined;
    const c = compare(this.texts.get(prev)!, call.requestText, model);
    if (!c) return undefined;
    // Related: a real shared start, or at least half of this call's units (overhead aside) sent as they are by the previous call.
    const before = this.unitSets.get(prev);
    let same = 0;
    if (before) for (const k of units) if (before.has(k)) same++;
    const enough = (c.sharedPrefixTokens ?? 0) >= Math.min(256, Math.max(32, min / 4)) || (same > 0 && same * 2 >= units.size);
    return enough || c.category === 'tools-reordered' ? { prev, c } : undefined;
  }

  private evict(now: number | undefined): void {
    // Every 1,000 calls only: iterating a Map from its front walks the slots deleted LRU touches left behind.
    if (++this.sinceEvict < 1000 && this.entries.size <= this.maxEntries * 1.25) return;
    this.sinceEvict = 0;
    // Oldest first (LRU order): drop entries dead for a day (kept that long for the TTL explanation), then the cap.
    for (const [k, e] of this.entries) {
      const dead = now !== undefined && (e.at ?? 0) < now - DAY && (!e.written || e.expires < now - DAY);
      if (!dead && this.entries.size <= this.maxEntries) break;
      this.entries.delete(k);
    }
  }

  private count(r: CallResult): void {
    const T = this.totals;
    T.calls++;
    T.inputTokens += r.inputTokens;
    T.predictedRead += r.predictedRead;
    T.predictedWrite += r.predictedWrite;
    if (r.billed?.cachedRead !== undefined) {
      T.billedCalls++;
      T.billedInputTokens += r.billed.promptTokens ?? r.inputTokens;
      T.billedRead += r.billed.cachedRead;
      T.billedWrite += r.billed.cacheWrite ?? 0;
      T.predictedReadOnBilled += r.predictedRead;
      T.inputTokensOnBilled += r.inputTokens;
      if (r.agrees) T.agreeing++;
    }
    T.lostTokens += r.lostTokens;
    T.lostMicroUsd += Math.round(r.lostUsd * 1e6);
    T.kinds[r.explanation.kind] = (T.kinds[r.explanation.kind] ?? 0) + 1;
    if (r.providerReason?.disagrees) T.providerDisagreements++;
  }
}
