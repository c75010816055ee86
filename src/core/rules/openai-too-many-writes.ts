// PC021 openai-too-many-writes: GPT-5.6+ writes at most 4 breakpoints per request (implicit mode: the managed
// one + the latest 3 explicit; explicit mode: the latest 4). Earlier explicit breakpoints are not written: the
// prefixes they mark are only read if another request wrote them.
import type { Finding, Rule } from './types';
import { describe, fmtInt } from './context';
import { openAICache, removeBreakpointEdit } from './openaiFixes';
import { OPENAI_MAX_WRITES, plannedOpenAIBreakpoints } from '../cache/planOpenAIBreakpoints';

export const openaiTooManyWrites: Rule = {
  name: 'openai-too-many-writes',
  code: 'PC021',
  description: 'GPT-5.6+: more breakpoints than the 4 cache writes a request gets (the implicit one included): the earliest explicit ones are not written.',
  defaultSeverity: 'warning',
  tags: ['openai', 'gpt-5.6', 'breakpoint'],
  check(ctx) {
    const c = openAICache(ctx);
    if (!c || ctx.analysis.cache.rejected) return [];
    const planned = plannedOpenAIBreakpoints(ctx.model.units, c);
    const unwritten = planned.filter((p) => !p.written && p.site);
    if (!unwritten.length) return [];
    const explicit = planned.filter((p) => p.kind === 'explicit').length;
    const why = c.mode === 'implicit' ? `implicit mode writes the managed breakpoint and the latest ${OPENAI_MAX_WRITES - 1} explicit ones` : `explicit mode writes the latest ${OPENAI_MAX_WRITES}`;
    return unwritten.map((p) => {
      const edit = removeBreakpointEdit(ctx, p.site!);
      return {
        range: p.site!.range,
        message: `${explicit} explicit breakpoints, at most ${OPENAI_MAX_WRITES} cache writes per request (${why}): this one on ${describe(p.unit)} (${fmtInt(p.unit.cumulativeTokens)}-token prefix) is not written, so it saves nothing unless another request writes the same prefix.`,
        fixes: edit ? [{ title: 'Remove this breakpoint (it is not written)', kind: 'quickfix', isPreferred: true, edits: [edit] }] : undefined,
      };
    }) as Finding[];
  },
};
