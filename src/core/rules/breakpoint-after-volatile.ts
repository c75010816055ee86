// PC008 breakpoint-after-volatile: every breakpoint that writes sits after per-request content (a
// volatile value or a template variable), so the first call's entries can never be read by the next call.
// Figures are the plan's: what the first call writes, and what the next call reads (nothing).
// A consequence of the value: when volatile-in-prefix / template-variable-in-prefix reports it, this becomes
// related information of that diagnostic (one root cause, one diagnostic).
import type { Finding, Rule } from './types';
import { cacheBeforeFix, short } from './fixBuilders';
import { breakpoints, describe, firstPerRequest, fmtInt, fmtUsd, hasMarkers, prices } from './context';

export const breakpointAfterVolatile: Rule = {
  name: 'breakpoint-after-volatile',
  code: 'PC008',
  description: 'All breakpoints sit after per-request content: each call writes a cache entry that is never read again.',
  defaultSeverity: 'warning',
  tags: ['breakpoint', 'volatile', 'prefix'],
  check(ctx) {
    if (!hasMarkers(ctx)) return [];
    const plan = ctx.analysis.cache;
    // Only when the plan writes something and the next call reads none of it.
    if (plan.rejected || plan.writtenTokens <= 0 || plan.cachedTokensNextCall > 0) return [];
    const first = firstPerRequest(ctx);
    if (!first?.unit) return [];
    const fix = cacheBeforeFix(ctx, first);
    const p = prices(ctx);
    const premium = p ? ` (≈ ${fmtUsd((plan.writtenTokens * (p.write5m - p.read)) / 1e6)} per call more than a cache read)` : '';
    const what = first.source === 'placeholder' ? `template variable ${short(first.value)}` : `"${short(first.value)}"`;
    const out: Finding[] = [];
    for (const bp of breakpoints(ctx)) {
      if (bp.bp.writeTokens <= 0) continue;
      out.push({
        range: bp.range,
        message:
          `Every breakpoint comes after per-request content (${what} in ${describe(first.unit)}): each call writes a new cache entry ` +
          `(${fmtInt(plan.writtenTokens)} tokens at the cache-write price) that the next call cannot read${premium}. Put a breakpoint before it.`,
        fixes: fix ? [fix] : undefined,
        consequenceOf: first.range,
      });
    }
    return out;
  },
};
