// Shared helpers for rules: the request's cacheable units in cache order (from the JSONC tree), token
// positions (from the analysis' segments), money, and formatting. Pure: no vscode, no IO.
import type { Node } from 'jsonc-parser';
import type { Breakpoint, OffsetRange, Segment, TextSpan, Ttl } from '../types';
import type { RuleContext } from './types';
import { findVolatileValues, type VolatileValue } from './volatile';
import { findPlaceholders, type Placeholder } from './placeholders';
import { arrayItems, nodeRange, prop, propNode, spanSourceOffset, stringProp, stringSpan } from '../parse/json';

// ---------------------------------------------------------------------------------------------------
// JSON tree helpers: the parser module's (str and items are the rules' short names for them).
export { nodeRange, prop, propNode };
export const str = stringProp;
export const items = arrayItems;

// String decoding with source offsets: the parser module's, whose escape maps are sparse and lazy (a
// per-character offset array for a megabyte-long string would be rebuilt on every keystroke).
export { stringSpan };

/** Source offset of decoded index i in a span. */
export function srcOffset(span: TextSpan, i: number): number {
  return spanSourceOffset(span, i);
}

export function srcRange(span: TextSpan, start: number, end: number): OffsetRange {
  return { start: spanSourceOffset(span, start), end: spanSourceOffset(span, end) };
}

// ---------------------------------------------------------------------------------------------------
// Formatting

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function fmtUsd(x: number): string {
  if (!(x > 0)) return '$0';
  if (x >= 1) return `$${x.toFixed(2)}`;
  if (x >= 0.01) return `$${x.toFixed(3)}`;
  const digits = Math.max(2, -Math.floor(Math.log10(x)) + 1);
  return `$${x.toFixed(Math.min(digits, 8))}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtInt(n)} ${Math.round(n) === 1 ? one : many}`;
}

// ---------------------------------------------------------------------------------------------------
// Prices

export interface PriceInfo {
  input: number;
  write5m: number;
  write1h: number;
  read: number;
}

export function prices(ctx: RuleContext): PriceInfo | undefined {
  const p = ctx.analysis.cost?.prices ?? ctx.profile?.prices;
  if (!p || !(p.input > 0)) return undefined;
  return { input: p.input, write5m: p.cacheWrite5m ?? p.input, write1h: p.cacheWrite1h ?? p.cacheWrite5m ?? p.input, read: p.cacheRead ?? p.input };
}

/** " (≈ $0.0144 per call)" for `tokens` at the input price, or "" when prices are unknown. */
export function perCall(ctx: RuleContext, tokens: number, which: keyof PriceInfo = 'input'): string {
  const p = prices(ctx);
  if (!p || tokens <= 0) return '';
  return ` (≈ ${fmtUsd((tokens * p[which]) / 1e6)} per call)`;
}

/** Extra money per call of paying `tokens` at the input price instead of the cache-read price. */
export function missedSaving(ctx: RuleContext, tokens: number): string {
  const p = prices(ctx);
  if (!p || tokens <= 0) return '';
  const d = (tokens * (p.input - p.read)) / 1e6;
  return d > 0 ? ` (≈ ${fmtUsd(d)} per call more than a cache read)` : '';
}

// ---------------------------------------------------------------------------------------------------
// Segments and token positions

export function flattenSegments(segs: Segment[]): Segment[] {
  const out: Segment[] = [];
  const walk = (s: Segment) => {
    out.push(s);
    for (const c of s.children ?? []) walk(c);
  };
  for (const s of segs) walk(s);
  return out;
}

const pathKey = (p: (string | number)[]) => p.map(String).join('/');

const tokenMaps = new WeakMap<RuleContext, TokenMap>();

/** The TokenMap of an analysis (built once per rule context; it is read-only). */
export function tokenMap(ctx: RuleContext): TokenMap {
  let tm = tokenMaps.get(ctx);
  if (!tm) tokenMaps.set(ctx, (tm = new TokenMap(ctx)));
  return tm;
}

