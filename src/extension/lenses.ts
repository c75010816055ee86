// What the CodeLens rows (and the `inline` end-of-line labels) say, as plain data: no `vscode` import, so the
// extension's CodeLens provider and a language server can both call these functions.
//
// One row must fit the editor: a line never carries more than MAX_SEGMENT_LENSES segment lenses. A JSONL
// file (one request per line) and any line that would carry more get ONE summary lens per request ("request
// 2 · 1,208 tokens · next call reads 1,152") plus a "segments" lens that lists them on demand (a pick list
// in VS Code). The details stay in the hover.
import { fmtCount, fmtInt, fmtTokens, fmtUsd } from '../core/format';
import type { Analysis, Segment } from '../core/types';
import { breakpointLabel, planSummary, requestParts, segmentCacheInfo, segmentCountLabel, segmentInlineLabel } from './text';

/** At most this many segment lenses on one line; more become a request summary plus "segments". */
export const MAX_SEGMENT_LENSES = 2;

/** Breakpoint lines longer than this also get their label as a CodeLens (the end-of-line label is off screen). */
export const LONG_LINE = 100;

export type LensDisplay = 'codelens' | 'inline' | 'off';

export interface LensOptions {
  /** promptCache.tokenCounts.display */
  display: LensDisplay;
  /** promptCache.tokenCounts.blocks: children of a message too. */
  blocks: boolean;
  /** promptCache.breakpoints.showLabels */
  breakpointLabels: boolean;
}

/** What a front needs of its document: the line of an offset, and a line's length. */
export interface LensDocument {
  lineOf(offset: number): number;
  lineLength(line: number): number;
}

export type LensItem =
  | { kind: 'segment'; line: number; title: string; tooltip: string; segmentId: string }
  | { kind: 'request'; line: number; title: string; tooltip: string; request: number }
  /** Opens the list of a request's segments (VS Code: promptCache.showSegments with [uri, request]). */
  | { kind: 'segments'; line: number; title: string; tooltip: string; request: number }
  | { kind: 'breakpoint'; line: number; title: string; tooltip: string; warning: boolean };

/** Segments to label: top-level ones and (unless turned off) their children, in source order. */
export function labelledSegments(analysis: Analysis, withChildren: boolean): Segment[] {
  const out: Segment[] = [];
  for (const s of requestParts(analysis).flatMap((p) => p.segments)) pushLabelled(out, s, withChildren);
  return out.filter((s) => s.range.end > s.range.start || s.kind === 'overhead');
}

function pushLabelled(out: Segment[], s: Segment, withChildren: boolean): void {
  out.push(s);
  if (!withChildren || !s.children) return;
  for (const c of s.children) {
    // A one-block message is already told by its parent's label.
    if (s.children.length === 1 && c.range.start === s.range.start) continue;
    out.push(c);
  }
}

function partSegments(part: Analysis, withChildren: boolean): Segment[] {
  const out: Segment[] = [];
  for (const s of part.segments) pushLabelled(out, s, withChildren);
  return out.filter((s) => s.range.end > s.range.start || s.kind === 'overhead');
}

/** Where a request starts in the file (its first segment with a range). */
function partStart(part: Analysis): number | undefined {
  let min: number | undefined;
  for (const s of part.segments) if (s.range.end > s.range.start && (min === undefined || s.range.start < min)) min = s.range.start;
  return min;
}

/**
 * The one-row summary of a request: "request 2 · 1,208 tokens · next call reads 1,152". Without a number
 * (a single request): "1,208 tokens · next call reads 1,152". Rejected: "… · rejected: nothing is cached".
 */
export function requestSummaryLabel(part: Analysis, index?: number): string {
  const head = index === undefined ? [] : [`request ${index + 1}`];
  const plan = part.cache;
  const read = plan.rejected ? 'rejected: nothing is cached' : plan.cachedTokensNextCall > 0 ? `next call reads ${fmtCount(plan.cachedTokensNextCall, part.exact)}` : 'next call reads nothing';
  return [...head, fmtTokens(part.inputTokens, part.exact), read].join(' · ');
}

/** The summary lens's tooltip: the plan in one sentence, the breakpoints, the next call's cost. */
export function requestSummaryTooltip(part: Analysis): string {
  const lines = [planSummary(part)];
  for (const bp of part.cache.breakpoints) lines.push(breakpointLabel(bp, part.exact, part.cache));
  if (part.cost) lines.push(`Input cost of the next call: ${fmtUsd(part.cost.nextCall)}`);
  lines.push('Hover a message for its details.');
  return lines.join('\n');
}

/** "3 segments" (the lens that opens the list). */
export function segmentsLensTitle(count: number): string {
  return `$(list-tree) ${fmtInt(count)} ${count === 1 ? 'segment' : 'segments'}`;
}

export interface SegmentPickItem {
  label: string;
  description: string;
  /** Source range to reveal when picked. */
  start: number;
  end: number;
  depth: number;
}

function statusText(status: string, cachedTokens: number, exact: boolean): string {
  if (status === 'cached') return 'read on the next call';
  if (status === 'partial') return `first ${fmtTokens(cachedTokens, exact)} read on the next call`;
  return 'not read on the next call';
}

