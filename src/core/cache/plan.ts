// The cache simulation: from counted segments and a model profile to what is written, what an identical
// repeat reads, where the cacheable prefix ends in the source, and each breakpoint's facts.
import type { ModelProfile } from '../models/types';
import type { Breakpoint, CachePlan, OffsetRange, Segment, TextSpan, Ttl } from '../types';
import { decodedIndexAt, spanSourceOffset } from '../parse/json';

/** Counting and token→offset mapping for the model's tokenizer. */
export interface TokenMapper {
  count(text: string): number;
  /** UTF-16 offset in `text` where its first n tokens end. */
  offsetForTokens(text: string, n: number): number;
}

/** Blocks that cannot carry cache_control (automatic caching walks back over them). */
const INELIGIBLE_BLOCKS = new Set(['thinking', 'redacted_thinking']);

/** Leaf segments in cache order: children where present, else the segment itself. */
export function leaves(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    if (s.children?.length) out.push(...s.children);
    else out.push(s);
  }
  return out;
}

/** Source offset where the first `k` tokens of the prompt end. */
export function offsetAtToken(segments: Segment[], k: number, mapper: TokenMapper): number {
  const ls = leaves(segments);
  if (!ls.length) return -1;
  for (const leaf of ls) {
    if (k >= leaf.cumulativeTokens) continue;
    if (k <= leaf.startTokens) return leaf.range.start;
    const spanTokens = leaf.spans.map((s) => mapper.count(s.text));
    const header = Math.max(0, leaf.tokens - spanTokens.reduce((a, b) => a + b, 0));
    let rest = k - leaf.startTokens - header;
    if (rest <= 0) return leaf.spans.length ? leaf.spans[0].range.start : leaf.range.start;
    for (let i = 0; i < leaf.spans.length; i++) {
      if (rest <= spanTokens[i]) return spanSourceOffset(leaf.spans[i], mapper.offsetForTokens(leaf.spans[i].text, rest));
      rest -= spanTokens[i];
    }
    return leaf.range.end;
  }
  const last = ls[ls.length - 1];
  return last.range.end;
}

/** Token index (in the whole prompt) at a source offset inside a leaf's span. */
export function tokenAtOffset(segments: Segment[], offset: number, mapper: TokenMapper): number | undefined {
  for (const leaf of leaves(segments)) {
    if (offset < leaf.range.start || offset > leaf.range.end) continue;
    const spanTokens = leaf.spans.map((s) => mapper.count(s.text));
    const header = Math.max(0, leaf.tokens - spanTokens.reduce((a, b) => a + b, 0));
    let acc = leaf.startTokens + header;
    for (let i = 0; i < leaf.spans.length; i++) {
      const sp = leaf.spans[i];
      if (offset >= sp.range.start && offset <= sp.range.end) {
        const idx = decodedIndexAt(sp, offset);
        return acc + (idx > 0 ? mapper.count(sp.text.slice(0, idx)) : 0);
      }
      acc += spanTokens[i];
    }
    return leaf.startTokens;
  }
  return undefined;
}

/** Source ranges covering the prompt from its start up to token `k` (cache order), merged. */
export function rangesUpTo(segments: Segment[], k: number, endOffset: number, from = 0): OffsetRange[] {
  const out: OffsetRange[] = [];
  for (const s of segments) {
    if (s.cumulativeTokens <= from) continue;
    if (s.startTokens >= k) break;
    if (s.cumulativeTokens <= k && s.startTokens >= from) {
      if (s.range.end > s.range.start) out.push({ ...s.range });
      continue;
    }
    if (s.children?.length) {
      out.push(...rangesUpTo(s.children, k, endOffset, from));
      continue;
    }
    const start = s.startTokens >= from ? s.range.start : Math.max(s.range.start, Math.min(endOffset, s.range.end));
    const end = s.cumulativeTokens <= k ? s.range.end : Math.max(start, Math.min(endOffset, s.range.end));
    if (end > start) out.push({ start, end });
  }
  return out.filter((r) => r.end > r.start);
}

export interface PlanInput {
  segments: Segment[];
  inputTokens: number;
  profile: ModelProfile;
  mapper: TokenMapper;
  /** Token index where the stable prefix ends (first template placeholder), or inputTokens. */
  stableTokens: number;
  /** Top-level automatic `cache_control` (Anthropic), if present. */
  automatic?: { ttl: Ttl; range: OffsetRange; valid: boolean };
}

