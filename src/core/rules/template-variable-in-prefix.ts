// PC002 template-variable-in-prefix: a template placeholder ({{x}}, ${x}, {% %}, {x}, %(x)s) inside the
// cached prefix, so every rendering gets its own cache entry. Time-like names (date, now, …) are worse:
// they change on every call even for the same user.
import type { Finding, Rule } from './types';
import { isTimeLikeName } from './placeholders';
import { cacheBeforeFix, short } from './fixBuilders';
import { fmtInt, missedSaving, placeholderHits, prefixCandidates, prefixImpact } from './util';

/** Closing / continuation tags do not vary by themselves. */
function isCloser(value: string): boolean {
  return /^\{\{[-~]?\s*(?:\/|else\b)|^\{%-?\s*(?:end\w*|else|elif)\b/.test(value);
}

export const templateVariableInPrefix: Rule = {
  name: 'template-variable-in-prefix',
  code: 'PC002',
  description: 'A template placeholder ({{x}}, ${x}, {% %}, {x}) inside the cached prefix: every rendering gets its own cache entry.',
  defaultSeverity: 'warning',
  tags: ['prefix', 'template'],
  check(ctx) {
    const out: Finding[] = [];
    for (const hit of prefixCandidates(placeholderHits(ctx))) {
      if (isCloser(hit.value)) continue;
      const timeLike = isTimeLikeName(hit.name ?? '');
      const impact = prefixImpact(ctx, hit, timeLike ? 16 : 64);
      if (!impact) continue;
      const fix = cacheBeforeFix(ctx, hit);
      const worse = timeLike
        ? ` "${hit.name}" looks like a date/time or id: it changes on every call, so even the same user never gets a cache hit.`
        : ' Each distinct value gets its own cache entry.';
      out.push({
        range: hit.range,
        message:
          `Template variable ${short(hit.value, 40)} is inside the cached prefix:${worse} ` +
          `${fmtInt(impact.tokens)} tokens after it (up to ${impact.closer}) are re-sent at full price whenever the value changes${missedSaving(ctx, impact.tokens)}. ` +
          `Move it after the static part${timeLike ? ' (or coarsen it, e.g. to the date)' : ''}.`,
        fixes: fix ? [fix] : undefined,
      });
    }
    return out;
  },
};
