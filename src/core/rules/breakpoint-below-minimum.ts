// PC003 breakpoint-below-minimum: a cache_control whose prefix is shorter than the model's minimum
// cacheable length. The API accepts it and silently caches nothing.
import type { Finding, Rule } from './types';
import { canEditBreakpoints, ccRange, moveFix, removeFix } from './fixBuilders';
import { breakpoints, fmtInt, isBreakpointDialect, lastStableUnit, minimumTokens, perCall, TokenMap, tokenMap, nodeRange, units, type Unit } from './util';

export const breakpointBelowMinimum: Rule = {
  name: 'breakpoint-below-minimum',
  code: 'PC003',
  description: "A cache_control breakpoint whose prefix is shorter than the model's minimum cacheable length: silently not cached.",
  defaultSeverity: 'warning',
  tags: ['breakpoint', 'minimum'],
  check(ctx) {
    if (!isBreakpointDialect(ctx)) return [];
    const out: Finding[] = [];
    const min = minimumTokens(ctx);
    const model = ctx.analysis.model?.name ?? ctx.profile?.id ?? 'this model';
    const bps = breakpoints(ctx);
    const us = units(ctx);
    const tm = tokenMap(ctx);
    for (const bp of bps) {
      if (bp.prefixTokens >= min) continue;
      const fixes = [];
      if (bp.kind === 'explicit' && bp.unit && canEditBreakpoints(ctx)) {
        const target = qualifyingTarget(ctx, us, tm, min, bp.unit);
        const laterOk = bps.some((o) => o !== bp && o.prefixTokens >= min && o.order > bp.order);
        if (target && !laterOk) {
          const f = moveFix(ctx, bp.unit, target, `Move the breakpoint to ${target.label} (first block past the ${fmtInt(min)}-token minimum)`);
          if (f) fixes.push(f);
        }
        fixes.push(removeFix(ctx, [bp.unit], 'Remove this breakpoint (it caches nothing)', fixes.length === 0));
      }
      const short = min - bp.prefixTokens;
      out.push({
        range: ccRange(bp.prop),
        message:
          `${bp.kind === 'automatic' ? 'Automatic caching' : 'This breakpoint'} closes a prefix of ${fmtInt(bp.prefixTokens)} tokens, below the ${fmtInt(min)}-token minimum for ${model}: ` +
          `it is silently not cached, so those ${fmtInt(bp.prefixTokens)} tokens are re-sent at full price on every call${perCall(ctx, bp.prefixTokens)} ` +
          `(${fmtInt(short)} more tokens of stable prefix needed).`,
        fixes: fixes.length ? fixes : undefined,
      });
    }
    return out;
  },
};

/**
 * The last block that still qualifies: the last eligible stable block (before any per-request content),
 * provided its prefix clears the minimum and it comes after `from`.
 */
function qualifyingTarget(ctx: Parameters<Rule['check']>[0], us: Unit[], tm: TokenMap, min: number, from: Unit): Unit | undefined {
  const stable = lastStableUnit(ctx);
  if (!stable || stable.index <= from.index) return undefined;
  if (tm.tokensThrough(stable.path, nodeRange(stable.node)) < min) return undefined;
  return us[stable.index];
}
