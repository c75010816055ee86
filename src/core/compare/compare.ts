// Compare two requests on the one request model: where their cache prefixes part (a unit and a text range
// in each file), the tokens before it, what the second reads from cache after the first under the
// provider's rules (the planners' own entries, minimum, 128-token steps, breakpoints and the lookback,
// GPT-5.6 exact-match breakpoints, TTL when the gap is known), and the category of change. Pure.
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { analyze } from '../analyze';
import { TTL_MINUTES, DEFAULT_LIFETIME_MINUTES } from '../cache/cost';
import { fmtInt } from '../format';
import { LineIndex } from '../lineIndex';
import type { ModelProfile } from '../models/types';
import { prop } from '../parse/json';
import { ruleContextOf } from '../request/pipeline';
import type { RequestModel } from '../request/model';
import type { Analysis, OffsetRange, Segment, Ttl } from '../types';
import { describeUnit, isImageUnit } from './describe';
import { canonical, firstNodeDiff } from './jsonDiff';
import type { CompareCategory, CompareOptions, CompareSide, Comparison, FirstDifference, SideRange } from './types';

/** One side, analysed, with its request model. */
export interface ResolvedSide {
  text: string;
  fileName?: string;
  analysis: Analysis;
  model?: RequestModel;
  profile?: ModelProfile;
  lines: LineIndex;
  timestamp?: number;
}

/** The analysis of a JSONL request line (1-based line number in the file), or the first request. */
export function pickLine(analysis: Analysis, text: string, line: number | undefined): Analysis | undefined {
  if (!analysis.lines || line === undefined) return analysis;
  const idx = new LineIndex(text);
  if (line < 1 || line > idx.lineCount) return undefined;
  const start = idx.offsetAt({ line: line - 1, character: 0 });
  const end = line < idx.lineCount ? idx.offsetAt({ line, character: 0 }) : text.length;
  return analysis.lines.find((l) => {
    const root = ruleContextOf(l)?.model.root;
    return root ? root.offset >= start && root.offset < end : false;
  });
}

export function resolveSide(side: CompareSide | string, options: CompareOptions = {}): ResolvedSide {
  const s: CompareSide = typeof side === 'string' ? { text: side } : side;
  const { gapSeconds: _gap, ...analyzeOptions } = options;
  const whole = s.analysis ?? analyze(s.text, { ...analyzeOptions, fileName: s.fileName ?? analyzeOptions.fileName });
  const picked = pickLine(whole, s.text, s.line);
  const analysis = picked ?? { ...whole, isRequest: false, problems: [...whole.problems, { severity: 'error' as const, message: `Line ${s.line} is not a request line of ${s.fileName ?? 'this file'}.` }] };
  const ctx = picked ? ruleContextOf(picked) : undefined;
  return { text: s.text, fileName: s.fileName, analysis, model: ctx?.model, profile: ctx?.profile, lines: new LineIndex(s.text), timestamp: s.timestamp };
}

function unitNode(m: RequestModel, u: Segment): Node | undefined {
  return m.root && u.path.length ? findNodeAtLocation(m.root, u.path) : undefined;
}

/** What the cache sees of a unit: its kind, role and content without markers. */
export function unitSignature(m: RequestModel, u: Segment): string {
  const n = unitNode(m, u);
  const head = `${u.kind}|${u.role ?? ''}|${u.blockType ?? ''}|`;
  if (n) return head + canonical(n);
  if (u.kind === 'overhead') return head + u.id + '|' + u.tokens;
  return head + u.spans.map((s) => s.text).join('\u0000');
}

/** Units that take part in the prefix: trailing request overheads (reply priming) are not cached content. */
function prefixUnits(m: RequestModel): Segment[] {
  const us = [...m.units];
  while (us.length && us[us.length - 1].kind === 'overhead') us.pop();
  return us;
}

function sideRange(side: ResolvedSide, r: OffsetRange): SideRange {
  const start = Math.max(0, Math.min(r.start, side.text.length));
  const end = Math.max(start, Math.min(r.end, side.text.length));
  const text = side.text.slice(start, end);
  return { start, end, startPos: side.lines.positionAt(start), endPos: side.lines.positionAt(end), text: text.length > 200 ? text.slice(0, 199) + '…' : text };
}

