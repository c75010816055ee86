// "Add cache_control here" as a refactoring on any cacheable block (not tied to a diagnostic), computed
// from the request model of the analysis (in the worker that built it: no second parse on the host).
import type { Fix } from '../types';
import type { RuleContext } from './types';
import { addHereFix, canEditBreakpoints } from './fixBuilders';
import { markerOf, target, units } from './context';

/** Refactorings for the innermost cacheable unit at `offset`: add cache_control (5m and 1h). */
export function cacheControlRefactorings(ctx: RuleContext, offset: number): Fix[] {
  if (!canEditBreakpoints(ctx)) return [];
  let best: { u: (typeof ctx.model.units)[number]; len: number } | undefined;
  for (const u of units(ctx)) {
    const t = target(ctx, u);
    if (!t || t.node.offset > offset || offset > t.node.offset + t.node.length) continue;
    if (!best || t.node.length < best.len) best = { u, len: t.node.length };
  }
  if (!best || markerOf(ctx, best.u) || !best.u.breakpointAllowed) return [];
  // The API rejects a 1h entry after a 5m one: no 1h after an earlier 5m marker, no 5m before a later 1h one.
  const at = best.u.unitIndex ?? 0;
  let earlier5m = false;
  let later1h = false;
  for (const u of units(ctx)) {
    const ttl = markerOf(ctx, u)?.info.ttl;
    if ((u.unitIndex ?? 0) < at && ttl !== '1h' && ttl !== undefined) earlier5m = true;
    if ((u.unitIndex ?? 0) > at && ttl === '1h') later1h = true;
  }
  const out: Fix[] = [];
  const f5 = later1h ? undefined : addHereFix(ctx, best.u, { kind: 'refactor' });
  const f1 = earlier5m ? undefined : addHereFix(ctx, best.u, { kind: 'refactor', ttl: '1h' });
  if (f5) out.push(f5);
  if (f1) out.push(f1);
  return out;
}
