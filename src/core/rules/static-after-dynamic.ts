// PC011 static-after-dynamic: a large static part (a document, examples, tool results that never change)
// placed after per-request content, where it can never be cached. Fix: move it before the dynamic part
// (same array). A consequence of the value: folded into the value's diagnostic when there is one.
import type { Finding, Rule } from './types';
import { short, unitAnchor } from './fixBuilders';
import { moveBeforeFix } from './moveFixes';
import { breakpoints, describe, dynamicValues, firstPerRequest, fmtInt, minimumTokens, missedSaving, units } from './context';

function fixOf(f: ReturnType<typeof moveBeforeFix>) {
  return f ? [{ ...f, isPreferred: true }] : undefined;
}

/** Static parts smaller than this are not worth a diagnostic. */
export const STATIC_MIN_TOKENS = 256;

export const staticAfterDynamic: Rule = {
  name: 'static-after-dynamic',
  code: 'PC011',
  description: 'A large static part placed after per-request content, where it can never be cached.',
  defaultSeverity: 'info',
  tags: ['prefix', 'order'],
  check(ctx) {
    const first = firstPerRequest(ctx);
    if (!first?.unit) return [];
    const at = first.unit.unitIndex ?? 0;
    const dynamicUnits = new Set(dynamicValues(ctx).map((h) => h.unit));
    const min = minimumTokens(ctx);
    const out: Finding[] = [];
    for (const u of units(ctx)) {
      if ((u.unitIndex ?? 0) <= at || u.newest || u.section === 'overhead' || dynamicUnits.has(u)) continue;
      const tokens = u.tokens;
      if (tokens < STATIC_MIN_TOKENS) continue;
      // What moving it before the per-request value would let the next call read, by the plan's rule:
      // automatic caching reads the longer stable prefix (in its steps); breakpoints need one that clears
      // the minimum at or after this part. Money only for that.
      const saved = ctx.analysis.cache.family === 'automatic'
        ? ctx.model.readableBefore(first.tokenIndex + tokens) - ctx.model.readableBefore(first.tokenIndex)
        : breakpoints(ctx).some((b) => b.bp.meetsMinimum && b.order >= (u.unitIndex ?? 0)) && first.tokenIndex + tokens >= min ? tokens : 0;
      const label = describe(u);
      out.push({
        range: unitAnchor(ctx, u),
        message:
          `${label[0].toUpperCase()}${label.slice(1)} is static (${fmtInt(tokens)} tokens) but comes after per-request content ` +
          `("${short(first.value)}" in ${describe(first.unit)}): it can never be cached, so its ${fmtInt(tokens)} tokens are re-sent at full price on every call${saved > 0 ? missedSaving(ctx, saved) : ''}. ` +
          `Move it before the per-request content.`,
        fixes: fixOf(moveBeforeFix(ctx, u, first.unit)),
        consequenceOf: first.range,
      });
    }
    return out;
  },
};
