// Wording for what the editor shows (labels, hover lines, status bar text), derived only from the engine's
// Analysis. No `vscode` import here: this module is plain functions over plain data, unit-tested in Node.
// Every figure is the engine's, written through the one formatter (src/core/format.ts); the headline is
// what the NEXT call reads (per-request values changed), an identical repeat only where labelled so.
import { fmtCount, fmtInt, fmtTokens, fmtUsd } from '../core/format';
import { breakpointFigures, describeCut, describeLongContext, longContextOf } from '../core/report';
import type { Analysis, Breakpoint, CachePlan, Segment } from '../core/types';
import { breakpointKindName } from '../core/vocabulary';

export { fmtCount, fmtInt, fmtTokens, fmtUsd };

/** The label of a segment's token count: "system · 1,203 tokens · Σ 1,450" (≈ when estimated). */
export function segmentCountLabel(seg: Segment): string {
  return `${seg.label} · ${fmtTokens(seg.tokens, seg.exact)} · Σ ${fmtCount(seg.cumulativeTokens, seg.exact)}`;
}

/** Short form for inline (end-of-line) display: "system · 1,203 tok · Σ 1,450". */
export function segmentInlineLabel(seg: Segment): string {
  return `${seg.label} · ${fmtCount(seg.tokens, seg.exact)} tok · Σ ${fmtCount(seg.cumulativeTokens, seg.exact)}`;
}

/** What the breakpoint is called (the shared vocabulary: src/core/vocabulary.ts). */
export function breakpointKindLabel(bp: Breakpoint, family?: CachePlan['family']): string {
  return breakpointKindName(bp, family);
}

/**
 * "cache breakpoint · 5m · 4,812 tokens"; "· below 1,024 minimum — not cached" when too short (no write
 * figure: it writes nothing); "· request rejected — not cached" when the API rejects the request; and
 * "· next call reads 1,200" when the next call reads less up to here than an identical repeat would.
 */
export function breakpointLabel(bp: Breakpoint, exact = true, plan?: Pick<CachePlan, 'rejected'> & Partial<Pick<CachePlan, 'family'>>): string {
  let s = `${breakpointKindLabel(bp, plan?.family)} · ${bp.ttl} · ${fmtTokens(bp.prefixTokens, exact)}`;
  if (plan?.rejected) s += ' · request rejected — not cached';
  else if (!bp.meetsMinimum) s += ` · below ${fmtInt(bp.minimumTokens)} minimum — not cached`;
  else {
    if (bp.readTokensNextCall < bp.readTokensOnRepeat) s += ` · next call reads ${fmtCount(bp.readTokensNextCall, exact)}`;
    if (!bp.withinLookback) s += " · beyond lookback of the previous turn's entry";
  }
  return s;
}

/** The requests of an analysis: one per line for JSONL (analysis.lines), otherwise the analysis itself. */
export function requestParts(analysis: Analysis): Analysis[] {
  return analysis.lines && analysis.lines.length ? analysis.lines : [analysis];
}

/** The request (JSONL line) whose segments contain `offset`, with the innermost segment there. */
export function locate(analysis: Analysis, offset: number): { part: Analysis; segment: Segment; parents: Segment[] } | undefined {
  for (const part of requestParts(analysis)) {
    const hit = segmentAt(part.segments, offset);
    if (hit) return { part, ...hit };
  }
  return undefined;
}

/** All segments, depth-first (parents before their children). */
export function flattenSegments(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  const walk = (list: readonly Segment[]): void => {
    for (const s of list) {
      out.push(s);
      if (s.children?.length) walk(s.children);
    }
  };
  walk(segments);
  return out;
}

/**
 * The innermost segment whose source range contains `offset` (children win over parents). Ties between
 * siblings (adjacent ranges) go to the one that starts at the offset.
 */
export function segmentAt(segments: readonly Segment[], offset: number): { segment: Segment; parents: Segment[] } | undefined {
  const parents: Segment[] = [];
  let found: Segment | undefined;
  let list: readonly Segment[] | undefined = segments;
  while (list && list.length) {
    let next: Segment | undefined;
    for (const s of list) {
      if (s.range.start <= offset && offset <= s.range.end && s.range.end > s.range.start) {
        if (!next || s.range.start >= next.range.start) next = s;
      }
    }
    if (!next) break;
    if (found) parents.push(found);
    found = next;
    list = next.children;
  }
  return found ? { segment: found, parents } : undefined;
}

export type CacheStatus = 'cached' | 'partial' | 'not-cached';

