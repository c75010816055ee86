// Fix builders shared by several rules. Each returns a Fix (data) or undefined when not applicable.
import type { Fix, OffsetRange, Segment, TextEdit, Ttl } from '../types';
import type { DynamicHit } from '../request/dynamic';
import type { RuleContext } from './types';
import { canCarryMarker, detectStyle, removePropertyEdit, type Style } from './edits';
import { addMarkerEdits, splitMarkerEdits, usesCachePoints } from './markerEdits';
import { describe, markerOf, minimumTokens, nodeRange, previousAllowed, prop, propNode, removeMarkerEdit, target, units } from './context';

const styles = new WeakMap<RuleContext, Style>();
export function style(ctx: RuleContext): Style {
  let s = styles.get(ctx);
  if (!s) {
    s = detectStyle(ctx.text);
    styles.set(ctx, s);
  }
  return s;
}

/** Can fixes add, move and remove cache_control in this body? */
export function canEditBreakpoints(ctx: RuleContext): boolean {
  return !!ctx.root && ctx.model.capabilities.editableBreakpoints && ctx.analysis.cache.family === 'breakpoints';
}

/** A short range to anchor a unit-level finding: the block's "type" (or first) property, or the string's key. */
export function unitAnchor(ctx: RuleContext, u: Segment): OffsetRange {
  const t = target(ctx, u);
  if (!t) return { start: u.range.start, end: Math.min(u.range.end, u.range.start + 1) };
  if (t.stringForm) {
    const key = t.node.parent?.children?.[0];
    return key ? nodeRange(key) : nodeRange(t.node);
  }
  const name = prop(t.node, 'name');
  if (u.kind === 'tool' && name) return nodeRange(name);
  const p = propNode(t.node, 'type') ?? t.node.children?.[0];
  return p ? nodeRange(p) : { start: t.node.offset, end: t.node.offset + 1 };
}

/** Edits removing the cache_control of each unit. */
function removeAll(ctx: RuleContext, us: Segment[]): TextEdit[] {
  return us.flatMap((u) => {
    const site = markerOf(ctx, u);
    const e = site && removeMarkerEdit(ctx, site);
    return e ? [e] : [];
  });
}

function removeTopLevel(ctx: RuleContext): TextEdit[] {
  const top = ctx.root ? propNode(ctx.root, 'cache_control') : undefined;
  return top && ctx.root && ctx.model.capabilities.automaticMarker ? [removePropertyEdit(ctx.text, ctx.root, top)] : [];
}

/**
 * "Cache everything before this value": split the text before the hit (or, when nothing stable precedes
 * it in its block, put cache_control on the previous cacheable block) and remove every breakpoint after
 * it, since an entry that includes a per-request value is written on every call and never read. Offered
 * only when the new breakpoint would close a prefix that clears the minimum (otherwise it caches nothing).
 */
export function cacheBeforeFix(ctx: RuleContext, hit: DynamicHit): Fix | undefined {
  if (!canEditBreakpoints(ctx) || !hit.unit) return undefined;
  const u = hit.unit;
  const ut = target(ctx, u);
  if (!ut) return undefined;
  const us = units(ctx);
  const at = u.unitIndex ?? 0;
  const later = us.filter((x) => markerOf(ctx, x) && (x.unitIndex ?? 0) > at);
  const moved = [...(markerOf(ctx, u) ? [u] : []), ...later][0];
  const earlier5m = us.some((x) => (x.unitIndex ?? 0) < at && markerOf(ctx, x)?.info.ttl === '5m');
  const ttl: Ttl | undefined = moved && markerOf(ctx, moved)?.info.ttl === '1h' && !earlier5m ? '1h' : undefined;
  const st = style(ctx);
  const before = hit.span.text.slice(0, hit.start);
  const isMainText = ut.stringForm || prop(ut.node, 'text')?.offset === hit.span.range.start - 1;
  const min = minimumTokens(ctx);
  const prevUnit = previousAllowed(ctx, u);
  const splitWorth = hit.tokenIndex >= min;
  if (!splitWorth && (!prevUnit || prevUnit.cumulativeTokens < min)) return undefined;
  let edits: TextEdit[] | undefined;
  let title: string;
  if (isMainText && before.trim().length > 0 && splitWorth) {
    edits = splitMarkerEdits(ctx, ut, hit.range.start, st, ttl);
    title = `Cache everything before "${short(hit.value)}" (split ${describe(u)})`;
    if (!edits) return undefined;
    // splitEdits already removed u's own cache_control (object form)
  } else {
    const pt = prevUnit && target(ctx, prevUnit);
    if (!prevUnit || !pt || (!usesCachePoints(ctx) && !canCarryMarker(pt))) return undefined;
    title = `Cache everything before "${short(hit.value)}" (${usesCachePoints(ctx) ? 'a cachePoint after' : 'cache_control on'} ${describe(prevUnit)})`;
    edits = pt.cacheControl || markerOf(ctx, prevUnit) ? [] : addMarkerEdits(ctx, pt, st, ttl);
    edits.push(...removeAll(ctx, [u]));
  }
  edits.push(...removeAll(ctx, later));
  if (!u.newest) edits.push(...removeTopLevel(ctx));
  return { title, kind: 'quickfix', isPreferred: true, edits };
}

