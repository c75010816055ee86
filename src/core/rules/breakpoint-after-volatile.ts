// PC008 breakpoint-after-volatile: every breakpoint sits after per-request content (a volatile value or
// a template variable), so every entry is written on every call and never read again.
import type { Finding, Rule } from './types';
import { cacheBeforeFix, ccRange, short } from './fixBuilders';
import { breakpoints, firstPerRequest, fmtInt, isBreakpointDialect, prices, fmtUsd } from './util';

export const breakpointAfterVolatile: Rule = {
  name: 'breakpoint-after-volatile',
  code: 'PC008',
  description: 'All breakpoints sit after per-request content: each call writes a cache entry that is never read again.',
  defaultSeverity: 'warning',
  tags: ['breakpoint', 'volatile', 'prefix'],
  check(ctx) {
    if (!isBreakpointDialect(ctx)) return [];
    const bps = breakpoints(ctx);
    if (!bps.length) return [];
    const first = firstPerRequest(ctx);
    if (!first || !first.unit) return [];
    const at = first.unit.index;
    // A breakpoint on the same block as the value still includes it.
    if (bps.some((b) => b.unit && b.unit.index < at)) return [];
    const fix = cacheBeforeFix(ctx, first);
    const biggest = Math.max(...bps.map((b) => b.prefixTokens));
    const p = prices(ctx);
    const premium = p ? ` (≈ ${fmtUsd((biggest * (p.write5m - p.read)) / 1e6)} per call more than a cache read)` : '';
    const what = first.source === 'placeholder' ? `template variable ${short(first.value)}` : `"${short(first.value)}"`;
    const out: Finding[] = [];
    for (const bp of bps) {
      out.push({
        range: ccRange(bp.prop),
        message:
          `Every breakpoint comes after per-request content (${what} in ${first.unit.label}): each call writes a new cache entry ` +
          `(${fmtInt(biggest)} tokens at the cache-write price) that the next call can never read${premium}. Put a breakpoint before it.`,
        fixes: fix ? [fix] : undefined,
      });
    }
    return out;
  },
};
