// 5-minute against 1-hour cache entries for the same N calls (breakpoint family): which TTL costs less at
// the user's call rate, with one sentence explaining why. Built on costOfCalls.
import { fmtUsd } from '../format';
import type { Ttl } from '../types';
import { costOfCalls, type CallsCostResult, type CostOfCallsOptions } from './cost';

export interface TtlComparisonResult {
  fiveMinutes: CallsCostResult;
  oneHour: CallsCostResult;
  /** Which TTL costs less over the N calls ('same' within $0.0001). */
  cheaper: Ttl | 'same';
  /** fiveMinutes.withCache − oneHour.withCache (positive: 1h is cheaper). */
  oneHourSaves: number;
  /** One sentence explaining the result. */
  summary: string;
}

function fmtGap(min: number): string {
  if (!Number.isFinite(min)) return 'calls that never repeat';
  if (min < 1) return `one call every ${Math.round(min * 60)} s`;
  if (min < 120) return `one call every ${+min.toFixed(1)} min`;
  return `one call every ${+(min / 60).toFixed(1)} h`;
}

/**
 * Breakpoint family with a 1h TTL: the same N calls with every breakpoint at 5m and at 1h.
 * 1h writes cost more (2× vs 1.25× input) but survive gaps up to an hour. Returns undefined for
 * automatic-family plans and models without a 1h TTL.
 */
export function compareTtls(opts: Omit<CostOfCallsOptions, 'ttl'>): TtlComparisonResult | undefined {
  if (opts.plan.family !== 'breakpoints' || !opts.profile.ttls.includes('1h')) return undefined;
  const fiveMinutes = costOfCalls({ ...opts, ttl: '5m' });
  const oneHour = costOfCalls({ ...opts, ttl: '1h' });
  const oneHourSaves = fiveMinutes.withCache - oneHour.withCache;
  const cheaper: Ttl | 'same' = Math.abs(oneHourSaves) < 1e-4 ? 'same' : oneHourSaves > 0 ? '1h' : '5m';
  const at = `At ${fmtGap(fiveMinutes.gapMinutes)}`;
  // The sentence says which way the difference goes, so the amount is written without a sign.
  const diff = fmtUsd(Math.abs(oneHourSaves));
  let summary: string;
  if (cheaper === 'same') {
    summary = `${at}, 5-minute and 1-hour cache entries cost the same over ${fiveMinutes.calls} calls.`;
  } else if (cheaper === '1h') {
    summary = `${at}, 5-minute entries expire between calls and are re-written each time; 1-hour entries stay warm and save ${diff} over ${fiveMinutes.calls} calls.`;
  } else if (fiveMinutes.calls <= 1) {
    summary = `With a single call nothing is read back, so the cheaper 5-minute write wins by ${diff}.`;
  } else if (fiveMinutes.staysWarm) {
    summary = `${at}, 5-minute entries stay warm, so the 1-hour write surcharge buys nothing: 5m is ${diff} cheaper over ${fiveMinutes.calls} calls.`;
  } else if (!oneHour.staysWarm) {
    summary = `${at}, even 1-hour entries expire between calls: 5m writes are cheaper by ${diff} over ${fiveMinutes.calls} calls.`;
  } else {
    summary = `${at}, 1-hour entries stay warm but too few calls repeat to repay the 1-hour write surcharge: 5m is ${diff} cheaper over ${fiveMinutes.calls} calls.`;
  }
  return { fiveMinutes, oneHour, cheaper, oneHourSaves, summary };
}
