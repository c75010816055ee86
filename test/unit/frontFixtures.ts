// Hand-built Analysis objects for the fronts' tests (editor text, panel model, CLI report): one Anthropic
// request (system block 1 with a timestamp, system block 2 with the only breakpoint, a user message), with
// the cache plan set per case. The figures are chosen, not computed: the fronts must render them as given.
import type { Analysis, Breakpoint, CachePlan, CostEstimate, Segment } from '../../src/core/types';
import { resolveModel } from '../../src/core/models';

const sentence = (i: number) => `Rule ${i}: agents answer in plain sentences and quote the order timeline instead of guessing. `;
const longText = (n: number) => Array.from({ length: n }, (_, i) => sentence(i)).join('');

export const STAMP = '2026-11-22T09:14:03Z';
const sys1 = `Now: ${STAMP}. ${longText(3)}`;
const sys2 = longText(40);

export const TEXT = JSON.stringify(
  {
    model: 'claude-sonnet-4-5',
    max_tokens: 100,
    system: [
      { type: 'text', text: sys1 },
      { type: 'text', text: sys2, cache_control: { type: 'ephemeral' } },
    ],
    messages: [{ role: 'user', content: 'Where is my order?' }],
  },
  null,
  2,
);

function stringRange(s: string): { start: number; end: number } {
  const start = TEXT.indexOf(JSON.stringify(s)) + 1;
  return { start, end: start + JSON.stringify(s).length - 2 };
}

function seg(id: string, label: string, kind: Segment['kind'], text: string, start: number, tokens: number, extra: Partial<Segment> = {}): Segment {
  const range = stringRange(text);
  return { id, path: [], kind, label, range, spans: [{ text, range }], tokens, startTokens: start, cumulativeTokens: start + tokens, exact: true, ...extra };
}

export const SEGMENTS: Segment[] = [
  seg('system[0]', 'system block 1', 'system', sys1, 0, 60, { position: 0 }),
  seg('system[1]', 'system block 2', 'system', sys2, 60, 3940, { position: 1 }),
  seg('messages[0]', 'user message 1', 'message', 'Where is my order?', 4000, 5, { role: 'user' }),
];
export const [SYS1, SYS2, USER] = SEGMENTS;
export const INPUT = 4005;

const ccAt = TEXT.indexOf('"cache_control"');
export const STAMP_RANGE = { start: TEXT.indexOf(STAMP), end: TEXT.indexOf(STAMP) + STAMP.length };

export function breakpoint(over: Partial<Breakpoint> = {}): Breakpoint {
  return {
    segmentId: 'system[1]',
    kind: 'explicit',
    ttl: '5m',
    range: { start: ccAt, end: ccAt + 40 },
    prefixTokens: 4000,
    minimumTokens: 1024,
    meetsMinimum: true,
    positionsSincePrevious: 2,
    withinLookback: true,
    writeTokens: 4000,
    readTokensOnRepeat: 4000,
    readTokensNextCall: 4000,
    ...over,
  };
}

export function plan(over: Partial<CachePlan> = {}): CachePlan {
  return {
    family: 'breakpoints',
    minimumTokens: 1024,
    prefixTokens: 4000,
    prefixEnd: SYS2.range.end,
    cachedTokensOnRepeat: 4000,
    cachedTokensNextCall: 4000,
    writtenTokens: 4000,
    writeOnlyTokens: 0,
    breakpoints: [breakpoint()],
    readRanges: [SYS1.range, SYS2.range],
    writeOnlyRanges: [],
    notes: [],
    ...over,
  };
}

export function cost(over: Partial<CostEstimate> = {}): CostEstimate {
  const profile = resolveModel('claude-sonnet-4-5')!;
  return {
    currency: 'USD',
    firstCall: 0.0150375,
    nextCall: 0.0041234,
    repeatCall: 0.0012165,
    uncachedCall: 0.012015,
    prices: profile.prices,
    pricesAsOf: profile.asOf,
    pricesSource: profile.source,
    overridden: false,
    ...over,
  };
}

export function analysis(planOver: Partial<CachePlan> = {}, costOver: Partial<CostEstimate> = {}): Analysis {
  return {
    isRequest: true,
    dialect: 'anthropic-messages',
    provider: 'anthropic',
    model: { name: 'claude-sonnet-4-5', source: 'file', known: true, profileId: 'claude-sonnet-4-5' },
    inputTokens: INPUT,
    exact: true,
    tokenizer: 'test tokenizer',
    segments: SEGMENTS,
    cache: plan(planOver),
    cost: cost(costOver),
    diagnostics: [],
    problems: [],
    textLength: TEXT.length,
  };
}

/** A timestamp in system block 1 ends what the next call reads, before the only breakpoint: next call 0, repeat 4,000. */
export function cutBeforeBreakpoint(): Analysis {
  return analysis(
    {
      cachedTokensNextCall: 0,
      prefixEnd: -1,
      nextCallCut: { value: STAMP, kind: 'timestamp', source: 'volatile', range: STAMP_RANGE, unitLabel: 'system block 1', tokenIndex: 2 },
      writeOnlyTokens: 4000,
      readRanges: [],
      writeOnlyRanges: [SYS1.range, SYS2.range],
      breakpoints: [breakpoint({ readTokensNextCall: 0 })],
    },
    { nextCall: 0.0150375 },
  );
}

/** The only breakpoint closes 4,000 tokens, below a 4,096-token minimum: it writes nothing, nothing is cached. */
export function belowMinimum(): Analysis {
  return analysis(
    {
      minimumTokens: 4096,
      cachedTokensOnRepeat: 0,
      cachedTokensNextCall: 0,
      writtenTokens: 0,
      writeOnlyTokens: 0,
      prefixEnd: -1,
      readRanges: [],
      writeOnlyRanges: [],
      breakpoints: [breakpoint({ minimumTokens: 4096, meetsMinimum: false, writeTokens: 0, readTokensOnRepeat: 0, readTokensNextCall: 0 })],
      notes: ['No breakpoint closes a prefix of at least 4,096 tokens: nothing is cached (silently).'],
    },
    { firstCall: 0.012015, nextCall: 0.012015, repeatCall: 0.012015 },
  );
}

export const REJECTION = '5 cache_control breakpoints, more than the 4 the API allows';

/** The API would reject the request: nothing is cached. */
export function rejected(): Analysis {
  return analysis(
    {
      rejected: REJECTION,
      cachedTokensOnRepeat: 0,
      cachedTokensNextCall: 0,
      writtenTokens: 0,
      readRanges: [],
      writeOnlyRanges: [],
      breakpoints: [breakpoint({ writeTokens: 0, readTokensOnRepeat: 0, readTokensNextCall: 0 })],
    },
    { firstCall: 0.012015, nextCall: 0.012015, repeatCall: 0.012015 },
  );
}
