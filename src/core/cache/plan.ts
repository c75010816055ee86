// The cache simulation: from the request model and a model profile to what the first call writes, what
// the next call reads (per-request values changed: the headline), what an identical repeat reads, where
// the readable prefix ends in the source, and each breakpoint's facts. A request the API would reject
// caches nothing.
import type { ModelProfile } from '../models/types';
import { fmtInt } from '../format';
import { describeCut } from './wording';
import { lookbackFacts } from './lookback';
import { prefixUnitNote, prefixUnitSnap } from './prefixUnits';
import { lastBreakpointOnly } from './lastBreakpoint';
import { firstInPrefix, type DynamicHit } from '../request/dynamic';
import type { MarkerSite } from '../request/markers';
import type { OpenAICacheRequest } from '../request/openaiCache';
import { planOpenAIBreakpoints } from './planOpenAIBreakpoints';
import { mergeRanges, offsetAtToken, rangesUpTo, type TokenMapper } from '../request/tokens';
import type { Breakpoint, CacheControlInfo, CachePlan, NextCallCut, OffsetRange, Segment, Ttl } from '../types';

export interface PlanInput {
  segments: Segment[];
  /** Leaf units in cache order. */
  units: readonly Segment[];
  inputTokens: number;
  profile: ModelProfile;
  mapper: TokenMapper;
  /** Per-request values (the plan takes those in the prefix to change on the next call). */
  dynamic: readonly DynamicHit[];
  /** Every cache_control marker in the body (breakpoint dialects). */
  markers: readonly MarkerSite[];
  /** The top-level automatic cache_control, when the dialect understands it (Anthropic). */
  automatic?: CacheControlInfo;
  /** OpenAI GPT-5.6+ caching fields (family 'openai-breakpoints'). */
  openai?: OpenAICacheRequest;
  /** What a breakpoint is called in this body (default "cache_control"; Bedrock Converse: "cachePoint"). */
  markerName?: string;
}

/** The plan, and the one function the rules use to ask "what would be read if the prefix changed at token t?". */
export interface PlanResult {
  plan: CachePlan;
  /** Tokens read from cache when everything from token t on differs (identical repeat: t = Infinity). */
  readableBefore(t: number): number;
}

export function planCache(input: PlanInput): PlanResult {
  if (input.profile.family === 'openai-breakpoints') return planOpenAIBreakpoints(input, input.openai ?? { mode: 'implicit', breakpoints: [] });
  if (input.profile.family === 'automatic') {
    if (!input.profile.prefixUnits) return planAutomatic(input);
    const r = planAutomatic(input, prefixUnitSnap(input.units, input.profile.minimumTokens, Math.max(0, input.inputTokens - primingTokens(input.units))));
    r.plan.notes.push(prefixUnitNote(input.units, r.plan.cachedTokensNextCall, r.plan.cachedTokensOnRepeat));
    return r;
  }
  return planBreakpoints(input.profile.onlyLastBreakpoint ? { ...input, markers: lastBreakpointOnly(input.markers) } : input);
}

/** Tokens that prime the reply: billed, but not part of the cacheable prefix. */
function primingTokens(units: readonly Segment[]): number {
  return units.filter((u) => u.kind === 'overhead' && u.id === 'reply-priming').reduce((a, u) => a + u.tokens, 0);
}

function cutOf(h: DynamicHit | undefined): NextCallCut | undefined {
  return h ? { value: h.value, kind: h.kind, source: h.source, range: { ...h.range }, unitLabel: h.unit?.label, tokenIndex: h.tokenIndex } : undefined;
}

