// Fixes that move per-request text out of the cached prefix (issue 11), and the figures that pick the
// preferred fix. Each fix is one edit set (one undo step) on the source, and keeps the JSON valid: the moved
// text is the raw source of a JSON string (escapes kept verbatim), written into another JSON string.
//   • moveToNewestFix: the lines (or sentences) holding the values go to the end of the newest user message;
//   • moveToSystemTailFix: they go into a new system block after the last system block, when every
//     breakpoint sits in the tools or the system prompt (so the new block is after the cached part);
//   • moveBeforeFix (static-after-dynamic): a static element moves before the dynamic one in the same array.
// The model sees the moved text later in the prompt: the titles say so.
import type { Node } from 'jsonc-parser';
import { findNodeAtLocation } from 'jsonc-parser';
import { spanSourceOffset } from '../parse/json';
import type { DynamicHit } from '../request/dynamic';
import type { Fix, Segment, TextEdit } from '../types';
import { lineIndent } from './edits';
import { describe, markerOf, target } from './context';
import { short, style } from './fixBuilders';
import type { RuleContext } from './types';

/** A piece of one span's decoded text to move: [start, end) of the text, and what to remove around it. */
interface Piece {
  hit: DynamicHit;
  /** Decoded offsets of the moved text. */
  start: number;
  end: number;
  /** Decoded offsets removed (the text plus one separator). */
  cutStart: number;
  cutEnd: number;
}

/** Lines longer than this are narrowed to the sentence holding the value. */
const LONG_LINE = 200;
const WINDOW = 2000;

/** True when text[from, to) holds a non-whitespace character (stops at the first one). */
function hasText(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!/\s/.test(text[i])) return true;
  return false;
}

/** The line holding the value, or its sentence when the line is long. */
function pieceOf(h: DynamicHit): Piece {
  const text = h.span.text;
  // The line, looked for at most WINDOW characters either side (a long line is narrowed to a sentence anyway).
  const from = Math.max(0, h.start - WINDOW);
  const back = text.slice(from, h.start).lastIndexOf('\n');
  let ls = back < 0 ? from : from + back + 1;
  const ahead = text.slice(h.end, h.end + WINDOW).indexOf('\n');
  let le = ahead < 0 ? Math.min(text.length, h.end + WINDOW) : h.end + ahead;
  if (le - ls > LONG_LINE) {
    // The sentence: after the last ". " before the value, through the next sentence end after it.
    const before = text.slice(ls, h.start);
    const m = /.*[.!?]\s+/s.exec(before);
    if (m) ls += m[0].length;
    const after = /[.!?](?=\s|$)/.exec(text.slice(h.end, le));
    if (after) le = h.end + after.index + 1;
  }
  // Trim the piece's own surrounding blanks.
  while (ls < h.start && /\s/.test(text[ls])) ls++;
  while (le > h.end && /\s/.test(text[le - 1])) le--;
  let cutStart = ls;
  let cutEnd = le;
  // Remove one separator with it: the line break after it (or before it), or the spaces after it.
  if (text[cutEnd] === '\n') cutEnd++;
  else if (cutStart > 0 && text[cutStart - 1] === '\n' && cutEnd >= text.length) cutStart--;
  else while (cutEnd < text.length && (text[cutEnd] === ' ' || text[cutEnd] === '\t')) cutEnd++;
  return { hit: h, start: ls, end: le, cutStart, cutEnd };
}

/** The pieces of a group of values (one unit), merged when two values share a line. */
function piecesOf(hits: readonly DynamicHit[]): Piece[] | undefined {
  const out: Piece[] = [];
  for (const h of [...hits].sort((a, b) => a.range.start - b.range.start)) {
    const p = pieceOf(h);
    const last = out[out.length - 1];
    if (last && last.hit.span === p.hit.span && p.start < last.cutEnd) {
      last.end = Math.max(last.end, p.end);
      last.cutEnd = Math.max(last.cutEnd, p.cutEnd);
      continue;
    }
    out.push(p);
  }
  // What is left of each span must not be empty (an empty text block is rejected by the API).
  for (const span of new Set(out.map((p) => p.hit.span))) {
    let pos = 0;
    let left = false;
    for (const q of out.filter((x) => x.hit.span === span)) {
      if ((left = hasText(span.text, pos, q.cutStart))) break;
      pos = q.cutEnd;
    }
    if (!left && !hasText(span.text, pos, span.text.length)) return undefined;
  }
  return out;
}

