// Placeholders a dialect finds by its own format's rules (Prompty's Jinja2, Dotprompt's Handlebars),
// instead of the generic placeholder scan: the pipeline classifies them like every other per-request
// value (dynamic.ts classify) and merges them, in cache order, with the volatile values it found.
import type { Segment, TextSpan } from '../types';
import { spanSourceOffset } from '../parse/json';
import { classify, type DynamicHit } from './dynamic';

/** A placeholder in a unit's span, found by the dialect: decoded offsets into span.text. */
export interface DialectPlaceholder {
  unit: Segment;
  span: TextSpan;
  start: number;
  end: number;
  /** Placeholder syntax ("mustache" for {{ }}, "jinja-tag" for {% %}). */
  kind: string;
  /** The placeholder as written in the file ({{customer_name}}), also when its sample value is counted. */
  value: string;
  name?: string;
}

/** `found` (volatile values) plus the dialect's placeholders, classified, in cache order. */
export function withDialectPlaceholders(found: DynamicHit[], extra: readonly DialectPlaceholder[], tokenAt: (offset: number) => number): DynamicHit[] {
  if (!extra.length) return found;
  const out = found.slice();
  for (const p of extra) {
    const c = classify(p.unit, p.span, p.start, p.end, 'placeholder', p.kind, undefined);
    if (!c) continue;
    const start = spanSourceOffset(p.span, p.start);
    const end = Math.max(start, spanSourceOffset(p.span, p.end));
    out.push({ source: 'placeholder', kind: p.kind, value: p.value, name: p.name, unit: p.unit, span: p.span, start: p.start, end: p.end, unitId: p.unit.id, range: { start, end }, tokenIndex: tokenAt(start), certainty: c.certainty, reason: c.reason });
  }
  return out.sort((a, b) => (a.unit?.unitIndex ?? Infinity) - (b.unit?.unitIndex ?? Infinity) || a.range.start - b.range.start);
}