export class TokenMap {
  private byPath = new Map<string, Segment>();
  private all: Segment[];
  constructor(private ctx: RuleContext) {
    this.all = flattenSegments(ctx.analysis.segments ?? []);
    for (const s of this.all) if (s.path?.length) this.byPath.set(pathKey(s.path), s);
  }

  segmentAt(path: (string | number)[]): Segment | undefined {
    const s = this.byPath.get(pathKey(path));
    if (s) return s;
    // string content: the message segment carries it
    if (path[path.length - 1] === 'content') return this.byPath.get(pathKey(path.slice(0, -1)));
    return undefined;
  }

  /** Deepest segment whose source range contains [start, end]. */
  segmentContaining(start: number, end = start): Segment | undefined {
    let best: Segment | undefined;
    for (const s of this.all) {
      if (s.range.start <= start && end <= s.range.end) {
        if (!best || s.range.end - s.range.start <= best.range.end - best.range.start) best = s;
      }
    }
    return best;
  }

  /** Cumulative tokens (cache order) at a source offset; proportional inside a segment. */
  tokensAt(offset: number): number {
    const s = this.segmentContaining(offset);
    if (!s) return 0;
    const len = Math.max(1, s.range.end - s.range.start);
    const f = Math.max(0, Math.min(1, (offset - s.range.start) / len));
    return s.startTokens + s.tokens * f;
  }

  /** Cumulative tokens through the end of the node at `path` (exact when the engine has that segment). */
  tokensThrough(path: (string | number)[], fallbackRange?: OffsetRange): number {
    const s = this.segmentAt(path);
    if (s) return s.cumulativeTokens;
    if (fallbackRange) return this.tokensAt(fallbackRange.end);
    return 0;
  }

  tokensBefore(path: (string | number)[], fallbackRange?: OffsetRange): number {
    const s = this.segmentAt(path);
    if (s) return s.startTokens;
    if (fallbackRange) return this.tokensAt(fallbackRange.start);
    return 0;
  }

  get total(): number {
    const top = this.ctx.analysis.segments ?? [];
    return this.ctx.analysis.inputTokens || (top.length ? top[top.length - 1].cumulativeTokens : 0);
  }
}

// ---------------------------------------------------------------------------------------------------
// Cacheable units in cache order (tools → system → messages)

export type Section = 'tools' | 'system' | 'messages';

export interface Unit {
  path: (string | number)[];
  /** The object that carries (or would carry) cache_control; for string forms, the string node. */
  node: Node;
  /** True for a string `system` or string message `content` (needs conversion to blocks first). */
  stringForm: boolean;
  section: Section;
  /** 'tool' | 'system' | 'block' | 'message' (string content) */
  kind: 'tool' | 'system' | 'block' | 'message';
  role?: string;
  msgIndex?: number;
  blockType?: string;
  /** Index among units (cache order). */
  index: number;
  /** May carry cache_control (not thinking, not empty text, not a sub-block). */
  eligible: boolean;
  /** The per-request tail: the last block of the final message. */
  tail: boolean;
  /** Text spans to scan for volatile values / placeholders. */
  spans: TextSpan[];
  /** Existing cache_control property node on this unit. */
  cacheControl?: Node;
  /** The message object for message units/blocks. */
  message?: Node;
  label: string;
}

const MSG_PATH = (r: RuleContext) => (r.analysis.dialect === 'anthropic-messages' ? 'messages' : 'messages');

export function isBreakpointDialect(ctx: RuleContext): boolean {
  return ctx.analysis.cache?.family === 'breakpoints' && !!ctx.root && ctx.analysis.dialect !== 'prompt-template';
}

export function isAnthropic(ctx: RuleContext): boolean {
  return ctx.analysis.dialect === 'anthropic-messages';
}

