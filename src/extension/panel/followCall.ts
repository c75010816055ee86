// Prompts in code (issue 13): a source file holds several requests (one per recognised SDK call, in
// Analysis.lines, each with its callRange). The cost panel shows the call under the cursor: the call whose
// range holds the cursor, else the nearest call above it, else the first one. Pure (no vscode) so that the
// language server (issue 15) can reuse it.
import type { Analysis, OffsetRange } from '../../core/types';

/** The source range of a request part: its call's range (source files), else the span of its segments. */
export function partRange(part: Analysis): OffsetRange | undefined {
  const call = part.callRange;
  if (call) return call;
  let start = Infinity;
  let end = -Infinity;
  for (const s of part.segments) {
    if (s.range.end <= s.range.start) continue;
    start = Math.min(start, s.range.start);
    end = Math.max(end, s.range.end);
  }
  return end >= start ? { start, end } : undefined;
}

/** Does this analysis hold requests written as calls in code (parts with a callRange)? */
export function hasCallParts(analysis: Analysis | undefined): boolean {
  return !!analysis?.lines?.some((p) => !!p.callRange);
}

/**
 * The index in analysis.lines of the call to show for a cursor at `offset`: the innermost call containing it
 * (a call inside another call's arguments is rare, the smaller range wins), else the last one starting before
 * it, else 0. Undefined when the analysis has no call parts.
 */
export function callIndexAt(analysis: Analysis, offset: number): number | undefined {
  if (!hasCallParts(analysis)) return undefined;
  const parts = analysis.lines!;
  let inside: { i: number; size: number } | undefined;
  let before: { i: number; start: number } | undefined;
  parts.forEach((p, i) => {
    const r = partRange(p);
    if (!r) return;
    if (r.start <= offset && offset <= r.end) {
      const size = r.end - r.start;
      if (!inside || size < inside.size) inside = { i, size };
    }
    if (r.start <= offset && (!before || r.start >= before.start)) before = { i, start: r.start };
  });
  return inside?.i ?? before?.i ?? 0;
}

/** The request part `index` of an analysis (the analysis itself when it has no parts or the index is out of range). */
export function partAt(analysis: Analysis, index: number | undefined): Analysis {
  if (index === undefined || !analysis.lines?.length) return analysis;
  return analysis.lines[Math.min(Math.max(0, index), analysis.lines.length - 1)];
}
