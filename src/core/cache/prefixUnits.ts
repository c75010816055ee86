// DeepSeek V4's disk cache (provider-rules.md §4.1; addendum, Others): the cache stores whole "prefix units"
// that end at the end of the user input and at the end of the model output of every request, and a hit
// needs a whole unit to match (A+B, then A+C misses; A alone is persisted only then). So what the next call
// can read snaps DOWN to the last unit end before the first change, not to a 64-token step:
// - the end of each assistant message (a model output);
// - the end of the last message before each assistant message (an earlier request's input);
// - the end of this request's input (read only by an identical repeat).
// Units at a common prefix DeepSeek detects across requests and at fixed token intervals (interval not
// published) cannot be known from one file: they can only make reads longer than this plan says.
import type { Segment } from '../types';

/** Token positions (cumulative, cache order) where a prefix unit ends, ascending. */
export function prefixUnitEnds(units: readonly Segment[]): number[] {
  const ends = new Map<number, { role: string; end: number }>();
  for (const u of units) {
    if (u.section !== 'messages' || u.messageIndex === undefined) continue;
    const e = ends.get(u.messageIndex);
    ends.set(u.messageIndex, { role: e?.role ?? u.role ?? 'user', end: Math.max(e?.end ?? 0, u.cumulativeTokens) });
  }
  const idx = [...ends.keys()].sort((a, b) => a - b);
  const out = new Set<number>();
  idx.forEach((i, k) => {
    const e = ends.get(i)!;
    const next = k + 1 < idx.length ? ends.get(idx[k + 1])! : undefined;
    if (e.role === 'assistant') out.add(e.end);
    else if (next?.role === 'assistant') out.add(e.end);
  });
  return [...out].sort((a, b) => a - b);
}

/**
 * The read function of an automatic plan under prefix units: the longest unit end ≤ x that reaches the
 * minimum; the whole cacheable input when x reaches it (an identical repeat).
 */
export function prefixUnitSnap(units: readonly Segment[], minimum: number, cacheableEnd: number): (x: number) => number {
  const ends = prefixUnitEnds(units).filter((e) => e < cacheableEnd);
  return (x: number) => {
    if (x >= cacheableEnd) return cacheableEnd >= minimum ? cacheableEnd : 0;
    let best = 0;
    for (const e of ends) if (e <= x && e >= minimum) best = e;
    return best;
  };
}

/** The note that explains the snapping, with the unit the next call's read ends at. */
export function prefixUnitNote(units: readonly Segment[], next: number, identical: number): string {
  if (next >= identical) return 'DeepSeek V4 caches whole prefix units (up to the end of each user input and each model reply): an identical repeat reads the whole input.';
  const host = next > 0 ? [...units].reverse().find((u) => u.section === 'messages' && u.cumulativeTokens === next) : undefined;
  return next > 0
    ? `DeepSeek V4 caches whole prefix units (up to the end of each user input and each model reply): the next call's read ends at the end of ${host ? host.label : 'an earlier message'}, the last whole unit before the change (after a miss DeepSeek may also persist the common prefix, which can make later reads longer).`
    : 'DeepSeek V4 caches whole prefix units (up to the end of each user input and each model reply): no whole unit ends before the change, so the next call reads nothing (a hit needs a whole unit to match). After such a miss DeepSeek may persist the common prefix as a unit of its own, so a later call can read up to the change; move the changing value after the stable text to be read from the next call on.';
}