/** The raw source of a piece (valid inside any JSON string) and the edit removing it. */
function sourceOf(ctx: RuleContext, p: Piece): { raw: string; remove: TextEdit } {
  const s = spanSourceOffset(p.hit.span, p.start);
  const e = spanSourceOffset(p.hit.span, p.end);
  const cs = spanSourceOffset(p.hit.span, p.cutStart);
  const ce = spanSourceOffset(p.hit.span, p.cutEnd);
  return { raw: ctx.text.slice(s, e), remove: { range: { start: cs, end: ce }, newText: '' } };
}

/** Can the text of this unit be moved? A JSON body, a system or message text (not a tool definition). */
function movable(ctx: RuleContext, hits: readonly DynamicHit[]): boolean {
  if (!ctx.root || !hits.length) return false;
  return hits.every((h) => h.unit && !h.unit.newest && (h.unit.section === 'system' || h.unit.section === 'messages') && isJsonStringSpan(ctx, h));
}

function isJsonStringSpan(ctx: RuleContext, h: DynamicHit): boolean {
  const r = h.span.range;
  return r.start > 0 && ctx.text[r.start - 1] === '"' && ctx.text[r.end] === '"';
}

function label(pieces: Piece[], ctx: RuleContext): string {
  const first = sourceOf(ctx, pieces[0]).raw;
  return `"${short(first.replace(/\\n/g, ' '), 40)}"${pieces.length > 1 ? ` (and ${pieces.length - 1} more)` : ''}`;
}

/** The newest unit, when it is in a user message. */
function newestUser(ctx: RuleContext): Segment | undefined {
  const n = ctx.model.units.find((u) => u.newest);
  return n && n.section === 'messages' && n.role === 'user' ? n : undefined;
}

/** The text parts of the pieces joined for one destination string (source form: "\n" written escaped). */
function joined(ctx: RuleContext, pieces: Piece[]): string {
  return pieces.map((p) => sourceOf(ctx, p).raw).join('\\n');
}

/** An insertion of a new element `elem` after array element `after` (style-preserving). */
function insertAfterElement(ctx: RuleContext, after: Node, elem: string): TextEdit {
  const st = style(ctx);
  const at = after.offset + after.length;
  const multi = ctx.text.slice(after.parent!.offset, after.parent!.offset + after.parent!.length).includes('\n');
  if (multi) return { range: { start: at, end: at }, newText: `,${st.eol}${lineIndent(ctx.text, after.offset)}${elem}` };
  return { range: { start: at, end: at }, newText: `,${st.sp}${elem}` };
}

function textBlock(ctx: RuleContext, raw: string, type = 'text'): string {
  const st = style(ctx);
  return `{"type":${st.sp}"${type}",${st.sp}"text":${st.sp}"${raw}"}`;
}

/** Move the per-request lines of these values to the end of the newest user message. */
export function moveToNewestFix(ctx: RuleContext, hits: readonly DynamicHit[]): Fix | undefined {
  if (!movable(ctx, hits)) return undefined;
  const n = newestUser(ctx);
  const pieces = piecesOf(hits);
  if (!n || !pieces) return undefined;
  const t = target(ctx, n);
  if (!t) return undefined;
  const raw = joined(ctx, pieces);
  let insert: TextEdit;
  if (t.stringForm) {
    if (t.node.type !== 'string') return undefined;
    const at = t.node.offset + t.node.length - 1;
    insert = { range: { start: at, end: at }, newText: `\\n\\n${raw}` };
  } else {
    if (t.node.parent?.type !== 'array') return undefined;
    const type = n.blockType === 'input_text' ? 'input_text' : 'text';
    insert = insertAfterElement(ctx, t.node, textBlock(ctx, raw, type));
  }
  const edits = [...pieces.map((p) => sourceOf(ctx, p).remove), insert];
  return {
    title: `Move ${label(pieces, ctx)} to the end of the newest user message (out of the cached prefix; the model sees it later in the prompt)`,
    kind: 'quickfix',
    edits,
  };
}

