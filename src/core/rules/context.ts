// What rules read, all of it off the one request model and its plan: units, per-request values,
// breakpoints, "what would the next call lose", prices, and the JSON nodes a fix edits (found by path).
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { fmtUsd } from '../format';
import { propNode } from '../parse/json';
import { firstInPrefix, type DynamicHit } from '../request/dynamic';
import { carrierNode, previousAllowed as previousAllowedUnit } from '../request/units';
import type { MarkerSite } from '../request/markers';
import type { Breakpoint, OffsetRange, Segment, TextEdit, Ttl } from '../types';
import { removePropertyEdit } from './edits';
import type { RuleContext } from './types';

export { fmtInt, fmtUsd, plural } from '../format';
export { nodeRange, prop, propNode } from '../parse/json';

/** The request's units in cache order. */
export function units(ctx: RuleContext): Segment[] {
  return ctx.model.units;
}

/** Is this a body whose cache_control breakpoints rules may reason about and edit? */
export function hasMarkers(ctx: RuleContext): boolean {
  return ctx.model.capabilities.markers && ctx.analysis.cache.family === 'breakpoints';
}

/** How a unit is named in messages: "system prompt", "tool get_weather", "user message 3, text block 1". */
export function describe(u: Segment): string {
  if (u.path.length === 1 && u.path[0] === 'system') return 'system prompt';
  if (u.kind === 'block' && u.messageIndex !== undefined) return `${u.role ? `${u.role} ` : ''}message ${u.messageIndex + 1}, ${u.label}`;
  return u.label;
}

// ---------------------------------------------------------------------------------------------------
// Per-request values

export function dynamicValues(ctx: RuleContext, source?: DynamicHit['source']): DynamicHit[] {
  return source ? ctx.model.dynamic.filter((h) => h.source === source) : ctx.model.dynamic;
}

/** The first per-request value in the prefix (what ends the next call's read), if any. */
export function firstPerRequest(ctx: RuleContext): DynamicHit | undefined {
  return firstInPrefix(ctx.model.dynamic);
}

/**
 * Cached tokens this value costs the next call, by the plan's own rule: what is readable before the next
 * per-request value in the prefix (or all an identical repeat reads, after the last one) minus what is
 * readable before this one. The figures of all values add up to identical repeat − next call, so none is
 * counted twice. 0 when the value costs nothing: nothing between it and the next one would be cached.
 */
export function lostAt(ctx: RuleContext, hit: DynamicHit): number {
  if (hit.certainty !== 'per-request') return lostIfChanges(ctx, hit);
  return lostByValue(ctx).get(hit) ?? 0;
}

/**
 * For an uncertain value (the plan takes it as stable): what the next call would lose if it did change,
 * i.e. what the next call reads after it. 0 when a per-request value before it already ends the read.
 */
export function lostIfChanges(ctx: RuleContext, hit: DynamicHit): number {
  if (hit.unit?.newest) return 0;
  return Math.max(0, ctx.analysis.cache.cachedTokensNextCall - ctx.model.readableBefore(hit.tokenIndex));
}

const lostMemo = new WeakMap<RuleContext, Map<DynamicHit, number>>();

/** Every prefix value's cost, in one pass from the last value back (cache order). */
function lostByValue(ctx: RuleContext): Map<DynamicHit, number> {
  let m = lostMemo.get(ctx);
  if (m) return m;
  m = new Map();
  const order = ctx.model.dynamic.filter((h) => !h.unit?.newest && h.certainty === 'per-request').sort((a, b) => a.tokenIndex - b.tokenIndex || a.range.start - b.range.start);
  let upTo = ctx.analysis.cache.cachedTokensOnRepeat;
  for (let i = order.length - 1; i >= 0; i--) {
    const here = ctx.model.readableBefore(order[i].tokenIndex);
    m.set(order[i], Math.max(0, upTo - here));
    upTo = Math.min(upTo, here);
  }
  lostMemo.set(ctx, m);
  return m;
}

/**
 * A value that costs nothing today but sits in a part the request means to cache: a breakpoint at or after
 * its unit closes a prefix that is not cached (below the minimum). Rules report it at a lower severity,
 * without a saving, and say what happens once the prefix is cached.
 */
export function inIntendedPrefix(ctx: RuleContext, hit: DynamicHit): boolean {
  if (!hasMarkers(ctx) || ctx.analysis.cache.rejected || !hit.unit || hit.unit.newest) return false;
  const at = hit.unit.unitIndex ?? 0;
  return breakpoints(ctx).some((b) => b.order >= at);
}

// ---------------------------------------------------------------------------------------------------
// Breakpoints, from the plan

export interface BpInfo {
  kind: 'explicit' | 'automatic';
  /** The unit it closes (automatic: the last cacheable unit). */
  unit: Segment;
  bp: Breakpoint;
  /** Range of the cache_control property. */
  range: OffsetRange;
  ttl: Ttl;
  prefixTokens: number;
  /** Cache order (unit index; the automatic one after its unit). */
  order: number;
}

