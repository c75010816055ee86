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

export function parseJson(text: string, baseOffset = 0): ParsedJson {
  const errs: ParseError[] = [];
  const root = parseTree(text, errs, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
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

function shiftNode(node: Node, by: number): void {
  const n = node as { offset: number; colonOffset?: number };
  n.offset += by;
  if (n.colonOffset !== undefined) n.colonOffset += by;
  for (const c of node.children ?? []) shiftNode(c, by);
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

export function plain(node: Node | undefined): any {
  return node ? getNodeValue(node) : undefined;
}

/**
 * Decode a string node into a TextSpan. `text` is the whole document (node offsets are absolute).
 * sourceOffsets is only materialised when the string contains escapes.
 */
export function stringSpan(text: string, node: Node): TextSpan {
  const value = typeof node.value === 'string' ? node.value : String(node.value ?? '');
  const start = node.offset + 1;
  const end = node.offset + node.length - 1;
  const raw = text.slice(start, Math.max(start, end));
  if (raw.indexOf('\\') === -1 && raw.length === value.length) {
    return { text: value, range: { start, end: start + raw.length } };
  }
  const offsets: number[] = [];
  let i = 0;
  while (i < raw.length && offsets.length < value.length) {
    const c = raw.charCodeAt(i);
    if (c === 92 /* \ */ && i + 1 < raw.length) {
      const e = raw[i + 1];
      if (e === 'u') {
        offsets.push(start + i);
        i += 6;
      } else {
        offsets.push(start + i);
        i += 2;
      }
    } else {
      offsets.push(start + i);
      i += 1;
    }
  }
  while (offsets.length < value.length) offsets.push(start + i);
  offsets.push(start + raw.length);
  return { text: value, range: { start, end: start + raw.length }, sourceOffsets: offsets };
}

/** Source offset of decoded index `i` in a span (i in [0, text.length]). */
export function spanSourceOffset(span: TextSpan, i: number): number {
  const k = Math.max(0, Math.min(i, span.text.length));
  if (span.sourceOffsets) return span.sourceOffsets[k];
  return span.range.start + k;
}
