// Every range of an analysis built from a call's synthetic JSON body, mapped back into the source file.
import { spanSourceOffset } from '../../parse/json';
import type { Analysis, OffsetRange, Segment, TextSpan } from '../../types';
import type { Emitter } from './emit';

export function mapAnalysis(a: Analysis, em: Emitter, textLength: number, callRange: OffsetRange): void {
  const fb = callRange.start;
  const clamp = (n: number) => Math.max(0, Math.min(n, textLength));
  const mapRange = (r: OffsetRange | undefined): void => {
    if (!r) return;
    const s = clamp(em.start(r.start, fb));
    let e = r.end > r.start ? clamp(em.end(r.end, fb)) : s;
    if (e < s) e = s;
    r.start = s;
    r.end = e;
  };
  const walk = (segs: Segment[]) => {
    for (const s of segs) {
      mapRange(s.range);
      s.spans = s.spans.flatMap((sp) => splitSpan(sp, em, fb));
      if (s.cacheControl) {
        mapRange(s.cacheControl.range);
        mapRange(s.cacheControl.valueRange);
      }
      if (s.children) walk(s.children);
    }
  };
  walk(a.segments);
  a.cache.readRanges = sortRanges(a.cache.readRanges.flatMap((r) => textRuns(r, em)));
  a.cache.writeOnlyRanges = sortRanges(a.cache.writeOnlyRanges.flatMap((r) => textRuns(r, em)));
  for (const b of a.cache.breakpoints) mapRange(b.range);
  if (a.cache.nextCallCut) mapRange(a.cache.nextCallCut.range);
  if (a.cache.prefixEnd >= 0) a.cache.prefixEnd = clamp(em.start(a.cache.prefixEnd, fb));
  for (const d of a.diagnostics) {
    mapRange(d.range);
    d.related?.forEach((x) => mapRange(x.range));
  }
  for (const p of a.problems) {
    if (p.range) mapRange(p.range);
    else p.range = { ...callRange };
  }
  if (a.model.range) mapRange(a.model.range);
  a.textLength = textLength;
}

/** The source runs of a synthetic range's prompt-text characters (contiguous in the source). */
export function textRuns(r: OffsetRange, em: Emitter): OffsetRange[] {
  const out: OffsetRange[] = [];
  let cur: OffsetRange | undefined;
  const end = Math.min(r.end, em.len);
  for (let i = Math.max(0, r.start); i < end; i++) {
    if (!em.isText[i]) continue;
    const s = em.starts[i];
    const e = em.ends[i];
    if (cur && s >= cur.start && s <= cur.end) cur.end = Math.max(cur.end, e);
    else {
      if (cur) out.push(cur);
      cur = { start: s, end: e };
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** A synthetic span as source spans: one per run of characters contiguous in the source. */
function splitSpan(sp: TextSpan, em: Emitter, fb: number): TextSpan[] {
  const out: TextSpan[] = [];
  const n = sp.text.length;
  let runStart = 0;
  let offs: number[] = [];
  let prevEnd = -1;
  const flush = (to: number) => {
    if (to <= runStart && out.length) return;
    const text = sp.text.slice(runStart, to);
    const end = prevEnd >= 0 ? prevEnd : offs[0] ?? fb;
    offs.push(end);
    out.push({ text, range: { start: offs[0] ?? end, end }, sourceOffsets: offs });
  };
  for (let i = 0; i < n; i++) {
    const so = spanSourceOffset(sp, i);
    const s = em.start(so, fb);
    const e = em.end(spanSourceOffset(sp, i + 1), fb);
    if (i > runStart && !(s >= (offs[offs.length - 1] ?? s) && s <= prevEnd)) {
      flush(i);
      runStart = i;
      offs = [];
    }
    offs.push(s);
    prevEnd = Math.max(e, s);
  }
  flush(n);
  return out;
}

function sortRanges(rs: OffsetRange[]): OffsetRange[] {
  return rs.sort((a, b) => a.start - b.start || a.end - b.end);
}