/** `snap`: what is readable from a stable prefix of x tokens, when not the minimum-then-steps rule. */
function planAutomatic({ segments, units, inputTokens, profile, mapper, dynamic }: PlanInput, snap?: (x: number) => number): PlanResult {
  const min = profile.minimumTokens;
  const inc = Math.max(1, profile.incrementTokens ?? 1);
  const supported = profile.cachingSupported !== false;
  const cacheableEnd = Math.max(0, inputTokens - primingTokens(units));
  const steps = (x: number) => (!supported ? 0 : snap ? snap(x) : x >= min ? min + Math.floor((x - min) / inc) * inc : 0);
  const readableBefore = (t: number) => steps(Math.min(cacheableEnd, t));
  const identical = steps(cacheableEnd);
  const first = firstInPrefix(dynamic);
  const stable = first ? Math.min(cacheableEnd, first.tokenIndex) : cacheableEnd;
  const next = steps(stable);
  const cut = first && next < identical ? cutOf(first) : undefined;
  const notes: string[] = [];
  if (!supported) notes.push(`${profile.displayName} has no prompt caching discount: every call pays the full input price.`);
  else if (next === 0 && stable < min) {
    notes.push(cut ? `The next call reads nothing from cache: the stable prefix before ${describeCut(cut)} is ${fmtInt(stable)} tokens, below the ${fmtInt(min)}-token minimum.` : `The cacheable prefix (${fmtInt(stable)} tokens) is below the ${fmtInt(min)}-token minimum: nothing is cached.`);
  } else {
    notes.push(`The next call reads ${fmtInt(next)} of ${fmtInt(inputTokens)} tokens from cache (${fmtInt(min)} minimum${inc > 1 ? `, then steps of ${fmtInt(inc)}` : ''}).`);
  }
  if (cut) notes.push(`It stops before ${describeCut(cut)}, which changes per request; an identical repeat would read ${fmtInt(identical)}.`);
  const shown = next > 0 ? next : stable;
  const boundary = next > 0 ? offsetAtToken(units, next, mapper) : offsetAtToken(units, stable, mapper);
  const host = units.find((l) => shown <= l.cumulativeTokens) ?? units[units.length - 1];
  const breakpoints: Breakpoint[] = host
    ? [
        {
          segmentId: host.id,
          kind: 'implicit',
          ttl: '5m',
          range: { start: Math.max(0, boundary), end: Math.max(0, boundary) },
          prefixTokens: shown,
          minimumTokens: min,
          meetsMinimum: supported && stable >= min,
          positionsSincePrevious: 0,
          withinLookback: true,
          writeTokens: identical,
          readTokensOnRepeat: identical,
          readTokensNextCall: next,
        },
      ]
    : [];
  const prefixEnd = next > 0 ? boundary : -1;
  const plan: CachePlan = {
    family: 'automatic',
    minimumTokens: min,
    incrementTokens: inc,
    prefixTokens: stable,
    prefixEnd,
    cachedTokensOnRepeat: identical,
    cachedTokensNextCall: next,
    nextCallCut: cut,
    writtenTokens: identical,
    writeOnlyTokens: identical - next,
    breakpoints,
    readRanges: next > 0 ? mergeRanges(rangesUpTo(segments, next, prefixEnd)) : [],
    writeOnlyRanges: identical > next ? mergeRanges(rangesUpTo(segments, identical, offsetAtToken(units, identical, mapper), next, next > 0 ? boundary : 0)) : [],
    notes,
  };
  return { plan, readableBefore };
}

interface Marker {
  seg: Segment;
  kind: 'explicit' | 'automatic';
  ttl: Ttl;
  range: OffsetRange;
  valid: boolean;
  position: number;
}

/** The breakpoints the plan counts: markers on units, plus the automatic one on the last cacheable unit. */
function plannedMarkers(units: readonly Segment[], sites: readonly MarkerSite[], automatic: CacheControlInfo | undefined): Marker[] {
  const markers: Marker[] = [];
  for (const s of sites) {
    if (!s.unit || s.placementProblem) continue;
    markers.push({ seg: s.unit, kind: 'explicit', ttl: s.info.ttl, range: s.info.range, valid: s.info.valid, position: s.unit.position ?? 0 });
  }
  if (automatic) {
    // The API puts the automatic breakpoint on the last cacheable block, walking back over ineligible ones.
    for (let i = units.length - 1; i >= 0; i--) {
      const l = units[i];
      if (l.kind === 'overhead' || l.position === undefined || !l.breakpointAllowed) continue;
      if (!markers.some((m) => m.seg === l)) markers.push({ seg: l, kind: 'automatic', ttl: automatic.ttl, range: automatic.range, valid: automatic.valid, position: l.position });
      break;
    }
  }
  return markers.sort((a, b) => a.seg.cumulativeTokens - b.seg.cumulativeTokens || a.position - b.position);
}

