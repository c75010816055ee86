import type { Node } from 'jsonc-parser';
import { arrayItems, nodeRange, prop, propNode, stringProp, stringSpan } from '../parse/json';
import type { CacheControlInfo, Segment, SegmentKind, TextSpan } from '../types';

/** Read `cache_control` on an object node. */
export function readCacheControl(obj: Node | undefined): CacheControlInfo | undefined {
  const p = propNode(obj, 'cache_control');
  const v = p?.children?.[1];
  if (!p || !v) return undefined;
  const type = v.type === 'object' ? stringProp(v, 'type') ?? '' : '';
  const ttlRaw = v.type === 'object' ? stringProp(v, 'ttl') : undefined;
  const ttlNode = v.type === 'object' ? prop(v, 'ttl') : undefined;
  const ttlOk = ttlNode === undefined || ttlRaw === '5m' || ttlRaw === '1h';
  return {
    type,
    ttl: ttlRaw === '1h' ? '1h' : '5m',
    ttlRaw: ttlNode ? String(ttlNode.value) : undefined,
    range: nodeRange(p),
    valueRange: nodeRange(v),
    valid: v.type === 'object' && type === 'ephemeral' && ttlOk,
  };
}

/** Text spans of every string value under a node (for tool definitions, JSON inputs …). */
export function allStringSpans(text: string, node: Node | undefined, out: TextSpan[] = []): TextSpan[] {
  if (!node) return out;
  if (node.type === 'string') out.push(stringSpan(text, node));
  for (const c of node.children ?? []) {
    if (node.type === 'property' && c === node.children?.[0]) continue; // skip keys
    allStringSpans(text, c, out);
  }
  return out;
}

/** Spans of the prompt text inside a content value: a string, or an array of parts/blocks. */
export function textSpansOf(text: string, node: Node | undefined): TextSpan[] {
  if (!node) return [];
  if (node.type === 'string') return [stringSpan(text, node)];
  return [];
}

export function blockTextSpans(text: string, block: Node): TextSpan[] {
  if (block.type === 'string') return [stringSpan(text, block)];
  const type = stringProp(block, 'type');
  switch (type) {
    case 'text':
    case 'input_text':
    case 'output_text': {
      const t = prop(block, 'text');
      return t && t.type === 'string' ? [stringSpan(text, t)] : [];
    }
    case 'thinking': {
      const t = prop(block, 'thinking');
      return t && t.type === 'string' ? [stringSpan(text, t)] : [];
    }
    case 'tool_result': {
      const c = prop(block, 'content');
      if (c?.type === 'string') return [stringSpan(text, c)];
      return arrayItems(c).flatMap((b) => blockTextSpans(text, b));
    }
    case 'document': {
      const src = prop(block, 'source');
      const d = prop(src, 'data');
      if (stringProp(src, 'type') === 'text' && d?.type === 'string') return [stringSpan(text, d)];
      const content = prop(src, 'content');
      if (content) return arrayItems(content).flatMap((b) => blockTextSpans(text, b));
      return [];
    }
    case 'tool_use':
      return allStringSpans(text, prop(block, 'input'));
    default:
      return [];
  }
}

export function segment(
  init: Omit<Segment, 'startTokens' | 'cumulativeTokens'> & Partial<Pick<Segment, 'startTokens' | 'cumulativeTokens'>>,
): Segment {
  return { startTokens: 0, cumulativeTokens: 0, ...init };
}

export function kindLabel(kind: SegmentKind, role?: string, index?: number): string {
  if (kind === 'message') return `${role ?? 'message'} message${index !== undefined ? ` ${index + 1}` : ''}`;
  return kind;
}

/** Assign startTokens/cumulativeTokens in order, children nested inside their parent's span. */
export function accumulate(segments: Segment[], start = 0): number {
  let total = start;
  for (const s of segments) {
    s.startTokens = total;
    if (s.children?.length) {
      const childSum = s.children.reduce((a, c) => a + c.tokens, 0);
      // Overhead of the parent (role header etc.) comes before its children.
      accumulate(s.children, total + Math.max(0, s.tokens - childSum));
    }
    total += s.tokens;
    s.cumulativeTokens = total;
  }
  return total;
}

export function ordinal(n: number): string {
  return String(n + 1);
}
