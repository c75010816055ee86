// The values a call's arguments resolve to, language-neutral: strings made of literal pieces (each decoded
// character mapped to its source characters) and holes (expressions the file cannot resolve), objects
// (Python dicts / keyword arguments, TS object literals), lists, atoms, and unknown values.
import type { OffsetRange } from '../../types';

/** Literal text: starts[i] / ends[i] are the source offsets of decoded UTF-16 unit i. */
export interface Lit {
  t: 'lit';
  text: string;
  starts: number[];
  ends: number[];
}

/** An expression the file does not resolve (a dynamic span). */
export interface Hole {
  t: 'hole';
  /** The expression's source text. */
  expr: string;
  range: OffsetRange;
  /** A clock, a random id or a request-scoped value (datetime.now(), uuid4(), Date.now() …). */
  clock: boolean;
  /** Looks like a constant defined elsewhere (UPPER_CASE name, an import): taken as stable. */
  constantLike: boolean;
  /** Why it is not resolved / why per-request. */
  reason: string;
  /** Inside an f-string / template literal (fixes can move it as text). */
  inTemplate?: boolean;
  /** The whole hole `{expr}` / `${expr}` in its literal. */
  outer?: OffsetRange;
}

export type Part = Lit | Hole;

interface Base {
  /** The value's own source range (for a constant: where it is defined). */
  range: OffsetRange;
  /** The expression at the place of use (an identifier naming a constant, or the value itself). */
  site: OffsetRange;
}
export interface StrV extends Base {
  kind: 'str';
  parts: Part[];
  /** Written by this front, not in the source (a role, a block type): not prompt text to highlight. */
  synthetic?: boolean;
  /** A single string literal (not a concatenation): its prefix / quote and content range, for fixes. */
  literal?: { prefix: string; quote: string; content: OffsetRange; template: boolean };
}
export interface Entry {
  key: string;
  keyRange: OffsetRange;
  value: Value;
  /** Source range of the whole entry (key through value); the keyword argument for Python kwargs. */
  range: OffsetRange;
}
export interface ObjV extends Base {
  kind: 'obj';
  entries: Entry[];
  /** Written as a literal (dict / object literal / keyword arguments): fixes may insert into it. */
  literal: boolean;
  /** Offset of the closing brace / parenthesis, where an entry can be inserted. */
  close?: number;
  /** 'kwargs': Python keyword arguments (key=value); 'dict': a Python dict; 'object': a JS object literal. */
  syntax: 'kwargs' | 'dict' | 'object' | 'call';
}
export interface ListV extends Base {
  kind: 'list';
  items: Value[];
  close?: number;
}
export interface AtomV extends Base {
  kind: 'atom';
  json: string;
}
export interface UnknownV extends Base {
  kind: 'unknown';
  hole: Hole;
}
export type Value = StrV | ObjV | ListV | AtomV | UnknownV;

export function lit(text: string, start: number): Lit {
  const starts = new Array<number>(text.length);
  const ends = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) {
    starts[i] = start + i;
    ends[i] = start + i + 1;
  }
  return { t: 'lit', text, starts, ends };
}

/** One decoded character (an escape) from a source range. */
export function escLit(text: string, start: number, end: number): Lit {
  return { t: 'lit', text, starts: Array.from(text, () => start), ends: Array.from(text, () => end) };
}

export function mergeParts(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.t === 'lit' && !p.text) continue;
    if (p.t === 'lit' && last?.t === 'lit') {
      out[out.length - 1] = { t: 'lit', text: last.text + p.text, starts: last.starts.concat(p.starts), ends: last.ends.concat(p.ends) };
    } else out.push(p);
  }
  return out;
}

export function str(parts: Part[], range: OffsetRange, literal?: StrV['literal']): StrV {
  return { kind: 'str', parts: mergeParts(parts), range, site: range, literal };
}

/** The text of a string value with its holes as their expressions. */
export function strText(v: StrV): string {
  return v.parts.map((p) => (p.t === 'lit' ? p.text : p.expr)).join('');
}

export function entry(o: ObjV | undefined, key: string): Entry | undefined {
  if (!o) return undefined;
  for (let i = o.entries.length - 1; i >= 0; i--) if (o.entries[i].key === key) return o.entries[i];
  return undefined;
}

export function get(o: Value | undefined, key: string): Value | undefined {
  return o?.kind === 'obj' ? entry(o, key)?.value : undefined;
}

export function getStr(o: Value | undefined, key: string): string | undefined {
  const v = get(o, key);
  return v?.kind === 'str' && v.parts.every((p) => p.t === 'lit') ? strText(v) : undefined;
}

export function withSite<T extends Value>(v: T, site: OffsetRange): T {
  return { ...v, site };
}

/** `.strip()` / `.trim()` and their one-sided forms, on the literal ends. */
export function stripStr(v: StrV, left: boolean, right: boolean, site: OffsetRange): StrV {
  const parts = v.parts.slice();
  if (left && parts[0]?.t === 'lit') {
    const p = parts[0];
    const k = p.text.length - p.text.trimStart().length;
    parts[0] = { t: 'lit', text: p.text.slice(k), starts: p.starts.slice(k), ends: p.ends.slice(k) };
  }
  const n = parts.length - 1;
  if (right && parts[n]?.t === 'lit') {
    const p = parts[n] as Lit;
    const k = p.text.trimEnd().length;
    parts[n] = { t: 'lit', text: p.text.slice(0, k), starts: p.starts.slice(0, k), ends: p.ends.slice(0, k) };
  }
  return { kind: 'str', parts: mergeParts(parts), range: v.range, site };
}