export function short(s: string, n = 24): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? one.slice(0, n - 1) + '…' : one;
}

/** "Add cache_control here" on a unit (string forms converted to a text block). */
export function addHereFix(ctx: RuleContext, u: Segment, opts: { ttl?: Ttl; kind?: 'quickfix' | 'refactor'; preferred?: boolean; title?: string } = {}): Fix | undefined {
  const t = target(ctx, u);
  if (!u.breakpointAllowed || !t || t.cacheControl || (usesCachePoints(ctx) && markerOf(ctx, u)) || (!usesCachePoints(ctx) && !canCarryMarker(t))) return undefined;
  const edits = addMarkerEdits(ctx, t, style(ctx), opts.ttl);
  if (!edits.length) return undefined;
  const conv = t.stringForm ? ' (as a text block)' : '';
  const where = usesCachePoints(ctx) ? 'after' : 'to';
  return {
    title: opts.title ?? `Add ${usesCachePoints(ctx) ? 'a cachePoint' : 'cache_control'}${opts.ttl === '1h' ? ' (1h)' : ''} ${where} ${describe(u)}${conv}`,
    kind: opts.kind ?? 'quickfix',
    isPreferred: opts.preferred,
    edits,
  };
}

/** Move the breakpoint of `from` to unit `to` (keeping its TTL). */
export function moveFix(ctx: RuleContext, from: Segment, to: Segment, title?: string): Fix | undefined {
  const tt = target(ctx, to);
  const site = markerOf(ctx, from);
  const remove = site && removeMarkerEdit(ctx, site);
  if (!remove || !tt || from === to || !to.breakpointAllowed || !canCarryMarker(tt)) return undefined;
  const edits: TextEdit[] = [remove];
  if (!tt.cacheControl && !markerOf(ctx, to)) edits.push(...addMarkerEdits(ctx, tt, style(ctx), site.info.ttl === '1h' ? '1h' : undefined));
  return { title: title ?? `Move the breakpoint to ${describe(to)}`, kind: 'quickfix', isPreferred: true, edits };
}

export function removeFix(ctx: RuleContext, us: Segment[], title: string, preferred = false, alsoTopLevel = false): Fix {
  const edits = removeAll(ctx, us);
  if (alsoTopLevel) edits.push(...removeTopLevel(ctx));
  return { title, kind: 'quickfix', isPreferred: preferred, edits };
}

/** Enable Anthropic automatic caching: a top-level cache_control (an Anthropic target only, also through a gateway). */
export function automaticFix(ctx: RuleContext): Fix | undefined {
  if (!ctx.model.capabilities.automaticMarker || (ctx.profile && ctx.profile.provider !== 'anthropic') || !ctx.root || ctx.root.type !== 'object' || propNode(ctx.root, 'cache_control')) return undefined;
  const st = style(ctx);
  const root = ctx.root;
  const props = root.children ?? [];
  // insert after "model" (or first property) to keep request options together
  const anchor = props.find((p) => p.children?.[0]?.value === 'max_tokens') ?? props.find((p) => p.children?.[0]?.value === 'model') ?? props[0];
  const cc = `"cache_control":${st.sp}{"type":${st.sp}"ephemeral"}`;
  let edit: TextEdit;
  if (!anchor) edit = { range: { start: root.offset + 1, end: root.offset + 1 }, newText: cc };
  else {
    const at = anchor.offset + anchor.length;
    const multi = ctx.text.slice(root.offset, root.offset + root.length).includes('\n');
    let s = anchor.offset;
    while (s > 0 && ctx.text[s - 1] !== '\n') s--;
    const ind = /^[ \t]*/.exec(ctx.text.slice(s, anchor.offset))![0];
    edit = { range: { start: at, end: at }, newText: multi ? `,${st.eol}${ind}${cc}` : `,${st.sp}${cc}` };
  }
  return { title: 'Enable automatic caching (top-level cache_control)', kind: 'quickfix', edits: [edit] };
}
