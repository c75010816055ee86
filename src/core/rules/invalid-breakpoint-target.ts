// PC006 invalid-breakpoint-target: cache_control where the API refuses it (thinking blocks, empty text
// blocks, a message object or a string, sub-content blocks such as tool_result content or citations) or
// with an unknown `type` / `ttl`. Each of these makes the API reject the request (400).
import { findNodeAtLocation } from 'jsonc-parser';
import type { Fix, TextEdit } from '../types';
import type { Finding, Rule } from './types';
import { addCacheControlEdits, canCarryMarker, ccText, removePropertyEdit } from './edits';
import { canEditBreakpoints, style } from './fixBuilders';
import { describe, nodeRange, prop, propNode, target } from './context';

export const invalidBreakpointTarget: Rule = {
  name: 'invalid-breakpoint-target',
  code: 'PC006',
  description: 'cache_control where the API refuses it (thinking or empty text blocks, message objects, sub-blocks) or with an unknown type/ttl: the request is rejected.',
  defaultSeverity: 'error',
  tags: ['breakpoint', 'api-error'],
  check(ctx) {
    if (!ctx.root || !ctx.model.capabilities.markers || (ctx.analysis.cache.family !== 'breakpoints' && ctx.analysis.dialect !== 'anthropic-messages')) return [];
    const out: Finding[] = [];
    const editable = canEditBreakpoints(ctx);
    for (const site of ctx.model.markers) {
      const owner = site.ownerPath.length ? findNodeAtLocation(ctx.root, site.ownerPath) : ctx.root;
      const p = propNode(owner, 'cache_control');
      if (!owner || !p) continue;
      const range = nodeRange(p);
      const remove: Fix = { title: 'Remove this cache_control', kind: 'quickfix', edits: [removePropertyEdit(ctx.text, owner, p)] };
      // --- placement (the request model decided where the API refuses a marker)
      if (site.placementProblem) {
        const fixes: Fix[] = [];
        const move = site.moveTo;
        const mt = move && target(ctx, move);
        if (editable && move && mt && !mt.cacheControl && canCarryMarker(mt)) {
          const edits: TextEdit[] = [removePropertyEdit(ctx.text, owner, p), ...addCacheControlEdits(ctx.text, mt, style(ctx), site.info.ttl === '1h' ? '1h' : undefined)];
          fixes.push({ title: `Move cache_control to ${describe(move)}`, kind: 'quickfix', isPreferred: true, edits });
        }
        fixes.push({ ...remove, isPreferred: fixes.length === 0 });
        out.push({ range, message: `Invalid cache_control placement: ${site.placementProblem}. The API rejects the whole request, so nothing is cached.`, fixes });
        continue;
      }
      // --- value
      const v = p.children?.[1];
      if (!v || v.type !== 'object') {
        out.push({
          range: v ? nodeRange(v) : range,
          message: 'cache_control must be an object like {"type": "ephemeral"}: the API rejects the request, so nothing is cached.',
          fixes: v ? [{ title: 'Use {"type": "ephemeral"}', kind: 'quickfix', isPreferred: true, edits: [{ range: nodeRange(v), newText: ccText(style(ctx)) }] }] : undefined,
        });
        continue;
      }
      const typeNode = prop(v, 'type');
      const ttlNode = prop(v, 'ttl');
      const type = typeNode?.type === 'string' ? String(typeNode.value) : undefined;
      const ttl = ttlNode ? String(ttlNode.value) : undefined;
      if (type !== 'ephemeral') {
        const r = typeNode ? nodeRange(typeNode) : nodeRange(v);
        const edit: TextEdit = typeNode ? { range: r, newText: '"ephemeral"' } : { range: nodeRange(v), newText: ccText(style(ctx), ttl === '1h' ? '1h' : undefined) };
        out.push({
          range: r,
          message: `Unknown cache_control type ${typeNode ? JSON.stringify(type ?? typeNode.value) : '(missing)'}: "ephemeral" is the only type; the API rejects the request, so nothing is cached.`,
          fixes: [{ title: 'Use "type": "ephemeral"', kind: 'quickfix', isPreferred: true, edits: [edit] }],
        });
      }
      if (ttlNode && (ttlNode.type !== 'string' || (ttl !== '5m' && ttl !== '1h'))) {
        const guess = guessTtl(ttl ?? '');
        out.push({
          range: nodeRange(ttlNode),
          message: `Unknown cache_control ttl ${JSON.stringify(ttlNode.value)}: only "5m" (default) and "1h" exist; the API rejects the request, so nothing is cached.`,
          fixes: [
            { title: `Use "ttl": "${guess}"`, kind: 'quickfix', isPreferred: true, edits: [{ range: nodeRange(ttlNode), newText: `"${guess}"` }] },
            { title: `Use "ttl": "${guess === '1h' ? '5m' : '1h'}"`, kind: 'quickfix', edits: [{ range: nodeRange(ttlNode), newText: `"${guess === '1h' ? '5m' : '1h'}"` }] },
          ],
        });
      }
    }
    return out;
  },
};

function guessTtl(raw: string): '5m' | '1h' {
  const s = raw.toLowerCase().replace(/\s+/g, '');
  if (/^(1h|60m|60min|3600s?|1hr|1hour|hour|long|extended)$/.test(s)) return '1h';
  const n = parseFloat(s);
  if (/h/.test(s) && n >= 1) return '1h';
  if (/^\d+$/.test(s) && n >= 1800) return '1h';
  return '5m';
}