/** Move them into a new system block after the last one, when no breakpoint comes after the system prompt. */
export function moveToSystemTailFix(ctx: RuleContext, hits: readonly DynamicHit[]): Fix | undefined {
  if (!movable(ctx, hits) || ctx.model.automatic || ctx.analysis.cache.family !== 'breakpoints') return undefined;
  if (!hits.every((h) => h.unit!.section === 'system')) return undefined;
  const sys = ctx.root && findNodeAtLocation(ctx.root, ['system']);
  if (!sys || sys.type !== 'array' || !sys.children?.length) return undefined;
  const marked = ctx.model.units.filter((u) => markerOf(ctx, u));
  if (!marked.length || marked.some((u) => u.section !== 'system' && u.section !== 'tools')) return undefined;
  const pieces = piecesOf(hits);
  if (!pieces) return undefined;
  const last = sys.children[sys.children.length - 1];
  const edits = [...pieces.map((p) => sourceOf(ctx, p).remove), insertAfterElement(ctx, last, textBlock(ctx, joined(ctx, pieces)))];
  return {
    title: `Move ${label(pieces, ctx)} into a new system block after the last breakpoint (out of the cached prefix; the model sees it later in the prompt)`,
    kind: 'quickfix',
    edits,
  };
}

/**
 * static-after-dynamic: move the static element before the dynamic one, when both are elements of the
 * same JSON array (two blocks of one system prompt or message, two messages). Model-visible text keeps
 * its content; only the order changes.
 */
export function moveBeforeFix(ctx: RuleContext, stat: Segment, dyn: Segment): Fix | undefined {
  const s = target(ctx, stat);
  const d = target(ctx, dyn);
  if (!ctx.root || !s || !d || s.stringForm || d.stringForm) return undefined;
  let sn: Node | undefined = s.node;
  let dn: Node | undefined = d.node;
  // Climb to the first common array (blocks of one message, or the messages themselves).
  const chain = (n: Node | undefined) => {
    const out: Node[] = [];
    for (; n; n = n.parent) out.push(n);
    return out;
  };
  const dc = chain(dn);
  for (; sn; sn = sn.parent) {
    if (sn.parent?.type === 'array') {
      const i = dc.findIndex((x) => x.parent === sn!.parent);
      if (i >= 0) {
        dn = dc[i];
        break;
      }
    }
  }
  if (!sn || !dn || sn === dn || dn.offset > sn.offset) return undefined;
  // Messages: only when both have the same role (a user document stays a user turn).
  const role = (n: Node) => n.type === 'object' ? n.children?.find((p) => p.children?.[0]?.value === 'role')?.children?.[1]?.value : undefined;
  if (role(sn) !== role(dn)) return undefined;
  const els = sn.parent!.children!;
  const prev = els[els.indexOf(sn) - 1];
  const raw = ctx.text.slice(sn.offset, sn.offset + sn.length);
  // The text between two elements (a comma and the indentation) goes after the moved element.
  const sep = ctx.text.slice(prev.offset + prev.length, sn.offset);
  const edits: TextEdit[] = [
    { range: { start: prev.offset + prev.length, end: sn.offset + sn.length }, newText: '' },
    { range: { start: dn.offset, end: dn.offset }, newText: raw + sep },
  ];
  return {
    title: `Move ${describe(stat)} before ${describe(dyn)} (the model sees the static part earlier in the prompt)`,
    kind: 'quickfix',
    edits,
  };
}

// ---------------------------------------------------------------------------------------------------
// Which fix recovers the most for the next call (the plan's figures)

/** Tokens the next call would read after moving these values out: up to the next per-request value left. */
export function recoveredByMove(ctx: RuleContext, hits: readonly DynamicHit[], lost: (h: DynamicHit) => number): number {
  return hits.reduce((a, h) => a + lost(h), 0);
}

