// Token positions in the request model: where token k ends in the source, which token sits at a source
// offset, and the source ranges that cover the prompt up to a token. One implementation for the plan,
// the rules and the fixes.
import { decodedIndexAt, spanSourceOffset } from '../parse/json';
import type { OffsetRange, Segment } from '../types';

/** Counting and token→offset mapping for the model's tokenizer. */
export interface TokenMapper {
  count(text: string): number;
  /** Tokens of text.slice(0, i) (exact for a public tokenizer; estimators map proportionally, like offsetForTokens). */
  countBefore(text: string, i: number): number;
  /** UTF-16 offset in `text` where its first n tokens end. */
  offsetForTokens(text: string, n: number): number;
}

/** Tokens of a unit before its first span (role header, block framing): what the spans do not account for. */
function headerTokens(leaf: Segment, spanTokens: number[]): number {
  return Math.max(0, leaf.tokens - spanTokens.reduce((a, b) => a + b, 0));
}

/** Source offset where the first `k` tokens of the prompt end. -1 when the request has no units. */
export function offsetAtToken(units: readonly Segment[], k: number, mapper: TokenMapper): number {
  if (!units.length) return -1;
  for (const leaf of units) {
    if (k >= leaf.cumulativeTokens) continue;
    if (k <= leaf.startTokens) return leaf.range.start;
    const spanTokens = leaf.spans.map((s) => mapper.count(s.text));
    let rest = k - leaf.startTokens - headerTokens(leaf, spanTokens);
    if (rest <= 0) return leaf.spans.length ? leaf.spans[0].range.start : leaf.range.start;
    for (let i = 0; i < leaf.spans.length; i++) {
      if (rest <= spanTokens[i]) return spanSourceOffset(leaf.spans[i], mapper.offsetForTokens(leaf.spans[i].text, rest));
      rest -= spanTokens[i];
    }
    return leaf.range.end;
  }
  return units[units.length - 1].range.end;
}

/** Token index (in the whole prompt, cache order) at a source offset inside a unit; undefined outside every unit. */
export function tokenAtOffset(units: readonly Segment[], offset: number, mapper: TokenMapper): number | undefined {
  for (const leaf of units) {
    if (offset < leaf.range.start || offset > leaf.range.end) continue;
    // A tool definition is rendered (schema framing around its strings): where a string sits in that
    // rendering is not known, so a point inside it is placed at the tool's start (never later than it is).
    if (leaf.section === 'tools') return leaf.startTokens;
    const spanTokens = leaf.spans.map((s) => mapper.count(s.text));
    let acc = leaf.startTokens + headerTokens(leaf, spanTokens);
    for (let i = 0; i < leaf.spans.length; i++) {
      const sp = leaf.spans[i];
      if (offset >= sp.range.start && offset <= sp.range.end) {
        const idx = decodedIndexAt(sp, offset);
        return acc + (idx > 0 ? mapper.countBefore(sp.text, idx) : 0);
      }
      acc += spanTokens[i];
    }
    return leaf.startTokens;
  }
  return undefined;
}

/** Source ranges covering the prompt from token `from` up to token `k` (cache order). */
export function rangesUpTo(segments: readonly Segment[], k: number, endOffset: number, from = 0, startOffset = endOffset): OffsetRange[] {
  const out: OffsetRange[] = [];
  for (const s of segments) {
    if (s.cumulativeTokens <= from) continue;
    if (s.startTokens >= k) break;
    if (s.cumulativeTokens <= k && s.startTokens >= from) {
      if (s.range.end > s.range.start) out.push({ ...s.range });
      continue;
    }
    if (s.children?.length) {
      out.push(...rangesUpTo(s.children, k, endOffset, from, startOffset));
      continue;
    }
    const start = s.startTokens >= from ? s.range.start : Math.max(s.range.start, Math.min(startOffset, s.range.end));
    const end = s.cumulativeTokens <= k ? s.range.end : Math.max(start, Math.min(endOffset, s.range.end));
    if (end > start) out.push({ start, end });
  }
  return out.filter((r) => r.end > r.start);
}

export function mergeRanges(ranges: OffsetRange[]): OffsetRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const out: OffsetRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

