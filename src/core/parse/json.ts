// JSON/JSONC parsing with source offsets (jsonc-parser), and string decoding that keeps, for every
// decoded character, the offset of the source characters it came from (so highlights land on the
// right characters even through escapes like \n, \" and \u00e9).
import { parseTree, getNodeValue, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { OffsetRange, TextSpan } from '../types';

export type { Node };

export interface ParsedJson {
  root?: Node;
  errors: { message: string; range: OffsetRange }[];
}

/**
 * Deepest nesting analysed. The parser (and every walk over the tree) recurses once per level; past about
 * 2,600 levels the stack runs out. Real request bodies nest a few dozen levels at most.
 */
export const MAX_DEPTH = 500;

function tooDeep(at: number, baseOffset: number): ParsedJson {
  return {
    errors: [{ message: `Nesting deeper than ${MAX_DEPTH} levels: not analyzed (no API request nests this deep).`, range: { start: baseOffset + at, end: baseOffset + at + 1 } }],
  };
}

/** The offset of the first node deeper than MAX_DEPTH, or -1 (an iterative walk). */
function deepNode(root: Node): number {
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    if (d > MAX_DEPTH) return n.offset;
    for (const c of n.children ?? []) stack.push([c, n.type === 'property' ? d : d + 1]);
  }
  return -1;
}

export function parseJson(text: string, baseOffset = 0): ParsedJson {
  const errs: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, errs, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch (e) {
    if (e instanceof RangeError) return tooDeep(0, baseOffset); // the parser's recursion ran out of stack
    throw e;
  }
  if (root) {
    const deep = deepNode(root);
    if (deep >= 0) return tooDeep(deep, baseOffset); // not shifted yet: offsets relative to text
  }
  const errors = errs.map((e) => ({
    message: describeParseError(printParseErrorCode(e.error)),
    range: {
      start: baseOffset + Math.min(e.offset, text.length),
      end: baseOffset + Math.min(e.offset + Math.max(1, e.length), text.length),
    },
  }));
  if (root && baseOffset) shiftNode(root, baseOffset);
  return { root, errors };
}

function shiftNode(root: Node, by: number): void {
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    const n = node as { offset: number; colonOffset?: number };
    n.offset += by;
    if (n.colonOffset !== undefined) n.colonOffset += by;
    if (node.children) stack.push(...node.children);
  }
}

function describeParseError(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `JSON syntax error: ${words}`;
}

export function nodeRange(node: Node): OffsetRange {
  return { start: node.offset, end: node.offset + node.length };
}

/** The property node (key/value pair) for `key` in an object node. */
export function propNode(obj: Node | undefined, key: string): Node | undefined {
  if (!obj || obj.type !== 'object') return undefined;
  let found: Node | undefined;
  for (const p of obj.children ?? []) {
    const k = p.children?.[0];
    if (k && k.value === key) found = p; // last one wins, as in JSON.parse
  }
  return found;
}

/** The value node for `key` in an object node. */
export function prop(obj: Node | undefined, key: string): Node | undefined {
  return propNode(obj, key)?.children?.[1];
}

export function stringProp(obj: Node | undefined, key: string): string | undefined {
  const v = prop(obj, key);
  return v && v.type === 'string' ? (v.value as string) : undefined;
}

export function arrayItems(node: Node | undefined): Node[] {
  return node && node.type === 'array' ? node.children ?? [] : [];
}

export function objectKeys(node: Node | undefined): string[] {
  if (!node || node.type !== 'object') return [];
  return (node.children ?? []).map((p) => String(p.children?.[0]?.value));
}

/**
 * The plain value of a node, with ordinary objects (jsonc-parser's getNodeValue makes null-prototype ones,
 * on which String() and template literals throw "Cannot convert object to primitive value").
 */
export function plain(node: Node | undefined): any {
  if (!node) return undefined;
  switch (node.type) {
    case 'array':
      return (node.children ?? []).map(plain);
    case 'object': {
      const obj: Record<string, unknown> = {};
      for (const p of node.children ?? []) {
        const k = p.children?.[0];
        const v = p.children?.[1];
        if (!k || !v) continue;
        const key = String(k.value);
        if (key === '__proto__') Object.defineProperty(obj, key, { value: plain(v), enumerable: true, writable: true, configurable: true });
        else obj[key] = plain(v);
      }
      return obj;
    }
    default:
      return getNodeValue(node);
  }
}

/**
 * Decode a string node into a TextSpan. `text` is the whole document (node offsets are absolute).
 * sourceOffsets exists only when the string contains escapes, and is materialised lazily (on first read):
 * a 5 MB string would otherwise cost a 5-million-entry array on every keystroke. spanSourceOffset() and
 * decodedIndexAt() answer from a sparse map of the escapes instead (one entry pair per escape).
 */
export function stringSpan(text: string, node: Node): TextSpan {
  const value = typeof node.value === 'string' ? node.value : String(node.value ?? '');
  const start = node.offset + 1;
  const end = node.offset + node.length - 1;
  const raw = text.slice(start, Math.max(start, end));
  const range = { start, end: start + raw.length };
  if (raw.indexOf('\\') === -1 && raw.length === value.length) {
    return { text: value, range };
  }
  const map = escapeMap(raw, start, value.length);
  if (!map) return { text: value, range, sourceOffsets: materialiseOffsets(raw, start, value.length) };
  const span: TextSpan = { text: value, range };
  let offsets: number[] | undefined;
  Object.defineProperty(span, 'sourceOffsets', {
    enumerable: true,
    configurable: true,
    get: () => (offsets ??= materialiseOffsets(raw, start, value.length)),
    set: (v: number[]) => {
      offsets = v;
      sparse.delete(span);
    },
  });
  sparse.set(span, map);
  return span;
}

