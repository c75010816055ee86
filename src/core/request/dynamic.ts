// Per-request values in the request model: volatile values (timestamps, ids, random tokens) and template
// placeholders, found once per analysis in the units' text, each classified by where it is and what
// surrounds it (classify, below; the method is documented in docs/rules/volatile-in-prefix.md):
//   per-request  the plan takes it to change on the next call; the rules report it with the plan's figures;
//   uncertain    kept in the list, but the plan takes it as stable; the rules say "if it changes …", lower;
//   static       dropped (a quoted document, a header or version line, conversation history, a date far from
//                any now-label): the provider reads it from cache on the next call, so nothing is reported.
// Offsets map back to the source through each span.
import { spanSourceOffset } from '../parse/json';
import { findPlaceholders } from '../scan/placeholders';
import { findVolatileValues } from '../scan/volatile';
import type { DynamicValue, Segment, TextSpan } from '../types';

/** A per-request value with the unit and span it sits in (the span is kept for fixes that split text). */
export interface DynamicHit extends DynamicValue {
  unit?: Segment;
  span: TextSpan;
  /** Decoded offsets of the value within span.text. */
  start: number;
  end: number;
  /** per-request: the plan cuts the next call here; uncertain: reported lower, the plan takes it as stable. */
  certainty: Certainty;
  /** Why it was classified so, for messages ("labelled \"Current time\"", "in the system prompt" …). */
  reason: string;
}

export type Certainty = 'per-request' | 'uncertain';

