// Every cache_control marker in a request body, found in one walk of the JSON tree, each with where it
// sits and whether the API accepts it there. The cache plan uses this to decide whether the request is
// rejected; the invalid-breakpoint-target, too-many-breakpoints and ttl-order rules report the same facts.
import type { Node } from 'jsonc-parser';
import { readCacheControl } from '../dialects/common';
import type { CacheControlInfo, Dialect, Segment, TextEdit } from '../types';
import { previousAllowed } from './units';

/** Keys under which a field named cache_control is user data (schemas, tool inputs), not a marker. */
const DATA_KEYS = new Set(['input_schema', 'parameters', 'input', 'metadata', 'properties', 'schema', 'json_schema', 'arguments']);

export interface MarkerSite {
  /** JSON path of the object that holds the cache_control property ([] for the top level). */
  ownerPath: (string | number)[];
  info: CacheControlInfo;
  /** The unit whose carrier is the owner (a block, a tool, a system block), when there is one. */
  unit?: Segment;
  /** Why the API refuses a marker here; undefined when the placement is accepted. */
  placementProblem?: string;
  /** The unit to move it to, when one is obvious. */
  moveTo?: Segment;
  /** True for the top-level (automatic caching) marker. */
  automatic: boolean;
  /** The edit that removes this marker, when it is not a cache_control property (a Converse cachePoint element). */
  removeEdit?: TextEdit;
}

function walk(n: Node, path: (string | number)[], out: { ownerPath: (string | number)[]; owner: Node }[]): void {
  if (n.type === 'object') {
    for (const p of n.children ?? []) {
      const k = p.children?.[0]?.value as string;
      const v0 = p.children?.[1];
      if (k === 'cache_control' && v0 && v0.type !== 'null') out.push({ ownerPath: [...path], owner: n });
      const v = p.children?.[1];
      if (v && (v.type === 'object' || v.type === 'array') && !DATA_KEYS.has(k)) {
        path.push(k);
        walk(v, path, out);
        path.pop();
      }
    }
  } else if (n.type === 'array') {
    const kids = n.children ?? [];
    for (let i = 0; i < kids.length; i++) {
      if (kids[i].type !== 'object' && kids[i].type !== 'array') continue;
      path.push(i);
      walk(kids[i], path, out);
      path.pop();
    }
  }
}

const key = (p: readonly (string | number)[]) => p.join('\u0000');

/** Where the API refuses a marker, and where it could go instead. */
function placement(ownerPath: (string | number)[], unit: Segment | undefined, units: readonly Segment[], dialect: Dialect): Pick<MarkerSite, 'placementProblem' | 'moveTo'> {
  const p = ownerPath;
  if (p.length === 0) {
    return dialect === 'anthropic-messages' || dialect === 'openai-gateway' ? {} : { placementProblem: 'a top-level cache_control is only understood by the Anthropic API and gateways' };
  }
  if (dialect === 'openai-gateway') {
    // Gateways (OpenRouter, LiteLLM) also take a marker on a message (its content is marked) and on a
    // tool's function object.
    if (p[0] === 'messages' && p.length === 2) return {};
    if (p[0] === 'tools' && p.length === 3 && p[2] === 'function') return {};
  }
  if (unit && !unit.stringForm) {
    const t = unit.blockType;
    if (t === 'thinking' || t === 'redacted_thinking') {
      const sameMessageAfter = units.find((u) => u.unitIndex! > unit.unitIndex! && u.messageIndex === unit.messageIndex && u.breakpointAllowed);
      return {
        placementProblem: `${t} blocks cannot carry cache_control (they are cached implicitly as part of the turn); the API answers "Extra inputs are not permitted"`,
        moveTo: sameMessageAfter ?? previousAllowed(units, unit),
      };
    }
    if (!unit.breakpointAllowed && (t === 'text' || t === 'input_text' || unit.section === 'system')) {
      return { placementProblem: 'cache_control cannot be set on an empty text block (400 "cache_control cannot be set for empty text blocks")', moveTo: previousAllowed(units, unit) };
    }
    return {};
  }
  if ((p[0] === 'messages' || p[0] === 'input') && p.length === 2) {
    const last = [...units].reverse().find((u) => u.messageIndex === p[1] && u.breakpointAllowed);
    return { placementProblem: 'cache_control on a message object is not accepted: it belongs on a content block ("Extra inputs are not permitted")', moveTo: last };
  }
  if ((p[0] === 'messages' && p[2] === 'content' && p.length > 4) || (p[0] === 'system' && p.length > 2)) {
    const top = units.find((u) => key(u.path) === key(p.slice(0, p[0] === 'system' ? 2 : 4)) && u.breakpointAllowed);
    return { placementProblem: 'sub-content blocks (tool_result content, citations …) cannot carry cache_control: put it on the top-level block', moveTo: top };
  }
  if (p[0] === 'tools' && p.length > 2) {
    return { placementProblem: 'cache_control inside a tool definition is not accepted: put it on the tool object itself', moveTo: units.find((u) => key(u.path) === key(p.slice(0, 2))) };
  }
  if (p[0] === 'system' && p.length === 1) return { placementProblem: 'a string system prompt cannot carry cache_control: use the array form' };
  return {};
}

/**
 * Every cache_control marker in the body (markers inside user data such as tool schemas excluded), in
 * document order. Only breakpoint dialects (Anthropic, gateways) give markers a meaning.
 */
export function collectMarkers(root: Node | undefined, units: readonly Segment[], dialect: Dialect): MarkerSite[] {
  if (!root || root.type !== 'object') return [];
  const found: { ownerPath: (string | number)[]; owner: Node }[] = [];
  walk(root, [], found);
  if (!found.length) return [];
  const byCarrier = new Map<string, Segment>();
  for (const u of units) if (u.carrier && !u.stringForm) byCarrier.set(key(u.carrier), u);
  const out: MarkerSite[] = [];
  for (const { ownerPath, owner } of found) {
    const info = readCacheControl(owner);
    if (!info) continue;
    let unit = byCarrier.get(key(ownerPath));
    if (!unit && dialect === 'openai-gateway') unit = gatewayUnit(ownerPath, units);
    out.push({ ownerPath, info, unit, automatic: ownerPath.length === 0, ...placement(ownerPath, unit, units, dialect) });
  }
  return out;
}

/** The unit a gateway marker on a message or a tool's function object caches up to. */
function gatewayUnit(p: (string | number)[], units: readonly Segment[]): Segment | undefined {
  if (p[0] === 'messages' && p.length === 2) return [...units].reverse().find((u) => u.messageIndex === p[1] && u.breakpointAllowed);
  if (p[0] === 'tools' && p.length === 3 && p[2] === 'function') return units.find((u) => key(u.path) === key(p.slice(0, 2)));
  return undefined;
}