export function planCache(input: PlanInput): CachePlan {
  return input.profile.family === 'automatic' ? planAutomatic(input) : planBreakpoints(input);
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function planAutomatic({ segments, inputTokens, profile, mapper, stableTokens }: PlanInput): CachePlan {
  const min = profile.minimumTokens;
  const inc = Math.max(1, profile.incrementTokens ?? 1);
  const stable = Math.min(stableTokens, inputTokens);
  const supported = profile.cachingSupported !== false;
  const cached = supported && stable >= min ? min + Math.floor((stable - min) / inc) * inc : 0;
  const notes: string[] = [];
  if (!supported) notes.push(`${profile.displayName} has no prompt caching discount: every call pays the full input price.`);
  const prefixEnd = cached > 0 ? offsetAtToken(segments, cached, mapper) : -1;
  if (stable < inputTokens) notes.push(`The stable prefix ends at a template placeholder after ${fmt(stable)} tokens.`);
  if (cached === 0 && supported) notes.push(`The stable prefix (${fmt(stable)} tokens) is below the ${fmt(min)}-token minimum: nothing is cached.`);
  else notes.push(`An identical request within the cache lifetime reads ${fmt(cached)} of ${fmt(inputTokens)} tokens from cache (${fmt(min)} minimum, then steps of ${fmt(inc)}).`);
  const ls = leaves(segments);
  const boundaryOffset = cached > 0 ? prefixEnd : offsetAtToken(segments, stable, mapper);
  const host = ls.find((l) => (cached > 0 ? cached : stable) <= l.cumulativeTokens) ?? ls[ls.length - 1];
  const breakpoints: Breakpoint[] = host
    ? [
        {
          segmentId: host.id,
          kind: 'implicit',
          ttl: '5m',
          range: { start: Math.max(0, boundaryOffset), end: Math.max(0, boundaryOffset) },
          prefixTokens: cached > 0 ? cached : stable,
          minimumTokens: min,
          meetsMinimum: cached > 0,
          positionsSincePrevious: 0,
          withinLookback: true,
          writeTokens: cached,
          readTokensOnRepeat: cached,
        },
      ]
    : [];
  return {
    family: 'automatic',
    minimumTokens: min,
    incrementTokens: inc,
    prefixTokens: stable,
    prefixEnd,
    cachedTokensOnRepeat: cached,
    writtenTokens: cached,
    writeOnlyTokens: 0,
    breakpoints,
    readRanges: cached > 0 ? mergeRanges(rangesUpTo(segments, cached, prefixEnd)) : [],
    writeOnlyRanges: [],
    notes,
  };
}

interface Marker {
  seg: Segment;
  /** The segment whose end closes the prefix (message-level markers close at the message end). */
  kind: 'explicit' | 'automatic';
  ttl: Ttl;
  range: OffsetRange;
  valid: boolean;
  position: number;
}

function collectMarkers(segments: Segment[], automatic: PlanInput['automatic']): Marker[] {
  const markers: Marker[] = [];
  let lastPos = -1;
  for (const s of segments) {
    const kids = s.children ?? [];
    for (const c of kids) {
      if (c.position !== undefined) lastPos = c.position;
      if (c.cacheControl) markers.push({ seg: c, kind: 'explicit', ttl: c.cacheControl.ttl, range: c.cacheControl.range, valid: c.cacheControl.valid, position: c.position ?? lastPos });
    }
    if (s.position !== undefined) lastPos = s.position;
    if (s.cacheControl) markers.push({ seg: s, kind: 'explicit', ttl: s.cacheControl.ttl, range: s.cacheControl.range, valid: s.cacheControl.valid, position: s.position ?? lastPos });
  }
  if (automatic) {
    // The API puts the automatic breakpoint on the last cacheable block, walking back over ineligible ones.
    const ls = leaves(segments).filter((l) => l.kind !== 'overhead' && l.position !== undefined);
    for (let i = ls.length - 1; i >= 0; i--) {
      const l = ls[i];
      const empty = l.blockType === 'text' && l.spans.every((sp) => sp.text.length === 0);
      if (INELIGIBLE_BLOCKS.has(l.blockType ?? '') || empty) continue;
      if (!markers.some((m) => m.seg === l)) {
        markers.push({ seg: l, kind: 'automatic', ttl: automatic.ttl, range: automatic.range, valid: automatic.valid, position: l.position ?? 0 });
      }
      break;
    }
  }
  markers.sort((a, b) => a.seg.cumulativeTokens - b.seg.cumulativeTokens || a.position - b.position);
  return markers;
}

function planBreakpoints({ segments, inputTokens, profile, mapper, stableTokens, automatic }: PlanInput): CachePlan {
  const min = profile.minimumTokens;
  const lookback = profile.lookback ?? 20;
  const stable = Math.min(stableTokens, inputTokens);
  const markers = collectMarkers(segments, automatic);
  const notes: string[] = [];
  const breakpoints: Breakpoint[] = [];
  let prevPos: number | undefined;
  let written = 0;
  let readable = 0;
  let lastQualifying: Marker | undefined;
  let readableMarker: Marker | undefined;
  for (const m of markers) {
    const prefix = m.seg.cumulativeTokens;
    const meets = prefix >= min;
    const since = prevPos === undefined ? m.position + 1 : m.position - prevPos;
    const within = prevPos === undefined ? true : since < lookback;
    const qualifies = meets && m.valid;
    const writeTokens = qualifies ? Math.max(0, prefix - written) : 0;
    const canRead = qualifies && prefix <= stable;
    if (qualifies) {
      written = Math.max(written, prefix);
      lastQualifying = m;
    }
    if (canRead && prefix > readable) {
      readable = prefix;
      readableMarker = m;
    }
    breakpoints.push({
      segmentId: m.seg.id,
      kind: m.kind,
      ttl: m.ttl,
      range: m.range,
      prefixTokens: prefix,
      minimumTokens: min,
      meetsMinimum: meets,
      positionsSincePrevious: since,
      withinLookback: within,
      writeTokens,
      readTokensOnRepeat: canRead ? prefix : 0,
    });
    prevPos = m.position;
  }
  const maxBp = profile.maxBreakpoints ?? 4;
  if (markers.length > maxBp) notes.push(`${markers.length} breakpoints: the API rejects requests with more than ${maxBp}.`);
  if (!markers.length) notes.push('No cache_control breakpoint: nothing is cached and every call pays the full input price.');
  else if (!lastQualifying) notes.push(`No breakpoint closes a prefix of at least ${fmt(min)} tokens: nothing is cached (silently).`);
  else if (!readable) notes.push('Every cached prefix includes a template placeholder: entries are written on each call but never read.');
  else notes.push(`An identical request within the TTL reads ${fmt(readable)} of ${fmt(inputTokens)} tokens from cache; the first call writes ${fmt(written)}.`);
  const prefixEnd = readableMarker ? readableMarker.seg.range.end : -1;
  // A message whose last block carries the breakpoint is cached whole, but its closing brackets come after
  // the marked block: end the highlight at the block.
  const readRanges = readable
    ? mergeRanges(rangesUpTo(segments, readable, prefixEnd)).map((r) => (r.start < prefixEnd && prefixEnd < r.end ? { start: r.start, end: prefixEnd } : r))
    : [];
  const writeOnly: OffsetRange[] = [];
  const writeOnlyTokens = Math.max(0, written - readable);
  if (lastQualifying && written > readable) {
    writeOnly.push(...rangesUpTo(segments, written, lastQualifying.seg.range.end, readable));
  }
  // Breakpoints below the minimum: the text they were meant to cache is not cached at all.
  for (const m of markers) {
    if (m.seg.cumulativeTokens < min && m.seg.cumulativeTokens > readable) {
      writeOnly.push(...rangesUpTo(segments, m.seg.cumulativeTokens, m.seg.range.end, Math.max(readable, 0)));
    }
  }
  return {
    family: 'breakpoints',
    minimumTokens: min,
    prefixTokens: stable,
    prefixEnd,
    cachedTokensOnRepeat: readable,
    writtenTokens: written,
    writeOnlyTokens,
    breakpoints,
    readRanges,
    writeOnlyRanges: mergeRanges(writeOnly),
    notes,
  };
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
