// PC007 lookback-exceeded: a breakpoint more than 20 positions (blocks) after the previous one. A read
// checks at most 20 positions from a breakpoint (itself included), so when a later request only grows the conversation
// it cannot find the entry the earlier breakpoint wrote, and writes the whole prefix again.
import type { Finding, Rule } from './types';
import { addHereFix, canEditBreakpoints, ccRange } from './fixBuilders';
import { breakpoints, fmtInt, isBreakpointDialect, lookback, maxBreakpoints, missedSaving, planBreakpoint, positionsBetween, units } from './util';

export const lookbackExceeded: Rule = {
  name: 'lookback-exceeded',
  code: 'PC007',
  description: 'A breakpoint more than 20 blocks after the previous one: a later request cannot find the earlier cache entry.',
  defaultSeverity: 'warning',
  tags: ['breakpoint', 'lookback'],
  check(ctx) {
    if (!isBreakpointDialect(ctx)) return [];
    const us = units(ctx);
    const bps = breakpoints(ctx).filter((b) => b.kind === 'explicit' && b.unit);
    const window = lookback(ctx);
    const slotsLeft = maxBreakpoints(ctx) - breakpoints(ctx).length;
    const out: Finding[] = [];
    for (let i = 1; i < bps.length; i++) {
      const prev = bps[i - 1];
      const bp = bps[i];
      const pb = planBreakpoint(ctx, bp.prop);
      const gap = pb && pb.positionsSincePrevious > 0 ? pb.positionsSincePrevious : positionsBetween(us, prev.unit!.index, bp.unit!.index);
      const within = pb && pb.positionsSincePrevious > 0 ? pb.withinLookback : gap < window; // the breakpoint itself is the first of the positions checked
      if (within) continue;
      // Fix: an intermediate breakpoint within reach of both.
      let fix;
      if (canEditBreakpoints(ctx) && slotsLeft > 0) {
        let best;
        for (let j = bp.unit!.index - 1; j > prev.unit!.index; j--) {
          const u = us[j];
          if (!u.eligible || u.cacheControl) continue;
          const a = positionsBetween(us, prev.unit!.index, j);
          const b = positionsBetween(us, j, bp.unit!.index);
          if (a < window && b < window) {
            best = u;
            break;
          }
        }
        if (best) fix = addHereFix(ctx, best, { preferred: true, title: `Add an intermediate breakpoint on ${best.label}` });
      }
      const tokens = bp.prefixTokens - prev.prefixTokens;
      out.push({
        range: ccRange(bp.prop),
        message:
          `This breakpoint is ${fmtInt(gap)} blocks after the previous one on ${prev.unit!.label} (a read checks at most ${window} positions, the breakpoint itself included): ` +
          `a request that only adds to the conversation cannot find the earlier entry, so ${fmtInt(tokens)} tokens are written again instead of read${missedSaving(ctx, tokens)}.`,
        fixes: fix ? [fix] : undefined,
      });
    }
    return out;
  },
};