export interface SegmentCacheInfo {
  /** On the next call (per-request values changed): the headline. */
  status: CacheStatus;
  /** Tokens of this segment the next call reads from cache. */
  cachedTokens: number;
  /** On an identical repeat (shown only, labelled, when it differs from `status`). */
  repeatStatus: CacheStatus;
  /** Tokens of this segment an identical repeat reads from cache. */
  repeatCachedTokens: number;
  /** The segment overlaps text written to cache on this call that the next call cannot read. */
  writeOnly: boolean;
  /** The API would reject the request (nothing is cached): why. */
  rejected?: string;
  /** Why (part of) it is not read by the next call; empty when fully read. */
  reasons: string[];
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Cache status of a segment when `read` tokens (cache order, from 0) are read from cache. */
function statusAt(seg: Segment, read: number): { status: CacheStatus; cached: number } {
  const cached = Math.max(0, Math.min(seg.tokens, read - seg.startTokens));
  if (seg.tokens === 0) return { status: read > seg.startTokens ? 'cached' : 'not-cached', cached: 0 };
  return { status: cached >= seg.tokens ? 'cached' : cached > 0 ? 'partial' : 'not-cached', cached };
}

/**
 * Does the next call read this segment from cache (and an identical repeat), and if not, why not.
 * Everything here is read off the engine's cache plan (token positions in cache order, breakpoints,
 * ranges, the next-call cut, rejection).
 */
export function segmentCacheInfo(analysis: Analysis, seg: Segment, modelName?: string): SegmentCacheInfo {
  const plan = analysis.cache;
  const rejected = plan.rejected;
  const next = statusAt(seg, rejected ? 0 : plan.cachedTokensNextCall);
  const repeat = statusAt(seg, rejected ? 0 : plan.cachedTokensOnRepeat);
  const writeOnly = !rejected && plan.writeOnlyRanges.some((r) => overlaps(r, seg.range));
  const reasons = next.status === 'cached' ? [] : notCachedReasons(analysis, seg, plan, modelName);
  return { status: next.status, cachedTokens: next.cached, repeatStatus: repeat.status, repeatCachedTokens: repeat.cached, writeOnly, rejected, reasons };
}

function notCachedReasons(analysis: Analysis, seg: Segment, plan: CachePlan, modelName?: string): string[] {
  if (plan.rejected) return [`the API would reject this request (${plan.rejected}), so nothing is cached`];
  const reasons: string[] = [];
  const model = modelName ?? analysis.model.name ?? 'this model';
  const min = fmtInt(plan.minimumTokens);
  const segEndTokens = seg.cumulativeTokens;
  const bps = plan.breakpoints;

  // The per-request value (timestamp, id, placeholder …) that ends what the next call can read.
  const cut = plan.nextCallCut;
  if (cut && seg.cumulativeTokens > cut.tokenIndex) {
    const inside = cut.range.start >= seg.range.start && cut.range.start < seg.range.end;
    const effect = plan.cachedTokensNextCall > 0 ? 'the next call reads from cache only up to it' : 'the next call reads nothing from cache';
    reasons.push(inside ? `${describeCut(cut)} changes on every call: ${effect}` : `after ${describeCut(cut)}, which changes on every call: ${effect}`);
  }

  if (plan.family === 'breakpoints') {
    const explicit = bps.filter((b) => b.kind !== 'implicit');
    if (explicit.length === 0) {
      reasons.push(`no cache_control breakpoint: ${analysis.provider === 'anthropic' ? 'Anthropic' : 'this model'} only caches up to a marked block`);
    } else {
      // The breakpoint that would cover this segment: the first whose prefix reaches past its end.
      const covering = explicit.find((b) => b.prefixTokens >= segEndTokens);
      if (!covering) {
        const last = explicit[explicit.length - 1];
        reasons.push(`after the last cache breakpoint (which closes the prefix at ${fmtTokens(last.prefixTokens)}); only text up to a breakpoint is cached`);
      } else if (!covering.meetsMinimum) {
        reasons.push(`the breakpoint covering it closes a prefix of ${fmtTokens(covering.prefixTokens)}, below the ${min}-token minimum for ${model}, so it writes and caches nothing`);
      } else if (!covering.withinLookback) {
        reasons.push(`the breakpoint covering it is more than the lookback window past the previous turn's entry`);
      }
    }
  } else if (plan.family === 'openai-breakpoints') {
    // GPT-5.6+: an entry ends exactly at a written breakpoint (prompt_cache_breakpoint, or implicit mode's managed one).
    const written = bps.filter((b) => b.writeTokens > 0 || b.readTokensOnRepeat > 0);
    if (!bps.length) reasons.push(plan.notes[0] ?? 'no breakpoint: nothing is cached');
    else if (!written.length) reasons.push(`no written breakpoint closes a prefix of at least ${min} tokens for ${model}: nothing is cached`);
    else if (seg.cumulativeTokens > plan.cachedTokensOnRepeat) reasons.push(`after the last written breakpoint (${fmtTokens(plan.cachedTokensOnRepeat)}); GPT-5.6+ caches exactly up to a breakpoint, with no shorter fallback`);
  } else {
    if (plan.cachedTokensOnRepeat === 0 && plan.prefixTokens < plan.minimumTokens) {
      reasons.push(`the cacheable prefix is ${fmtTokens(plan.prefixTokens)}, below the ${min}-token minimum for ${model}: nothing is cached`);
    } else if (seg.startTokens >= plan.prefixTokens || seg.cumulativeTokens > plan.cachedTokensOnRepeat) {
      const step = plan.incrementTokens ? `; past the ${min}-token minimum the cached length grows in ${fmtInt(plan.incrementTokens)}-token steps` : '';
      reasons.push(`beyond the cacheable prefix of ${fmtTokens(plan.cachedTokensOnRepeat)}${step}`);
    }
  }

  if (reasons.length === 0) {
    if (plan.prefixEnd >= 0 && seg.range.end > plan.prefixEnd) reasons.push('beyond the end of the cacheable prefix');
    for (const n of plan.notes) reasons.push(n);
  }
  if (reasons.length === 0) reasons.push('not part of the prefix the next call reads from cache');
  return reasons;
}

/** One line on the plan, leading with the next call (status bar tooltip). */
export function planSummary(analysis: Analysis): string {
  const plan = analysis.cache;
  if (plan.rejected) return `Rejected by the API: ${plan.rejected} — nothing is cached.`;
  const cut = plan.nextCallCut ? `; it stops before ${describeCut(plan.nextCallCut)}` : '';
  if (plan.cachedTokensNextCall > 0) {
    return `The next call reads ${fmtTokens(plan.cachedTokensNextCall, analysis.exact)} of ${fmtTokens(analysis.inputTokens, analysis.exact)} from cache${cut}.`;
  }
  if (plan.nextCallCut) return `The next call reads nothing from cache${cut}.`;
  return plan.notes[0] ?? 'The next call reads nothing from cache.';
}

/** Status bar text: "$(database) claude-sonnet-4-5 · 5,120 in · 4,812 cached · $0.00214/call" (next call). */
export function statusBarText(analysis: Analysis): string {
  const fb = analysis.model.fallback;
  // An unknown model says so, with the rules it fell back to ("qwen3-coder (unknown model: gpt-4o rules)").
  const model = `${analysis.model.name ?? 'no model'}${fb ? ` (${fb.short})` : ''}`;
  const input = `${fmtCount(analysis.inputTokens, analysis.exact)} in`;
  if (analysis.cache.rejected) return `$(warning) ${model} · ${input} · nothing cached — rejected: ${shorten(analysis.cache.rejected, 48)}`;
  const parts = [`$(database) ${model}`, input, `${fmtCount(analysis.cache.cachedTokensNextCall, analysis.exact)} cached`];
  if (analysis.cost) parts.push(`${fmtUsd(analysis.cost.nextCall)}/call`);
  return parts.join(' · ');
}

/** The status bar tooltip's lines (markdown list items), next call first. */
export function statusTooltipLines(analysis: Analysis): string[] {
  const plan = analysis.cache;
  const lines: string[] = [];
  if (plan.rejected) lines.push(`- $(warning) **Rejected by the API:** ${escapeMd(plan.rejected)} — nothing is cached`);
  const cut = plan.nextCallCut ? ` — stops before ${escapeMd(describeCut(plan.nextCallCut))}` : '';
  lines.push(`- **Next call reads from cache:** ${fmtTokens(plan.cachedTokensNextCall, analysis.exact)}${cut}`);
  lines.push(`- **Identical repeat reads:** ${fmtTokens(plan.cachedTokensOnRepeat, analysis.exact)}`);
  lines.push(`- **Written on the first call:** ${fmtTokens(plan.writtenTokens, analysis.exact)}`);
  const c = analysis.cost;
  if (c) {
    lines.push(`- **Input cost:** first call ${fmtUsd(c.firstCall)} · next call ${fmtUsd(c.nextCall)} · identical repeat ${fmtUsd(c.repeatCall)} · uncached ${fmtUsd(c.uncachedCall)}`);
    const lc = longContextOf(c);
    if (lc) lines.push(`- **Long context:** ${escapeMd(describeLongContext(lc))}`);
  }
  return lines;
}

const STATUS_TEXT: Record<CacheStatus, string> = { cached: 'cached', partial: 'partly cached', 'not-cached': 'not cached' };

/** The hover's markdown for the innermost segment at `offset`, or undefined when nothing is there. */
export function hoverMarkdown(whole: Analysis, offset: number): string | undefined {
  const hit = locate(whole, offset);
  if (!hit) return undefined;
  const { part: analysis, segment: seg, parents } = hit;
  const plan = analysis.cache;
  const info = segmentCacheInfo(analysis, seg);
  const lines: string[] = [];
  const where = parents.length ? ` in ${parents.map((p) => p.label).join(' › ')}` : '';
  lines.push(`$(database) **${escapeMd(seg.label)}**${escapeMd(where)} — \`${seg.id}\``);
  lines.push('');
  lines.push(`- **Tokens:** ${fmtCount(seg.tokens, seg.exact)}${seg.exact ? '' : ` (${seg.estimateNote ? escapeMd(/^estimate/i.test(seg.estimateNote) ? seg.estimateNote : `estimate: ${seg.estimateNote}`) : 'estimate'})`}`);
  lines.push(`- **Cumulative:** ${fmtCount(seg.cumulativeTokens, seg.exact)} of ${fmtCount(analysis.inputTokens, analysis.exact)} (starts at ${fmtInt(seg.startTokens)})`);
  if (info.rejected) lines.push(`- $(warning) **Rejected by the API:** ${escapeMd(info.rejected)} — nothing is cached`);
  if (info.status === 'cached') {
    lines.push(`- **On the next call:** $(check) cached — read from cache within the TTL`);
  } else if (info.status === 'partial') {
    lines.push(`- **On the next call:** $(circle-large-outline) partly cached — first ${fmtTokens(info.cachedTokens)} of ${fmtInt(seg.tokens)} read from cache`);
  } else {
    lines.push(`- **On the next call:** $(circle-slash) not cached`);
  }
  if (info.repeatStatus !== info.status) {
    const detail = info.repeatStatus === 'partial' ? ` (first ${fmtTokens(info.repeatCachedTokens)} of ${fmtInt(seg.tokens)})` : '';
    lines.push(`- **Identical repeat:** ${STATUS_TEXT[info.repeatStatus]}${detail}`);
  }
  if (info.writeOnly) lines.push(`- **Written but never read:** written to cache on this call, but the next call cannot read it`);
  for (const r of info.reasons) lines.push(`- **Why not:** ${escapeMd(r)}`);
  for (const bp of plan.breakpoints.filter((b) => b.segmentId === seg.id)) {
    lines.push(`- **${breakpointKindLabel(bp, plan.family)}** (${bp.ttl}): closes a prefix of ${fmtTokens(bp.prefixTokens, analysis.exact)}; ${escapeMd(breakpointFigures(bp, plan, analysis.exact))}`);
  }
  lines.push(tintLegendLine(info));
  const model = analysis.model.name ? `${analysis.model.name}${analysis.model.known ? '' : ' (unknown model)'}` : 'no model';
  lines.push('');
  const lineNote = whole.lines && whole.lines.length > 1 ? ` · request ${whole.lines.indexOf(analysis) + 1} of ${whole.lines.length}` : '';
  const c = analysis.cost;
  const lc = c && longContextOf(c);
  const costNote = c ? ` · next call ${fmtUsd(c.nextCall)}${lc?.applied ? ' (long-context rates)' : ''}` : '';
  lines.push(`_${escapeMd(model)} · ${escapeMd(analysis.tokenizer)}${costNote}${lineNote}_`);
  return lines.join('\n');
}

/**
 * The legend of the editor's two highlight tints (contributes.colors promptCache.cachedPrefixBackground,
 * promptCache.writeOnlyBackground), with the tint this segment shows: one hover line.
 */
export function tintLegendLine(info: Pick<SegmentCacheInfo, 'status' | 'writeOnly'>): string {
  const here =
    info.status === 'cached'
      ? 'green'
      : info.status === 'partial'
        ? info.writeOnly
          ? 'green, then amber'
          : 'green, then none'
        : info.writeOnly
          ? 'amber'
          : 'none';
  return `- **Highlight:** green = read on the next call · amber = written but never read · none = not cached (here: ${here})`;
}

/** Markdown-escapes text for hovers and tooltips. */
export function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]<>#|]/g, (c) => `\\${c}`);
}

function shorten(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