/** The segments of request `index` as pick-list rows: "system message 1 · 1,195 tokens · Σ 1,195", "first 1,152 tokens read on the next call". */
export function segmentPickItems(analysis: Analysis, index: number, withChildren = true): SegmentPickItem[] {
  const part = requestParts(analysis)[index];
  if (!part) return [];
  const top = new Set(part.segments);
  return partSegments(part, withChildren).map((s) => {
    const info = segmentCacheInfo(part, s);
    return { label: segmentCountLabel(s), description: statusText(info.status, info.cachedTokens, s.exact) + (info.writeOnly ? ' · written but never read' : ''), start: s.range.start, end: s.range.end, depth: top.has(s) ? 0 : 1 };
  });
}

/** The lenses (or, in `inline` mode, their end-of-line twins: see inlineLabels) of a whole analysis. */
export function codeLensItems(analysis: Analysis, opts: LensOptions, doc: LensDocument): LensItem[] {
  if (!analysis.isRequest) return [];
  const items: LensItem[] = [];
  const parts = requestParts(analysis);
  const jsonl = !!analysis.lines;
  if (opts.display === 'codelens') {
    parts.forEach((part, i) => {
      const segs = partSegments(part, opts.blocks);
      const byLine = groupByLine(segs, doc);
      const crowded = [...byLine.values()].some((l) => l.length > MAX_SEGMENT_LENSES);
      if (jsonl || crowded) {
        const start = partStart(part);
        if (start === undefined) return;
        const line = doc.lineOf(start);
        const request = jsonl ? i : undefined;
        items.push({ kind: 'request', line, title: requestSummaryLabel(part, request), tooltip: requestSummaryTooltip(part), request: i });
        items.push({ kind: 'segments', line, title: segmentsLensTitle(segs.length), tooltip: 'List the segments of this request with their token counts', request: i });
        return;
      }
      for (const s of segs) items.push({ kind: 'segment', line: doc.lineOf(s.range.start), title: segmentCountLabel(s), tooltip: `${s.id}${s.estimateNote ? ` — ${s.estimateNote}` : ''}`, segmentId: s.id });
    });
  }
  // The boundary's label as a lens above a long line, only beside other lenses: in `inline` mode it stays at the end of the line.
  if (opts.breakpointLabels && opts.display !== 'inline' && !jsonl) {
    const byLine = new Map<number, { labels: string[]; warning: boolean }>();
    for (const part of parts) {
      for (const bp of part.cache.breakpoints) {
        const line = doc.lineOf(bp.range.start);
        if (doc.lineLength(line) <= LONG_LINE) continue;
        const g = byLine.get(line) ?? { labels: [], warning: true };
        g.labels.push(breakpointLabel(bp, part.exact, part.cache));
        g.warning = g.warning && (!bp.meetsMinimum || !!part.cache.rejected);
        byLine.set(line, g);
      }
    }
    for (const [line, g] of [...byLine.entries()].sort((a, b) => a[0] - b[0])) {
      items.push({ kind: 'breakpoint', line, title: `$(${g.warning ? 'warning' : 'bookmark'}) ${g.labels.join('   ·   ')}`, tooltip: 'Where the cacheable prefix closes (the label is also at the end of this line)', warning: g.warning });
    }
  }
  return items;
}

/** `inline` mode: one end-of-line label per line; a JSONL line (or a crowded one) gets its request summary. */
export function inlineLabels(analysis: Analysis, blocks: boolean, doc: LensDocument): { line: number; text: string }[] {
  if (!analysis.isRequest) return [];
  const out = new Map<number, string[]>();
  const jsonl = !!analysis.lines;
  requestParts(analysis).forEach((part, i) => {
    const segs = partSegments(part, blocks);
    const byLine = groupByLine(segs, doc);
    const crowded = [...byLine.values()].some((l) => l.length > MAX_SEGMENT_LENSES);
    if (jsonl || crowded) {
      const start = partStart(part);
      if (start === undefined) return;
      const line = doc.lineOf(start);
      out.set(line, [...(out.get(line) ?? []), requestSummaryLabel(part, jsonl ? i : undefined)]);
      return;
    }
    for (const [line, list] of byLine) out.set(line, [...(out.get(line) ?? []), ...list.map(segmentInlineLabel)]);
  });
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([line, texts]) => ({ line, text: texts.join('   ') }));
}

function groupByLine(segs: Segment[], doc: LensDocument): Map<number, Segment[]> {
  const m = new Map<number, Segment[]>();
  for (const s of segs) {
    const line = doc.lineOf(s.range.start);
    const l = m.get(line) ?? [];
    l.push(s);
    m.set(line, l);
  }
  return m;
}

/** A LensDocument over plain text (tests, a language server without a TextDocument at hand). */
export function textLensDocument(text: string): LensDocument {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return {
    lineOf(offset: number): number {
      const o = Math.max(0, Math.min(offset, text.length));
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= o) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    },
    lineLength(line: number): number {
      if (line < 0 || line >= starts.length) return 0;
      const end = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
      const raw = text.slice(starts[line], end);
      return raw.endsWith('\r') ? raw.length - 1 : raw.length;
    },
  };
}
