// PC001 volatile-in-prefix: a value that changes per request (date, time, timestamp, "today is …", UUID,
// request/trace/session/user id, random hex/base64, nonce, or a custom pattern) inside the cached prefix.
// Values are classified per-request, uncertain or static in src/core/request/dynamic.ts (static ones are
// never reported). One diagnostic per unit, on its first value; the unit's other values are related
// information, and so are the consequences other rules find (breakpoints never read, static parts after it).
// The token figure is the plan's: what an identical repeat reads minus what is readable before the value.
import type { DynamicHit } from '../request/dynamic';
import type { Finding, Rule, RuleContext } from './types';
import type { Segment } from '../types';
import { describeVolatileKind } from '../scan/volatile';
import { cacheBeforeFix, short } from './fixBuilders';
import { describe, dynamicValues, fmtInt, inIntendedPrefix, lostAt, missedSaving } from './context';
import { prefixFixes } from './moveFixes';

/** The message for a value in a part meant for caching that is not cached yet (nothing to lose today). */
export function notYet(what: string): string {
  return `${what} sits before a breakpoint, in the part meant for caching. Nothing is cached there yet (the prefix is below the model's minimum), so it costs nothing today; once the prefix is cached, this value will change it on every call and the next call will read nothing after it.`;
}

/** Values that cost the next call something, grouped by unit (cache order), per-request and uncertain apart. */
export function groupByUnit(ctx: RuleContext, hits: readonly DynamicHit[]): DynamicHit[][] {
  const groups = new Map<string, DynamicHit[]>();
  for (const h of hits) {
    if (h.unit?.newest || lostAt(ctx, h) <= 0) continue;
    const key = `${h.unit?.id ?? ''}\u0000${h.certainty}`;
    const g = groups.get(key);
    if (g) g.push(h);
    else groups.set(key, [h]);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => a.range.start - b.range.start));
}

export function what(h: DynamicHit): string {
  return h.source === 'placeholder' ? `template variable ${short(h.value, 40)}` : `${describeVolatileKind(h.kind)} "${short(h.value, 40)}"`;
}

export function whereIn(u: Segment | undefined): string {
  return u ? ` in ${describe(u)}` : '';
}

/** Related information for the other values of a group. */
export function othersOf(group: DynamicHit[]): Finding['related'] {
  return group.slice(1).map((h) => ({
    range: h.range,
    message: `Also ${h.certainty === 'per-request' ? 'per-request' : 'possibly per-request'} in the same block: the ${what(h)}${h.reason ? ` (${h.reason})` : ''}.`,
  }));
}

export const volatileInPrefix: Rule = {
  name: 'volatile-in-prefix',
  code: 'PC001',
  description: 'A per-request value (date, time, id, random token) inside the cached prefix: every call writes a new cache entry and nothing after it is ever read from cache.',
  defaultSeverity: 'warning',
  tags: ['prefix', 'volatile'],
  check(ctx) {
    const out: Finding[] = [];
    const hits = dynamicValues(ctx, 'volatile');
    for (const hit of hits) {
      if (hit.certainty === 'per-request' && !hit.unit?.newest && lostAt(ctx, hit) <= 0 && inIntendedPrefix(ctx, hit)) {
        out.push({ range: hit.range, severity: 'info', message: notYet(`The ${what(hit)}${whereIn(hit.unit)}`) });
      }
    }
    for (const group of groupByUnit(ctx, hits)) {
      const first = group[0];
      const lost = group.reduce((a, h) => a + lostAt(ctx, h), 0);
      const fixes = prefixFixes(ctx, group, (h) => lostAt(ctx, h), cacheBeforeFix(ctx, first));
      const also = group.length > 1 ? ` (with ${group.length - 1} more value${group.length > 2 ? 's' : ''} in the same block)` : '';
      if (first.certainty === 'per-request') {
        out.push({
          range: first.range,
          message:
            `The ${what(first)}${whereIn(first.unit)} changes per request (${first.reason})${also} and is inside the cached prefix, ` +
            `so the next call cannot read ${fmtInt(lost)} tokens that an identical repeat would read from cache and pays full price for them${missedSaving(ctx, lost)}. ` +
            `Move it after the cached part (e.g. to the end of the newest user message)${fixes.some((f) => /^Cache everything/.test(f.title)) ? ' or cache everything before it' : ''}.`,
          fixes: fixes.length ? fixes : undefined,
          related: othersOf(group),
        });
      } else {
        out.push({
          range: first.range,
          severity: 'info',
          message:
            `If the ${what(first)}${whereIn(first.unit)} changes per request, the next call cannot read ${fmtInt(lost)} tokens after it that an identical repeat would read from cache. ` +
            `It is ${first.reason}, so the cache figures take it as static; if your code writes it on every call, move it after the cached part.`,
          fixes: fixes.length ? fixes : undefined,
          related: othersOf(group),
        });
      }
    }
    return out;
  },
};
