// PC009 missing-breakpoint: a breakpoint-caching request whose stable prefix clears the minimum but that has
// no cache_control at all (no breakpoint, no automatic top-level marker): every call pays full price.
import type { Fix } from '../types';
import type { Finding, Rule } from './types';
import { addHereFix, automaticFix, cacheBeforeFix, canEditBreakpoints, unitAnchor } from './fixBuilders';
import { usesCachePoints } from './markerEdits';
import { describe, firstPerRequest, fmtInt, fmtUsd, hasMarkers, lastStableUnit, minimumTokens, prices, units } from './context';

export const missingBreakpoint: Rule = {
  name: 'missing-breakpoint',
  code: 'PC009',
  description: 'An Anthropic-style request whose stable prefix clears the minimum but has no cache_control: every call pays full price.',
  defaultSeverity: 'info',
  tags: ['breakpoint', 'opportunity'],
  check(ctx) {
    if (!hasMarkers(ctx) || ctx.model.markers.length) return [];
    const us = units(ctx);
    if (!us.length) return [];
    const min = minimumTokens(ctx);
    const first = firstPerRequest(ctx);
    const stable = lastStableUnit(ctx);
    // The stable prefix ends at the first per-request value (when stable text precedes it in its block) or
    // at the end of the last stable block.
    const splitTokens = first?.unit ? first.tokenIndex : 0;
    const stableTokens = stable ? stable.cumulativeTokens : 0;
    const prefix = Math.max(splitTokens, stableTokens);
    if (prefix < min) return [];
    const fixes: Fix[] = [];
    if (canEditBreakpoints(ctx)) {
      const split = first && splitTokens > stableTokens ? cacheBeforeFix(ctx, first) : undefined;
      if (split) fixes.push({ ...split, title: `Add ${usesCachePoints(ctx) ? 'a cachePoint' : 'cache_control'}: ${split.title.charAt(0).toLowerCase()}${split.title.slice(1)}` });
      else if (stable) {
        const f = addHereFix(ctx, stable, { preferred: true });
        if (f) fixes.push(f);
      }
      if (!first) {
        const a = automaticFix(ctx);
        if (a) fixes.push(a);
      }
    }
    const anchorUnit = first?.unit && splitTokens > stableTokens ? first.unit : stable ?? us[0];
    const p = prices(ctx);
    const money = p ? ` (≈ ${fmtUsd((prefix * p.input) / 1e6)} per call; a cache read would cost ≈ ${fmtUsd((prefix * p.read) / 1e6)})` : '';
    return [
      {
        range: unitAnchor(ctx, anchorUnit),
        message:
          `No ${usesCachePoints(ctx) ? 'cachePoint' : 'cache_control'} in this request: the stable prefix (${fmtInt(prefix)} tokens through ${describe(anchorUnit)}) clears the ${fmtInt(min)}-token minimum ` +
          `but is re-sent at full price on every call${money}. Add a breakpoint at the end of the stable part.`,
        fixes: fixes.length ? fixes : undefined,
      },
    ] as Finding[];
  },
};