function blockLabel(b: Node, i: number): string {
  const t = str(b, 'type');
  return `${t ?? 'content'} block ${i + 1}`;
}

function blockSpans(text: string, b: Node): TextSpan[] {
  const out: TextSpan[] = [];
  if (b.type === 'string') return [stringSpan(text, b)];
  const t = prop(b, 'text');
  if (t?.type === 'string') out.push(stringSpan(text, t));
  // tool_result / OpenAI tool content
  const c = prop(b, 'content');
  if (c?.type === 'string') out.push(stringSpan(text, c));
  for (const sub of items(c)) {
    const st = prop(sub, 'text');
    if (st?.type === 'string') out.push(stringSpan(text, st));
  }
  const input = prop(b, 'input');
  if (input) collectStrings(text, input, out);
  return out;
}

function collectStrings(text: string, n: Node, out: TextSpan[]): void {
  if (n.type === 'string') out.push(stringSpan(text, n));
  else if (n.type === 'property') {
    if (n.children?.[1]) collectStrings(text, n.children[1], out);
  } else for (const c of n.children ?? []) collectStrings(text, c, out);
}

const cache = new WeakMap<RuleContext, Unit[]>();

/** The request's cacheable units in cache order. Empty for prompt templates and unparsed input. */
export function units(ctx: RuleContext): Unit[] {
  const hit = cache.get(ctx);
  if (hit) return hit;
  const out: Unit[] = [];
  const root = ctx.root;
  const text = ctx.text;
  if (root && root.type === 'object' && ctx.analysis.dialect !== 'prompt-template') {
    const add = (u: Omit<Unit, 'index' | 'tail' | 'cacheControl'>) => {
      const cc = u.stringForm ? undefined : propNode(u.node, 'cache_control');
      // Explicit fields (one object shape) rather than a spread: thousands of units per keystroke.
      out.push({
        path: u.path,
        node: u.node,
        stringForm: u.stringForm,
        section: u.section,
        kind: u.kind,
        role: u.role,
        msgIndex: u.msgIndex,
        blockType: u.blockType,
        index: out.length,
        eligible: u.eligible,
        tail: false,
        spans: u.spans,
        cacheControl: cc,
        message: u.message,
        label: u.label,
      });
    };
    // tools
    const tools = prop(root, 'tools');
    items(tools).forEach((t, i) => {
      const fn = prop(t, 'function');
      const name = str(t, 'name') ?? str(fn, 'name') ?? `#${i + 1}`;
      const spans: TextSpan[] = [];
      collectStrings(text, t, spans);
      add({ path: ['tools', i], node: t, stringForm: false, section: 'tools', kind: 'tool', eligible: t.type === 'object', spans, label: `tool ${name}` });
    });
    // system (Anthropic top-level)
    const sys = prop(root, 'system');
    if (sys?.type === 'string') {
      add({ path: ['system'], node: sys, stringForm: true, section: 'system', kind: 'system', eligible: (sys.value as string).length > 0, spans: [stringSpan(text, sys)], label: 'system prompt' });
    } else
      items(sys).forEach((b, i) => {
        const ty = str(b, 'type');
        const t = prop(b, 'text');
        const empty = t?.type === 'string' && (t.value as string).length === 0;
        add({ path: ['system', i], node: b, stringForm: false, section: 'system', kind: 'system', blockType: ty, eligible: b.type === 'object' && !empty, spans: blockSpans(text, b), label: `system block ${i + 1}` });
      });
    // messages (or Responses-style input)
    const msgsKey = prop(root, 'messages') ? MSG_PATH(ctx) : prop(root, 'input')?.type === 'array' ? 'input' : 'messages';
    const msgs = items(prop(root, msgsKey));
    msgs.forEach((m, mi) => {
      const role = str(m, 'role');
      const content = prop(m, 'content');
      const who = role ? `${role} message ${mi + 1}` : `message ${mi + 1}`;
      if (content?.type === 'string') {
        add({ path: [msgsKey, mi, 'content'], node: content, stringForm: true, section: 'messages', kind: 'message', role, msgIndex: mi, eligible: (content.value as string).length > 0, spans: [stringSpan(text, content)], message: m, label: who });
      } else if (content?.type === 'array') {
        items(content).forEach((b, bi) => {
          const ty = str(b, 'type');
          const t = prop(b, 'text');
          const empty = (ty === 'text' || ty === 'input_text') && t?.type === 'string' && (t.value as string).length === 0;
          const thinking = ty === 'thinking' || ty === 'redacted_thinking';
          add({ path: [msgsKey, mi, 'content', bi], node: b, stringForm: false, section: 'messages', kind: 'block', role, msgIndex: mi, blockType: ty, eligible: b.type === 'object' && !empty && !thinking, spans: blockSpans(text, b), message: m, label: `${who}, ${blockLabel(b, bi)}` });
        });
      } else if (m.type === 'object') {
        // tool-call-only assistant message etc.: the message itself is the unit
        const spans: TextSpan[] = [];
        collectStrings(text, m, spans);
        add({ path: [msgsKey, mi], node: m, stringForm: false, section: 'messages', kind: 'message', role, msgIndex: mi, eligible: false, spans: spans.filter((s) => s.text !== role), message: m, label: who });
      }
    });
    // tail: the last unit of the final message
    if (msgs.length) {
      const last = msgs.length - 1;
      for (let i = out.length - 1; i >= 0; i--) {
        if (out[i].msgIndex === last) {
          out[i].tail = true;
          break;
        }
      }
    }
  }
  cache.set(ctx, out);
  return out;
}

