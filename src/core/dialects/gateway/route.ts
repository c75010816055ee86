// Routes: the rules a request gets depend on the model AND on how the body reaches it. This picks the
// effective profile for a request (a copy; the table row is untouched) and says what the route changes:
// - DashScope / Qwen: cache_control markers switch the request to the explicit cache (one mode per request;
//   the row's markerMode), otherwise the implicit cache applies [provider-rules.md §4.5].
// - OpenRouter (or another gateway that converts cache_control): markers are converted to the target's own
//   mechanism [provider-rules.md §4.6; addendum, Others]: Anthropic breakpoints (the row as is; a top-level
//   cache_control is automatic caching), GPT-5.6 prompt_cache_breakpoint (the target row's family decides),
//   Gemini explicit caching with only the last breakpoint (a breakpoint profile derived here), OpenAI models
//   before GPT-5.6 (automatic: the markers change nothing).
// - xAI: routing to the server that holds the entry is by the x-grok-conv-id header, which a file cannot show.
// - DeepSeek, xAI, Moonshot: cache_control has no effect (automatic caching).
import type { Node } from 'jsonc-parser';
import type { ModelProfile } from '../../models/types';
import { arrayItems, prop } from '../../parse/json';
import { fmtInt } from '../../format';

export interface Route {
  /** The profile the plan, costs and rules use for this request. */
  profile: ModelProfile;
  /** What the route changes, for the plan's notes. */
  notes: string[];
  /** The route said what cache_control markers do here (the generic "ignored by OpenAI models" is not needed). */
  explainsMarkers: boolean;
  /** The gateway the body appears to go through, when it shows one. */
  gateway?: string;
}

/** Keys only OpenRouter's Chat Completions body has (provider routing, transforms, plugins, fallbacks). */
const OPENROUTER_KEYS = ['provider', 'transforms', 'plugins', 'models', 'route', 'session_id'];

/** cache_control markers in messages (message, content parts), system blocks and tools; and a top-level one. */
export function countMarkers(root: Node): { blocks: number; topLevel: boolean } {
  let blocks = 0;
  const has = (n: Node | undefined) => {
    const cc = prop(n, 'cache_control');
    return !!cc && cc.type !== 'null';
  };
  for (const m of arrayItems(prop(root, 'messages'))) {
    if (has(m)) blocks++;
    for (const p of arrayItems(prop(m, 'content'))) if (has(p)) blocks++;
  }
  for (const s of arrayItems(prop(root, 'system'))) if (has(s)) blocks++;
  for (const t of arrayItems(prop(root, 'tools'))) if (has(t) || has(prop(t, 'function'))) blocks++;
  return { blocks, topLevel: has(root) };
}

