// Wording for what the editor shows (labels, hover lines, status bar text), derived only from the engine's
// Analysis. No `vscode` import here: this module is plain functions over plain data, unit-tested in Node.
import type { Analysis, Breakpoint, CachePlan, Segment } from '../core/types';

const nf = new Intl.NumberFormat('en-US');

/** 4812 → "4,812". */
export function fmtInt(n: number): string {
  return nf.format(Math.round(n));
}

/** "4,812 tokens" / "1 token", with "≈" when the count is an estimate. */
export function fmtTokens(n: number, exact = true): string {
  return `${exact ? '' : '≈'}${fmtInt(n)} ${Math.round(n) === 1 ? 'token' : 'tokens'}`;
}

/** USD amount with enough precision for per-call prompt costs: $0.0123, $1.23, $0.000041. */
export function fmtUsd(n: number): string {
  if (!Number.isFinite(n)) return '$?';
  if (n === 0) return '$0';
  const abs = Math.abs(n);
  if (abs >= 1) return `$${n.toFixed(2)}`;
  if (abs >= 0.01) return `$${n.toFixed(3)}`;
  // Two significant digits for small amounts.
  const digits = Math.min(8, Math.max(4, 1 - Math.floor(Math.log10(abs)) + 1));
  return `$${n.toFixed(digits)}`;
}

/** The label of a segment's token count: "system · 1,203 tokens · Σ 1,450" (≈ when estimated). */
export function segmentCountLabel(seg: Segment): string {
  const approx = seg.exact ? '' : '≈';
  return `${seg.label} · ${approx}${fmtInt(seg.tokens)} ${seg.tokens === 1 ? 'token' : 'tokens'} · Σ ${approx}${fmtInt(seg.cumulativeTokens)}`;
}

/** Short form for inline (end-of-line) display: "system · 1,203 tok · Σ 1,450". */
export function segmentInlineLabel(seg: Segment): string {
  const approx = seg.exact ? '' : '≈';
  return `${seg.label} · ${approx}${fmtInt(seg.tokens)} tok · Σ ${approx}${fmtInt(seg.cumulativeTokens)}`;
}

export function breakpointKindLabel(bp: Breakpoint): string {
  switch (bp.kind) {
    case 'explicit':
      return 'cache breakpoint';
    case 'automatic':
      return 'cache breakpoint (automatic)';
    case 'implicit':
      return 'cache boundary (implicit)';
    default:
      return 'cache breakpoint';
  }
}

/** "cache breakpoint · 5m · 4,812 tokens", plus "· below 1,024 minimum — not cached" when too short. */
export function breakpointLabel(bp: Breakpoint, exact = true): string {
  let s = `${breakpointKindLabel(bp)} · ${bp.ttl} · ${fmtTokens(bp.prefixTokens, exact)}`;
  if (!bp.meetsMinimum) s += ` · below ${fmtInt(bp.minimumTokens)} minimum — not cached`;
  else if (!bp.withinLookback) s += ' · beyond lookback of the previous breakpoint';
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
  status: CacheStatus;
  /** Tokens of this segment read from cache on an identical repeat. */
  cachedTokens: number;
  /** Tokens of this segment written to cache on the first call but not readable on the next. */
  writeOnly: boolean;
  /** Why (part of) it is not cached; empty when fully cached. */
  reasons: string[];
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Is this segment read from cache on an identical repeat, and if not, why not. Everything here is read
 * off the engine's cache plan (token positions in cache order, breakpoints, ranges, diagnostics).
 */
export function segmentCacheInfo(analysis: Analysis, seg: Segment, modelName?: string): SegmentCacheInfo {
  const plan = analysis.cache;
  const cachedTokens = Math.max(0, Math.min(seg.tokens, plan.cachedTokensOnRepeat - seg.startTokens));
  const status: CacheStatus = seg.tokens === 0 ? (plan.cachedTokensOnRepeat > seg.startTokens ? 'cached' : 'not-cached') : cachedTokens >= seg.tokens ? 'cached' : cachedTokens > 0 ? 'partial' : 'not-cached';
  const writeOnly = plan.writeOnlyRanges.some((r) => overlaps(r, seg.range));
  const reasons = status === 'cached' ? [] : notCachedReasons(analysis, seg, plan, modelName);
  return { status, cachedTokens, writeOnly, reasons };
}

function notCachedReasons(analysis: Analysis, seg: Segment, plan: CachePlan, modelName?: string): string[] {
  const reasons: string[] = [];
  const model = modelName ?? analysis.model.name ?? 'this model';
  const min = fmtInt(plan.minimumTokens);
  const segEndTokens = seg.cumulativeTokens;
  const bps = plan.breakpoints;

  // A volatile part (timestamp, request id …) earlier in the request ends the stable prefix.
  const volatile = analysis.diagnostics.find((d) => /volatile/.test(d.code) && d.range.start <= seg.range.end);
  if (volatile && plan.prefixEnd >= 0 && plan.prefixEnd <= seg.range.end) {
    reasons.push(`after a part that changes between requests (${volatile.message.replace(/\.$/, '')}); the cache can only reuse an identical prefix`);
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
        reasons.push(`the breakpoint covering it closes a prefix of ${fmtTokens(covering.prefixTokens)}, below the ${min}-token minimum for ${model}, so it is not cached`);
      } else if (!covering.withinLookback) {
        reasons.push(`the breakpoint covering it is more than the lookback window past the previous breakpoint`);
      }
    }
  } else {
    if (analysis.inputTokens < plan.minimumTokens) {
      reasons.push(`the request has ${fmtTokens(analysis.inputTokens)}, below the ${min}-token minimum for ${model}: nothing is cached`);
    } else if (seg.startTokens >= plan.prefixTokens || seg.cumulativeTokens > plan.cachedTokensOnRepeat) {
      const step = plan.incrementTokens ? `; past the ${min}-token minimum the cached length grows in ${fmtInt(plan.incrementTokens)}-token steps` : '';
      reasons.push(`beyond the cached prefix (${fmtTokens(plan.cachedTokensOnRepeat)} read from cache on a repeat)${step}`);
    }
  }

  if (reasons.length === 0) {
    if (plan.prefixEnd >= 0 && seg.range.end > plan.prefixEnd) reasons.push('beyond the end of the cacheable prefix');
    for (const n of plan.notes) reasons.push(n);
  }
  if (reasons.length === 0) reasons.push('not part of the prefix a repeat reads from cache');
  return reasons;
}

