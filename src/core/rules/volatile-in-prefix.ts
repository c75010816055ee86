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

/**
 * The prefix values of one source, grouped by unit (cache order), per-request and uncertain apart, each
 * with what it costs the next call. A per-request group that costs nothing by itself because a later value
 * ends the same read (no breakpoint between them qualifies) joins that later group: one root cause, one
 * diagnostic on the earliest value, and one fix that moves them all.
 */
export function groupByUnit(ctx: RuleContext, hits: readonly DynamicHit[]): { hits: DynamicHit[]; lost: number }[] {
  const groups = new Map<string, DynamicHit[]>();
  for (const h of hits) {
    if (h.unit?.newest) continue;
    const key = `${h.unit?.id ?? ''}\u0000${h.certainty}`;
    const g = groups.get(key);
    if (g) g.push(h);
    else groups.set(key, [h]);
  }
  const all = [...groups.values()].map((g) => g.sort((a, b) => a.range.start - b.range.start)).sort((a, b) => a[0].tokenIndex - b[0].tokenIndex || a[0].range.start - b[0].range.start);
  const out: { hits: DynamicHit[]; lost: number }[] = [];
  let pending: DynamicHit[] = [];
  for (const g of all) {
    const lost = g.reduce((a, h) => a + lostAt(ctx, h), 0);
    if (g[0].certainty !== 'per-request') {
      if (lost > 0) out.push({ hits: g, lost });
      continue;
    }
    const joined = pending.length && ctx.model.readableBefore(pending[0].tokenIndex) === ctx.model.readableBefore(g[0].tokenIndex) ? [...pending, ...g] : g;
    if (lost > 0) {
      out.push({ hits: joined, lost: joined.reduce((a, h) => a + lostAt(ctx, h), 0) });
      pending = [];
    } else pending = joined;
  }
  return out;
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
    message: `Also ${h.certainty === 'per-request' ? 'per-request' : 'possibly per-request'} ${h.unit === group[0].unit ? 'in the same block' : `in ${h.unit ? describe(h.unit) : 'the template'}`}: the ${what(h)}${h.reason ? ` (${h.reason})` : ''}.`,
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
    const groups = groupByUnit(ctx, hits);
    const reported = new Set(groups.flatMap((g) => g.hits));
    for (const hit of hits) {
      if (hit.certainty === 'per-request' && !hit.unit?.newest && !reported.has(hit) && lostAt(ctx, hit) <= 0 && inIntendedPrefix(ctx, hit)) {
        out.push({ range: hit.range, severity: 'info', message: notYet(`The ${what(hit)}${whereIn(hit.unit)}`) });
      }
    }
    for (const { hits: group, lost } of groups) {
      const first = group[0];
      const fixes = prefixFixes(ctx, group, (h) => lostAt(ctx, h), cacheBeforeFix(ctx, first));
      const also = group.length > 1 ? ` (with ${group.length - 1} more value${group.length > 2 ? 's' : ''}${group.every((h) => h.unit === first.unit) ? ' in the same block' : ''})` : '';
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
            `If the ${what(first)}${whereIn(first.unit)} changes per request, the next call would not read ${fmtInt(lost)} tokens after it that an identical repeat reads from cache. ` +
            `It is ${first.reason}, so the cache figures take it as static; if your code writes it on every call, move it after the cached part.`,
          fixes: fixes.length ? fixes : undefined,
          related: othersOf(group),
        });
      }
    }
    return out;
  },
};
