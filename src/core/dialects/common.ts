import type { Node } from 'jsonc-parser';
import { arrayItems, nodeRange, prop, propNode, stringProp, stringSpan } from '../parse/json';
import type { CacheControlInfo, Segment, SegmentKind, TextSpan } from '../types';

/** Read `cache_control` on an object node. */
export function readCacheControl(obj: Node | undefined): CacheControlInfo | undefined {
  const p = propNode(obj, 'cache_control');
  const v = p?.children?.[1];
  // No value yet (being typed) or null (the SDKs allow it: no marker) is not a marker.
  if (!p || !v || v.type === 'null') return undefined;
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

/** Counts for one content block or part, as each dialect's counter reports them. */
export interface BlockCount {
  tokens: number;
  exact: boolean;
  estimateNote?: string;
  /** Whether an image's size was known (data URL, local file) for its token count. */
  imageSizeKnown: boolean;
}

/**
 * A content block of messages[i] (OpenAI "part" j, Anthropic "block" j). `imageType` is the block type
 * this dialect counts as an image ("image_url" carries an OpenAI `detail`).
 */
export function contentBlockSegment(
  text: string,
  node: Node | undefined,
  i: number,
  j: number,
  role: string,
  count: BlockCount,
  style: { noun: 'part' | 'block'; defaultType: string; imageType: 'image_url' | 'image' },
): Segment {
  const type = stringProp(node, 'type') ?? style.defaultType;
  const sizeSource = count.imageSizeKnown ? 'data-url' : 'unknown';
  let image: Segment['image'];
  if (type === style.imageType) {
    image = type === 'image_url' ? { detail: stringProp(prop(node, 'image_url'), 'detail'), sizeSource } : { sizeSource };
  }
  return segment({
    id: `messages[${i}].content[${j}]`,
    path: ['messages', i, 'content', j],
    kind: 'block',
    role,
    blockType: type,
    label: style.noun === 'part' ? `${type.replace('_url', '')} part ${j + 1}` : `${type.replace(/_/g, ' ')} block ${j + 1}`,
    range: node ? nodeRange(node) : { start: 0, end: 0 },
    spans: node ? blockTextSpans(text, node) : [],
    tokens: count.tokens,
    exact: count.exact,
    estimateNote: count.estimateNote,
    cacheControl: readCacheControl(node),
    image,
  });
}

/** A request-level overhead segment (reply priming, hidden prompts …) shown as a point at `at`. */
export function overheadSegment(id: string, label: string, at: number, tokens: number, exact: boolean, estimateNote?: string): Segment {
  return segment({ id, path: [], kind: 'overhead', label, range: { start: at, end: at }, spans: [], tokens, exact, estimateNote });
}

/** Offset just after the `messages` array (where request-level trailing overheads are shown), or `fallback`. */
export function afterMessages(root: Node, fallback: number): number {
  const msgs = prop(root, 'messages');
  return msgs ? msgs.offset + msgs.length : fallback;
}
