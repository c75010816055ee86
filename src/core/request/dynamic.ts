// Per-request values in the request model: volatile values (timestamps, ids, random tokens) and template
// placeholders, found once per analysis in the units' text. The plan takes them to change on the next call;
// the rules report the same list. Offsets map back to the source through each span.
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
}

/** Closing / continuation tags ({{/each}}, {% endif %}, {{else}}) do not vary by themselves. */
export function isCloserTag(value: string): boolean {
  return /^\{\{[-~]?\s*(?:\/|else\b)|^\{%-?\s*(?:end\w*|else|elif)\b/.test(value);
}

/** Plain dates count as per-request only in system-like text (instructions, tools); in conversation content they are facts. */
function systemLike(u: Segment | undefined): boolean {
  return !u || u.section !== 'messages';
}

function hit(u: Segment | undefined, span: TextSpan, start: number, end: number, source: DynamicValue['source'], kind: string, value: string, name?: string): DynamicHit {
  // One object shape, no spread: a document can hold thousands of values and this runs on every keystroke.
  return { source, kind, value, name, unit: u, span, start, end, unitId: u?.id, range: { start: spanSourceOffset(span, start), end: spanSourceOffset(span, end) }, tokenIndex: -1 };
}

/**
 * Every per-request value in the units' text, in cache order. `tokenAt` gives the token index at a source
 * offset. Overhead units hold no text; tool definitions are not scanned for placeholders (schemas use
 * braces for other things).
 */
export function findDynamicValues(units: readonly Segment[], tokenAt: (offset: number) => number, extraPatterns?: string[]): DynamicHit[] {
  const out: DynamicHit[] = [];
  for (const u of units) {
    if (u.section === 'overhead') continue;
    const fromHere = out.length;
    for (const span of u.spans) {
      for (const v of findVolatileValues(span.text, extraPatterns)) {
        if (v.kind === 'date' && !systemLike(u)) continue;
        out.push(hit(u, span, v.start, v.end, 'volatile', v.kind, v.value));
      }
      if (u.section === 'tools') continue;
      for (const p of findPlaceholders(span.text)) {
        const value = span.text.slice(p.start, p.end);
        if (isCloserTag(value)) continue;
        out.push(hit(u, span, p.start, p.end, 'placeholder', p.syntax, value, p.name));
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

/** The first per-request value in the prefix (cache order), if any. */
export function firstInPrefix(hits: readonly DynamicHit[]): DynamicHit | undefined {
  let best: DynamicHit | undefined;
  for (const h of hits) {
    if (h.unit?.newest) continue;
    if (!best || h.tokenIndex < best.tokenIndex || (h.tokenIndex === best.tokenIndex && h.range.start < best.range.start)) best = h;
  }
  return best;
}
