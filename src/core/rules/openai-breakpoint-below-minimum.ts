// PC024 openai-breakpoint-below-minimum: GPT-5.6+ breakpoint (explicit, or the managed one of implicit mode)
// whose prefix is under the 1,024-token minimum: nothing is written there, and an entry is only ever matched
// exactly at a breakpoint (no fallback), so it saves nothing.
import type { Finding, Rule } from './types';
import { describe, fmtInt } from './context';
import { openAICache, removeBreakpointEdit } from './openaiFixes';
import { plannedOpenAIBreakpoints } from '../cache/planOpenAIBreakpoints';

export const openaiBreakpointBelowMinimum: Rule = {
  name: 'openai-breakpoint-below-minimum',
  code: 'PC024',
  description: "GPT-5.6+: a breakpoint whose prefix is shorter than the model's minimum cacheable length (1,024): nothing is cached there.",
  defaultSeverity: 'warning',
  tags: ['openai', 'gpt-5.6', 'breakpoint', 'minimum'],
  check(ctx) {
    const c = openAICache(ctx);
    // Earlier turns held server side (previous_response_id): the real prefix is longer than this file shows.
    if (!c || c.serverHistory || ctx.analysis.cache.rejected || ctx.profile?.cachingSupported === false) return [];
    const min = ctx.analysis.cache.minimumTokens;
    const out: Finding[] = [];
    const unitsById = new Map(ctx.model.units.map((u) => [u.id, u]));
    // A breakpoint that is not written at all is openai-too-many-writes' finding, not this one's.
    const unwritten = new Set(plannedOpenAIBreakpoints(ctx.model.units, c).filter((p) => !p.written).map((p) => p.unit.id));
    for (const bp of ctx.analysis.cache.breakpoints) {
      if (bp.meetsMinimum || unwritten.has(bp.segmentId)) continue;
      const u = unitsById.get(bp.segmentId);
      const site = bp.kind === 'explicit' ? c.breakpoints.find((s) => s.unit?.id === bp.segmentId && !s.problem) : undefined;
      const edit = site ? removeBreakpointEdit(ctx, site) : undefined;
      const what = bp.kind === 'implicit' ? `The managed breakpoint (implicit mode) at the end of ${u ? describe(u) : bp.segmentId}` : `This breakpoint on ${u ? describe(u) : bp.segmentId}`;
      out.push({
        range: bp.range.end > bp.range.start ? bp.range : (u ? { start: u.range.start, end: Math.min(u.range.end, u.range.start + 1) } : bp.range),
        message: `${what} closes a prefix of ${fmtInt(bp.prefixTokens)} tokens, below the ${fmtInt(min)}-token minimum: nothing is written or read there (entries match exactly at a breakpoint; ${fmtInt(min - bp.prefixTokens)} more tokens of stable prefix would make it cacheable).`,
        severity: bp.kind === 'implicit' ? 'info' : undefined,
        fixes: edit ? [{ title: 'Remove this breakpoint (it caches nothing)', kind: 'quickfix', isPreferred: true, edits: [edit] }] : undefined,
      });
    }
    return out;
  },
};
