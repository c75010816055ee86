// PC001 volatile-in-prefix: a value that changes per request (date, time, timestamp, "today is …", UUID,
// request/trace/session/user id, random hex/base64, nonce, or a custom pattern) inside the cached prefix.
// The token figure is the plan's: what an identical repeat reads minus what is readable before the value.
import type { Finding, Rule } from './types';
import { describeVolatileKind } from '../scan/volatile';
import { cacheBeforeFix, short } from './fixBuilders';
import { describe, dynamicValues, fmtInt, inIntendedPrefix, lostAt, missedSaving } from './context';

/** The message for a value in a part meant for caching that is not cached yet (nothing to lose today). */
export function notYet(what: string): string {
  return `${what} sits before a breakpoint, in the part meant for caching. Nothing is cached there yet (the prefix is below the model's minimum), so it costs nothing today; once the prefix is cached, this value will change it on every call and the next call will read nothing after it.`;
}

export const volatileInPrefix: Rule = {
  name: 'volatile-in-prefix',
  code: 'PC001',
  description: 'A per-request value (date, time, id, random token) inside the cached prefix: every call writes a new cache entry and nothing after it is ever read from cache.',
  defaultSeverity: 'warning',
  tags: ['prefix', 'volatile'],
  check(ctx) {
    const out: Finding[] = [];
    for (const hit of dynamicValues(ctx, 'volatile')) {
      const lost = lostAt(ctx, hit);
      const where = hit.unit ? ` in ${describe(hit.unit)}` : '';
      if (!lost) {
        if (inIntendedPrefix(ctx, hit)) out.push({ range: hit.range, severity: 'info', message: notYet(`The ${describeVolatileKind(hit.kind)} "${short(hit.value, 40)}"${where}`) });
        continue;
      }
      const fix = cacheBeforeFix(ctx, hit);
      out.push({
        range: hit.range,
        message:
          `The ${describeVolatileKind(hit.kind)} "${short(hit.value, 40)}"${where} changes per request and is inside the cached prefix, ` +
          `so the next call cannot read ${fmtInt(lost)} tokens that an identical repeat would read from cache and pays full price for them${missedSaving(ctx, lost)}. ` +
          `Move it after the cached part (e.g. into the final user message)${fix ? ' or cache everything before it' : ''}.`,
        fixes: fix ? [fix] : undefined,
      });
    }
    return out;
  },
};