/** Why the API would refuse this request's markers (400), or undefined. */
function rejection(markers: readonly Marker[], sites: readonly MarkerSite[], maxBp: number): string | undefined {
  const misplaced = sites.find((s) => s.placementProblem);
  if (misplaced) return `invalid cache_control placement: ${misplaced.placementProblem}`;
  const bad = sites.find((s) => !s.info.valid);
  if (bad) return `invalid cache_control value (type must be "ephemeral", ttl "5m" or "1h")`;
  if (markers.length > maxBp) return `${markers.length} cache_control breakpoints, more than the ${maxBp} the API accepts`;
  const firstShort = markers.findIndex((m) => m.ttl === '5m');
  if (firstShort >= 0 && markers.slice(firstShort + 1).some((m) => m.ttl === '1h')) return 'a 1h cache_control comes after a 5m one; longer TTLs must come first';
  return undefined;
}

function planBreakpoints({ segments, units, inputTokens, profile, dynamic, markers: sites, automatic, markerName }: PlanInput): PlanResult {
  const min = profile.minimumTokens;
  const lookback = profile.lookback ?? 20;
  const markers = plannedMarkers(units, sites, automatic);
  const rejected = markers.length || sites.length ? rejection(markers, sites, profile.maxBreakpoints ?? 4) : undefined;
  const first = firstInPrefix(dynamic);
  const cutAt = first ? first.tokenIndex : Infinity;
  const qualifying = rejected ? [] : markers.filter((m) => m.valid && m.seg.cumulativeTokens >= min).map((m) => m.seg.cumulativeTokens);
  const readableBefore = (t: number) => qualifying.reduce((best, p) => (p <= t && p > best ? p : best), 0);
  const identical = readableBefore(Infinity);
  const next = readableBefore(cutAt);
  const written = identical;
  const breakpoints: Breakpoint[] = [];
  const reach = lookbackFacts(markers, units, lookback);
  let writtenSoFar = 0;
  let lastQualifying: Marker | undefined;
  let nextMarker: Marker | undefined;
  markers.forEach((m, i) => {
    const prefix = m.seg.cumulativeTokens;
    const meets = prefix >= min;
    const { since, within, fromId } = reach[i];
    const qualifies = !rejected && meets && m.valid;
    const writeTokens = qualifies ? Math.max(0, prefix - writtenSoFar) : 0;
    if (qualifies) {
      writtenSoFar = Math.max(writtenSoFar, prefix);
      lastQualifying = m;
      if (prefix === next && next > 0) nextMarker = m;
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
      lookbackFrom: fromId,
      writeTokens,
      readTokensOnRepeat: qualifies ? prefix : 0,
      readTokensNextCall: qualifies && prefix <= cutAt ? prefix : 0,
    });
  });
  const cut = first && next < identical ? cutOf(first) : undefined;
  const notes: string[] = [];
  if (rejected) notes.push(`Rejected by the API (400): ${rejected}. Nothing is cached until this is fixed.`);
  else if (!markers.length) notes.push(`No ${markerName ?? 'cache_control'} breakpoint: nothing is cached and every call pays the full input price.`);
  else if (!lastQualifying) notes.push(`No breakpoint closes a prefix of at least ${fmtInt(min)} tokens: nothing is written or read (silently).`);
  else notes.push(`The next call reads ${fmtInt(next)} of ${fmtInt(inputTokens)} tokens from cache; the first call writes ${fmtInt(written)}.`);
  if (cut) notes.push(`${next === 0 ? 'Every cached prefix includes' : 'Later breakpoints include'} ${describeCut(cut)}, which changes per request: those entries are written on every call and never read (an identical repeat would read ${fmtInt(identical)}).`);
  const prefixEnd = nextMarker ? nextMarker.seg.range.end : -1;
  // A message whose last block carries the breakpoint is cached whole, but its closing brackets come after
  // the marked block: end the highlight at the block.
  const readRanges = next
    ? mergeRanges(rangesUpTo(segments, next, prefixEnd)).map((r) => (r.start < prefixEnd && prefixEnd < r.end ? { start: r.start, end: prefixEnd } : r))
    : [];
  const writeOnlyRanges = lastQualifying && written > next ? mergeRanges(rangesUpTo(segments, written, lastQualifying.seg.range.end, next, prefixEnd >= 0 ? prefixEnd : 0)) : [];
  const plan: CachePlan = {
    family: 'breakpoints',
    minimumTokens: min,
    prefixTokens: first ? Math.min(first.tokenIndex, inputTokens) : inputTokens,
    prefixEnd,
    cachedTokensOnRepeat: identical,
    cachedTokensNextCall: next,
    nextCallCut: cut,
    rejected,
    writtenTokens: written,
    writeOnlyTokens: written - next,
    breakpoints,
    readRanges,
    writeOnlyRanges,
    notes,
  };
  return { plan, readableBefore };
}
