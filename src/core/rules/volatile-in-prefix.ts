// PC001 volatile-in-prefix: a value that changes per request (date, time, timestamp, "today is …", UUID,
// request/trace/session/user id, random hex/base64, nonce, or a custom pattern) inside the cached prefix.
import type { Finding, Rule } from './types';
import { describeVolatileKind } from './volatile';
import { cacheBeforeFix, short } from './fixBuilders';
import { fmtInt, missedSaving, prefixCandidates, prefixImpact, volatileHits } from './util';

export const volatileInPrefix: Rule = {
  name: 'volatile-in-prefix',
  code: 'PC001',
  description: 'A per-request value (date, time, id, random token) inside the cached prefix: every call writes a new cache entry and nothing after it is ever read from cache.',
  defaultSeverity: 'warning',
  tags: ['prefix', 'volatile'],
  check(ctx) {
    const out: Finding[] = [];
    for (const hit of prefixCandidates(volatileHits(ctx))) {
      const impact = prefixImpact(ctx, hit);
      if (!impact) continue;
      const what = describeVolatileKind(hit.kind);
      const where = hit.unit ? ` in ${hit.unit.label}` : '';
      const fix = cacheBeforeFix(ctx, hit);
      out.push({
        range: hit.range,
        message:
          `Per-request ${what} "${short(hit.value, 40)}"${where} is inside the cached prefix: the prefix changes on every call, ` +
          `so ${fmtInt(impact.tokens)} tokens up to ${impact.closer} are re-sent at full price on every call${missedSaving(ctx, impact.tokens)}. ` +
          `Move it after the cached part (e.g. into the final user message)${fix ? ' or cache everything before it' : ''}.`,
        fixes: fix ? [fix] : undefined,
      });
    }
    return out;
  },
};
