// PC002 template-variable-in-prefix: a template placeholder ({{x}}, ${x}, {% %}, {x}, %(x)s) inside the
// cached prefix, so every rendering gets its own cache entry. Time-like names (date, now, …) are worse:
// they change on every call even for the same user. In a request body the token figure is the plan's;
// in a prompt template (which caches nothing by itself) it is the static text after the placeholder.
import type { Finding, Rule } from './types';
import type { DynamicHit } from '../request/dynamic';
import { isTimeLikeName } from '../scan/placeholders';
import { cacheBeforeFix, short } from './fixBuilders';
import { dynamicValues, fmtInt, inIntendedPrefix, lostAt, minimumTokens, missedSaving } from './context';
import { notYet } from './volatile-in-prefix';
import { moveInTemplateFix, prefixFixes } from './moveFixes';
import type { RuleContext } from './types';

/** Prompt files (templates): nothing is sent as written, so the figure is the static text after the value. */
const TEMPLATE_DIALECTS = new Set(['prompt-template', 'prompty', 'dotprompt']);

/** What the placeholder costs, and what closes the region it spoils. */
function impact(ctx: RuleContext, hit: DynamicHit, timeLike: boolean): { tokens: number; closer: string; priced: boolean } | undefined {
  if (!TEMPLATE_DIALECTS.has(ctx.analysis.dialect ?? '')) {
    const lost = lostAt(ctx, hit);
    return lost ? { tokens: lost, closer: 'the end of the cached prefix', priced: true } : undefined;
  }
  // A template: the static text after the value, when it is worth caching once rendered (later placeholders,
  // filled in with a sample value or written, vary too: they are not static text).
  let after = ctx.analysis.inputTokens - ctx.model.tokenAt(hit.range.end);
  for (const h of ctx.model.dynamic) {
    if (h.source === 'placeholder' && h.certainty === 'per-request' && h.range.start >= hit.range.end) after -= Math.max(0, ctx.model.tokenAt(h.range.end) - ctx.model.tokenAt(h.range.start));
  }
  if (after < (timeLike ? 16 : 64)) return undefined;
  // Money only when the static text, rendered, would clear the model's minimum and so could be cached.
  return { tokens: after, closer: 'the end of the template', priced: ctx.analysis.inputTokens >= minimumTokens(ctx) };
}

export const templateVariableInPrefix: Rule = {
  name: 'template-variable-in-prefix',
  code: 'PC002',
  description: 'A template placeholder ({{x}}, ${x}, {% %}, {x}) inside the cached prefix: every rendering gets its own cache entry.',
  defaultSeverity: 'warning',
  tags: ['prefix', 'template'],
  check(ctx) {
    const out: Finding[] = [];
    for (const hit of dynamicValues(ctx, 'placeholder')) {
      if (hit.unit?.newest) continue;
      const timeLike = isTimeLikeName(hit.name ?? '');
      const cost = impact(ctx, hit, timeLike);
      if (!cost) {
        if (inIntendedPrefix(ctx, hit)) out.push({ range: hit.range, severity: 'info', message: notYet(`Template variable ${short(hit.value, 40)}`) });
        continue;
      }
      const inTemplate = moveInTemplateFix(ctx, hit);
      const fixes = inTemplate ? [{ ...inTemplate, isPreferred: true }] : prefixFixes(ctx, [hit], () => cost.tokens, cacheBeforeFix(ctx, hit));
      const worse = timeLike
        ? ` "${hit.name}" looks like a date/time or id: it changes on every call, so even the same user never gets a cache hit.`
        : ' Each distinct value gets its own cache entry.';
      out.push({
        range: hit.range,
        message:
          `Template variable ${short(hit.value, 40)} is inside the cached prefix:${worse} ` +
          (TEMPLATE_DIALECTS.has(ctx.analysis.dialect ?? '')
            ? `${fmtInt(cost.tokens)} tokens after it (up to ${cost.closer}) are re-sent at full price whenever the value changes`
            : `when the value changes, the next call cannot read ${fmtInt(cost.tokens)} tokens that an identical repeat would read from cache`) +
          `${cost.priced ? missedSaving(ctx, cost.tokens) : ''}. ` +
          `Move it after the static part${timeLike ? ' (or coarsen it, e.g. to the date)' : ''}.`,
        fixes: fixes.length ? fixes : undefined,
      });
    }
    return out;
  },
};
