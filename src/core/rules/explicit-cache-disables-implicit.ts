// PC014 explicit-cache-disables-implicit: DashScope / Qwen use ONE cache mode per request (provider-rules.md
// §4.5: "explicit cache and implicit cache are mutually exclusive"). A body with cache_control markers gets
// the explicit cache only; when no marker closes a prefix the explicit cache accepts (1,024 tokens), or the
// markers are refused, nothing is cached, although without the markers the implicit cache (256 tokens,
// read at 0.2×) could have read the stable prefix. That is the one way a file shows the two modes mixed.
import { resolveModel } from '../models';
import type { Finding, Rule } from './types';
import { canEditBreakpoints, removeFix } from './fixBuilders';
import { breakpoints, fmtInt, hasMarkers } from './context';

export const explicitCacheDisablesImplicit: Rule = {
  name: 'explicit-cache-disables-implicit',
  code: 'PC014',
  description: 'cache_control markers switch a DashScope/Qwen request to the explicit cache only; when none of them caches anything, the implicit cache the request would otherwise get is lost too.',
  defaultSeverity: 'warning',
  tags: ['breakpoint', 'minimum', 'qwen'],
  check(ctx) {
    const p = ctx.profile;
    if (!p?.markerMode || !hasMarkers(ctx) || p.family !== 'breakpoints') return [];
    const plan = ctx.analysis.cache;
    if (plan.cachedTokensOnRepeat > 0) return [];
    const implicitMin = resolveModel(p.id)?.minimumTokens ?? 256;
    const stable = Math.min(plan.prefixTokens, ctx.analysis.inputTokens);
    if (stable < implicitMin) return [];
    const bps = breakpoints(ctx);
    const first = bps[0];
    if (!first) return [];
    const why = plan.rejected ? `the markers are refused (${plan.rejected})` : `no marker closes a prefix of at least ${fmtInt(p.minimumTokens)} tokens`;
    const fixes =
      canEditBreakpoints(ctx) && !plan.rejected ? [removeFix(ctx, bps.filter((b) => b.kind === 'explicit').map((b) => b.unit), 'Remove the cache_control markers (use the implicit cache)', true, true)] : undefined;
    const out: Finding = {
      range: first.range,
      message:
        `These cache_control markers switch the request to DashScope's explicit cache (one mode per request), and ${why}: nothing is cached. ` +
        `Without the markers the implicit cache could read up to ${fmtInt(stable)} tokens at 0.2× (from ${fmtInt(implicitMin)} tokens, hits not guaranteed); or move a marker past the ${fmtInt(p.minimumTokens)}-token minimum.`,
      fixes,
    };
    return [out];
  },
};