/** The gateway a body names: OpenRouter by its own keys or an "openrouter/" model; a vendor/model slug: a gateway. */
export function gatewayOf(root: Node, model: string): string | undefined {
  const keys = new Set((root.children ?? []).map((p) => String(p.children?.[0]?.value)));
  if (OPENROUTER_KEYS.some((k) => keys.has(k)) || /^openrouter\//i.test(model)) return 'OpenRouter';
  if (/^[a-z0-9][a-z0-9._-]*\/[^/]/i.test(model)) return 'the gateway (OpenRouter or similar)';
  return undefined;
}

/** GPT-5.6 and later: explicit prompt_cache_breakpoint mechanics (the row id says the version). */
function isGpt56Plus(id: string): boolean {
  return /^gpt-(?:5\.(?:[6-9]|\d{2})|[6-9])(?:[.-]|$)/.test(id);
}

/** Gemini explicit caching through OpenRouter: only the last breakpoint, 5-minute TTL, storage added to writes. */
function geminiViaGateway(p: ModelProfile): ModelProfile {
  // Storage $/MTok/hour: Pro 4.50, Flash / Flash-Lite 1.00 [provider-rules.md §3.3, §6]; a 5-minute entry.
  const storagePerHour = /pro/.test(p.id) ? 4.5 : 1;
  const write = +(p.prices.input + storagePerHour / 12).toFixed(6);
  const { cacheWrite1h: _oneHour, ...prices } = p.prices;
  return {
    ...p,
    family: 'breakpoints',
    minimumTokens: Math.max(p.minimumTokens, 4096),
    maxBreakpoints: 1000,
    lookback: Number.MAX_SAFE_INTEGER,
    onlyLastBreakpoint: true,
    ttls: ['5m'],
    prices: { ...prices, cacheWrite5m: write },
    notes: `${p.notes ? p.notes + ' ' : ''}Through OpenRouter with cache_control: explicit caching (cachedContents) up to the last breakpoint only, 5 min TTL not refreshed by hits, minimum typically 4,096 (OpenRouter), write = input + 5 min of storage ($${storagePerHour}/MTok/hour).`,
    source: `${p.source}; OpenRouter prompt caching (Gemini) [provider-rules.md §3.2, §4.6]`,
  };
}

/** The effective profile and route notes for a request to `profile` (resolved from `model`). */
export function routeRequest(root: Node, shape: string | undefined, profile: ModelProfile, model: string): Route {
  const notes: string[] = [];
  const { blocks, topLevel } = countMarkers(root);
  const chatShape = shape === 'openai-chat' || shape === 'openai-gateway';
  const gateway = chatShape ? gatewayOf(root, model) : undefined;
  let out = profile;
  let explainsMarkers = false;
  const mm = profile.markerMode;
  if (mm) {
    explainsMarkers = true;
    if (blocks > 0) {
      out = { ...profile, family: mm.family, minimumTokens: mm.minimumTokens, maxBreakpoints: mm.maxBreakpoints, lookback: mm.lookback, ttls: [...mm.ttls], prices: { ...mm.prices }, notes: mm.notes, source: mm.source };
      notes.push(`DashScope explicit cache: this request carries ${fmtInt(blocks)} cache_control marker${blocks === 1 ? '' : 's'}, so the explicit cache applies (at most ${mm.maxBreakpoints}, each closing at least ${fmtInt(mm.minimumTokens)} tokens, 5 min, written at 1.25×, read at 0.1×) and the implicit cache does not: one mode per request.`);
    } else {
      notes.push(`DashScope implicit cache: no cache_control marker, so hits are not guaranteed (read at 0.2× from ${fmtInt(profile.minimumTokens)} tokens). Markers ({"type": "ephemeral"}) switch the request to the explicit cache.`);
    }
    if (topLevel) notes.push('A top-level cache_control is Qwen4\'s automatic caching (page of 2026-11-16); it is not modelled here.');
  } else if (chatShape && blocks + (topLevel ? 1 : 0) > 0) {
    const via = gateway ?? 'a gateway';
    switch (profile.provider) {
      case 'anthropic':
        explainsMarkers = true;
        if (topLevel) notes.push(`A top-level cache_control is automatic caching for an Anthropic target through ${via} (on Bedrock it becomes a trailing breakpoint).`);
        break;
      case 'google':
        if (gateway) {
          out = geminiViaGateway(profile);
          explainsMarkers = true;
          notes.push(`${gateway} converts cache_control for Gemini into explicit caching: only the last breakpoint is used, its entry lives 5 min and is not refreshed by hits, and the write costs the input price plus 5 minutes of storage.`);
        }
        break;
      case 'openai':
        explainsMarkers = true;
        if (isGpt56Plus(profile.id)) {
          notes.push(`${gateway ?? 'A gateway'} converts cache_control to GPT-5.6 prompt_cache_breakpoint blocks: the rules are those of the ${profile.id} row.`);
        } else {
          notes.push(`cache_control markers change nothing for ${profile.displayName}${gateway ? ` through ${gateway}` : ''}: OpenAI models before GPT-5.6 cache automatically${gateway ? ' (the gateway converts markers to the target\'s native mechanism, which needs none)' : ''}.`);
        }
        break;
      case 'deepseek':
      case 'xai':
      case 'moonshot':
        explainsMarkers = true;
        notes.push(`cache_control markers change nothing for ${profile.displayName}: its caching is automatic.`);
        break;
      default:
        break;
    }
  }
  if (profile.provider === 'xai') {
    notes.push('xAI sends a Chat Completions request to the server that holds its cache entry only with the x-grok-conv-id header (Responses: prompt_cache_key); a request file cannot show headers, so whether this request reaches that server is not known here. Dropping reasoning_content between turns also breaks the prefix.');
  }
  return { profile: out, notes, explainsMarkers, gateway };
}
