// Minimal, style-preserving JSON edits for the rules' fixes: add / remove / replace `cache_control`,
// convert a string `system` / `content` to block form, split a text block. All edits are TextEdits on
// source offsets; the file's indentation unit, line ending and `": "` spacing are kept.
import type { Node } from 'jsonc-parser';
import type { TextEdit, Ttl } from '../types';
import { prop, propNode } from '../parse/json';
import type { EditTarget as Unit } from './context';

export interface Style {
  indent: string;
  eol: string;
  /** Space after ':' (and after ',' in inline objects). */
  sp: string;
}

// The last text's style: the lines of a JSONL file share their document (one scan, not one per line).
let lastStyle: { text: string; style: Style } | undefined;

export function detectStyle(text: string): Style {
  if (lastStyle?.text === text) return lastStyle.style;
  const style = detectStyleOf(text);
  lastStyle = { text, style };
  return style;
}

function detectStyleOf(text: string): Style {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let indent = '  ';
  let minSpaces = Infinity;
  let tabs = 0;
  let spaced = 0;
  const lines = text.split(/\r?\n/, 2000);
  for (const l of lines) {
    const m = /^([ \t]+)\S/.exec(l);
    if (!m) continue;
    if (m[1][0] === '\t') tabs++;
    else minSpaces = Math.min(minSpaces, m[1].length);
    spaced++;
  }
  if (spaced && tabs > spaced / 2) indent = '\t';
  else if (minSpaces !== Infinity && minSpaces > 0 && minSpaces <= 8) indent = ' '.repeat(minSpaces);
  const { withSpace, without } = countKeyColons(text);
  return { indent, eol, sp: without > withSpace ? '' : ' ' };
}

/**
 * The match counts of /":\s/g and /":[^\s]/g over `text` (is a key's colon followed by a space?), with one
 * indexOf walk instead of two regex scans of the whole document. A /":[^\s]/g match consumes the character
 * after the colon, which can be the quote of a following '":' that the regex then skips: `lastEnd` does
 * the same. /":\s/g matches never touch another occurrence (whitespace is neither '"' nor ':').
 */
export function countKeyColons(text: string): { withSpace: number; without: number } {
  let withSpace = 0;
  let without = 0;
  let lastEnd = 0;
  for (let i = text.indexOf('":'); i !== -1 && i + 2 < text.length; i = text.indexOf('":', i + 1)) {
    if (/\s/.test(text[i + 2])) withSpace++;
    else if (i >= lastEnd) {
      without++;
      lastEnd = i + 3;
    }
  }
  return { withSpace, without };
}

export function lineIndent(text: string, offset: number): string {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
  const m = /^[ \t]*/.exec(text.slice(s, offset));
  return m ? m[0] : '';
}

function isMultiline(text: string, n: Node): boolean {
  const s = text.slice(n.offset, n.offset + n.length);
  return s.includes('\n');
}

export function ccText(st: Style, ttl?: Ttl | string): string {
  const c = `,${st.sp}`;
  return ttl ? `{"type":${st.sp}"ephemeral"${c}"ttl":${st.sp}"${ttl}"}` : `{"type":${st.sp}"ephemeral"}`;
}

/** Insert `"key": value` as the last property of an object node. */
export function addPropertyEdit(text: string, obj: Node, key: string, value: string, st: Style): TextEdit {
  const props = obj.children ?? [];
  const kv = `"${key}":${st.sp}${value}`;
  if (props.length === 0) {
    const inner = obj.offset + 1;
    if (isMultiline(text, obj)) {
      const ind = lineIndent(text, obj.offset);
      return { range: { start: inner, end: inner }, newText: `${st.eol}${ind}${st.indent}${kv}` };
    }
    return { range: { start: inner, end: inner }, newText: kv };
  }
  const last = props[props.length - 1];
  const at = last.offset + last.length;
  if (isMultiline(text, obj) && lineStartsAt(text, last.offset)) {
    return { range: { start: at, end: at }, newText: `,${st.eol}${lineIndent(text, last.offset)}${kv}` };
  }
  return { range: { start: at, end: at }, newText: `,${st.sp}${kv}` };
}

/** True when only whitespace precedes `offset` on its line. */
function lineStartsAt(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i < 0 || text[i] === '\n' || text[i] === '\r';
}

/** Remove a property node (with its comma, and its line when it sits on a line of its own). */
export function removePropertyEdit(text: string, obj: Node, p: Node): TextEdit {
  const props = obj.children ?? [];
  const i = props.indexOf(p);
  const end = p.offset + p.length;
  if (props.length === 1) {
    // keep the braces; drop the property and surrounding whitespace
    return { range: { start: obj.offset + 1, end: obj.offset + obj.length - 1 }, newText: '' };
  }
  if (i < props.length - 1) {
    // "a": 1, "cache_control": {...}, "b": 2  → remove through the next property's start
    const next = props[i + 1];
    let start = p.offset;
    if (lineStartsAt(text, p.offset) && lineStartsAt(text, next.offset)) {
      // whole line(s): from this line's start to the next property's line start
      start = p.offset - lineIndent(text, p.offset).length;
      const nextLineStart = next.offset - lineIndent(text, next.offset).length;
      return { range: { start, end: nextLineStart }, newText: '' };
    }
    return { range: { start, end: next.offset }, newText: '' };
  }
  // last property: remove from the end of the previous property (its comma goes too)
  const prev = props[i - 1];
  return { range: { start: prev.offset + prev.length, end }, newText: '' };
}

