// PC007 lookback-exceeded: one turn adds 20 or more positions (blocks) between the entry an earlier request
// wrote and this breakpoint. A read checks at most 20 positions from a breakpoint (itself included) for an
// entry an EARLIER request wrote: in the recommended loop (a breakpoint on the last message of each turn)
// that is the previous turn's end, so what matters is how many blocks one turn adds (the reply and the new
// input), not how far the breakpoint is from the system prompt. Positions and the entry measured from are
// the plan's (Breakpoint.positionsSincePrevious / withinLookback / lookbackFrom, src/core/cache/lookback.ts).
import type { Segment } from '../types';
import type { Finding, Rule } from './types';
import { addHereFix, canEditBreakpoints } from './fixBuilders';
import { breakpoints, describe, markerOf, fmtInt, hasMarkers, maxBreakpoints, minimumTokens, missedSaving, units } from './context';

export const lookbackExceeded: Rule = {
  name: 'lookback-exceeded',
  code: 'PC007',
  description: 'One turn adds 20 or more blocks after the entry the previous request wrote: this breakpoint cannot find it and writes the prefix again.',
  defaultSeverity: 'warning',
  tags: ['breakpoint', 'lookback'],
  check(ctx) {
    if (!hasMarkers(ctx) || ctx.analysis.cache.rejected) return [];
    const us = units(ctx);
    const all = breakpoints(ctx);
    const bps = all.filter((b) => b.kind === 'explicit' || b.kind === 'automatic');
    const window = ctx.profile?.lookback ?? 20;
    const slotsLeft = maxBreakpoints(ctx) - all.length;
    const out: Finding[] = [];
    const byId = new Map(us.map((u) => [u.id, u]));
    for (let i = 0; i < bps.length; i++) {
      const bp = bps[i];
      // Below the minimum, the breakpoint writes nothing (breakpoint-below-minimum says so): nothing is "written again".
      if (bp.bp.withinLookback || !bp.bp.meetsMinimum) continue;
      const fromUnit = bp.bp.lookbackFrom ? byId.get(bp.bp.lookbackFrom) : undefined;
      // An earlier prefix below the minimum holds no entry: there was nothing to find, whatever the distance.
      if (!fromUnit || fromUnit.cumulativeTokens < minimumTokens(ctx)) continue;
      // The earlier entry: the previous turn's end (or a nearer breakpoint of this request).
      const prev = { unit: fromUnit, prefixTokens: fromUnit.cumulativeTokens };
      const gap = bp.bp.positionsSincePrevious;
      // Fix: an intermediate breakpoint within reach of both.
      let fix;
      if (canEditBreakpoints(ctx) && slotsLeft > 0) {
        const from = prev.unit.position ?? 0;
        const to = bp.unit.position ?? 0;
        let best: Segment | undefined;
        for (let j = (bp.unit.unitIndex ?? 0) - 1; j > (prev.unit.unitIndex ?? 0); j--) {
          const u = us[j];
          if (!u.breakpointAllowed || markerOf(ctx, u) || u.position === undefined) continue;
          if (u.position - from < window && to - u.position < window) {
            best = u;
            break;
          }
        }
        if (best) fix = addHereFix(ctx, best, { preferred: true, title: `Add an intermediate breakpoint on ${describe(best)}` });
      }
      const tokens = bp.prefixTokens - prev.prefixTokens;
      out.push({
        range: bp.range,
        message:
          `This breakpoint is ${fmtInt(gap)} blocks after the entry the previous request wrote at ${describe(prev.unit)} (a read checks at most ${window} positions, the breakpoint itself included): ` +
          `this turn adds too many blocks for the read to find it, so ${fmtInt(tokens)} tokens are written again instead of read${missedSaving(ctx, tokens)}.`,
        fixes: fix ? [fix] : undefined,
      });
    }
    return out;
  },
};
