// The cache plan for OpenAI GPT-5.6 and later (family 'openai-breakpoints'), Chat Completions and Responses.
// Facts (provider-rules-addendum.md, OpenAI table; provider-rules.md §2.2; the OpenAPI-generated SDK docs of
// `prompt_cache_options`):
// - implicit mode (default): OpenAI places one managed breakpoint at the end of the newest eligible (user or
//   tool) message, and writes up to the LATEST THREE explicit breakpoints of the request;
// - explicit mode: no managed breakpoint; up to the latest FOUR explicit breakpoints are written; with none,
//   nothing is cached;
// - an entry is matched exactly at a breakpoint: no fallback to a shorter unmarked prefix, no 128-token rounding,
//   no lookback limit (the latest 80 breakpoints of the conversation are considered);
// - minimum 1,024 tokens (the row's minimumTokens); write 1.25x input, read 0.1x (the row's prices);
// - `prompt_cache_options.ttl` ("30m", the only value) supersedes `prompt_cache_retention`: both → rejected.
// Assumptions (docs/token-counting.md and the rule pages say so): a breakpoint below the minimum writes nothing
// but still takes its slot; an implicit breakpoint on the same block as an explicit one is one entry.
import { fmtInt } from '../format';
import type { ModelProfile } from '../models/types';
import { firstInPrefix } from '../request/dynamic';
import type { OpenAIBreakpointSite, OpenAICacheRequest } from '../request/openaiCache';
import { mergeRanges, rangesUpTo } from '../request/tokens';
import type { Breakpoint, CachePlan, NextCallCut, Segment } from '../types';
import type { PlanInput, PlanResult } from './plan';
import { describeCut } from './wording';

/** Roles whose content may carry a prompt_cache_breakpoint. */
const BREAKPOINT_ROLES = new Set(['system', 'developer', 'user', 'tool']);

/** Most cache writes per request (implicit mode uses one of them). */
export const OPENAI_MAX_WRITES = 4;

interface Planned {
  unit: Segment;
  kind: 'explicit' | 'implicit';
  site?: OpenAIBreakpointSite;
  written: boolean;
}

/** The unit that ends the newest eligible (user or tool) message: where implicit mode puts its breakpoint. */
export function implicitBreakpointUnit(units: readonly Segment[]): Segment | undefined {
  let newest = -1;
  for (const u of units) if (u.section === 'messages' && u.messageIndex !== undefined && (u.role === 'user' || u.role === 'tool')) newest = Math.max(newest, u.messageIndex);
  if (newest < 0) return undefined;
  for (let i = units.length - 1; i >= 0; i--) if (units[i].messageIndex === newest && units[i].section === 'messages') return units[i];
  return undefined;
}

/** Why the API refuses these caching fields (400), or undefined. */
export function openAIRejection(c: OpenAICacheRequest): string | undefined {
  if (c.ttlRaw !== undefined && c.retentionRaw !== undefined) return 'prompt_cache_options.ttl and prompt_cache_retention are both sent (ttl supersedes prompt_cache_retention; sending both is rejected)';
  if (c.modeRaw !== undefined && c.modeRaw !== 'implicit' && c.modeRaw !== 'explicit') return `prompt_cache_options.mode is "${c.modeRaw}" (implicit or explicit)`;
  const assistant = c.breakpoints.find((b) => b.problem === 'assistant');
  if (assistant) return 'a prompt_cache_breakpoint on assistant content (assistant output blocks cannot carry one)';
  const bad = c.breakpoints.find((b) => b.problem === 'invalid-value');
  if (bad) return 'a prompt_cache_breakpoint whose value is not {"mode": "explicit"}';
  return undefined;
}

/** The breakpoints of a request in prefix order, and which of them this request writes (slots, not minimum). */
export function plannedOpenAIBreakpoints(units: readonly Segment[], c: OpenAICacheRequest): Planned[] {
  const explicit: Planned[] = [];
  for (const s of c.breakpoints) {
    if (s.problem || !s.unit || explicit.some((p) => p.unit === s.unit)) continue;
    explicit.push({ unit: s.unit, kind: 'explicit', site: s, written: false });
  }
  explicit.sort((a, b) => a.unit.cumulativeTokens - b.unit.cumulativeTokens || (a.unit.unitIndex ?? 0) - (b.unit.unitIndex ?? 0));
  const implicitUnit = c.mode === 'implicit' ? implicitBreakpointUnit(units) : undefined;
  const slots = implicitUnit ? OPENAI_MAX_WRITES - 1 : OPENAI_MAX_WRITES;
  explicit.forEach((p, i) => (p.written = i >= explicit.length - slots));
  const all = [...explicit];
  if (implicitUnit) {
    const same = all.find((p) => p.unit === implicitUnit);
    if (same) same.written = true;
    else all.push({ unit: implicitUnit, kind: 'implicit', written: true });
  }
  return all.sort((a, b) => a.unit.cumulativeTokens - b.unit.cumulativeTokens || (a.unit.unitIndex ?? 0) - (b.unit.unitIndex ?? 0));
}

