// Fix builders shared by several rules. Each returns a Fix (data) or undefined when not applicable.
import type { Node } from 'jsonc-parser';
import type { Fix, OffsetRange, TextEdit, Ttl } from '../types';
import type { RuleContext } from './types';
import { addCacheControlEdits, detectStyle, removeCacheControlEdits, removePropertyEdit, splitEdits, type Style } from './edits';
import {
  effectiveTtl,
  isAnthropic,
  minimumTokens,
  nodeRange,
  tokenMap,
  previousEligible,
  prop,
  propNode,
  topLevelCacheControl,
  units,
  type Hit,
  type Unit,
} from './util';

const styles = new WeakMap<RuleContext, Style>();
export function style(ctx: RuleContext): Style {
  let s = styles.get(ctx);
  if (!s) {
    s = detectStyle(ctx.text);
    styles.set(ctx, s);
  }
  return s;
}

/** Can this dialect carry block-level cache_control at all? */
export function canEditBreakpoints(ctx: RuleContext): boolean {
  return !!ctx.root && ctx.analysis.cache?.family === 'breakpoints' && (ctx.analysis.dialect === 'anthropic-messages' || ctx.analysis.dialect === 'openai-gateway');
}

/** A short range to anchor a unit-level finding: the block's "type" (or first) property, or the string's key. */
export function unitAnchor(u: Unit): OffsetRange {
  if (u.stringForm) {
    const key = u.node.parent?.children?.[0];
    return key ? nodeRange(key) : nodeRange(u.node);
  }
  const name = prop(u.node, 'name');
  if (u.kind === 'tool' && name) return nodeRange(name);
  const p = propNode(u.node, 'type') ?? u.node.children?.[0];
  return p ? nodeRange(p) : { start: u.node.offset, end: u.node.offset + 1 };
}

/** The cache_control property's key..value range (what squiggles for a breakpoint). */
export function ccRange(p: Node): OffsetRange {
  return nodeRange(p);
}

export function describeUnit(u: Unit): string {
  return u.label;
}

/** Edits removing the cache_control of each unit (skipping ones handled elsewhere). */
function removeAll(ctx: RuleContext, us: Unit[]): TextEdit[] {
  return us.flatMap((u) => removeCacheControlEdits(ctx.text, u));
}

function removeTopLevel(ctx: RuleContext): TextEdit[] {
  const top = topLevelCacheControl(ctx);
  return top && ctx.root ? [removePropertyEdit(ctx.text, ctx.root, top)] : [];
}

/**
 * "Cache everything before this value": split the text before the hit (or, when nothing stable precedes
 * it in its block, put cache_control on the previous cacheable block) and remove every breakpoint after
 * it, since an entry that includes a per-request value is written on every call and never read.
 */
export function cacheBeforeFix(ctx: RuleContext, hit: Hit): Fix | undefined {
  if (!canEditBreakpoints(ctx) || !hit.unit) return undefined;
  const us = units(ctx);
  const u = hit.unit;
  const later = us.filter((x) => x.cacheControl && x.index > u.index);
  const same = u.cacheControl ? [u] : [];
  const moved = [...same, ...later][0];
  const earlier5m = us.some((x) => x.cacheControl && x.index < u.index && effectiveTtl(x.cacheControl) === '5m');
  const ttl: Ttl | undefined = moved && effectiveTtl(moved.cacheControl!) === '1h' && !earlier5m ? '1h' : undefined;
  const st = style(ctx);
  const before = hit.span.text.slice(0, hit.start);
  const isMainText = u.stringForm || prop(u.node, 'text')?.offset === hit.span.range.start - 1;
  let edits: TextEdit[] | undefined;
  let title: string;
  const prevUnit = previousEligible(us, u);
  const tm = tokenMap(ctx);
  const min = minimumTokens(ctx);
  const splitWorth = tm.tokensAt(hit.range.start) >= min;
  // A breakpoint that would close a prefix under the minimum caches nothing: offer no fix then.
  if (!splitWorth && (!prevUnit || tm.tokensThrough(prevUnit.path, nodeRange(prevUnit.node)) < min)) return undefined;
  if (isMainText && before.trim().length > 0 && splitWorth) {
    edits = splitEdits(ctx.text, u, hit.range.start, st, ttl);
    title = `Cache everything before "${short(hit.value)}" (split ${u.label})`;
    if (!edits) return undefined;
    // splitEdits already removed u's own cache_control (object form)
  } else {
    const prev = prevUnit;
    if (!prev) return undefined;
    title = `Cache everything before "${short(hit.value)}" (cache_control on ${prev.label})`;
    edits = prev.cacheControl ? [] : addCacheControlEdits(ctx.text, prev, st, ttl);
    if (u.cacheControl) edits.push(...removeCacheControlEdits(ctx.text, u));
  }
  edits.push(...removeAll(ctx, later));
  if (!hit.unit.tail) edits.push(...removeTopLevel(ctx));
  return { title, kind: 'quickfix', isPreferred: true, edits };
}

export function short(s: string, n = 24): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? one.slice(0, n - 1) + '…' : one;
}

/** "Add cache_control here" on a unit (string forms converted to a text block). */
export function addHereFix(ctx: RuleContext, u: Unit, opts: { ttl?: Ttl; kind?: 'quickfix' | 'refactor'; preferred?: boolean; title?: string } = {}): Fix | undefined {
  if (!u.eligible || u.cacheControl) return undefined;
  const edits = addCacheControlEdits(ctx.text, u, style(ctx), opts.ttl);
  const conv = u.stringForm ? ' (as a text block)' : '';
  return {
    title: opts.title ?? `Add cache_control${opts.ttl === '1h' ? ' (1h)' : ''} to ${u.label}${conv}`,
    kind: opts.kind ?? 'quickfix',
    isPreferred: opts.preferred,
    edits,
  };
}

/** Move the breakpoint of `from` to unit `to` (keeping its TTL). */
export function moveFix(ctx: RuleContext, from: Unit, to: Unit, title?: string): Fix | undefined {
  if (!from.cacheControl || from === to || !to.eligible) return undefined;
  const ttl = effectiveTtl(from.cacheControl);
  const edits: TextEdit[] = [...removeCacheControlEdits(ctx.text, from)];
  if (!to.cacheControl) edits.push(...addCacheControlEdits(ctx.text, to, style(ctx), ttl === '1h' ? '1h' : undefined));
  return { title: title ?? `Move the breakpoint to ${to.label}`, kind: 'quickfix', isPreferred: true, edits };
}

export function removeFix(ctx: RuleContext, us: Unit[], title: string, preferred = false, alsoTopLevel = false): Fix {
  const edits = removeAll(ctx, us);
  if (alsoTopLevel) edits.push(...removeTopLevel(ctx));
  return { title, kind: 'quickfix', isPreferred: preferred, edits };
}

/** Enable Anthropic automatic caching: a top-level cache_control. */
export function automaticFix(ctx: RuleContext): Fix | undefined {
  if (!isAnthropic(ctx) || !ctx.root || ctx.root.type !== 'object' || topLevelCacheControl(ctx)) return undefined;
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
