// PC004 too-many-breakpoints: more than 4 cache_control markers (the automatic top-level one included).
// The API rejects the request: "A maximum of 4 blocks with cache_control may be provided. Found 5." The
// plan shows such a request as rejected (nothing cached).
import type { Finding, Rule } from './types';
import { canEditBreakpoints, removeFix } from './fixBuilders';
import { breakpoints, fmtInt, hasMarkers, maxBreakpoints, minimumTokens, type BpInfo } from './context';

/**
 * Which breakpoints to drop: repeatedly remove the one that adds the fewest cached tokens (on ties the
 * earlier one: later ones cover more); the automatic top-level marker is a deliberate choice and stays.
 * A heap over (value, position) and a linked list of the kept ones: O(n log n) (8,000 markers: instant).
 */
export function breakpointsToDrop(all: BpInfo[], max: number, min: number): BpInfo[] {
  const n = all.length;
  const prev = Array.from({ length: n }, (_, i) => i - 1);
  const next = Array.from({ length: n }, (_, i) => (i + 1 < n ? i + 1 : -1));
  const gone = new Array<boolean>(n).fill(false);
  const value = (i: number) => (all[i].prefixTokens < min ? -1 : all[i].prefixTokens - (prev[i] >= 0 ? all[prev[i]].prefixTokens : 0));
  const cur = all.map((_, i) => value(i));
  const heap: [number, number][] = [];
  const less = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  const push = (e: [number, number]) => {
    heap.push(e);
    for (let k = heap.length - 1; k > 0; ) {
      const p = (k - 1) >> 1;
      if (!less(heap[k], heap[p])) break;
      [heap[k], heap[p]] = [heap[p], heap[k]];
      k = p;
    }
  };
  const pop = (): [number, number] | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length && last) {
      heap[0] = last;
      for (let k = 0; ; ) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < heap.length && less(heap[l], heap[m])) m = l;
        if (r < heap.length && less(heap[r], heap[m])) m = r;
        if (m === k) break;
        [heap[k], heap[m]] = [heap[m], heap[k]];
        k = m;
      }
    }
    return top;
  };
  all.forEach((bp, i) => {
    if (bp.kind !== 'automatic') push([cur[i], i]);
  });
  const dropped: BpInfo[] = [];
  let kept = n;
  while (kept > max) {
    const e = pop();
    if (!e) break;
    const [v, i] = e;
    if (gone[i] || v !== cur[i]) continue; // stale entry
    gone[i] = true;
    kept--;
    dropped.push(all[i]);
    const p = prev[i];
    const q = next[i];
    if (p >= 0) next[p] = q;
    if (q >= 0) {
      prev[q] = p;
      cur[q] = value(q);
      if (all[q].kind !== 'automatic') push([cur[q], q]);
    }
  }
  return dropped.sort((a, b) => a.order - b.order);
}

/** Above this many extra breakpoints, one finding carries the fix (not one per breakpoint, each with it). */
const PER_BREAKPOINT_FINDINGS = 16;

export const tooManyBreakpoints: Rule = {
  name: 'too-many-breakpoints',
  code: 'PC004',
  description: 'More than 4 cache_control breakpoints (the automatic top-level one included): the API rejects the request.',
  defaultSeverity: 'error',
  tags: ['breakpoint', 'limit', 'api-error'],
  check(ctx) {
    if (!hasMarkers(ctx)) return [];
    const all = breakpoints(ctx);
    const max = maxBreakpoints(ctx);
    if (all.length <= max) return [];
    const drop = breakpointsToDrop(all, max, minimumTokens(ctx));
    const fix = canEditBreakpoints(ctx) && drop.length ? removeFix(ctx, drop.map((d) => d.unit), `Remove ${drop.length === 1 ? 'the extra breakpoint' : `${drop.length} extra breakpoints`} (keep the ${max} that save the most)`, true) : undefined;
    const out: Finding[] = [];
    const auto = all.some((b) => b.kind === 'automatic') ? ' (including the automatic top-level one)' : '';
    if (drop.length > PER_BREAKPOINT_FINDINGS) {
      // One finding: 8,000 findings that each carry the same 7,996-edit fix are quadratic to serialize.
      return [
        {
          range: drop[0].range,
          message:
            `${all.length} cache_control breakpoints${auto}, the maximum is ${max}: the API rejects the whole request (400 "A maximum of ${max} blocks with cache_control may be provided"), so nothing is cached. ` +
            `This one and ${fmtInt(drop.length - 1)} others add the least; the fix removes all ${fmtInt(drop.length)}.`,
          fixes: fix ? [fix] : undefined,
        },
      ];
    }
    for (const bp of drop) {
      const i = all.indexOf(bp);
      const adds = bp.prefixTokens - (i > 0 ? all[i - 1].prefixTokens : 0);
      out.push({
        range: bp.range,
        message:
          `${all.length} cache_control breakpoints${auto}, the maximum is ${max}: the API rejects the whole request (400 "A maximum of ${max} blocks with cache_control may be provided"), so nothing is cached. ` +
          `This one adds the least (${fmtInt(Math.max(0, adds))} tokens beyond the previous breakpoint).`,
        fixes: fix ? [fix] : undefined,
      });
    }
    return out;
  },
};