function cutOf(h: ReturnType<typeof firstInPrefix>): NextCallCut | undefined {
  return h ? { value: h.value, kind: h.kind, source: h.source, range: { ...h.range }, unitLabel: h.unit?.label, tokenIndex: h.tokenIndex } : undefined;
}

export function planOpenAIBreakpoints(input: PlanInput, c: OpenAICacheRequest): PlanResult {
  const { segments, units, inputTokens, profile, dynamic } = input;
  const min = profile.minimumTokens;
  const supported = profile.cachingSupported !== false;
  const rejected = openAIRejection(c);
  const planned = plannedOpenAIBreakpoints(units, c);
  const first = firstInPrefix(dynamic);
  const cutAt = first ? first.tokenIndex : Infinity;
  const qualifying = rejected || !supported ? [] : planned.filter((p) => p.written && p.unit.cumulativeTokens >= min).map((p) => p.unit.cumulativeTokens);
  const readableBefore = (t: number) => qualifying.reduce((best, p) => (p <= t && p > best ? p : best), 0);
  const identical = readableBefore(Infinity);
  const next = readableBefore(cutAt);
  const breakpoints: Breakpoint[] = [];
  let writtenSoFar = 0;
  let nextUnit: Segment | undefined;
  let lastWritten: Segment | undefined;
  for (const p of planned) {
    const prefix = p.unit.cumulativeTokens;
    const meets = prefix >= min;
    const qualifies = !rejected && supported && p.written && meets;
    const writeTokens = qualifies ? Math.max(0, prefix - writtenSoFar) : 0;
    if (qualifies) {
      writtenSoFar = Math.max(writtenSoFar, prefix);
      lastWritten = p.unit;
      if (prefix === next && next > 0) nextUnit = p.unit;
    }
    const end = p.unit.spans.length ? p.unit.spans[p.unit.spans.length - 1].range.end : p.unit.range.end;
    breakpoints.push({
      segmentId: p.unit.id,
      kind: p.kind,
      ttl: '30m',
      range: p.site ? { ...p.site.range } : { start: end, end },
      prefixTokens: prefix,
      minimumTokens: min,
      meetsMinimum: meets,
      positionsSincePrevious: 0,
      withinLookback: true,
      writeTokens,
      readTokensOnRepeat: qualifies ? prefix : 0,
      readTokensNextCall: qualifies && prefix <= cutAt ? prefix : 0,
    });
  }
  const cut = first && next < identical ? cutOf(first) : undefined;
  const notes: string[] = [];
  const explicitCount = planned.filter((p) => p.kind === 'explicit').length;
  const unwritten = planned.filter((p) => !p.written).length;
  if (rejected) notes.push(`Rejected by the API (400): ${rejected}. Nothing is cached until this is fixed.`);
  else if (!supported) notes.push(`${profile.displayName} has no prompt caching discount: every call pays the full input price.`);
  else if (!planned.length) {
    notes.push(
      c.mode === 'explicit'
        ? `Explicit mode (prompt_cache_options.mode "explicit") with no prompt_cache_breakpoint: nothing is cached and every call pays the full input price for all ${fmtInt(inputTokens)} tokens.`
        : 'Implicit mode, but no user or tool message to put the managed breakpoint on: nothing is cached.',
    );
  } else if (!lastWritten) notes.push(`No written breakpoint closes a prefix of at least ${fmtInt(min)} tokens: nothing is written or read (exact match at a breakpoint, no shorter fallback).`);
  else {
    const how = c.mode === 'implicit' ? `implicit mode: a managed breakpoint at the newest user/tool message${explicitCount ? ` + ${explicitCount - unwritten} explicit` : ''}` : `explicit mode: ${explicitCount - unwritten} breakpoint${explicitCount - unwritten === 1 ? '' : 's'}`;
    notes.push(`The next call reads ${fmtInt(next)} of ${fmtInt(inputTokens)} tokens from cache; the first call writes ${fmtInt(writtenSoFar)} at 1.25× (${how}; exact match at a breakpoint, ${fmtInt(min)} minimum, no 128-token rounding).`);
  }
  // Implicit mode's entry ends after the newest user/tool message: a next call whose final message differs
  // matches nothing there (exact match, no shorter fallback) unless an explicit breakpoint closes the stable part.
  const managed = planned.find((p) => p.kind === 'implicit');
  if (managed && !rejected && supported && lastWritten) {
    // The last block before the newest message that can carry a breakpoint (not assistant content, not `instructions`).
    const before = units
      .filter((u) => (u.unitIndex ?? 0) < (managed.unit.unitIndex ?? 0) && u.messageIndex !== undefined && u.messageIndex !== managed.unit.messageIndex && BREAKPOINT_ROLES.has(u.role ?? ''))
      .pop();
    const covered = planned.some((p) => p.kind === 'explicit' && p.written && before && p.unit.cumulativeTokens >= min && p.unit.cumulativeTokens <= before.cumulativeTokens);
    if (before && before.cumulativeTokens >= min && !covered) {
      notes.push(`Implicit mode caches up to the end of the newest user/tool message: a call whose last message differs reads nothing from that entry (no shorter fallback). A prompt_cache_breakpoint at the end of ${before.kind === 'block' && before.messageIndex !== undefined ? `${before.role} message ${before.messageIndex + 1}, ${before.label}` : before.label} (${fmtInt(before.cumulativeTokens)} tokens) would keep the stable part readable.`);
    }
  }
  if (unwritten && !rejected) notes.push(`${explicitCount} explicit breakpoints: a request writes at most ${OPENAI_MAX_WRITES}${c.mode === 'implicit' ? ' (the implicit one takes a slot, so the latest 3 explicit)' : ' (the latest 4)'}; ${unwritten} earlier one${unwritten === 1 ? ' is' : 's are'} not written.`);
  if (c.breakpoints.some((b) => b.problem === 'not-a-block') && !rejected) notes.push('A prompt_cache_breakpoint that is not on a content block (system/developer/user/tool content) is not counted: the guide documents it on content blocks only.');
  if (c.ttlRaw !== undefined && c.ttlRaw !== '30m') notes.push(`prompt_cache_options.ttl "${c.ttlRaw}" is not a value OpenAI documents ("30m" is the only one); the plan assumes 30 minutes.`);
  if (c.retentionRaw !== undefined && c.ttlRaw === undefined && !rejected) notes.push('prompt_cache_retention applies to models before GPT-5.6; this model uses prompt_cache_options.ttl (30m).');
  if (cut) notes.push(`${next === 0 ? 'Every written breakpoint includes' : 'Later breakpoints include'} ${describeCut(cut)}, which changes per request: those entries are written on every call and never read (an identical repeat would read ${fmtInt(identical)}).`);
  const prefixEnd = nextUnit ? nextUnit.range.end : -1;
  const readRanges = next
    ? mergeRanges(rangesUpTo(segments, next, prefixEnd)).map((r) => (r.start < prefixEnd && prefixEnd < r.end ? { start: r.start, end: prefixEnd } : r))
    : [];
  const writeOnlyRanges = lastWritten && identical > next ? mergeRanges(rangesUpTo(segments, identical, lastWritten.range.end, next, prefixEnd >= 0 ? prefixEnd : 0)) : [];
  const plan: CachePlan = {
    family: 'openai-breakpoints',
    minimumTokens: min,
    incrementTokens: 1,
    prefixTokens: first ? Math.min(first.tokenIndex, inputTokens) : inputTokens,
    prefixEnd,
    cachedTokensOnRepeat: identical,
    cachedTokensNextCall: next,
    nextCallCut: cut,
    rejected,
    writtenTokens: identical,
    writeOnlyTokens: identical - next,
    breakpoints,
    readRanges,
    writeOnlyRanges,
    notes,
  };
  return { plan, readableBefore };
}

/** A plan note for a body that uses GPT-5.6+ caching fields on a model that caches automatically. */
export function olderModelNote(profile: ModelProfile): string {
  return `prompt_cache_breakpoint / prompt_cache_options are GPT-5.6+ fields: ${profile.displayName} caches automatically (${fmtInt(profile.minimumTokens)} minimum) and does not use them.`;
}
