// The first difference between two JSON values as the cache sees them: key order and values count, white
// space and cache markers (cache_control, prompt_cache_breakpoint, Bedrock cachePoint elements) do not.
import type { Node } from 'jsonc-parser';
import { spanSourceOffset, stringSpan } from '../parse/json';
import type { OffsetRange } from '../types';

/** Keys that place a cache breakpoint: they do not change the cached content. */
export const MARKER_KEYS = new Set(['cache_control', 'prompt_cache_breakpoint']);

/** A Bedrock Converse `{"cachePoint": {...}}` element (a marker, not content). */
export function isCachePointElement(n: Node): boolean {
  return n.type === 'object' && (n.children ?? []).length === 1 && n.children![0].children?.[0]?.value === 'cachePoint';
}

function props(n: Node): Node[] {
  return (n.children ?? []).filter((p) => !MARKER_KEYS.has(String(p.children?.[0]?.value)));
}

function items(n: Node): Node[] {
  return (n.children ?? []).filter((c) => !isCachePointElement(c));
}

/** Canonical text of a node for equality (markers and white space removed, key order kept). */
export function canonical(n: Node | undefined): string {
  if (!n) return '';
  switch (n.type) {
    case 'object':
      return '{' + props(n).map((p) => JSON.stringify(String(p.children?.[0]?.value)) + ':' + canonical(p.children?.[1])).join(',') + '}';
    case 'array':
      return '[' + items(n).map(canonical).join(',') + ']';
    case 'string':
      return JSON.stringify(String(n.value));
    default:
      return String(n.value);
  }
}

export interface NodeDiff {
  /** Path inside the compared nodes ("function.description", "content[1].text"). */
  path: (string | number)[];
  a: OffsetRange;
  b: OffsetRange;
}

const whole = (n: Node): OffsetRange => ({ start: n.offset, end: n.offset + n.length });
const point = (o: number): OffsetRange => ({ start: o, end: o });

/** Where the children of a container end (before its closing bracket). */
const innerEnd = (n: Node): number => n.offset + Math.max(1, n.length - 1);

/** The first differing characters of two strings (common prefix and suffix removed), as source ranges. */
export function stringDiff(textA: string, a: Node, textB: string, b: Node): { a: OffsetRange; b: OffsetRange } {
  const sa = stringSpan(textA, a);
  const sb = stringSpan(textB, b);
  const x = sa.text;
  const y = sb.text;
  let i = 0;
  const n = Math.min(x.length, y.length);
  while (i < n && x.charCodeAt(i) === y.charCodeAt(i)) i++;
  let s = 0;
  while (s < n - i && x.charCodeAt(x.length - 1 - s) === y.charCodeAt(y.length - 1 - s)) s++;
  return {
    a: { start: spanSourceOffset(sa, i), end: spanSourceOffset(sa, x.length - s) },
    b: { start: spanSourceOffset(sb, i), end: spanSourceOffset(sb, y.length - s) },
  };
}

/** The first difference between two nodes (undefined when canonically equal). */
export function firstNodeDiff(textA: string, a: Node | undefined, textB: string, b: Node | undefined, path: (string | number)[] = []): NodeDiff | undefined {
  if (!a || !b) {
    if (!a && !b) return undefined;
    return { path, a: a ? whole(a) : point(b ? 0 : 0), b: b ? whole(b) : point(0) };
  }
  if (a.type !== b.type) return { path, a: whole(a), b: whole(b) };
  if (a.type === 'string') return a.value === b.value ? undefined : { path, ...stringDiff(textA, a, textB, b) };
  if (a.type === 'object') {
    const pa = props(a);
    const pb = props(b);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const x = pa[i];
      const y = pb[i];
      if (!x) return { path: [...path, String(y.children?.[0]?.value)], a: point(innerEnd(a)), b: whole(y) };
      if (!y) return { path: [...path, String(x.children?.[0]?.value)], a: whole(x), b: point(innerEnd(b)) };
      const kx = String(x.children?.[0]?.value);
      const ky = String(y.children?.[0]?.value);
      if (kx !== ky) return { path: [...path, kx], a: whole(x), b: whole(y) };
      const d = firstNodeDiff(textA, x.children?.[1], textB, y.children?.[1], [...path, kx]);
      if (d) return d;
    }
    return undefined;
  }
  if (a.type === 'array') {
    const ia = items(a);
    const ib = items(b);
    for (let i = 0; i < Math.max(ia.length, ib.length); i++) {
      const x = ia[i];
      const y = ib[i];
      if (!x) return { path: [...path, i], a: point(innerEnd(a)), b: whole(y) };
      if (!y) return { path: [...path, i], a: whole(x), b: point(innerEnd(b)) };
      const d = firstNodeDiff(textA, x, textB, y, [...path, i]);
      if (d) return d;
    }
    return undefined;
  }
  return String(a.value) === String(b.value) ? undefined : { path, a: whole(a), b: whole(b) };
}