/** Top-level parameters whose change invalidates the messages cache (provider-rules.md §1.8), per dialect. */
function messageParams(side: ResolvedSide): (string | number)[][] {
  const d = side.analysis.dialect;
  if (side.analysis.provider !== 'anthropic') return [];
  if (d === 'bedrock-converse') return [['additionalModelRequestFields'], ['toolConfig', 'toolChoice']];
  if (d === 'anthropic-messages' || d === 'bedrock-invoke') return [['thinking'], ['tool_choice'], ['output_config'], ['speed']];
  if (d === 'openai-gateway') return [['reasoning'], ['tool_choice'], ['thinking']];
  return [];
}

function propertyRange(root: Node | undefined, path: (string | number)[]): OffsetRange | undefined {
  if (!root) return undefined;
  const parent = path.length > 1 ? findNodeAtLocation(root, path.slice(0, -1)) : root;
  const key = path[path.length - 1];
  const p = parent?.type === 'object' ? (parent.children ?? []).find((c) => c.children?.[0]?.value === key) : undefined;
  return p ? { start: p.offset, end: p.offset + p.length } : undefined;
}

interface Divergence {
  /** Index in both unit lists of the first unit that differs (= length of the shorter when one extends the other). */
  index: number;
  category: CompareCategory;
  diff?: FirstDifference;
  tokens: number;
}

const TOOL_SECTION = (u: Segment) => u.section === 'tools' && (u.kind === 'tool' || u.kind === 'tools');

function contentDivergence(a: ResolvedSide, b: ResolvedSide): Divergence {
  const ma = a.model!;
  const mb = b.model!;
  const ua = prefixUnits(ma);
  const ub = prefixUnits(mb);
  const sa = ua.map((u) => unitSignature(ma, u));
  const sb = ub.map((u) => unitSignature(mb, u));
  let i = 0;
  while (i < ua.length && i < ub.length && sa[i] === sb[i]) i++;
  if (i === ua.length && i === ub.length) return { index: i, category: 'identical', tokens: ub.length ? ub[ub.length - 1].cumulativeTokens : 0 };
  const x = ua[i];
  const y = ub[i];
  const end = (us: Segment[]) => (us.length ? us[us.length - 1].range.end : 0);
  if (!x) {
    // The second request starts with all of the first: a next turn.
    const tokens = y.startTokens;
    const diff: FirstDifference = {
      unit: describeUnit(ub, y),
      section: (y.section ?? 'messages') as FirstDifference['section'],
      unitId: { b: y.id },
      range: { a: sideRange(a, { start: end(ua), end: end(ua) }), b: sideRange(b, { start: y.range.start, end: end(ub) }) },
      tokenIndex: { a: ua.length ? ua[ua.length - 1].cumulativeTokens : 0, b: tokens },
    };
    return { index: i, category: 'extended', diff, tokens };
  }
  const na = unitNode(ma, x);
  const nb = y ? unitNode(mb, y) : undefined;
  let ra: OffsetRange;
  let rb: OffsetRange;
  let detail: (string | number)[] = [];
  if (!y) {
    ra = { start: x.range.start, end: end(ua) };
    rb = { start: end(ub), end: end(ub) };
  } else if (na && nb && x.kind === y.kind) {
    const d = firstNodeDiff(a.text, na, b.text, nb);
    ra = d?.a ?? x.range;
    rb = d?.b ?? y.range;
    detail = d?.path ?? [];
  } else if (!na && !nb && x.spans.length && y.spans.length) {
    const ta = x.spans.map((s) => s.text).join('');
    const tb = y.spans.map((s) => s.text).join('');
    let k = 0;
    while (k < ta.length && k < tb.length && ta[k] === tb[k]) k++;
    const at = (u: Segment, off: number) => {
      let rest = off;
      for (const s of u.spans) {
        if (rest <= s.text.length) return s.range.start + rest;
        rest -= s.text.length;
      }
      return u.range.end;
    };
    let e = 0;
    while (e < ta.length - k && e < tb.length - k && ta[ta.length - 1 - e] === tb[tb.length - 1 - e]) e++;
    ra = { start: at(x, k), end: Math.max(at(x, k), at(x, ta.length - e)) };
    rb = { start: at(y, k), end: Math.max(at(y, k), at(y, tb.length - e)) };
  } else {
    ra = x.range;
    rb = y.range;
  }
  const clampTok = (m: RequestModel, u: Segment | undefined, off: number, fallback: number) => (u ? Math.max(u.startTokens, Math.min(u.cumulativeTokens, m.tokenAt(off))) : fallback);
  const tA = clampTok(ma, x, ra.start, x.startTokens);
  const tB = clampTok(mb, y, rb.start, ub.length ? ub[ub.length - 1].cumulativeTokens : 0);
  const category = categoryOf(ua, ub, x, y, i);
  const diff: FirstDifference = {
    unit: describeUnit(y ? ub : ua, y ?? x, detail, y ? x : undefined),
    section: ((y ?? x).section ?? 'messages') as FirstDifference['section'],
    unitId: { a: x.id, b: y?.id },
    detail: detail.length ? detail.map((k, j) => (typeof k === 'number' ? `[${k}]` : j ? `.${k}` : k)).join('') : undefined,
    range: { a: sideRange(a, ra), b: sideRange(b, rb) },
    tokenIndex: { a: tA, b: tB },
  };
  return { index: i, category, diff, tokens: Math.min(tA, tB) };
}

