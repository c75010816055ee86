import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeCost, costOfCalls, type CostPlan } from '../../src/core/cache/cost';
import { compareTtls } from '../../src/core/cache/ttlCompare';
import { resolveModel } from '../../src/core/models';
import type { Breakpoint, Ttl } from '../../src/core/types';

function near(actual: number, expected: number, msg?: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${msg ?? ''} expected ${expected}, got ${actual}`);
}

function bp(prefixTokens: number, writeTokens: number, ttl: Ttl = '5m'): Breakpoint {
  return {
    segmentId: `s${prefixTokens}`,
    kind: 'explicit',
    ttl,
    range: { start: 0, end: 0 },
    prefixTokens,
    minimumTokens: 1024,
    meetsMinimum: true,
    positionsSincePrevious: 1,
    withinLookback: true,
    writeTokens,
    readTokensOnRepeat: prefixTokens,
    readTokensNextCall: prefixTokens,
  };
}

const sonnet = resolveModel('claude-sonnet-4-5')!; // $3 in, $3.75 5m write, $6 1h write, $0.30 read, $15 out
const gpt4o = resolveModel('gpt-4o')!; // $2.50 in, $1.25 cached, $10 out

/** 12,000-token request, one 5m breakpoint closing a 10,000-token prefix. */
const sonnetPlan: CostPlan = { family: 'breakpoints', writtenTokens: 10_000, cachedTokensOnRepeat: 10_000, breakpoints: [bp(10_000, 10_000)] };

describe('computeCost', () => {
  it('Anthropic, 10,000 cached tokens on Sonnet at $3/MTok, 5m', () => {
    const c = computeCost(sonnet, sonnetPlan, 12_000);
    // first: 10,000 × 3.75 + 2,000 × 3 = 43,500 µ$
    near(c.firstCall, 0.0435, 'first');
    // repeat: 10,000 × 0.30 + 2,000 × 3 = 9,000 µ$
    near(c.repeatCall, 0.009, 'repeat');
    near(c.uncachedCall, 0.036, 'uncached');
    assert.equal(c.currency, 'USD');
    assert.equal(c.overridden, false);
    assert.equal(c.pricesAsOf, sonnet.asOf);
    assert.equal(c.pricesSource, sonnet.source);
    assert.deepEqual(c.prices, sonnet.prices);
  });

  it('Anthropic 1h breakpoint writes at 2×', () => {
    const c = computeCost(sonnet, { ...sonnetPlan, breakpoints: [bp(10_000, 10_000, '1h')] }, 12_000);
    near(c.firstCall, (10_000 * 6 + 2_000 * 3) / 1e6);
    near(c.repeatCall, 0.009);
  });

  it('mixed TTLs: each breakpoint writes at its own TTL price', () => {
    const plan: CostPlan = { family: 'breakpoints', writtenTokens: 10_000, cachedTokensOnRepeat: 10_000, breakpoints: [bp(6_000, 6_000, '1h'), bp(10_000, 4_000, '5m')] };
    const c = computeCost(sonnet, plan, 12_000);
    // 6,000 × 6 + 4,000 × 3.75 + 2,000 × 3 = 57,000 µ$
    near(c.firstCall, 0.057);
    near(c.repeatCall, 0.009);
  });

  it('tokens written but not read back are written again on the repeat', () => {
    const plan: CostPlan = { family: 'breakpoints', writtenTokens: 10_000, cachedTokensOnRepeat: 6_000, breakpoints: [bp(6_000, 6_000), bp(10_000, 4_000)] };
    const c = computeCost(sonnet, plan, 12_000);
    near(c.firstCall, 0.0435);
    // 6,000 × 0.30 + 4,000 × 3.75 + 2,000 × 3 = 22,800 µ$
    near(c.repeatCall, 0.0228);
  });

  it('written tokens without breakpoints (e.g. top-level automatic marker) use the default TTL', () => {
    const c = computeCost(sonnet, { family: 'breakpoints', writtenTokens: 10_000, cachedTokensOnRepeat: 10_000, breakpoints: [] }, 12_000);
    near(c.firstCall, 0.0435);
  });

  it('nothing cached: every call costs the uncached price', () => {
    const c = computeCost(sonnet, { family: 'breakpoints', writtenTokens: 0, cachedTokensOnRepeat: 0, breakpoints: [] }, 12_000);
    near(c.firstCall, 0.036);
    near(c.repeatCall, 0.036);
  });

  it('OpenAI: no write surcharge, cached tokens at the cached price', () => {
    const plan: CostPlan = { family: 'automatic', writtenTokens: 4_992, cachedTokensOnRepeat: 4_992, breakpoints: [] };
    const c = computeCost(gpt4o, plan, 5_000);
    near(c.firstCall, 0.0125); // 5,000 × 2.50
    near(c.repeatCall, (4_992 * 1.25 + 8 * 2.5) / 1e6);
    near(c.uncachedCall, 0.0125);
    const noWrites = computeCost(gpt4o, { ...plan, writtenTokens: 0 }, 5_000);
    near(noWrites.firstCall, 0.0125);
    near(noWrites.repeatCall, c.repeatCall);
  });

  it('GPT-5.6: writes at 1.25×, reads at 0.1×', () => {
    const sol = resolveModel('gpt-5.6-sol')!;
    const c = computeCost(sol, { family: 'automatic', writtenTokens: 3_000, cachedTokensOnRepeat: 3_000, breakpoints: [] }, 4_000);
    near(c.firstCall, (3_000 * 6.25 + 1_000 * 5) / 1e6);
    near(c.repeatCall, (3_000 * 0.5 + 1_000 * 5) / 1e6);
  });

  it('models without caching cost the same on every call', () => {
    const gpt4 = resolveModel('gpt-4')!;
    const c = computeCost(gpt4, { family: 'automatic', writtenTokens: 2_048, cachedTokensOnRepeat: 2_048, breakpoints: [] }, 3_000);
    near(c.firstCall, 0.09);
    near(c.repeatCall, 0.09);
    near(c.uncachedCall, 0.09);
  });

  it('applies price overrides and says so', () => {
    const c = computeCost(sonnet, sonnetPlan, 12_000, { 'anthropic/claude-sonnet-4.5': { input: 4 } });
    assert.equal(c.overridden, true);
    assert.match(c.pricesSource, /override/);
    near(c.firstCall, (10_000 * 5 + 2_000 * 4) / 1e6);
    near(c.repeatCall, (10_000 * 0.4 + 2_000 * 4) / 1e6);
    const byName = computeCost(sonnet, sonnetPlan, 12_000, { 'my-deployment': { input: 4 } }, 'my-deployment');
    near(byName.firstCall, c.firstCall);
  });

  it('is robust to odd inputs', () => {
    const c = computeCost(sonnet, { family: 'breakpoints', writtenTokens: 50_000, cachedTokensOnRepeat: 50_000, breakpoints: [bp(50_000, 50_000)] }, 1_000);
    near(c.firstCall, (1_000 * 3.75) / 1e6); // never writes more than the request holds
    near(c.repeatCall, (1_000 * 0.3) / 1e6);
    const z = computeCost(sonnet, sonnetPlan, 0);
    assert.equal(z.firstCall, 0);
    assert.equal(z.repeatCall, 0);
  });
});

describe('computeCost: next call', () => {
  /** Two 5m breakpoints at 6,000 and 10,000 tokens of a 12,000-token request. */
  const twoBps: CostPlan = { family: 'breakpoints', writtenTokens: 10_000, cachedTokensOnRepeat: 10_000, breakpoints: [bp(6_000, 6_000), bp(10_000, 4_000)] };

  it('equals the identical repeat when the prefix holds no per-request value', () => {
    const c = computeCost(sonnet, { ...sonnetPlan, cachedTokensNextCall: 10_000 }, 12_000);
    near(c.nextCall, c.repeatCall);
    near(c.nextCall, 0.009);
    // a plan without the next-call figure reads as an identical repeat
    near(computeCost(sonnet, sonnetPlan, 12_000).nextCall, 0.009);
  });

  it('costs more when the next call reads less than an identical repeat', () => {
    const c = computeCost(sonnet, { ...twoBps, cachedTokensNextCall: 6_000 }, 12_000);
    near(c.repeatCall, 0.009);
    // 6,000 × 0.30 read + 4,000 × 3.75 written again + 2,000 × 3 input = 22,800 µ$
    near(c.nextCall, 0.0228);
    assert.ok(c.nextCall > c.repeatCall);
  });

  it('reading nothing on a breakpoint plan costs the uncached call plus the write premium', () => {
    const c = computeCost(sonnet, { ...sonnetPlan, cachedTokensNextCall: 0 }, 12_000);
    near(c.nextCall, c.uncachedCall + (10_000 * (3.75 - 3)) / 1e6);
    near(c.nextCall, c.firstCall);
  });

  it('automatic family: the next call pays input for what it cannot read (no write fee)', () => {
    const plan: CostPlan = { family: 'automatic', writtenTokens: 4_992, cachedTokensOnRepeat: 4_992, cachedTokensNextCall: 2_048, breakpoints: [] };
    const c = computeCost(gpt4o, plan, 5_000);
    near(c.nextCall, (2_048 * 1.25 + 2_952 * 2.5) / 1e6);
  });

  it('never reads more on the next call than on an identical repeat', () => {
    const c = computeCost(sonnet, { ...twoBps, cachedTokensOnRepeat: 6_000, cachedTokensNextCall: 10_000 }, 12_000);
    near(c.nextCall, c.repeatCall);
  });
});

describe('computeCost: long context', () => {
  const sonnet4 = resolveModel('claude-sonnet-4')!;
  const plan: CostPlan = { family: 'breakpoints', writtenTokens: 150_000, cachedTokensOnRepeat: 150_000, cachedTokensNextCall: 150_000, breakpoints: [bp(150_000, 150_000)] };

  it('at the threshold: base prices, no long-context flag', () => {
    const c = computeCost(sonnet, plan, 200_000);
    assert.equal(c.longContext, undefined);
    assert.deepEqual(c.prices, sonnet.prices);
    near(c.uncachedCall, (200_000 * 3) / 1e6);
    near(c.firstCall, (150_000 * 3.75 + 50_000 * 3) / 1e6);
  });

  it('strictly above the threshold: the whole request at the long-context rates, cache multipliers on top', () => {
    for (const profile of [sonnet, sonnet4]) {
      const c = computeCost(profile, plan, 200_001);
      assert.deepEqual(c.longContext, { thresholdTokens: 200_000, applied: true, source: profile.longContext!.source });
      assert.deepEqual(c.prices, { input: 6, cacheWrite5m: 7.5, cacheWrite1h: 12, cacheRead: 0.6, output: 22.5 });
      near(c.uncachedCall, (200_001 * 6) / 1e6);
      near(c.firstCall, (150_000 * 7.5 + 50_001 * 6) / 1e6);
      near(c.repeatCall, (150_000 * 0.6 + 50_001 * 6) / 1e6);
      near(c.nextCall, c.repeatCall);
    }
    const oneHour = computeCost(sonnet, { ...plan, breakpoints: [bp(150_000, 150_000, '1h')] }, 300_000);
    near(oneHour.firstCall, (150_000 * 12 + 150_000 * 6) / 1e6);
  });

  it('Gemini 2.5 Pro above 200K: $2.50 in / $0.25 cached', () => {
    const pro = resolveModel('gemini-2.5-pro')!;
    const auto: CostPlan = { family: 'automatic', writtenTokens: 240_000, cachedTokensOnRepeat: 240_000, cachedTokensNextCall: 240_000, breakpoints: [] };
    const c = computeCost(pro, auto, 250_000);
    assert.equal(c.longContext?.applied, true);
    near(c.firstCall, (250_000 * 2.5) / 1e6);
    near(c.nextCall, (240_000 * 0.25 + 10_000 * 2.5) / 1e6);
    assert.equal(computeCost(pro, auto, 150_000).longContext, undefined);
  });

  it('models without a long-context tier keep their prices', () => {
    const c = computeCost(gpt4o, { family: 'automatic', writtenTokens: 0, cachedTokensOnRepeat: 0, breakpoints: [] }, 900_000);
    assert.equal(c.longContext, undefined);
    near(c.uncachedCall, (900_000 * 2.5) / 1e6);
  });

  it('an overridden price keeps the tier premium', () => {
    const c = computeCost(sonnet, plan, 250_000, { 'claude-sonnet-4-5': { input: 4 } });
    assert.equal(c.overridden, true);
    assert.equal(c.longContext?.applied, true);
    near(c.prices.input, 8); // 4 × 6/3
    near(c.prices.cacheWrite5m, 10); // 5 × 7.5/3.75
    near(c.prices.output, 22.5); // not overridden
  });
});

describe('costOfCalls', () => {
  const base = { profile: sonnet, plan: sonnetPlan, inputTokens: 12_000, outputTokens: 500, calls: 100 };
  // output: 500 × 15 = 7,500 µ$ per call

  it('fast calls (2/min) stay warm on 5m', () => {
    const r = costOfCalls({ ...base, callsPerMinute: 2 });
    assert.equal(r.gapMinutes, 0.5);
    assert.equal(r.staysWarm, true);
    assert.equal(r.ttl, '5m');
    assert.equal(r.lifetimeMinutes, 5);
    near(r.perCall.outputCost, 0.0075);
    near(r.perCall.firstCall, 0.051);
    near(r.perCall.repeatCall, 0.0165);
    near(r.perCall.uncachedCall, 0.0435);
    assert.equal(r.perCall.readTokensOnRepeat, 10_000);
    assert.equal(r.perCall.writeTokensOnRepeat, 0);
    near(r.withCache, 0.051 + 99 * 0.0165);
    near(r.withoutCache, 4.35);
    near(r.savings, 4.35 - 1.6845);
    near(r.savingsPercent, ((4.35 - 1.6845) / 4.35) * 100);
    // extra first-call cost 0.0075, saving per repeat 0.027 → pays off on call 2
    assert.equal(r.breakEvenCalls, 2);
    assert.equal(r.overridden, false);
  });

  it('break-even with a 1h write is the third call', () => {
    const r = costOfCalls({ ...base, callsPerMinute: 2, ttl: '1h' });
    // extra first-call cost 10,000 × (6 − 3) = 0.03; saving per repeat 0.027 → 1 + ceil(1.11) = 3
    assert.equal(r.breakEvenCalls, 3);
    const two = costOfCalls({ ...base, calls: 2, callsPerMinute: 2, ttl: '1h' });
    assert.ok(two.withCache > two.withoutCache);
    const three = costOfCalls({ ...base, calls: 3, callsPerMinute: 2, ttl: '1h' });
    assert.ok(three.withCache <= three.withoutCache);
  });

  it('slow calls (one per 10 min) re-write the 5m entry every time and never break even', () => {
    const r = costOfCalls({ ...base, callsPerMinute: 0.1 });
    near(r.gapMinutes, 10);
    assert.equal(r.staysWarm, false);
    near(r.perCall.repeatCall, 0.051);
    assert.equal(r.perCall.readTokensOnRepeat, 0);
    assert.equal(r.perCall.writeTokensOnRepeat, 10_000);
    near(r.withCache, 5.1);
    near(r.savings, 4.35 - 5.1);
    assert.ok(r.savingsPercent < 0);
    assert.equal(r.breakEvenCalls, undefined);
  });

  it('mixed TTLs at a 10-minute gap: the 1h part is read, the 5m part re-written', () => {
    const plan: CostPlan = { family: 'breakpoints', writtenTokens: 10_000, cachedTokensOnRepeat: 10_000, breakpoints: [bp(6_000, 6_000, '1h'), bp(10_000, 4_000, '5m')] };
    const r = costOfCalls({ ...base, plan, callsPerMinute: 0.1 });
    assert.equal(r.staysWarm, false);
    assert.equal(r.lifetimeMinutes, 5);
    assert.equal(r.perCall.readTokensOnRepeat, 6_000);
    near(r.perCall.repeatCall, 0.0228 + 0.0075);
  });

  it('automatic family: a gap longer than the lifetime is a miss', () => {
    const plan: CostPlan = { family: 'automatic', writtenTokens: 4_992, cachedTokensOnRepeat: 4_992, breakpoints: [] };
    const opts = { profile: gpt4o, plan, inputTokens: 5_000, outputTokens: 0, calls: 10 };
    const fast = costOfCalls({ ...opts, callsPerMinute: 1 });
    assert.equal(fast.staysWarm, true);
    assert.equal(fast.lifetimeMinutes, 5);
    near(fast.perCall.repeatCall, (4_992 * 1.25 + 8 * 2.5) / 1e6);
    assert.equal(fast.breakEvenCalls, 1); // no write surcharge: never worse
    const slow = costOfCalls({ ...opts, callsPerMinute: 0.05 });
    assert.equal(slow.staysWarm, false);
    near(slow.withCache, slow.withoutCache);
    assert.equal(slow.savings, 0);
    // a longer assumed lifetime (e.g. prompt_cache_retention "24h")
    const retained = costOfCalls({ ...opts, callsPerMinute: 0.05, lifetimeMinutes: 24 * 60 });
    assert.equal(retained.staysWarm, true);
    assert.ok(retained.savings > 0);
  });

  it('edge cases: 0 calls, a single call, no rate', () => {
    const zero = costOfCalls({ ...base, calls: 0, callsPerMinute: 2 });
    assert.equal(zero.withCache, 0);
    assert.equal(zero.withoutCache, 0);
    assert.equal(zero.savingsPercent, 0);
    const one = costOfCalls({ ...base, calls: 1, callsPerMinute: 2 });
    near(one.withCache, 0.051);
    near(one.withoutCache, 0.0435);
    const norate = costOfCalls({ ...base, callsPerMinute: 0 });
    assert.equal(norate.gapMinutes, Infinity);
    assert.equal(norate.staysWarm, false);
  });

  it('each repeat is a next call: it reads cachedTokensNextCall, not the identical-repeat figure', () => {
    const plan: CostPlan = { family: 'breakpoints', writtenTokens: 10_000, cachedTokensOnRepeat: 10_000, cachedTokensNextCall: 6_000, breakpoints: [bp(6_000, 6_000), bp(10_000, 4_000)] };
    const r = costOfCalls({ ...base, plan, callsPerMinute: 2 });
    assert.equal(r.staysWarm, true);
    assert.equal(r.perCall.readTokensOnRepeat, 6_000);
    assert.equal(r.perCall.writeTokensOnRepeat, 4_000);
    near(r.perCall.repeatCall, 0.0228 + 0.0075);
    near(r.withCache, r.perCall.firstCall + 99 * r.perCall.repeatCall);
    const single = computeCost(sonnet, plan, 12_000);
    near(r.perCall.repeatCall - r.perCall.outputCost, single.nextCall);
  });

  it('long context: the whole series at the long-context rates', () => {
    const plan: CostPlan = { family: 'breakpoints', writtenTokens: 150_000, cachedTokensOnRepeat: 150_000, cachedTokensNextCall: 150_000, breakpoints: [bp(150_000, 150_000)] };
    const r = costOfCalls({ ...base, plan, inputTokens: 210_000, callsPerMinute: 2 });
    assert.equal(r.longContext?.thresholdTokens, 200_000);
    near(r.perCall.outputCost, (500 * 22.5) / 1e6);
    near(r.perCall.uncachedCall, (210_000 * 6 + 500 * 22.5) / 1e6);
    near(r.perCall.repeatCall, (150_000 * 0.6 + 60_000 * 6 + 500 * 22.5) / 1e6);
    assert.equal(costOfCalls({ ...base, plan, inputTokens: 200_000, callsPerMinute: 2 }).longContext, undefined);
  });

  it('uses price overrides', () => {
    const r = costOfCalls({ ...base, callsPerMinute: 2, overrides: { 'claude-sonnet-4-5': { output: 30 } } });
    assert.equal(r.overridden, true);
    near(r.perCall.outputCost, 0.015);
  });
});

describe('compareTtls', () => {
  const base = { profile: sonnet, plan: sonnetPlan, inputTokens: 12_000, outputTokens: 500, calls: 100 };

  it('fast rate: 5m stays warm and is cheaper', () => {
    const c = compareTtls({ ...base, callsPerMinute: 2 })!;
    near(c.fiveMinutes.withCache, 1.6845);
    near(c.oneHour.withCache, 0.0735 + 99 * 0.0165);
    assert.equal(c.cheaper, '5m');
    near(c.oneHourSaves, 1.6845 - 1.707);
    assert.match(c.summary, /5-minute entries stay warm/);
  });

  it('slow rate (one call per 10 min): 1h is cheaper', () => {
    const c = compareTtls({ ...base, callsPerMinute: 0.1 })!;
    near(c.fiveMinutes.withCache, 5.1);
    near(c.oneHour.withCache, 1.707);
    assert.equal(c.cheaper, '1h');
    near(c.oneHourSaves, 5.1 - 1.707);
    assert.equal(c.fiveMinutes.staysWarm, false);
    assert.equal(c.oneHour.staysWarm, true);
    assert.match(c.summary, /10 min/);
  });

  it('very slow rate (one call per 2 h): both expire, 5m is cheaper', () => {
    const c = compareTtls({ ...base, callsPerMinute: 1 / 120 })!;
    near(c.fiveMinutes.withCache, 5.1);
    near(c.oneHour.withCache, 7.35);
    assert.equal(c.cheaper, '5m');
    assert.match(c.summary, /even 1-hour entries expire/);
  });

  it('a plan that caches nothing costs the same either way', () => {
    const c = compareTtls({ ...base, plan: { family: 'breakpoints', writtenTokens: 0, cachedTokensOnRepeat: 0, breakpoints: [] }, callsPerMinute: 1 })!;
    assert.equal(c.cheaper, 'same');
  });

  it('is undefined for automatic-family plans', () => {
    const plan: CostPlan = { family: 'automatic', writtenTokens: 0, cachedTokensOnRepeat: 4_992, breakpoints: [] };
    assert.equal(compareTtls({ profile: gpt4o, plan, inputTokens: 5_000, outputTokens: 0, calls: 10, callsPerMinute: 1 }), undefined);
  });
});
