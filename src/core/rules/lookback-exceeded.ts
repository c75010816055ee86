// PC007 lookback-exceeded: a breakpoint more than 20 positions (blocks) after the previous one. A read
// checks at most 20 positions from a breakpoint (itself included), so when a later request only grows the
// conversation it cannot find the entry the earlier breakpoint wrote, and writes the whole prefix again.
// Positions are the plan's (Breakpoint.positionsSincePrevious / withinLookback).
import type { Segment } from '../types';
import type { Finding, Rule } from './types';
import { addHereFix, canEditBreakpoints } from './fixBuilders';
import { breakpoints, describe, markerOf, fmtInt, hasMarkers, maxBreakpoints, missedSaving, units } from './context';

export const lookbackExceeded: Rule = {
  name: 'lookback-exceeded',
  code: 'PC007',
  description: 'A breakpoint more than 20 blocks after the previous one: a later request cannot find the earlier cache entry.',
  defaultSeverity: 'warning',
  tags: ['breakpoint', 'lookback'],
  check(ctx) {
    if (!hasMarkers(ctx) || ctx.analysis.cache.rejected) return [];
    const us = units(ctx);
    const all = breakpoints(ctx);
    const bps = all.filter((b) => b.kind === 'explicit');
    const window = ctx.profile?.lookback ?? 20;
    const slotsLeft = maxBreakpoints(ctx) - all.length;
    const out: Finding[] = [];
    for (let i = 1; i < bps.length; i++) {
      const prev = bps[i - 1];
      const bp = bps[i];
      if (bp.bp.withinLookback) continue;
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
          `This breakpoint is ${fmtInt(gap)} blocks after the previous one on ${describe(prev.unit)} (a read checks at most ${window} positions, the breakpoint itself included): ` +
          `a request that only adds to the conversation cannot find the earlier entry, so ${fmtInt(tokens)} tokens are written again instead of read${bp.bp.meetsMinimum ? missedSaving(ctx, tokens) : ''}.`,
        fixes: fix ? [fix] : undefined,
      });
    }
    return out;
  },
};