/** Piecewise-identity map decoded index → source offset: runs start at d[j] (decoded) / s[j] (source). */
interface EscapeMap {
  d: number[];
  s: number[];
}
const sparse = new WeakMap<TextSpan, EscapeMap>();

/** The per-character loop (the reference): source offset of every decoded UTF-16 unit, plus the end. */
function materialiseOffsets(raw: string, start: number, valueLength: number): number[] {
  const offsets: number[] = [];
  let i = 0;
  while (i < raw.length && offsets.length < valueLength) {
    const c = raw.charCodeAt(i);
    if (c === 92 /* \ */ && i + 1 < raw.length) {
      offsets.push(start + i);
      i += raw[i + 1] === 'u' ? 6 : 2;
    } else {
      offsets.push(start + i);
      i += 1;
    }
  }
  while (offsets.length < valueLength) offsets.push(start + i);
  offsets.push(start + raw.length);
  return offsets;
}

/** The same mapping as materialiseOffsets, as runs; undefined when the string is malformed (then the loop is used). */
function escapeMap(raw: string, start: number, valueLength: number): EscapeMap | undefined {
  const d: number[] = [0];
  const s: number[] = [start];
  let i = 0;
  let k = 0; // decoded index
  while (i < raw.length) {
    let nb = raw.indexOf('\\', i);
    if (nb === -1 || nb + 1 >= raw.length) nb = raw.length; // a trailing backslash counts as a plain character
    k += nb - i;
    i = nb;
    if (k > valueLength) return undefined;
    if (i >= raw.length) break;
    if (k === valueLength) return undefined;
    d.push(k);
    s.push(start + i);
    i += raw[i + 1] === 'u' ? 6 : 2;
    k += 1;
    if (i > raw.length) return undefined;
    d.push(k);
    s.push(start + i);
  }
  return k === valueLength && i === raw.length ? { d, s } : undefined;
}

function lastAtMost(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Source offset of decoded index `i` in a span (i in [0, text.length]). */
export function spanSourceOffset(span: TextSpan, i: number): number {
  const k = Math.max(0, Math.min(i, span.text.length));
  const m = sparse.get(span);
  if (m) {
    const j = lastAtMost(m.d, k);
    return m.s[j] + (k - m.d[j]);
  }
  if (span.sourceOffsets) return span.sourceOffsets[k];
  return span.range.start + k;
}

/** Decoded index of the character at source `offset` (the one whose source starts at or before it). */
export function decodedIndexAt(span: TextSpan, offset: number): number {
  const m = sparse.get(span);
  if (m) {
    const j = lastAtMost(m.s, offset);
    if (offset < m.s[j]) return 0;
    const limit = j + 1 < m.d.length ? m.d[j + 1] - 1 : span.text.length;
    return Math.max(0, Math.min(m.d[j] + (offset - m.s[j]), limit, span.text.length));
  }
  if (!span.sourceOffsets) return Math.max(0, Math.min(offset - span.range.start, span.text.length));
  const a = span.sourceOffsets;
  return Math.min(lastAtMost(a, offset), span.text.length);
}

/**
 * Comments and trailing commas in `text` (JSONC syntax that strict JSON, and so the API, rejects): their
 * ranges (offsets + baseOffset), at most `limit`. One pass that jumps over string bodies with indexOf
 * (about 1 ms per MB: it runs on every keystroke in a .json file).
 */
export function jsoncOnlySyntax(text: string, baseOffset = 0, limit = 20): { kind: 'comment' | 'trailing comma'; range: OffsetRange }[] {
  const out: { kind: 'comment' | 'trailing comma'; range: OffsetRange }[] = [];
  const n = text.length;
  let comma = -1;
  let i = 0;
  let nextNl = text.indexOf('\n');
  while (i < n && out.length < limit) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // to the closing quote: one not preceded by an odd run of backslashes
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (nextNl !== -1 && nextNl < j) nextNl = text.indexOf('\n', j); // a cursor: one-line files stay linear
        const nl = nextNl;
        if (q === -1 || (nl !== -1 && nl < q)) {
          j = nl === -1 ? n : nl; // unterminated string: it ends at the line end (as the scanner's does)
          break;
        }
        let b = q - 1;
        while (b > i && text.charCodeAt(b) === 92) b--;
        if ((q - 1 - b) % 2 === 0) {
          j = q + 1;
          break;
        }
        j = q + 1;
      }
      comma = -1;
      i = j;
      continue;
    }
    if (c === 47 /* / */ && (text.charCodeAt(i + 1) === 47 || text.charCodeAt(i + 1) === 42)) {
      let e: number;
      if (text.charCodeAt(i + 1) === 47) {
        e = text.indexOf('\n', i + 2);
        if (e === -1) e = n;
        else if (text.charCodeAt(e - 1) === 13) e--;
      } else {
        e = text.indexOf('*/', i + 2);
        e = e === -1 ? n : e + 2;
      }
      out.push({ kind: 'comment', range: { start: baseOffset + i, end: baseOffset + e } });
      i = e;
      continue; // a comment between a comma and a closer keeps the comma trailing
    }
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    if ((c === 125 /* } */ || c === 93) /* ] */ && comma >= 0) out.push({ kind: 'trailing comma', range: { start: baseOffset + comma, end: baseOffset + comma + 1 } });
    comma = c === 44 /* , */ ? i : -1;
    i++;
  }
  return out;
}