/** Every `cache_control` property node in the document, with the path of its owner object. */
export function allCacheControls(root: Node | undefined): { prop: Node; owner: Node; path: (string | number)[] }[] {
  const out: { prop: Node; owner: Node; path: (string | number)[] }[] = [];
  if (!root) return out;
  const walk = (n: Node, path: (string | number)[]) => {
    if (n.type === 'object') {
      for (const p of n.children ?? []) {
        const k = p.children?.[0]?.value as string;
        const v = p.children?.[1];
        if (k === 'cache_control') out.push({ prop: p, owner: n, path });
        if (v) walk(v, [...path, k]);
      }
    } else if (n.type === 'array') (n.children ?? []).forEach((c, i) => walk(c, [...path, i]));
  };
  walk(root, []);
  return out;
}

export interface CacheControlValue {
  type?: string;
  ttl?: string;
  ttlNode?: Node;
  typeNode?: Node;
}

export function readCacheControl(p: Node): CacheControlValue {
  const v = p.children?.[1];
  if (!v || v.type !== 'object') return {};
  const typeNode = prop(v, 'type');
  const ttlNode = prop(v, 'ttl');
  return {
    type: typeNode?.type === 'string' ? (typeNode.value as string) : undefined,
    ttl: ttlNode?.type === 'string' ? (ttlNode.value as string) : ttlNode ? String(ttlNode.value) : undefined,
    typeNode,
    ttlNode,
  };
}

export function effectiveTtl(p: Node): Ttl {
  return readCacheControl(p).ttl === '1h' ? '1h' : '5m';
}

/** The top-level automatic `cache_control` (Anthropic), if any. */
export function topLevelCacheControl(ctx: RuleContext): Node | undefined {
  return ctx.root && ctx.analysis.dialect !== 'prompt-template' ? propNode(ctx.root, 'cache_control') : undefined;
}

/** Explicit breakpoints on units, in cache order. */
export function explicitBreakpoints(ctx: RuleContext): Unit[] {
  return units(ctx).filter((u) => u.cacheControl);
}