/** textwrap.dedent / dedent``: the common leading whitespace of the literal's lines removed. */
export function dedentStr(v: StrV, site: OffsetRange): StrV {
  const text = strText(v);
  const lines = text.split('\n');
  let common: string | undefined;
  for (const l of lines) {
    if (!l.trim()) continue;
    const ws = /^[ \t]*/.exec(l)![0];
    if (common === undefined || !ws.startsWith(common)) common = common === undefined ? ws : commonPrefix(common, ws);
  }
  if (!common) return { ...v, site };
  const drop = common.length;
  // Walk the characters: drop `drop` whitespace characters after each line start (literal parts only).
  const out: Part[] = [];
  let atLineStart = true;
  let dropped = 0;
  for (const p of v.parts) {
    if (p.t === 'hole') {
      out.push(p);
      atLineStart = false;
      continue;
    }
    let text = '';
    const starts: number[] = [];
    const ends: number[] = [];
    for (let i = 0; i < p.text.length; i++) {
      const c = p.text[i];
      if (atLineStart && dropped < drop && (c === ' ' || c === '\t')) {
        dropped++;
        continue;
      }
      atLineStart = c === '\n';
      if (atLineStart) dropped = 0;
      text += c;
      starts.push(p.starts[i]);
      ends.push(p.ends[i]);
    }
    out.push({ t: 'lit', text, starts, ends });
  }
  return { kind: 'str', parts: mergeParts(out), range: v.range, site };
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

/** Expressions whose value changes on every call: clocks, random ids. */
const CLOCK = /\b(?:datetime\s*\.\s*(?:now|utcnow|today)|date\s*\.\s*today|time\s*\.\s*(?:time|time_ns|monotonic|perf_counter|strftime|ctime|localtime|gmtime)|uuid\d?\s*\.\s*uuid[1-7]|uuid[1-7]|random\s*\.\s*\w+|secrets\s*\.\s*\w+|Date\s*\.\s*now|new\s+Date\b|Date\s*\(|crypto\s*\.\s*randomUUID|randomUUID|Math\s*\.\s*random|performance\s*\.\s*now|process\s*\.\s*hrtime|nanoid|ulid|cuid|os\s*\.\s*urandom|token_hex|token_urlsafe|getpid|timezone\.now|arrow\.now|pendulum\.now|dayjs\s*\(\s*\)|moment\s*\(\s*\))/;
/** Names of request-scoped values. */
const REQUEST_SCOPED = /^(?:request|req|session|sess|ctx|context|user|user_?id|userId|session_?id|sessionId|request_?id|requestId|trace_?id|traceId|conversation_?id|conversationId|now|today|timestamp|current_(?:time|date)|currentTime|currentDate)$/;

export function isClockExpr(expr: string): boolean {
  return CLOCK.test(expr);
}

export function isRequestScopedName(name: string): boolean {
  return REQUEST_SCOPED.test(name);
}

export function looksConstant(expr: string): boolean {
  const last = expr.split('.').pop() ?? '';
  return /^[A-Z][A-Z0-9_]*$/.test(last.trim());
}

export function hole(expr: string, range: OffsetRange, reason: string, extra: Partial<Hole> = {}): Hole {
  const clock = isClockExpr(expr);
  return { t: 'hole', expr, range, clock, constantLike: !clock && looksConstant(expr), reason: clock ? `${short(expr)}: a clock or random value, new on every call` : reason, ...extra };
}

export function unknown(expr: string, range: OffsetRange, reason: string, extra: Partial<Hole> = {}): UnknownV {
  return { kind: 'unknown', hole: hole(expr, range, reason, extra), range, site: range };
}

export function short(s: string, n = 40): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

/**
 * Python str.format: fields `{name}`, `{0}`, `{}` (with conversions / specs) replaced by the arguments'
 * values; `{{` / `}}` are braces. Holes in the template stay holes.
 */
export function formatStr(v: StrV, positional: Value[], named: Map<string, Value>, site: OffsetRange, asHole: (v: Value) => Part[]): StrV {
  const out: Part[] = [];
  let auto = 0;
  for (const p of v.parts) {
    if (p.t === 'hole') {
      out.push(p);
      continue;
    }
    let i = 0;
    let textStart = 0;
    const flush = (to: number) => {
      if (to > textStart) out.push({ t: 'lit', text: p.text.slice(textStart, to), starts: p.starts.slice(textStart, to), ends: p.ends.slice(textStart, to) });
    };
    while (i < p.text.length) {
      const c = p.text[i];
      if ((c === '{' || c === '}') && p.text[i + 1] === c) {
        flush(i + 1);
        i += 2;
        textStart = i;
        continue;
      }
      if (c === '{') {
        const close = p.text.indexOf('}', i);
        if (close < 0) break;
        const fieldText = p.text.slice(i + 1, close);
        const name = /^[^!:]*/.exec(fieldText)![0].trim();
        const arg = name === '' ? positional[auto++] : /^\d+$/.test(name) ? positional[Number(name)] : named.get(name.split(/[.[]/)[0]);
        flush(i);
        if (arg) out.push(...asHole(arg));
        else out.push({ t: 'lit', text: p.text.slice(i, close + 1), starts: p.starts.slice(i, close + 1), ends: p.ends.slice(i, close + 1) });
        i = close + 1;
        textStart = i;
        continue;
      }
      i++;
    }
    flush(p.text.length);
  }
  return { kind: 'str', parts: mergeParts(out), range: v.range, site };
}
