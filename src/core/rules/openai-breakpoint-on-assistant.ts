// PC023 openai-breakpoint-on-assistant: a prompt_cache_breakpoint on assistant content (an assistant message's
// block, a function_call item). Breakpoints go on system / developer / user / tool content only; assistant
// output blocks cannot carry one. The nearest earlier eligible block is offered instead.
import type { Finding, Rule } from './types';
import { describe } from './context';
import { addBreakpointEdits, openAICache, removeBreakpointEdit } from './openaiFixes';

export const openaiBreakpointOnAssistant: Rule = {
  name: 'openai-breakpoint-on-assistant',
  code: 'PC023',
  description: 'GPT-5.6+: a prompt_cache_breakpoint on assistant content, where the API does not accept one.',
  defaultSeverity: 'error',
  tags: ['openai', 'gpt-5.6', 'breakpoint', 'rejected'],
  check(ctx) {
    const c = openAICache(ctx);
    if (!c) return [];
    const out: Finding[] = [];
    for (const site of c.breakpoints) {
      // Whatever its value: a wrong value is reported here too (removing or moving it fixes both).
      if (site.role !== 'assistant') continue;
      const remove = removeBreakpointEdit(ctx, site);
      const fixes = [];
      if (remove) fixes.push({ title: 'Remove this breakpoint', kind: 'quickfix' as const, isPreferred: true, edits: [remove] });
      // The message just before this one, when it can carry a breakpoint (the prefix then ends before the reply).
      const idx = typeof site.ownerPath[1] === 'number' ? site.ownerPath[1] : -1;
      const before = [...ctx.model.units].reverse().find((u) => u.messageIndex !== undefined && u.messageIndex < idx && (u.role === 'user' || u.role === 'tool' || u.role === 'system' || u.role === 'developer'));
      const add = before && remove ? addBreakpointEdits(ctx, before) : undefined;
      if (add && remove && !add.some((e) => e.range.start < remove.range.end && remove.range.start < e.range.end)) {
        fixes.push({ title: `Move it to ${describe(before!)}`, kind: 'quickfix' as const, isPreferred: false, edits: [remove, ...add] });
      }
      out.push({
        range: site.range,
        message: `prompt_cache_breakpoint on assistant content: breakpoints go on system, developer, user or tool content; assistant output blocks cannot carry one${site.problem === 'invalid-value' ? ' (and its value is not {"mode": "explicit"}, the only one the API accepts)' : ''}. The request is expected to be rejected (400), so nothing is cached.`,
        fixes: fixes.length ? fixes : undefined,
      });
    }
    return out;
  },
};