/** One-line explanation used in the status bar tooltip when nothing is cached. */
export function planSummary(analysis: Analysis): string {
  const plan = analysis.cache;
  if (plan.cachedTokensOnRepeat > 0) return `${fmtTokens(plan.cachedTokensOnRepeat, analysis.exact)} of ${fmtTokens(analysis.inputTokens, analysis.exact)} read from cache on a repeat`;
  return plan.notes[0] ?? 'nothing is read from cache on a repeat';
}

/** Status bar text: "$(database) claude-sonnet-4-5 · 5,120 in · 4,812 cached · $0.0021/repeat". */
export function statusBarText(analysis: Analysis): string {
  const approx = analysis.exact ? '' : '≈';
  const model = analysis.model.name ?? 'no model';
  const parts = [`$(database) ${model}`, `${approx}${fmtInt(analysis.inputTokens)} in`, `${approx}${fmtInt(analysis.cache.cachedTokensOnRepeat)} cached`];
  if (analysis.cost) parts.push(`${fmtUsd(analysis.cost.repeatCall)}/repeat`);
  return parts.join(' · ');
}

/** The hover's markdown for the innermost segment at `offset`, or undefined when nothing is there. */
export function hoverMarkdown(whole: Analysis, offset: number): string | undefined {
  const hit = locate(whole, offset);
  if (!hit) return undefined;
  const { part: analysis, segment: seg, parents } = hit;
  const approx = seg.exact ? '' : '≈';
  const info = segmentCacheInfo(analysis, seg);
  const lines: string[] = [];
  const where = parents.length ? ` in ${parents.map((p) => p.label).join(' › ')}` : '';
  lines.push(`$(database) **${escapeMd(seg.label)}**${escapeMd(where)} — \`${seg.id}\``);
  lines.push('');
  lines.push(`- **Tokens:** ${approx}${fmtInt(seg.tokens)}${seg.exact ? '' : ` (${seg.estimateNote ? escapeMd(/^estimate/i.test(seg.estimateNote) ? seg.estimateNote : `estimate: ${seg.estimateNote}`) : 'estimate'})`}`);
  lines.push(`- **Cumulative:** ${approx}${fmtInt(seg.cumulativeTokens)} of ${analysis.exact ? '' : '≈'}${fmtInt(analysis.inputTokens)} (starts at ${fmtInt(seg.startTokens)})`);
  if (info.status === 'cached') {
    lines.push(`- **On a repeat:** $(check) cached — read from cache within the TTL`);
  } else if (info.status === 'partial') {
    lines.push(`- **On a repeat:** $(circle-large-outline) partly cached — first ${fmtTokens(info.cachedTokens)} of ${fmtInt(seg.tokens)} read from cache`);
  } else {
    lines.push(`- **On a repeat:** $(circle-slash) not cached`);
  }
  if (info.writeOnly) lines.push(`- **Write-only:** marked for caching, but the next call cannot read it`);
  for (const r of info.reasons) lines.push(`- **Why not:** ${escapeMd(r)}`);
  for (const bp of analysis.cache.breakpoints.filter((b) => b.segmentId === seg.id)) {
    let s = `- **${breakpointKindLabel(bp)}** (${bp.ttl}): closes a prefix of ${fmtTokens(bp.prefixTokens, analysis.exact)}; first call writes ${fmtInt(bp.writeTokens)}, a repeat reads ${fmtInt(bp.readTokensOnRepeat)}`;
    if (!bp.meetsMinimum) s += ` — below the ${fmtInt(bp.minimumTokens)}-token minimum, not cached`;
    lines.push(s);
  }
  const model = analysis.model.name ? `${analysis.model.name}${analysis.model.known ? '' : ' (unknown model)'}` : 'no model';
  lines.push('');
  const lineNote = whole.lines && whole.lines.length > 1 ? ` · request ${whole.lines.indexOf(analysis) + 1} of ${whole.lines.length}` : '';
  lines.push(`_${escapeMd(model)} · ${escapeMd(analysis.tokenizer)}${lineNote}_`);
  return lines.join('\n');
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]<>#|]/g, (c) => `\\${c}`);
}
