// PC025 openai-invalid-cache-value: GPT-5.6+ caching field with a value the API does not accept: a
// prompt_cache_breakpoint whose value is not {"mode": "explicit"} (the only documented value), or a
// prompt_cache_options.mode other than "implicit" / "explicit". The plan takes the request as rejected
// (openAIRejection in cache/planOpenAIBreakpoints.ts), so nothing is cached; this rule says why and where.
// A breakpoint on assistant content is openai-breakpoint-on-assistant's finding whatever its value (the
// remedy there is to remove or move it, not to correct it).
import { findNodeAtLocation } from 'jsonc-parser';
import type { Finding, Rule } from './types';
import { describe, nodeRange } from './context';
import { openAICache } from './openaiFixes';
import { style } from './fixBuilders';

/** A value as written, shortened for a message. */
function shown(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}

export const openaiInvalidCacheValue: Rule = {
  name: 'openai-invalid-cache-value',
  code: 'PC025',
  description: 'GPT-5.6+: a prompt_cache_breakpoint whose value is not {"mode": "explicit"}, or an unknown prompt_cache_options.mode: the request is rejected and nothing is cached.',
  defaultSeverity: 'error',
  tags: ['openai', 'gpt-5.6', 'breakpoint', 'rejected'],
  check(ctx) {
    const c = openAICache(ctx);
    if (!c) return [];
    const out: Finding[] = [];
    const st = style(ctx);
    if (c.modeRaw !== undefined && c.modeRaw !== 'implicit' && c.modeRaw !== 'explicit' && c.modeRange) {
      const v = ctx.root ? findNodeAtLocation(ctx.root, ['prompt_cache_options', 'mode']) : undefined;
      const raw = v ? shown(ctx.text.slice(v.offset, v.offset + v.length)) : JSON.stringify(c.modeRaw);
      out.push({
        range: c.modeRange,
        message: `prompt_cache_options.mode is ${raw}: the API expects "implicit" (the default: OpenAI places one breakpoint at the newest user/tool message) or "explicit" (only your prompt_cache_breakpoint blocks). The request is expected to be rejected (400), so nothing is cached.`,
        fixes: v ? [{ title: 'Set the mode to "implicit" (the default)', kind: 'quickfix', isPreferred: true, edits: [{ range: nodeRange(v), newText: '"implicit"' }] }] : undefined,
      });
    }
    for (const site of c.breakpoints) {
      if (site.problem !== 'invalid-value' || site.role === 'assistant') continue;
      const hasValue = site.valueRange.start !== site.range.start || site.valueRange.end !== site.range.end;
      const raw = hasValue ? shown(ctx.text.slice(site.valueRange.start, site.valueRange.end)) : 'missing';
      const where = site.unit ? ` on ${describe(site.unit)}` : '';
      out.push({
        range: site.range,
        message: `prompt_cache_breakpoint${where} is ${raw}: the API expects {"mode": "explicit"} (the only value). The request is expected to be rejected (400), so nothing is cached.`,
        fixes: hasValue ? [{ title: 'Replace the value with {"mode": "explicit"}', kind: 'quickfix', isPreferred: true, edits: [{ range: site.valueRange, newText: `{"mode":${st.sp}"explicit"}` }] }] : undefined,
      });
    }
    return out;
  },
};
