// PC005 ttl-order: a 1h breakpoint after a 5m one in tools → system → messages order. The API rejects it:
// "a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block".
import type { Fix, TextEdit } from '../types';
import type { Finding, Rule, RuleContext } from './types';
import { ccText } from './edits';
import { usesCachePoints } from './markerEdits';
import { cachePointText } from '../dialects/bedrock/edits';
import { style, canEditBreakpoints } from './fixBuilders';
import { breakpoints, describe, hasMarkers, markerNode, nodeRange, prop, type BpInfo } from './context';

function setTtlEdit(ctx: RuleContext, bp: BpInfo, ttl: '5m' | '1h'): TextEdit | undefined {
  const m = markerNode(ctx, bp);
  const v = m?.prop.children?.[1];
  if (!v) return undefined;
  const ttlNode = v.type === 'object' ? prop(v, 'ttl') : undefined;
  if (ttlNode) return { range: nodeRange(ttlNode), newText: `"${ttl}"` };
  if (usesCachePoints(ctx)) return { range: nodeRange(v), newText: cachePointText(style(ctx), ttl).replace(/^\{"cachePoint":\s*/, '').slice(0, -1) };
  return { range: nodeRange(v), newText: ccText(style(ctx), ttl) };
}

export const ttlOrder: Rule = {
  name: 'ttl-order',
  code: 'PC005',
  description: 'A 1h cache_control after a 5m one (in tools → system → messages order): the API rejects the request.',
  defaultSeverity: 'error',
  tags: ['breakpoint', 'ttl', 'api-error'],
  check(ctx) {
    if (!hasMarkers(ctx)) return [];
    const bps = breakpoints(ctx);
    const out: Finding[] = [];
    const lastLong = [...bps].reverse().find((b) => b.ttl === '1h');
    if (!lastLong) return out;
    const shortBefore = bps.filter((b) => b.ttl === '5m' && b.order < lastLong.order);
    if (!shortBefore.length) return out;
    const editable = canEditBreakpoints(ctx);
    const edits = (list: BpInfo[], ttl: '5m' | '1h') => list.map((b) => setTtlEdit(ctx, b, ttl)).filter((e): e is TextEdit => !!e);
    const upgrade: Fix | undefined = editable
      ? { title: `Fix TTL order: make the ${shortBefore.length === 1 ? 'earlier 5m breakpoint' : `${shortBefore.length} earlier 5m breakpoints`} 1h`, kind: 'quickfix', isPreferred: true, edits: edits(shortBefore, '1h') }
      : undefined;
    for (const bp of bps) {
      if (bp.ttl !== '1h') continue;
      const firstShort = bps.find((b) => b.ttl === '5m' && b.order < bp.order);
      if (!firstShort) continue;
      const v = markerNode(ctx, bp)?.prop.children?.[1];
      const ttlNode = v?.type === 'object' ? prop(v, 'ttl') : undefined;
      const range = ttlNode ? nodeRange(ttlNode) : bp.range;
      const fixes: Fix[] = [];
      if (upgrade) fixes.push(upgrade);
      if (editable) {
        const laterLong = bps.filter((b) => b.ttl === '1h' && b.order > firstShort.order);
        fixes.push({ title: laterLong.length > 1 ? `Fix TTL order: make the ${laterLong.length} later 1h breakpoints 5m` : 'Fix TTL order: make this breakpoint 5m', kind: 'quickfix', edits: edits(laterLong, '5m') });
      }
      out.push({
        range,
        message:
          `A 1h breakpoint on ${bp.kind === 'automatic' ? 'the automatic top-level cache_control' : describe(bp.unit)} comes after a 5m one on ${describe(firstShort.unit)} ` +
          `(order: tools → system → messages): the API rejects the request (400 "a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block"), so nothing is cached. Longer TTLs must come first.`,
        fixes: fixes.length ? fixes : undefined,
      });
    }
    return out;
  },
};