function categoryOf(ua: Segment[], ub: Segment[], x: Segment, y: Segment | undefined, i: number): CompareCategory {
  const u = y ?? x;
  if (TOOL_SECTION(x) || (y && TOOL_SECTION(y))) {
    const names = (us: Segment[]) => us.filter(TOOL_SECTION).map((t) => t.label);
    const na = names(ua);
    const nb = names(ub);
    if (na.length === nb.length && na.join('\u0000') !== nb.join('\u0000') && [...na].sort().join('\u0000') === [...nb].sort().join('\u0000')) return 'tools-reordered';
    return 'tool-changed';
  }
  const system = (v: Segment | undefined) => !!v && (v.section === 'system' || (v.section === 'template' && (v.role === 'system' || v.role === 'developer')));
  if (system(x) || system(y)) return 'system-changed';
  if (isImageUnit(x) || (y && isImageUnit(y))) return 'image-changed';
  if (u.section === 'overhead' || u.kind === 'tool-choice' || u.kind === 'response-format' || x.kind === 'tool-choice' || x.kind === 'response-format') return 'model-or-parameters-changed';
  void i;
  return 'history-rewritten';
}

/** The earliest parameter change that invalidates the messages cache, as a divergence at the first message. */
function parameterDivergence(a: ResolvedSide, b: ResolvedSide): Divergence | undefined {
  const ma = a.model!;
  const mb = b.model!;
  const firstMsg = (m: RequestModel) => m.units.find((u) => u.section === 'messages');
  const fb = firstMsg(mb);
  const fa = firstMsg(ma);
  if (!fb || !fa) return undefined;
  const index = mb.units.indexOf(fb);
  const mk = (label: string, category: CompareCategory, ra: OffsetRange, rb: OffsetRange): Divergence => ({
    index,
    category,
    tokens: fb.startTokens,
    diff: { unit: label, section: 'parameters', unitId: {}, range: { a: sideRange(a, ra), b: sideRange(b, rb) }, tokenIndex: { a: fa.startTokens, b: fb.startTokens } },
  });
  for (const path of messageParams(b)) {
    const x = ma.root ? findNodeAtLocation(ma.root, path) : undefined;
    const y = mb.root ? findNodeAtLocation(mb.root, path) : undefined;
    if (canonical(x) === canonical(y)) continue;
    const at = (root: Node | undefined) => propertyRange(root, path) ?? { start: (root?.offset ?? 0) + 1, end: (root?.offset ?? 0) + 1 };
    return mk(`parameter ${path.join('.')} (invalidates the messages cache)`, 'model-or-parameters-changed', at(ma.root), at(mb.root));
  }
  if (b.analysis.provider === 'anthropic') {
    const imgs = (m: RequestModel) => m.units.filter(isImageUnit);
    const ia = imgs(ma);
    const ib = imgs(mb);
    if (ia.length !== ib.length) {
      const r = (us: Segment[], m: RequestModel) => (us.length ? us[us.length - 1].range : { start: m.root?.offset ?? 0, end: m.root?.offset ?? 0 });
      return mk(`images added or removed (${ia.length} → ${ib.length}; invalidates the messages cache)`, 'image-changed', r(ia, ma), r(ib, mb));
    }
  }
  return undefined;
}

