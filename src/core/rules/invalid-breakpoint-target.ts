// PC006 invalid-breakpoint-target: cache_control where the API refuses it (thinking blocks, empty text
// blocks, a message object or a string, sub-content blocks such as tool_result content or citations) or
// with an unknown `type` / `ttl`. Each of these makes the API reject the request (400).
import type { Fix, TextEdit } from '../types';
import type { Finding, Rule } from './types';
import { addCacheControlEdits, ccText, removePropertyEdit } from './edits';
import { canEditBreakpoints, style } from './fixBuilders';
import { allCacheControls, isBreakpointDialect, isAnthropic, nodeRange, previousEligible, readCacheControl, units, type Unit } from './util';

const DATA_KEYS = new Set(['input_schema', 'parameters', 'input', 'metadata', 'properties', 'schema', 'json_schema', 'arguments']);

function sameKey(a: (string | number)[], b: (string | number)[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export const invalidBreakpointTarget: Rule = {
  name: 'invalid-breakpoint-target',
  code: 'PC006',
  description: 'cache_control where the API refuses it (thinking or empty text blocks, message objects, sub-blocks) or with an unknown type/ttl: the request is rejected.',
  defaultSeverity: 'error',
  tags: ['breakpoint', 'api-error'],
  check(ctx) {
    if (!ctx.root || !(isBreakpointDialect(ctx) || isAnthropic(ctx))) return [];
    const out: Finding[] = [];
    const us = units(ctx);
    const editable = canEditBreakpoints(ctx);
    for (const { prop: p, owner, path } of allCacheControls(ctx.root)) {
      if (path.some((k) => typeof k === 'string' && DATA_KEYS.has(k))) continue; // a field named cache_control inside user data
      const range = nodeRange(p);
      const remove: Fix = { title: 'Remove this cache_control', kind: 'quickfix', edits: [removePropertyEdit(ctx.text, owner, p)] };
      const unit = us.find((u) => !u.stringForm && sameKey(u.path, path));
      // --- placement
      let placement: string | undefined;
      let move: Unit | undefined;
      if (path.length === 0) {
        if (!isAnthropic(ctx) && ctx.analysis.dialect !== 'openai-gateway') placement = 'a top-level cache_control is only understood by the Anthropic API and gateways';
      } else if (unit) {
        const t = unit.blockType;
        if (t === 'thinking' || t === 'redacted_thinking') {
          placement = `${t} blocks cannot carry cache_control (they are cached implicitly as part of the turn); the API answers "Extra inputs are not permitted"`;
          move = nextEligibleInMessage(us, unit) ?? previousEligible(us, unit);
        } else if (!unit.eligible && (t === 'text' || t === 'input_text' || unit.section === 'system')) {
          placement = 'cache_control cannot be set on an empty text block (400 "cache_control cannot be set for empty text blocks")';
          move = previousEligible(us, unit);
        }
      } else if ((path[0] === 'messages' || path[0] === 'input') && path.length === 2) {
        placement = 'cache_control on a message object is not accepted: it belongs on a content block ("Extra inputs are not permitted")';
        move = [...us].reverse().find((u) => u.msgIndex === path[1] && u.eligible);
      } else if ((path[0] === 'messages' && path[2] === 'content' && path.length > 4) || (path[0] === 'system' && path.length > 2)) {
        placement = 'sub-content blocks (tool_result content, citations …) cannot carry cache_control: put it on the top-level block';
        move = us.find((u) => sameKey(u.path, path.slice(0, path[0] === 'system' ? 2 : 4)) && u.eligible);
      } else if (path[0] === 'tools' && path.length > 2) {
        placement = 'cache_control inside a tool definition is not accepted: put it on the tool object itself';
        move = us.find((u) => sameKey(u.path, path.slice(0, 2)));
      } else if (path[0] === 'system' && path.length === 1) {
        placement = 'a string system prompt cannot carry cache_control: use the array form';
      }
      if (placement) {
        const fixes: Fix[] = [];
        if (editable && move && !move.cacheControl) {
          const cc = readCacheControl(p);
          const edits: TextEdit[] = [removePropertyEdit(ctx.text, owner, p), ...addCacheControlEdits(ctx.text, move, style(ctx), cc.ttl === '1h' ? '1h' : undefined)];
          fixes.push({ title: `Move cache_control to ${move.label}`, kind: 'quickfix', isPreferred: true, edits });
        }
        fixes.push({ ...remove, isPreferred: fixes.length === 0 });
        out.push({ range, message: `Invalid cache_control placement: ${placement}. The API rejects the whole request.`, fixes });
        continue;
      }
      // --- value
      const v = p.children?.[1];
      if (!v || v.type !== 'object') {
        out.push({
          range: v ? nodeRange(v) : range,
          message: 'cache_control must be an object like {"type": "ephemeral"}: the API rejects the request.',
          fixes: v ? [{ title: 'Use {"type": "ephemeral"}', kind: 'quickfix', isPreferred: true, edits: [{ range: nodeRange(v), newText: ccText(style(ctx)) }] }] : undefined,
        });
        continue;
      }
      const cc = readCacheControl(p);
      if (cc.type !== 'ephemeral') {
        const r = cc.typeNode ? nodeRange(cc.typeNode) : nodeRange(v);
        const edit: TextEdit = cc.typeNode ? { range: r, newText: '"ephemeral"' } : { range: nodeRange(v), newText: ccText(style(ctx), cc.ttl === '1h' ? '1h' : undefined) };
        out.push({
          range: r,
          message: `Unknown cache_control type ${cc.typeNode ? JSON.stringify(cc.type ?? cc.typeNode.value) : '(missing)'}: "ephemeral" is the only type; the API rejects the request.`,
          fixes: [{ title: 'Use "type": "ephemeral"', kind: 'quickfix', isPreferred: true, edits: [edit] }],
        });
      }
      if (cc.ttlNode && cc.ttl !== '5m' && cc.ttl !== '1h') {
        const guess = guessTtl(cc.ttl ?? '');
        out.push({
          range: nodeRange(cc.ttlNode),
          message: `Unknown cache_control ttl ${JSON.stringify(cc.ttlNode.value)}: only "5m" (default) and "1h" exist; the API rejects the request.`,
          fixes: [
            { title: `Use "ttl": "${guess}"`, kind: 'quickfix', isPreferred: true, edits: [{ range: nodeRange(cc.ttlNode), newText: `"${guess}"` }] },
            { title: `Use "ttl": "${guess === '1h' ? '5m' : '1h'}"`, kind: 'quickfix', edits: [{ range: nodeRange(cc.ttlNode), newText: `"${guess === '1h' ? '5m' : '1h'}"` }] },
          ],
        });
      }
    }
    return out;
  },
};

function nextEligibleInMessage(us: Unit[], u: Unit): Unit | undefined {
  for (let i = u.index + 1; i < us.length && us[i].msgIndex === u.msgIndex; i++) if (us[i].eligible) return us[i];
  return undefined;
}

function guessTtl(raw: string): '5m' | '1h' {
  const s = raw.toLowerCase().replace(/\s+/g, '');
  if (/^(1h|60m|60min|3600s?|1hr|1hour|hour|long|extended)$/.test(s)) return '1h';
  const n = parseFloat(s);
  if (/h/.test(s) && n >= 1) return '1h';
  if (/^\d+$/.test(s) && n >= 1800) return '1h';
  return '5m';
}

