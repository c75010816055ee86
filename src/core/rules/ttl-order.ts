// PC005 ttl-order: a 1h breakpoint after a 5m one in tools → system → messages order. The API rejects it:
// "a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block".
import type { Fix, TextEdit } from '../types';
import type { Finding, Rule } from './types';
import { ccText } from './edits';
import { canEditBreakpoints, ccRange, style } from './fixBuilders';
import { breakpoints, isBreakpointDialect, nodeRange, readCacheControl, type BpInfo } from './util';

function setTtlEdit(ctx: Parameters<Rule['check']>[0], bp: BpInfo, ttl: '5m' | '1h'): TextEdit {
  const cc = readCacheControl(bp.prop);
  if (cc.ttlNode) return { range: nodeRange(cc.ttlNode), newText: `"${ttl}"` };
  const v = bp.prop.children![1];
  return { range: nodeRange(v), newText: ccText(style(ctx), ttl) };
}

export const ttlOrder: Rule = {
  name: 'ttl-order',
  code: 'PC005',
  description: 'A 1h cache_control after a 5m one (in tools → system → messages order): the API rejects the request.',
  defaultSeverity: 'error',
  tags: ['breakpoint', 'ttl', 'api-error'],
  check(ctx) {
    if (!isBreakpointDialect(ctx)) return [];
    const bps = breakpoints(ctx);
    const out: Finding[] = [];
    const lastLong = [...bps].reverse().find((b) => b.ttl === '1h');
    if (!lastLong) return out;
    const shortBefore = bps.filter((b) => b.ttl === '5m' && b.order < lastLong.order);
    if (!shortBefore.length) return out;
    const editable = canEditBreakpoints(ctx);
    const upgrade: Fix | undefined = editable
      ? { title: `Fix TTL order: make the ${shortBefore.length === 1 ? 'earlier 5m breakpoint' : `${shortBefore.length} earlier 5m breakpoints`} 1h`, kind: 'quickfix', isPreferred: true, edits: shortBefore.map((b) => setTtlEdit(ctx, b, '1h')) }
      : undefined;
    for (const bp of bps) {
      if (bp.ttl !== '1h') continue;
      const firstShort = bps.find((b) => b.ttl === '5m' && b.order < bp.order);
      if (!firstShort) continue;
      const cc = readCacheControl(bp.prop);
      const range = cc.ttlNode ? nodeRange(cc.ttlNode) : ccRange(bp.prop);
      const fixes: Fix[] = [];
      if (upgrade) fixes.push(upgrade);
      if (editable) {
        const laterLong = bps.filter((b) => b.ttl === '1h' && b.order > firstShort.order);
        fixes.push({ title: laterLong.length > 1 ? `Fix TTL order: make the ${laterLong.length} later 1h breakpoints 5m` : 'Fix TTL order: make this breakpoint 5m', kind: 'quickfix', edits: laterLong.map((b) => setTtlEdit(ctx, b, '5m')) });
      }
      out.push({
        range,
        message:
          `A 1h breakpoint${bp.unit ? ` on ${bp.kind === 'automatic' ? 'the automatic top-level cache_control' : bp.unit.label}` : ''} comes after a 5m one${firstShort.unit ? ` on ${firstShort.unit.label}` : ''} ` +
          `(order: tools → system → messages): the API rejects the request (400 "a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block"). Longer TTLs must come first.`,
        fixes: fixes.length ? fixes : undefined,
      });
    }
    return out;
  },
};
