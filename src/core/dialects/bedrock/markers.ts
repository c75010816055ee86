// Bedrock's breakpoints as the request model's markers.
// - Converse: `{"cachePoint": {"type": "default"[, "ttl": "5m" | "1h"]}}` elements in `toolConfig.tools`,
//   `system` and `messages[].content`; each closes the content before it, in cache order tools → system →
//   messages (a cachePoint first in its array closes what the previous section ended with).
// - InvokeModel (Anthropic body): cache_control as on the Claude API, except that the legacy Bedrock
//   integration (Opus 4.6 and earlier) answers 400 to a top-level (automatic) cache_control.
import type { Node } from 'jsonc-parser';
import type { ModelProfile } from '../../models/types';
import { arrayItems, nodeRange, prop, stringProp } from '../../parse/json';
import { collectMarkers, type MarkerSite } from '../../request/markers';
import type { CacheControlInfo, Segment } from '../../types';
import { converseKind } from './detect';
import { removeElementEdit } from './edits';

/** A cachePoint element read as a marker (range: the whole element, so fixes and highlights find it). */
export function readCachePoint(element: Node): CacheControlInfo | undefined {
  const v = prop(element, 'cachePoint');
  if (!v || v.type === 'null') return undefined;
  const type = v.type === 'object' ? stringProp(v, 'type') ?? '' : '';
  const ttlNode = v.type === 'object' ? prop(v, 'ttl') : undefined;
  const ttlRaw = ttlNode ? String(ttlNode.value) : undefined;
  const ttlOk = ttlNode === undefined || ttlRaw === '5m' || ttlRaw === '1h';
  return { type, ttl: ttlRaw === '1h' ? '1h' : '5m', ttlRaw, range: nodeRange(element), valueRange: nodeRange(v), valid: v.type === 'object' && type === 'default' && ttlOk };
}

const key = (p: readonly (string | number)[]) => p.join('\u0000');

/** Every cachePoint of a Converse body, each on the unit it closes. */
export function converseMarkers(text: string, root: Node, units: readonly Segment[]): MarkerSite[] {
  const byPath = new Map<string, Segment>();
  for (const u of units) byPath.set(key(u.path), u);
  const out: MarkerSite[] = [];
  let last: Segment | undefined;
  const visit = (arr: Node | undefined, base: (string | number)[]) => {
    arrayItems(arr).forEach((el, i) => {
      const path = [...base, i];
      if (converseKind(el) !== 'cachePoint' && !prop(el, 'cachePoint')) {
        last = byPath.get(key(path)) ?? last;
        return;
      }
      const info = readCachePoint(el);
      if (!info) return;
      out.push({
        ownerPath: path,
        info,
        unit: last,
        automatic: false,
        removeEdit: removeElementEdit(text, el),
      });
    });
  };
  visit(prop(prop(root, 'toolConfig'), 'tools'), ['toolConfig', 'tools']);
  visit(prop(root, 'system'), ['system']);
  arrayItems(prop(root, 'messages')).forEach((m, i) => {
    // A message's own cachePoint-free blocks move `last` forward; a message without blocks keeps it.
    visit(prop(m, 'content'), ['messages', i, 'content']);
  });
  return out;
}

/**
 * The legacy Bedrock integration: Claude models up to Opus 4.6. The table marks the model generation by
 * its tokenizer: Opus 4.7 is the first model of the newer one, and every older-generation row (Sonnet 4.6,
 * Haiku 4.5 and earlier included) was released by then, so "older tokenizer" is read as "legacy
 * integration" (an interpretation: the page names only "Opus 4.6 and earlier").
 */
export function onLegacyBedrock(profile: ModelProfile): boolean {
  return profile.provider === 'anthropic' && profile.claude?.tokenizerGeneration === 'pre-4.7';
}

/** InvokeModel markers: the Claude API's, with Bedrock's refusal of automatic caching on legacy models. */
export function invokeMarkers(root: Node, units: readonly Segment[], profile: ModelProfile): MarkerSite[] {
  const sites = collectMarkers(root, units, 'anthropic-messages');
  if (!onLegacyBedrock(profile)) return sites;
  const last = [...units].reverse().find((u) => u.kind !== 'overhead' && u.breakpointAllowed);
  return sites.map((s) =>
    s.automatic
      ? {
          ...s,
          placementProblem: `the legacy Bedrock integration (${profile.displayName}; Opus 4.6 and earlier) does not support automatic caching and answers 400 to a top-level cache_control: put an explicit breakpoint on the last block instead`,
          moveTo: last,
        }
      : s,
  );
}