/** The plan's breakpoint for a cache_control property node, if the engine produced one. */
export function planBreakpoint(ctx: RuleContext, ccProp: Node): Breakpoint | undefined {
  const bps = ctx.analysis.cache?.breakpoints ?? [];
  const a = ccProp.offset;
  const b = ccProp.offset + ccProp.length;
  const v = ccProp.children?.[1];
  return bps.find((bp) => (bp.range.start >= a && bp.range.end <= b) || (v && bp.range.start === v.offset));
}

export function minimumTokens(ctx: RuleContext): number {
  return ctx.analysis.cache?.minimumTokens || ctx.profile?.minimumTokens || 1024;
}

export function maxBreakpoints(ctx: RuleContext): number {
  return ctx.profile?.maxBreakpoints ?? 4;
}

export function lookback(ctx: RuleContext): number {
  return ctx.profile?.lookback ?? 20;
}

// ---------------------------------------------------------------------------------------------------
// Per-request content

export interface Hit {
  unit?: Unit;
  span: TextSpan;
  /** decoded offsets within span.text */
  start: number;
  end: number;
  range: OffsetRange;
  value: string;
  kind: string;
  /** placeholder name for template variables */
  name?: string;
  source: 'volatile' | 'placeholder';
}

/** Whether volatile/placeholder hits in this unit count (system-like content is stricter about dates). */
function systemLike(u: Unit): boolean {
  return u.section !== 'messages' || u.role === 'system' || u.role === 'developer';
}

// Hits are computed once per analysis (several rules ask for them) and shared: callers must not mutate
// the arrays or the hits.
const volatileCache = new WeakMap<RuleContext, Hit[]>();
const placeholderCache = new WeakMap<RuleContext, Hit[]>();
const firstCache = new WeakMap<RuleContext, { hit: Hit | undefined }>();

export function volatileHits(ctx: RuleContext): Hit[] {
  let hits = volatileCache.get(ctx);
  if (!hits) volatileCache.set(ctx, (hits = computeVolatileHits(ctx)));
  return hits;
}

function computeVolatileHits(ctx: RuleContext): Hit[] {
  const extra = ctx.options.volatilePatterns;
  const out: Hit[] = [];
  const us = units(ctx);
  if (us.length) {
    for (const u of us) {
      for (const span of u.spans) {
        for (const v of findVolatileValues(span.text, extra)) {
          // Plain dates inside conversation content are usually facts of a document, not per-request values.
          if (v.kind === 'date' && !systemLike(u)) continue;
          out.push(hitFrom(u, span, v));
        }
      }
    }
  } else if (ctx.analysis.dialect === 'prompt-template') {
    for (const span of templateSpans(ctx)) for (const v of findVolatileValues(span.text, extra)) out.push(hitFrom(undefined, span, v));
  }
  return out;
}

function hitFrom(u: Unit | undefined, span: TextSpan, v: VolatileValue): Hit {
  return { unit: u, span, start: v.start, end: v.end, range: srcRange(span, v.start, v.end), value: v.value, kind: v.kind, source: 'volatile' };
}

export function placeholderHits(ctx: RuleContext): Hit[] {
  let hits = placeholderCache.get(ctx);
  if (!hits) placeholderCache.set(ctx, (hits = computePlaceholderHits(ctx)));
  return hits;
}

function computePlaceholderHits(ctx: RuleContext): Hit[] {
  const out: Hit[] = [];
  const us = units(ctx);
  const mk = (u: Unit | undefined, span: TextSpan, p: Placeholder): Hit => ({
    unit: u,
    span,
    start: p.start,
    end: p.end,
    range: srcRange(span, p.start, p.end),
    value: span.text.slice(p.start, p.end),
    kind: p.syntax,
    name: p.name,
    source: 'placeholder',
  });
  if (us.length) {
    for (const u of us) {
      if (u.section === 'tools') continue; // tool schemas use braces for other things
      for (const span of u.spans) for (const p of findPlaceholders(span.text)) out.push(mk(u, span, p));
    }
  } else if (ctx.analysis.dialect === 'prompt-template') {
    for (const span of templateSpans(ctx)) for (const p of findPlaceholders(span.text)) out.push(mk(undefined, span, p));
  }
  return out;
}