interface Entry {
  unitIndex: number;
  tokens: number;
  position?: number;
  ttl: Ttl;
}

/** Entries the first request wrote (breakpoint families), at units of its prefix. */
function entriesOf(side: ResolvedSide): Entry[] {
  const m = side.model!;
  const plan = side.analysis.cache;
  if (plan.rejected) return [];
  const out: Entry[] = [];
  for (const bp of plan.breakpoints) {
    if (bp.readTokensOnRepeat <= 0) continue;
    const u = m.units.find((x) => x.id === bp.segmentId);
    if (u) out.push({ unitIndex: u.unitIndex ?? 0, tokens: bp.prefixTokens, position: u.position, ttl: bp.ttl });
  }
  return out;
}

function ttlSecondsOf(ttl: Ttl): number {
  return TTL_MINUTES[ttl] * 60;
}

/** What the second request reads after the first, when their prefixes agree on `index` units and `tokens` tokens. */
function readOnSecond(a: ResolvedSide, b: ResolvedSide, index: number, tokens: number, gap: number | undefined, notes: string[]): { read: number; ttl?: Comparison['ttl']; lookbackMiss?: boolean } {
  const plan = b.analysis.cache;
  const profile = b.profile!;
  if (plan.rejected) {
    notes.push(`The second request is rejected by the API (${plan.rejected}): it reads nothing.`);
    return { read: 0 };
  }
  if (a.analysis.cache.rejected) {
    notes.push(`The first request is rejected by the API (${a.analysis.cache.rejected}): it wrote nothing.`);
    return { read: 0 };
  }
  if (plan.family === 'automatic') {
    const read = Math.min(a.model!.readableBefore(tokens), b.model!.readableBefore(tokens));
    const lifetime = (profile.cacheLifetimeMinutes ?? DEFAULT_LIFETIME_MINUTES) * 60;
    const ttl = gap !== undefined ? { gapSeconds: gap, ttlSeconds: lifetime, expired: gap > lifetime && read > 0 } : undefined;
    const inc = plan.incrementTokens ?? 1;
    if (tokens < plan.minimumTokens) notes.push(`The shared prefix (${fmtInt(tokens)} tokens) is below the ${fmtInt(plan.minimumTokens)}-token minimum: nothing is read.`);
    else notes.push(`Automatic caching reads the shared prefix from the ${fmtInt(plan.minimumTokens)}-token minimum${inc > 1 ? ` in steps of ${fmtInt(inc)}` : ''}: ${fmtInt(read)} of ${fmtInt(tokens)} shared tokens.`);
    if (ttl?.expired) {
      notes.push(`The gap (${fmtInt(gap!)} s) is longer than the ${fmtInt(lifetime / 60)} minutes an idle entry is assumed to live for ${profile.displayName}: nothing is read.`);
      return { read: 0, ttl };
    }
    return { read, ttl };
  }
  const all = entriesOf(a);
  const shared = all.filter((e) => e.unitIndex < index && e.tokens <= tokens);
  const alive = gap === undefined ? shared : shared.filter((e) => gap <= ttlSecondsOf(e.ttl));
  const ttl = gap !== undefined && all.length ? { gapSeconds: gap, ttlSeconds: Math.max(...all.map((e) => ttlSecondsOf(e.ttl))), expired: shared.length > 0 && alive.length === 0 } : undefined;
  if (!all.length) notes.push('The first request wrote no cache entry (no breakpoint closes a prefix of the minimum size).');
  else if (!shared.length) notes.push(`None of the ${all.length} entr${all.length === 1 ? 'y' : 'ies'} the first request wrote lies before the first difference.`);
  else if (!alive.length) notes.push(`The gap (${fmtInt(gap!)} s) outlives the TTL of every entry the first request wrote before the difference: nothing is read.`);
  let read = 0;
  if (plan.family === 'openai-breakpoints') {
    // Exact match at an entry an earlier request wrote; no lookback limit (the latest 80 breakpoints).
    const reach = Math.max(0, ...plan.breakpoints.map((bp) => bp.prefixTokens));
    for (const e of alive) if (e.tokens <= reach && e.tokens > read) read = e.tokens;
    if (alive.length) notes.push(`GPT-5.6 breakpoints match an entry exactly: the longest entry the first wrote before the difference is ${fmtInt(read)} tokens.`);
    return { read, ttl };
  }
  const window = profile.lookback ?? 20;
  const mine = plan.breakpoints.filter((bp) => bp.readTokensOnRepeat > 0);
  const unitsB = b.model!.units;
  let missedByLookback: { from: number; to: number } | undefined;
  for (const bp of mine) {
    const u = unitsB.find((x) => x.id === bp.segmentId);
    const p = u?.position;
    if (p === undefined) continue;
    for (const e of alive) {
      if (e.position === undefined || e.tokens > bp.prefixTokens) continue;
      const d = p - e.position;
      if (d >= 0 && d < window) read = Math.max(read, e.tokens);
      else if (d >= window && e.tokens > read) missedByLookback = { from: p, to: e.position };
    }
  }
  if (!mine.length && alive.length) notes.push('The second request has no breakpoint that qualifies: it reads nothing.');
  if (missedByLookback) notes.push(`An entry the first request wrote (position ${missedByLookback.to + 1}) is ${missedByLookback.from - missedByLookback.to} positions before the second's breakpoint, beyond the ${window}-position lookback.`);
  if (alive.length && mine.length) notes.push(`The second request's breakpoints find ${read ? `the first's entry at ${fmtInt(read)} tokens` : 'no entry the first wrote'} (lookback ${window} positions).`);
  return { read, ttl, lookbackMiss: !!missedByLookback };
}

function notComparable(a: ResolvedSide, b: ResolvedSide, problems: string[]): Comparison {
  return {
    category: 'not-comparable',
    categories: ['not-comparable'],
    sharedPrefixTokens: 0,
    cachedTokensOnSecond: 0,
    cachedTokensIfUnchanged: 0,
    inputTokens: { a: a.analysis.inputTokens ?? 0, b: b.analysis.inputTokens ?? 0 },
    family: b.analysis.cache?.family ?? 'automatic',
    dialect: { a: a.analysis.dialect, b: b.analysis.dialect },
    model: { a: a.analysis.model?.name, b: b.analysis.model?.name },
    notes: [],
    problems,
  };
}

function problemsOf(side: ResolvedSide, name: string): string[] {
  if (side.analysis.isRequest && side.model) return [];
  const p = side.analysis.problems.filter((x) => x.severity === 'error').map((x) => x.message);
  return [`${name} is not a request${p.length ? `: ${p[0]}` : '.'}`];
}

/** Compare two resolved sides (see compareRequests). */
export function compareResolved(a: ResolvedSide, b: ResolvedSide, options: CompareOptions = {}): Comparison {
  const problems = [...problemsOf(a, a.fileName ?? 'The first request'), ...problemsOf(b, b.fileName ?? 'The second request')];
  if (problems.length) return notComparable(a, b, problems);
  const gap = options.gapSeconds ?? (a.timestamp !== undefined && b.timestamp !== undefined ? Math.max(0, (b.timestamp - a.timestamp) / 1000) : undefined);
  const notes: string[] = [];
  const ifUnchanged = b.analysis.cache.cachedTokensOnRepeat;
  const base = {
    inputTokens: { a: a.analysis.inputTokens, b: b.analysis.inputTokens },
    cachedTokensIfUnchanged: ifUnchanged,
    family: b.analysis.cache.family,
    dialect: { a: a.analysis.dialect, b: b.analysis.dialect },
    model: { a: a.analysis.model.name, b: b.analysis.model.name },
    problems: [] as string[],
  };
  const pa = a.profile!.id;
  const pb = b.profile!.id;
  if (pa !== pb || a.analysis.model.name !== b.analysis.model.name || a.analysis.dialect !== b.analysis.dialect) {
    const what = a.analysis.dialect !== b.analysis.dialect ? `format ${a.analysis.dialect} → ${b.analysis.dialect}` : `model ${a.analysis.model.name} → ${b.analysis.model.name}`;
    notes.push(`Another ${a.analysis.dialect !== b.analysis.dialect ? 'request format' : 'model'} (${what}): a cache entry belongs to one model, so nothing is read.`);
    const at = (s: ResolvedSide) => s.analysis.model.range ?? { start: 0, end: 0 };
    return {
      ...base,
      category: 'model-or-parameters-changed',
      categories: ['model-or-parameters-changed'],
      sharedPrefixTokens: 0,
      cachedTokensOnSecond: 0,
      firstDifference: { unit: what, section: 'model', unitId: {}, range: { a: sideRange(a, at(a)), b: sideRange(b, at(b)) }, tokenIndex: { a: 0, b: 0 } },
      notes,
    };
  }
  const content = contentDivergence(a, b);
  const param = parameterDivergence(a, b);
  const d = param && param.tokens <= content.tokens ? param : content;
  const categories: CompareCategory[] = [d.category];
  if (param && d !== param) categories.push(param.category);
  if (d !== content && content.category !== 'identical') categories.push(content.category);
  const { read, ttl, lookbackMiss } = readOnSecond(a, b, d.index, d.tokens, gap, notes);
  let category = d.category;
  // Same content up to where the second extends it, yet it reads less than the first wrote there: the TTL,
  // the lookback, or breakpoints placed elsewhere.
  if ((category === 'identical' || category === 'extended') && read < readAll(a, d.index, d.tokens)) {
    category = ttl?.expired ? 'ttl-expired' : lookbackMiss ? 'lookback-exceeded' : 'breakpoint-moved';
    categories.unshift(category);
    if (category === 'breakpoint-moved') notes.push('The content is the same, but the breakpoints are placed differently: the second request does not look up the entries the first wrote.');
  } else if (ttl?.expired) categories.push('ttl-expired');
  if (d.diff && category !== 'identical') notes.unshift(`First difference: ${d.diff.unit}, after ${fmtInt(d.tokens)} shared tokens.`);
  return { ...base, category, categories: [...new Set(categories)], sharedPrefixTokens: d.tokens, cachedTokensOnSecond: read, firstDifference: category === 'identical' ? undefined : d.diff, ttl, notes };
}

/** What the first request's own prefix offers up to `tokens` (breakpoint families: its longest entry there). */
function readAll(a: ResolvedSide, index: number, tokens: number): number {
  if (a.analysis.cache.family === 'automatic') return a.model!.readableBefore(tokens);
  return Math.max(0, ...entriesOf(a).filter((e) => e.unitIndex < index && e.tokens <= tokens).map((e) => e.tokens));
}

/**
 * Compare two requests: `a` is sent first, `b` second. Each side is a text (plus file name and JSONL line)
 * or `{ text, analysis }`. Never throws: an unreadable side gives category "not-comparable" with problems.
 */
export function compareRequests(a: CompareSide | string, b: CompareSide | string, options: CompareOptions = {}): Comparison {
  const ra = resolveSide(a, options);
  const rb = resolveSide(b, options);
  try {
    return compareResolved(ra, rb, options);
  } catch (err) {
    return notComparable(ra, rb, [`The comparison failed: ${err instanceof Error ? err.message : String(err)}. Please report this.`]);
  }
}

