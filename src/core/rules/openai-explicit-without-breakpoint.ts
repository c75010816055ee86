// PC020 openai-explicit-without-breakpoint: GPT-5.6+ with prompt_cache_options.mode "explicit" and no usable
// prompt_cache_breakpoint: nothing is cached (OpenAI writes no implicit breakpoint in explicit mode).
import type { Fix } from '../types';
import type { Finding, Rule } from './types';
import { describe, fmtInt, missedSaving } from './context';
import { addBreakpointFix, openAICache, lastStableOpenAIBlock } from './openaiFixes';
import { style } from './fixBuilders';

export const openaiExplicitWithoutBreakpoint: Rule = {
  name: 'openai-explicit-without-breakpoint',
  code: 'PC020',
  description: 'GPT-5.6+: prompt_cache_options.mode "explicit" with no prompt_cache_breakpoint: nothing is cached.',
  defaultSeverity: 'warning',
  tags: ['openai', 'gpt-5.6', 'breakpoint'],
  check(ctx) {
    const c = openAICache(ctx);
    if (!c || c.mode !== 'explicit' || ctx.analysis.cache.rejected) return [];
    if (c.breakpoints.some((b) => !b.problem && b.unit)) return [];
    const total = ctx.analysis.inputTokens;
    const fixes: Fix[] = [];
    const target = lastStableOpenAIBlock(ctx);
    let remedy = 'No block before the newest message clears the 1,024-token minimum, so a breakpoint would not help yet.';
    if (target) {
      const f = addBreakpointFix(ctx, target, `Add a prompt_cache_breakpoint on ${describe(target)} (the last stable block)`);
      if (f) {
        fixes.push(f);
        remedy = `A breakpoint on ${describe(target)} would cache its ${fmtInt(target.cumulativeTokens)}-token prefix${missedSaving(ctx, target.cumulativeTokens)}.`;
      }
    }
    if (c.modeRange && ctx.root) {
      const st = style(ctx);
      const v = ctx.text.slice(c.modeRange.start, c.modeRange.end).replace(/"explicit"\s*$/, '"implicit"');
      fixes.push({ title: 'Switch to implicit mode (OpenAI places a breakpoint at the newest user/tool message)', kind: 'quickfix', isPreferred: fixes.length === 0, edits: [{ range: c.modeRange, newText: v.includes('"implicit"') ? v : `"mode":${st.sp}"implicit"` }] });
    }
    return [
      {
        range: c.modeRange ?? c.optionsRange ?? { start: 0, end: 1 },
        message: `Explicit mode with no prompt_cache_breakpoint: nothing is cached; every call pays the full input price for all ${fmtInt(total)} tokens. ${remedy}`,
        fixes: fixes.length ? fixes : undefined,
      },
    ] as Finding[];
  },
};
