// PC004 too-many-breakpoints: more than 4 cache_control markers (the automatic top-level one included).
// The API rejects the request: "A maximum of 4 blocks with cache_control may be provided. Found 5." The
// plan shows such a request as rejected (nothing cached).
import type { Finding, Rule } from './types';
import { canEditBreakpoints, removeFix } from './fixBuilders';
import { breakpoints, fmtInt, hasMarkers, maxBreakpoints, minimumTokens, type BpInfo } from './context';

/** Which breakpoints to drop: repeatedly remove the one that adds the fewest cached tokens. */
export function breakpointsToDrop(all: BpInfo[], max: number, min: number): BpInfo[] {
  const kept = [...all];
  const dropped: BpInfo[] = [];
  while (kept.length > max) {
    let worst = -1;
    let worstValue = Infinity;
    kept.forEach((bp, i) => {
      if (bp.kind === 'automatic') return; // the top-level marker is a deliberate choice; keep it
      const prev = i > 0 ? kept[i - 1].prefixTokens : 0;
      const value = bp.prefixTokens < min ? -1 : bp.prefixTokens - prev;
      // strict "<": on ties the earlier breakpoint goes (later ones cover more)
      if (value < worstValue) {
        worst = i;
        worstValue = value;
      }
    });
    if (worst < 0) break;
    dropped.push(kept.splice(worst, 1)[0]);
  }
  return dropped.sort((a, b) => a.order - b.order);
}

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