/** Set cache_control on an object (replacing an existing one) – one edit. */
export function setCacheControlOnObject(text: string, obj: Node, st: Style, ttl?: Ttl | string): TextEdit {
  const existing = propNode(obj, 'cache_control');
  if (existing?.children?.[1]) {
    const v = existing.children[1];
    return { range: { start: v.offset, end: v.offset + v.length }, newText: ccText(st, ttl) };
  }
  return addPropertyEdit(text, obj, 'cache_control', ccText(st, ttl), st);
}

/** The property node that holds a value node (for `"system": "…"`). */
function owningProperty(n: Node): Node | undefined {
  return n.parent?.type === 'property' ? n.parent : undefined;
}

/**
 * Replace a string value (`system` or message `content`) by an array of text blocks. Each piece is a
 * slice of the string's source (escapes kept verbatim) and may carry cache_control.
 */
export function stringToBlocksEdit(text: string, strNode: Node, pieces: { start: number; end: number; ttl?: Ttl | string; cache?: boolean }[], st: Style): TextEdit {
  const p = owningProperty(strNode);
  const container = p?.parent;
  const multi = !!container && isMultiline(text, container) && lineStartsAt(text, p!.offset);
  const blocks = pieces.map((pc) => {
    const raw = text.slice(pc.start, pc.end);
    const parts = [`"type":${st.sp}"text"`, `"text":${st.sp}"${raw}"`];
    if (pc.cache) parts.push(`"cache_control":${st.sp}${ccText(st, pc.ttl)}`);
    return parts;
  });
  let out: string;
  if (multi) {
    const base = lineIndent(text, p!.offset);
    const i1 = base + st.indent;
    const i2 = i1 + st.indent;
    out =
      `[${st.eol}` +
      blocks.map((parts) => `${i1}{${st.eol}${parts.map((x) => i2 + x).join(`,${st.eol}`)}${st.eol}${i1}}`).join(`,${st.eol}`) +
      `${st.eol}${base}]`;
  } else {
    out = `[${blocks.map((parts) => `{${parts.join(`,${st.sp}`)}}`).join(`,${st.sp}`)}]`;
  }
  return { range: { start: strNode.offset, end: strNode.offset + strNode.length }, newText: out };
}

/** Can cache_control be put on this target: a string (converted to a block) or an object (not an array, a number…)? */
export function canCarryMarker(u: Unit): boolean {
  return u.stringForm ? u.node.type === 'string' : u.node.type === 'object';
}

/** Edits that put cache_control on a unit (converting string forms to blocks). */
export function addCacheControlEdits(text: string, u: Unit, st: Style, ttl?: Ttl | string): TextEdit[] {
  if (u.stringForm) {
    return [stringToBlocksEdit(text, u.node, [{ start: u.node.offset + 1, end: u.node.offset + u.node.length - 1, cache: true, ttl }], st)];
  }
  return [setCacheControlOnObject(text, u.node, st, ttl)];
}

/**
 * Split a text unit at source offset `at` (inside its text string) into two blocks; the first gets
 * cache_control. The model-visible text is unchanged. Returns undefined when the unit cannot be split.
 */
export function splitEdits(text: string, u: Unit, at: number, st: Style, ttl?: Ttl | string): TextEdit[] | undefined {
  if (u.stringForm) {
    const s = u.node.offset + 1;
    const e = u.node.offset + u.node.length - 1;
    if (at <= s || at >= e) return undefined;
    return [stringToBlocksEdit(text, u.node, [{ start: s, end: at, cache: true, ttl }, { start: at, end: e }], st)];
  }
  const t = prop(u.node, 'text');
  if (!t || t.type !== 'string') return undefined;
  const s = t.offset + 1;
  const e = t.offset + t.length - 1;
  if (at <= s || at >= e) return undefined;
  const typeProp = propNode(u.node, 'type');
  if (typeProp && typeProp.offset > t.offset) return undefined; // "type" after "text": cannot split cleanly
  // The type as written (escapes kept): its decoded value re-quoted would break on "\"" or "\\".
  const typeValue = typeProp?.children?.[1];
  const typeJson = typeValue?.type === 'string' ? text.slice(typeValue.offset, typeValue.offset + typeValue.length) : '"text"';
  const edits: TextEdit[] = [];
  const existing = u.cacheControl;
  if (existing) edits.push(removePropertyEdit(text, u.node, existing));
  const tProp = t.parent!;
  const multi = isMultiline(text, u.node) && lineStartsAt(text, tProp.offset);
  let ins: string;
  if (multi) {
    const pi = lineIndent(text, tProp.offset);
    const bi = lineIndent(text, u.node.offset);
    ins = `",${st.eol}${pi}"cache_control":${st.sp}${ccText(st, ttl)}${st.eol}${bi}},${st.eol}${bi}{${st.eol}${pi}"type":${st.sp}${typeJson},${st.eol}${pi}"text":${st.sp}"`;
  } else {
    ins = `",${st.sp}"cache_control":${st.sp}${ccText(st, ttl)}},${st.sp}{"type":${st.sp}${typeJson},${st.sp}"text":${st.sp}"`;
  }
  edits.push({ range: { start: at, end: at }, newText: ins });
  return edits;
}
