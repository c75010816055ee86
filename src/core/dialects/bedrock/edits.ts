// Text edits for Converse cachePoint elements: insert one after a block (or tool) in its array, remove one
// with its comma, split a text block around one. Style (indent, line ending, ": " spacing) is kept.
import type { Node } from 'jsonc-parser';
import type { TextEdit, Ttl } from '../../types';

export interface EditStyle {
  indent: string;
  eol: string;
  sp: string;
}

/** `{"cachePoint": {"type": "default"}}` (with `"ttl": "1h"` for a one-hour checkpoint). */
export function cachePointText(st: EditStyle, ttl?: Ttl | string): string {
  const inner = ttl && ttl !== '5m' ? `{"type":${st.sp}"default",${st.sp}"ttl":${st.sp}"${ttl}"}` : `{"type":${st.sp}"default"}`;
  return `{"cachePoint":${st.sp}${inner}}`;
}

function lineStart(text: string, offset: number): number {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
  return s;
}

/** True when only whitespace precedes `offset` on its line. */
function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

/** Insert `element` after the array element `node` (same line style as the element). */
export function insertAfterElementEdit(text: string, node: Node, element: string, st: EditStyle): TextEdit {
  const at = node.offset + node.length;
  if (startsLine(text, node.offset)) {
    const ind = /^[ \t]*/.exec(text.slice(lineStart(text, node.offset), node.offset))![0];
    return { range: { start: at, end: at }, newText: `,${st.eol}${ind}${element}` };
  }
  return { range: { start: at, end: at }, newText: `,${st.sp}${element}` };
}

/** Remove the array element `node` with its separating comma (and its line when it has one of its own). */
export function removeElementEdit(text: string, node: Node): TextEdit | undefined {
  const arr = node.parent;
  if (!arr || arr.type !== 'array') return undefined;
  const kids = arr.children ?? [];
  const i = kids.indexOf(node);
  if (i < 0) return undefined;
  const end = node.offset + node.length;
  if (i > 0) {
    const prev = kids[i - 1];
    return { range: { start: prev.offset + prev.length, end }, newText: '' };
  }
  if (kids.length > 1) {
    const next = kids[1];
    const start = startsLine(text, node.offset) && startsLine(text, next.offset) ? lineStart(text, node.offset) : node.offset;
    const stop = start === node.offset ? next.offset : lineStart(text, next.offset);
    return { range: { start, end: stop }, newText: '' };
  }
  return { range: { start: arr.offset + 1, end: arr.offset + arr.length - 1 }, newText: '' };
}

/**
 * Split a Converse text block `{"text": "…"}` at source offset `at` (inside the string) into two text
 * blocks with a cachePoint between them. Undefined when the block has other properties after its text.
 */
export function splitTextEdit(text: string, block: Node, textNode: Node, at: number, st: EditStyle, ttl?: Ttl | string): TextEdit[] | undefined {
  const props = block.children ?? [];
  if (props.length !== 1 || textNode.parent !== props[0]) return undefined;
  const s = textNode.offset + 1;
  const e = textNode.offset + textNode.length - 1;
  if (at <= s || at >= e) return undefined;
  const multi = text.slice(block.offset, block.offset + block.length).includes('\n');
  const close = multi ? `"${st.eol}${/^[ \t]*/.exec(text.slice(lineStart(text, block.offset), block.offset))![0]}}` : '"}';
  if (startsLine(text, block.offset)) {
    const ind = /^[ \t]*/.exec(text.slice(lineStart(text, block.offset), block.offset))![0];
    const open = multi ? `{${st.eol}${ind}${st.indent}"text":${st.sp}"` : `{"text":${st.sp}"`;
    return [{ range: { start: at, end: at }, newText: `${close},${st.eol}${ind}${cachePointText(st, ttl)},${st.eol}${ind}${open}` }];
  }
  return [{ range: { start: at, end: at }, newText: `"},${st.sp}${cachePointText(st, ttl)},${st.sp}{"text":${st.sp}"` }];
}