/** Closing / continuation tags ({{/each}}, {% endif %}, {{else}}) do not vary by themselves. */
export function isCloserTag(value: string): boolean {
  return /^\{\{[-~]?\s*(?:\/|else\b)|^\{%-?\s*(?:end\w*|else|elif)\b/.test(value);
}

function hit(u: Segment | undefined, span: TextSpan, start: number, end: number, source: DynamicValue['source'], kind: string, value: string, c: Classified, name?: string): DynamicHit {
  // One object shape, no spread: a document can hold thousands of values and this runs on every keystroke.
  return { source, kind, value, name, unit: u, span, start, end, unitId: u?.id, range: { start: spanSourceOffset(span, start), end: spanSourceOffset(span, end) }, tokenIndex: -1, certainty: c.certainty, reason: c.reason };
}

// ---------------------------------------------------------------------------------------------------
// Per-request or static

interface Classified {
  certainty: Certainty;
  reason: string;
}

/** Block types that hold an attached or quoted document (Anthropic document / search result, OpenAI files). */
const DOCUMENT_BLOCKS = new Set(['document', 'search_result', 'file', 'input_file']);

/** Tags that open a quoted or attached document inside a text. */
const DOC_OPEN = /<(document|documents|doc|attachment|file|article|book|excerpt|transcript|quote|source_document)\b[^>\n]{0,200}>/gi;

/**
 * A label on the line before a value that marks it as a fact of the document, not of this request:
 * a release, publication or revision date, a version, a copyright, a validity period.
 */
const STATIC_LABEL =
  /\b(?:release[sd]?|release date|published|publication|last (?:updated|modified|revised|reviewed|changed)|updated|revised|revision|effective|version|copyright|dated|posted|written|changelog|edition|valid (?:from|until|through)|deprecated|sunset|cut-?off|founded|established|born|died)\b|©|\bv\d+(?:\.\d+)+\b/i;

/** A version line: a semantic version, or a changelog entry "[1.2.0]". */
const VERSION_LINE = /(?:^|[\s(\[])v?\d+\.\d+\.\d+(?:[-+][\w.]+)?\b|\[\d+\.\d+(?:\.\d+)?\]/;

/** A label that marks a value as "now" or as this request's: what a prompt builder writes on every call. */
const NOW_LABEL =
  /\b(?:current (?:date and time|time|date)|now|today|tonight|current(?:ly)?|timestamp|ts|time|clock|datetime|date and time|request|req|session|sess|trace|span|nonce|correlation|conversation|idempotency|generated(?: at| on)?|sent(?: at)?|as of|local time)\b/i;

/** Kinds whose pattern already includes a now-label ("today is …", "request_id: …") or the user's word. */
const LABELLED_KINDS = new Set(['today', 'id', 'custom']);

/** Start of the line holding `at`, looking back at most `max` characters (long lines: a bounded window). */
function lineStart(text: string, at: number, max = 400): number {
  const from = Math.max(0, at - max);
  const i = text.slice(from, at).lastIndexOf('\n');
  return i < 0 ? from : from + i + 1;
}

/** The text of the value's line before it (or of the previous line, when the value starts its line). */
function labelWindow(text: string, start: number): string {
  const ls = lineStart(text, start, 80);
  const before = text.slice(ls, start);
  if (before.trim() || ls === 0 || text[ls - 1] !== '\n') return before;
  return text.slice(lineStart(text, ls - 1, 80), ls);
}

/** The line holding the value (at most 400 characters either side). */
function lineOf(text: string, start: number, end: number): string {
  const ls = lineStart(text, start);
  const tail = text.slice(end, end + 400);
  const le = tail.indexOf('\n');
  return text.slice(ls, le < 0 ? end + tail.length : end + le);
}

/** The paragraph before the value (back to a blank line, at most 400 characters). */
function paragraphBefore(text: string, start: number): string {
  const seg = text.slice(Math.max(0, start - 400), start);
  const cut = seg.lastIndexOf('\n\n');
  return cut < 0 ? seg : seg.slice(cut);
}

/** Document sections (<document> … </document>) of a span's text, computed once per span. */
const docSections = new WeakMap<TextSpan, [number, number][]>();
function inDocumentSection(span: TextSpan, at: number): boolean {
  let secs = docSections.get(span);
  if (!secs) {
    secs = [];
    const text = span.text;
    if (text.indexOf('<') !== -1) {
      DOC_OPEN.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = DOC_OPEN.exec(text)) !== null) {
        const closer = new RegExp(`</${m[1]}\\b`, 'gi');
        closer.lastIndex = m.index + m[0].length;
        const close = closer.exec(text)?.index ?? -1;
        const end = close < 0 ? text.length : close;
        secs.push([m.index + m[0].length, end]);
        DOC_OPEN.lastIndex = end;
      }
    }
    docSections.set(span, secs);
  }
  for (const [s, e] of secs) if (at >= s && at < e) return true;
  return false;
}

/** Where a unit sits, for reasons. */
function placeOf(u: Segment | undefined): string {
  if (!u) return 'in the template';
  if (u.section === 'tools') return 'in a tool definition';
  if (u.section === 'system') return 'in the system prompt';
  if (u.section === 'template') return 'in the template';
  return 'in the newest message';
}

/**
 * Per-request, uncertain or static (undefined), by where the value is and what surrounds it. In order:
 * a quoted or attached document, a header or version line, and conversation history are static; a
 * placeholder and anything in the newest message are per-request; in the system prompt, tools or a
 * template, a value labelled as now is per-request, a plain date far from any now-label is static, and
 * anything else is uncertain.
 */
export function classify(u: Segment | undefined, span: TextSpan, start: number, end: number, source: DynamicValue['source'], kind: string, newestMessage: number | undefined): Classified | undefined {
  if (u?.blockType && DOCUMENT_BLOCKS.has(u.blockType)) return undefined;
  const text = span.text;
  if (inDocumentSection(span, start)) return undefined;
  const inHistory = u?.section === 'messages' && u.messageIndex !== undefined && newestMessage !== undefined && u.messageIndex < newestMessage && !u.newest;
  if (source === 'placeholder') {
    return inHistory ? { certainty: 'uncertain', reason: 'a template placeholder in an earlier message' } : { certainty: 'per-request', reason: 'a template placeholder' };
  }
  const window = labelWindow(text, start);
  const line = lineOf(text, start, end);
  if (/^\s*#{1,6}\s/.test(line) || STATIC_LABEL.test(window) || VERSION_LINE.test(line)) return undefined;
  if (inHistory) return undefined;
  if (u?.section === 'messages') {
    // The newest message: new on this call. A plain date in conversation content is a fact, not a clock.
    if (kind === 'date') return undefined;
    return { certainty: 'per-request', reason: 'in the newest message' };
  }
  const label = LABELLED_KINDS.has(kind) ? kind : NOW_LABEL.exec(window)?.[0];
  if (label) return { certainty: 'per-request', reason: LABELLED_KINDS.has(kind) ? placeOf(u) : `labelled "${label}" ${placeOf(u)}` };
  if (kind === 'date' && !NOW_LABEL.test(paragraphBefore(text, start))) return undefined;
  return { certainty: 'uncertain', reason: `not labelled as current ${placeOf(u)}` };
}

/**
 * Every per-request value in the units' text, in cache order. `tokenAt` gives the token index at a source
 * offset. Overhead units hold no text; tool definitions are not scanned for placeholders (schemas use
 * braces for other things).
 */
export function findDynamicValues(units: readonly Segment[], tokenAt: (offset: number) => number, extraPatterns?: string[], skipPlaceholders = false): DynamicHit[] {
  const out: DynamicHit[] = [];
  let newestMessage: number | undefined;
  for (const u of units) if (u.newest) newestMessage = u.messageIndex;
  for (const u of units) {
    if (u.section === 'overhead') continue;
    const fromHere = out.length;
    for (const span of u.spans) {
      for (const v of findVolatileValues(span.text, extraPatterns)) {
        const c = classify(u, span, v.start, v.end, 'volatile', v.kind, newestMessage);
        if (c) out.push(hit(u, span, v.start, v.end, 'volatile', v.kind, v.value, c));
      }
      if (u.section === 'tools' || skipPlaceholders) continue;
      for (const p of findPlaceholders(span.text)) {
        const value = span.text.slice(p.start, p.end);
        if (isCloserTag(value)) continue;
        const c = classify(u, span, p.start, p.end, 'placeholder', p.syntax, newestMessage);
        if (c) out.push(hit(u, span, p.start, p.end, 'placeholder', p.syntax, value, c, p.name));
      }
    }
    if (out.length === fromHere) continue;
    const mine = out.slice(fromHere).sort((a, b) => a.range.start - b.range.start);
    for (let i = 0; i < mine.length; i++) {
      mine[i].tokenIndex = tokenAt(mine[i].range.start);
      out[fromHere + i] = mine[i];
    }
  }
  return out;
}

/** The first per-request value in the prefix (cache order), if any. Uncertain values do not count. */
export function firstInPrefix(hits: readonly DynamicHit[]): DynamicHit | undefined {
  let best: DynamicHit | undefined;
  for (const h of hits) {
    if (h.unit?.newest || h.certainty !== 'per-request') continue;
    if (!best || h.tokenIndex < best.tokenIndex || (h.tokenIndex === best.tokenIndex && h.range.start < best.range.start)) best = h;
  }
  return best;
}
