// PC003 breakpoint-below-minimum: a cache_control whose prefix is shorter than the model's minimum
// cacheable length. The API accepts it and silently caches nothing: it writes nothing and saves nothing,
// so the message names no saving, only what would make the prefix cacheable.
import type { Segment } from '../types';
import type { Finding, Rule, RuleContext } from './types';
import { canEditBreakpoints, moveFix, removeFix } from './fixBuilders';
import { breakpoints, describe, fmtInt, hasMarkers, lastStableUnit, minimumTokens } from './context';

export const breakpointBelowMinimum: Rule = {
  name: 'breakpoint-below-minimum',
  code: 'PC003',
  description: "A cache_control breakpoint whose prefix is shorter than the model's minimum cacheable length: silently not cached.",
  defaultSeverity: 'warning',
  tags: ['breakpoint', 'minimum'],
  check(ctx) {
    if (!hasMarkers(ctx)) return [];
    const out: Finding[] = [];
    const min = minimumTokens(ctx);
    const model = ctx.analysis.model?.name ?? ctx.profile?.id ?? 'this model';
    const bps = breakpoints(ctx);
    for (const bp of bps) {
      if (bp.bp.meetsMinimum) continue;
      const fixes = [];
      let remedy = `${fmtInt(min - bp.prefixTokens)} more tokens of stable prefix before it would make it cacheable`;
      if (bp.kind === 'explicit' && canEditBreakpoints(ctx)) {
        const target = qualifyingTarget(ctx, min, bp.unit);
        const laterOk = bps.some((o) => o !== bp && o.bp.meetsMinimum && o.order > bp.order);
        if (target && !laterOk) {
          const f = moveFix(ctx, bp.unit, target, `Move the breakpoint to ${describe(target)} (the last stable block: a ${fmtInt(target.cumulativeTokens)}-token prefix)`);
          if (f) {
            fixes.push(f);
            remedy = `a breakpoint on ${describe(target)} would close a prefix of ${fmtInt(target.cumulativeTokens)} tokens and be cached`;
          }
        }
        fixes.push(removeFix(ctx, [bp.unit], 'Remove this breakpoint (it caches nothing)', fixes.length === 0));
      }
      out.push({
        range: bp.range,
        message:
          `${bp.kind === 'automatic' ? 'Automatic caching' : 'This breakpoint'} closes a prefix of ${fmtInt(bp.prefixTokens)} tokens, below the ${fmtInt(min)}-token minimum for ${model}: ` +
          `it is silently not cached: nothing is written or read here (${remedy}).`,
        fixes: fixes.length ? fixes : undefined,
      });
    }
    return out;
  },
};

/** The last stable block that may carry a breakpoint, when it clears the minimum and comes after `from`. */
function qualifyingTarget(ctx: RuleContext, min: number, from: Segment): Segment | undefined {
  const stable = lastStableUnit(ctx);
  if (!stable || (stable.unitIndex ?? 0) <= (from.unitIndex ?? 0)) return undefined;
  return stable.cumulativeTokens >= min ? stable : undefined;
}