export function breakpoints(ctx: RuleContext): BpInfo[] {
  const byId = new Map(ctx.model.units.map((u) => [u.id, u]));
  const out: BpInfo[] = [];
  for (const bp of ctx.analysis.cache.breakpoints) {
    if (bp.kind === 'implicit') continue;
    const unit = byId.get(bp.segmentId);
    if (!unit) continue;
    const order = (unit.unitIndex ?? 0) + (bp.kind === 'automatic' ? 0.5 : 0);
    out.push({ kind: bp.kind, unit, bp, range: bp.range, ttl: bp.ttl, prefixTokens: bp.prefixTokens, order });
  }
  return out.sort((a, b) => a.order - b.order);
}

/** The accepted marker that closes at this unit (from the model's marker list), if any. */
export function markerOf(ctx: RuleContext, u: Segment): MarkerSite | undefined {
  let m = markerMemo.get(ctx);
  if (!m) {
    m = new Map();
    for (const s of ctx.model.markers) if (s.unit && !s.placementProblem && !s.automatic && !m.has(s.unit)) m.set(s.unit, s);
    markerMemo.set(ctx, m);
  }
  return m.get(u);
}
const markerMemo = new WeakMap<RuleContext, Map<Segment, MarkerSite>>();

/** An edit removing a marker where it is written (a block, a tool, or a gateway's message / function object). */
export function removeMarkerEdit(ctx: RuleContext, site: MarkerSite): TextEdit | undefined {
  if (site.removeEdit) return site.removeEdit;
  const owner = site.ownerPath.length ? (ctx.root ? findNodeAtLocation(ctx.root, site.ownerPath) : undefined) : ctx.root;
  const p = propNode(owner, 'cache_control');
  return owner && p ? removePropertyEdit(ctx.text, owner, p) : undefined;
}

// ---------------------------------------------------------------------------------------------------
// JSON nodes for fixes

/** What an edit needs of a unit: its node, whether it is a string, its cache_control property. */
export interface EditTarget {
  node: Node;
  stringForm: boolean;
  cacheControl?: Node;
}

export function target(ctx: RuleContext, u: Segment): EditTarget | undefined {
  const node = carrierNode(ctx.root, u);
  if (!node) return undefined;
  const stringForm = !!u.stringForm;
  return { node, stringForm, cacheControl: stringForm ? undefined : propNode(node, 'cache_control') };
}

/** The cache_control property node of a breakpoint (the root's for the automatic one). */
export function markerNode(ctx: RuleContext, b: BpInfo): { prop: Node; owner: Node } | undefined {
  if (ctx.model.capabilities.markerSyntax === 'cachePoint') {
    // Bedrock Converse: the `cachePoint` property of the element that closes this unit.
    const site = b.kind === 'explicit' ? markerOf(ctx, b.unit) : undefined;
    const el = site && ctx.root ? findNodeAtLocation(ctx.root, site.ownerPath) : undefined;
    const cp = propNode(el, 'cachePoint');
    return el && cp ? { prop: cp, owner: el } : undefined;
  }
  const owner = b.kind === 'automatic' ? ctx.root : carrierNode(ctx.root, b.unit);
  const p = propNode(owner, 'cache_control');
  return owner && p ? { prop: p, owner } : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Money: only for tokens the plan can actually cache or lose

export interface PriceInfo {
  input: number;
  write5m: number;
  write1h: number;
  read: number;
}

export function prices(ctx: RuleContext): PriceInfo | undefined {
  const p = ctx.analysis.cost?.prices ?? ctx.profile?.prices;
  if (!p || !(p.input > 0)) return undefined;
  return { input: p.input, write5m: p.cacheWrite5m ?? p.input, write1h: p.cacheWrite1h ?? p.cacheWrite5m ?? p.input, read: p.cacheRead ?? p.input };
}

/** " (≈ $0.0144 per call)" for `tokens` at one price, or "" when prices are unknown. */
export function perCall(ctx: RuleContext, tokens: number, which: keyof PriceInfo = 'input'): string {
  const p = prices(ctx);
  if (!p || tokens <= 0) return '';
  return ` (≈ ${fmtUsd((tokens * p[which]) / 1e6)} per call)`;
}

/** What paying `tokens` at the input price instead of the read price costs per call, or "" (unknown prices, a rejected request). */
export function missedSaving(ctx: RuleContext, tokens: number): string {
  const p = prices(ctx);
  // A request the API rejects saves nothing until it is fixed: no saving to promise.
  if (!p || tokens <= 0 || ctx.analysis.cache.rejected) return '';
  const d = (tokens * (p.input - p.read)) / 1e6;
  return d > 0 ? ` (≈ ${fmtUsd(d)} per call more than a cache read)` : '';
}

export function minimumTokens(ctx: RuleContext): number {
  return ctx.analysis.cache.minimumTokens;
}

export function maxBreakpoints(ctx: RuleContext): number {
  return ctx.profile?.maxBreakpoints ?? 4;
}

/** The last unit before `u` (cache order) that may carry a breakpoint. */
export function previousAllowed(ctx: RuleContext, u: Segment): Segment | undefined {
  return previousAllowedUnit(ctx.model.units, u);
}

/** The last unit that may carry a breakpoint before the first per-request value (and before the tail). */
export function lastStableUnit(ctx: RuleContext): Segment | undefined {
  const first = firstPerRequest(ctx);
  let best: Segment | undefined;
  for (const u of ctx.model.units) {
    if (u.newest) break;
    if (first?.unit && (u.unitIndex ?? 0) >= (first.unit.unitIndex ?? 0)) break;
    if (u.breakpointAllowed) best = u;
  }
  return best;
}