/** The prompt text spans of a template file (from the engine's segments, else the whole text). */
export function templateSpans(ctx: RuleContext): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const s of flattenSegments(ctx.analysis.segments ?? [])) if (!s.children?.length) spans.push(...s.spans);
  if (spans.length) {
    // de-duplicate identical ranges, keep source order
    const seen = new Set<string>();
    return spans
      .filter((s) => {
        const k = `${s.range.start}:${s.range.end}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      })
      .sort((a, b) => a.range.start - b.range.start);
  }
  return [{ text: ctx.text, range: { start: 0, end: ctx.text.length } }];
}

/** Hits that sit in the non-tail part of the request (what could be cached), in cache order. */
export function prefixCandidates(hits: Hit[]): Hit[] {
  return hits.filter((h) => !h.unit || !h.unit.tail);
}

/** The cacheable unit before `u` in cache order that may carry cache_control, if any. */
export function previousEligible(us: Unit[], u: Unit): Unit | undefined {
  for (let i = u.index - 1; i >= 0; i--) if (us[i].eligible) return us[i];
  return undefined;
}

/** The last eligible unit before the first per-request content (volatile value, placeholder or tail). */
export function lastStableUnit(ctx: RuleContext): Unit | undefined {
  const us = units(ctx);
  const first = firstPerRequest(ctx);
  let best: Unit | undefined;
  for (const u of us) {
    if (u.tail) break;
    if (first && (u.index > first.unit!.index || (u.index === first.unit!.index))) break;
    if (u.eligible) best = u;
  }
  return best;
}

/** The earliest volatile value or placeholder outside the tail, in cache order. */
export function firstPerRequest(ctx: RuleContext): Hit | undefined {
  let c = firstCache.get(ctx);
  if (!c) firstCache.set(ctx, (c = { hit: computeFirstPerRequest(ctx) }));
  return c.hit;
}

function computeFirstPerRequest(ctx: RuleContext): Hit | undefined {
  const hits = prefixCandidates([...volatileHits(ctx), ...placeholderHits(ctx)]).filter((h) => h.unit);
  hits.sort((a, b) => a.unit!.index - b.unit!.index || a.range.start - b.range.start);
  return hits[0];
}

// ---------------------------------------------------------------------------------------------------
// Where per-request content hurts

export interface PrefixImpact {
  /** Tokens from the value to the end of the region the cache was meant to cover. */
  tokens: number;
  /** What closes that region, for messages ("the breakpoint on system block 2"). */
  closer: string;
}

/** Units prefixImpact asks for on every hit, found once per analysis. */
interface Landmarks {
  lastBreakpoint?: Unit;
  lastEligible?: Unit;
  tail?: Unit;
}
const landmarkCache = new WeakMap<RuleContext, Landmarks>();

function landmarks(ctx: RuleContext): Landmarks {
  let l = landmarkCache.get(ctx);
  if (!l) {
    const us = units(ctx);
    l = {};
    for (const u of us) {
      if (u.cacheControl) l.lastBreakpoint = u;
      if (u.eligible) l.lastEligible = u;
      if (u.tail && !l.tail) l.tail = u;
    }
    landmarkCache.set(ctx, l);
  }
  return l;
}

/**
 * Tokens a per-request hit makes uncacheable, or undefined when it sits outside any cached prefix.
 * Breakpoint family: up to the last breakpoint after it (explicit, or the automatic top-level one).
 * Automatic family: up to the start of the tail (the final message's last block), when the part before
 * the tail is large enough to be cached at all. Prompt templates: the static text after it, when
 * that is at least `templateMinTokens`.
 */
export function prefixImpact(ctx: RuleContext, hit: Hit, templateMinTokens = 64): PrefixImpact | undefined {
  const tm = tokenMap(ctx);
  const at = tm.tokensAt(hit.range.start);
  if (!hit.unit) {
    if (ctx.analysis.dialect !== 'prompt-template') return undefined;
    const end = tm.total;
    const after = end - tm.tokensAt(hit.range.end);
    return after >= templateMinTokens ? { tokens: after, closer: 'the end of the template' } : undefined;
  }
  if (hit.unit.tail) return undefined;
  const { lastBreakpoint, lastEligible, tail } = landmarks(ctx);
  if (ctx.analysis.cache?.family === 'breakpoints') {
    const top = topLevelCacheControl(ctx);
    let endTokens = -1;
    let closer = '';
    // The last breakpoint at or after the hit's unit: the last one overall, when it is not before the hit.
    if (lastBreakpoint && lastBreakpoint.index >= hit.unit.index) {
      const last = lastBreakpoint;
      endTokens = tm.tokensThrough(last.path, nodeRange(last.node));
      closer = `the breakpoint on ${last.label}`;
    }
    if (top) {
      if (lastEligible) {
        const t = tm.tokensThrough(lastEligible.path, nodeRange(lastEligible.node));
        if (t > endTokens) {
          endTokens = t;
          closer = 'the automatic breakpoint (top-level cache_control)';
        }
      }
    }
    if (endTokens < 0) return undefined;
    return { tokens: Math.max(1, endTokens - at), closer };
  }
  // automatic family
  const tailStart = tail ? tm.tokensBefore(tail.path, nodeRange(tail.node)) : tm.total;
  if (tailStart < minimumTokens(ctx)) return undefined;
  const tokens = tailStart - at;
  return tokens > 0 ? { tokens, closer: 'the final message' } : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Breakpoints as written, in cache order

export interface BpInfo {
  kind: 'explicit' | 'automatic';
  /** The unit the breakpoint closes (automatic: the last eligible unit). */
  unit?: Unit;
  /** The cache_control property node. */
  prop: Node;
  owner: Node;
  ttl: Ttl;
  prefixTokens: number;
  /** Position in cache order (unit index; automatic: its unit's index + 0.5). */
  order: number;
}

export function breakpoints(ctx: RuleContext): BpInfo[] {
  const us = units(ctx);
  const tm = tokenMap(ctx);
  const out: BpInfo[] = [];
  for (const u of us) {
    if (!u.cacheControl) continue;
    const pb = planBreakpoint(ctx, u.cacheControl);
    const prefix = pb && pb.kind === 'explicit' ? pb.prefixTokens : tm.tokensThrough(u.path, nodeRange(u.node));
    out.push({ kind: 'explicit', unit: u, prop: u.cacheControl, owner: u.node, ttl: effectiveTtl(u.cacheControl), prefixTokens: prefix, order: u.index });
  }
  const top = topLevelCacheControl(ctx);
  if (top && ctx.root) {
    const last = [...us].reverse().find((u) => u.eligible);
    const pb = planBreakpoint(ctx, top);
    const prefix = pb ? pb.prefixTokens : last ? tm.tokensThrough(last.path, nodeRange(last.node)) : tm.total;
    out.push({ kind: 'automatic', unit: last, prop: top, owner: ctx.root, ttl: effectiveTtl(top), prefixTokens: prefix, order: last ? last.index + 0.5 : us.length });
  }
  return out.sort((a, b) => a.order - b.order);
}

/** Positions between two unit indexes as the API counts them (runs of tool_use / tool_result count once). */
export function positionsBetween(us: Unit[], fromIndex: number, toIndex: number): number {
  let n = 0;
  let prevType: string | undefined;
  for (let i = fromIndex + 1; i <= toIndex && i < us.length; i++) {
    const t = us[i].blockType;
    const run = (t === 'tool_use' || t === 'tool_result') && t === prevType;
    if (!run) n++;
    prevType = t;
  }
  return n;
}
