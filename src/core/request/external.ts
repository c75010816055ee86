// Per-request values the text scan cannot see: expressions a source-code front could not resolve (a clock
// in an f-string hole, a parameter in the system prompt), given by range in the analysed text. Each is
// classified here as the scan's values are (request/dynamic.ts): per-request when it is a clock or random
// value, or when it sits in the system prompt and does not look like a constant, or in the newest message;
// otherwise it is left out (the plan takes it as stable, the front still shows it as a dynamic span).
import { decodedIndexAt } from '../parse/json';
import type { OffsetRange, Segment } from '../types';
import type { DynamicHit } from './dynamic';

export interface ExternalDynamic {
  range: OffsetRange;
  expr: string;
  clock: boolean;
  constantLike: boolean;
  reason: string;
  /** Set by externalHits: what the plan takes it as. */
  perRequest?: boolean;
  /** Set by externalHits: where it sits (system / tools / messages). */
  section?: string;
}

export function externalHits(units: readonly Segment[], ext: readonly ExternalDynamic[] | undefined, tokenAt: (offset: number) => number): DynamicHit[] {
  const out: DynamicHit[] = [];
  if (!ext?.length) return out;
  for (const x of ext) {
    x.perRequest = false;
    if (x.range.end <= x.range.start) continue;
    for (const u of units) {
      if (u.section === 'overhead') continue;
      const span = u.spans.find((s) => s.range.start <= x.range.start && x.range.end <= s.range.end);
      if (!span) continue;
      x.section = u.section;
      const per = x.clock || u.newest === true || (u.section === 'system' && !x.constantLike);
      x.perRequest = per;
      if (per) {
        const start = decodedIndexAt(span, x.range.start);
        const end = Math.max(start, decodedIndexAt(span, x.range.end - 1) + 1);
        const reason = x.clock ? x.reason : u.newest ? 'in the newest message' : `${x.reason}, in the system prompt`;
        out.push({ source: 'volatile', kind: 'expression', value: x.expr, unit: u, span, start, end, unitId: u.id, range: { start: x.range.start, end: x.range.end }, tokenIndex: tokenAt(x.range.start), certainty: 'per-request', reason });
      }
      break;
    }
  }
  return out;
}

/** The scan's hits with the external ones added (a scan hit inside an external range is dropped: one value). */
export function mergeDynamic(scan: DynamicHit[], ext: DynamicHit[]): DynamicHit[] {
  if (!ext.length) return scan;
  const kept = scan.filter((h) => !ext.some((e) => h.range.start < e.range.end && e.range.start < h.range.end));
  return [...kept, ...ext].sort((a, b) => a.tokenIndex - b.tokenIndex || a.range.start - b.range.start);
}