/** Tokens the next call would read after a breakpoint right before the value (or on the unit before it). */
export function recoveredByCacheBefore(ctx: RuleContext, h: DynamicHit, fixTitle: string): number {
  const min = ctx.analysis.cache.minimumTokens;
  const now = ctx.analysis.cache.cachedTokensNextCall;
  let upTo = h.tokenIndex;
  if (/cache_control on /.test(fixTitle)) {
    const prev = ctx.model.units.filter((u) => (u.unitIndex ?? 0) < (h.unit?.unitIndex ?? 0) && u.breakpointAllowed).pop();
    upTo = prev ? prev.cumulativeTokens : 0;
  }
  return upTo >= min ? Math.max(0, upTo - now) : 0;
}

/**
 * The fixes for per-request values of one unit, with `isPreferred` on the one that recovers the most tokens
 * for the next call (ties go to the fix that leaves the model-visible text as it is). `cacheBefore` is the
 * existing "cache everything before it" fix of the group's first value, if offered.
 */
export function prefixFixes(ctx: RuleContext, hits: readonly DynamicHit[], lost: (h: DynamicHit) => number, cacheBefore: Fix | undefined): Fix[] {
  const moves = [moveToSystemTailFix(ctx, hits), moveToNewestFix(ctx, hits)].filter((f): f is Fix => !!f);
  const scored: { fix: Fix; tokens: number; rank: number }[] = [];
  const moved = recoveredByMove(ctx, hits, lost);
  moves.forEach((fix, i) => scored.push({ fix, tokens: moved, rank: 1 + i }));
  if (cacheBefore) scored.push({ fix: cacheBefore, tokens: recoveredByCacheBefore(ctx, hits[0], cacheBefore.title), rank: 0 });
  if (!scored.length) return [];
  const best = scored.reduce((a, b) => (b.tokens > a.tokens || (b.tokens === a.tokens && b.rank < a.rank) ? b : a));
  return scored.map(({ fix }) => ({ ...fix, isPreferred: fix === best.fix }));
}

/** Template block tags: a line cannot move across them (or out of them) without changing the template's logic. */
const BLOCK_TAG = /\{%|\{\{\s*[#/^]|\{\{\s*else\b|\{\{~?\s*(?:if|each|for|with|unless)\b|<%|\$\{\s*(?:if|for)\b/;

/**
 * A prompt template: move the line holding the placeholder after the static text of its section (the end
 * of that role's text), where the template allows it: the section has no block tags (conditionals, loops)
 * and the line is not already its last line. One edit set; only the order of lines changes.
 */
export function moveInTemplateFix(ctx: RuleContext, hit: DynamicHit): Fix | undefined {
  const u = hit.unit;
  if (ctx.root || !u || u.section !== 'template' || u.spans.length !== 1 || u.spans[0] !== hit.span) return undefined;
  // In source coordinates: a prompt file's span may hold filled-in sample values, the edit moves the line as written.
  const src = ctx.text;
  const secStart = hit.span.range.start;
  const secEnd = hit.span.range.end;
  const section = src.slice(secStart, secEnd);
  if (BLOCK_TAG.test(section)) return undefined;
  const ls = Math.max(secStart, src.lastIndexOf('\n', hit.range.start - 1) + 1);
  let le = src.indexOf('\n', hit.range.end);
  if (le < 0 || le >= secEnd) return undefined; // already the last line
  const line = src.slice(ls, le);
  let end = secEnd;
  while (end > le && /\s/.test(src[end - 1])) end--;
  if (end <= le + 1 || !src.slice(le + 1, end).trim()) return undefined;
  le++; // with its line break
  return {
    title: `Move "${short(line.trim(), 40)}" after the static text of the ${u.role ?? 'template'} section (the model sees it later in the prompt)`,
    kind: 'quickfix',
    edits: [
      { range: { start: ls, end: le }, newText: '' },
      { range: { start: end, end }, newText: `\n${line}` },
    ],
  };
}
