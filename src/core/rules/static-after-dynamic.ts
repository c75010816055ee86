// PC011 static-after-dynamic: a large static part (a document, examples, tool results that never change)
// placed after per-request content, where it can never be cached.
import type { Finding, Rule } from './types';
import { short, unitAnchor } from './fixBuilders';
import { firstPerRequest, fmtInt, missedSaving, nodeRange, placeholderHits, tokenMap, units, volatileHits } from './util';

/** Static parts smaller than this are not worth a diagnostic. */
export const STATIC_MIN_TOKENS = 256;

export const staticAfterDynamic: Rule = {
  name: 'static-after-dynamic',
  code: 'PC011',
  description: 'A large static part placed after per-request content, where it can never be cached.',
  defaultSeverity: 'info',
  tags: ['prefix', 'order'],
  check(ctx) {
    const first = firstPerRequest(ctx);
    if (!first?.unit) return [];
    const us = units(ctx);
    const tm = tokenMap(ctx);
    const dynamicUnits = new Set([...volatileHits(ctx), ...placeholderHits(ctx)].map((h) => h.unit).filter(Boolean));
    const out: Finding[] = [];
    for (const u of us) {
      if (u.index <= first.unit.index || u.tail || dynamicUnits.has(u)) continue;
      const tokens = tm.tokensThrough(u.path, nodeRange(u.node)) - tm.tokensBefore(u.path, nodeRange(u.node));
      if (tokens < STATIC_MIN_TOKENS) continue;
      out.push({
        range: unitAnchor(u),
        message:
          `${u.label[0].toUpperCase()}${u.label.slice(1)} is static (${fmtInt(tokens)} tokens) but comes after per-request content ` +
          `("${short(first.value)}" in ${first.unit.label}): it can never be cached, so its ${fmtInt(tokens)} tokens are re-sent at full price on every call${missedSaving(ctx, tokens)}. ` +
          `Move it before the per-request content.`,
      });
    }
    return out;
  },
};
