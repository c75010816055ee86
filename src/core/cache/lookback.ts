// The breakpoint lookback, measured from the entry an EARLIER request wrote (provider-rules-addendum.md,
// Anthropic table; provider-rules.md §1.2): a read checks at most `window` positions back from a
// breakpoint (itself first) for an entry that an earlier request wrote.
//
// - A breakpoint that is not the request's last one in the conversation is taken as fixed: the earlier
//   requests, with the same layout, wrote their entry at the same block, so it is found at distance 0.
// - The last breakpoint in `messages` is the moving one (the recommended loop puts it on the last message
//   of every turn): the previous request wrote its entry at the end of the previous user input, i.e. the
//   last message before the model output that precedes this breakpoint's message. What matters is how many
//   blocks one turn adds (the reply plus the new input), not the distance from the system prompt.
//   An earlier breakpoint of this request that is nearer (a fixed one) is an entry too.
// - A conversation with no model output before the breakpoint is a first turn: nothing earlier to find.
//
// Positions count every block, one each (assignPositions in dialects/anthropic/build.ts). Whether a run of
// consecutive tool_use (or tool_result) blocks counts as one position is disputed and could not be verified
// offline (docs/rules/lookback-exceeded.md): counting each block can only over-warn on wide parallel turns.
import type { Segment } from '../types';

export interface LookbackMarker {
  seg: Segment;
  position: number;
}

export interface LookbackFacts {
  /** Positions from the nearest earlier entry (or the start) to this breakpoint. */
  since: number;
  /** The earlier entry is within reach (since < window), or there is none to reach. */
  within: boolean;
  /** Id of the unit whose end holds the earlier entry measured from, when there is one. */
  fromId?: string;
}

/** Per message index: its role and the position of its last block (messages section only). */
function messageEnds(units: readonly Segment[]): Map<number, { role: string; lastPos: number; lastId: string }> {
  const out = new Map<number, { role: string; lastPos: number; lastId: string }>();
  for (const u of units) {
    if (u.section !== 'messages' || u.messageIndex === undefined || u.position === undefined) continue;
    const e = out.get(u.messageIndex);
    if (!e || u.position >= e.lastPos) out.set(u.messageIndex, { role: e?.role ?? u.role ?? 'user', lastPos: u.position, lastId: u.id });
  }
  return out;
}

/** Where the previous request (one turn earlier) ended, for a breakpoint in message `k`. */
function previousTurnEnd(ends: ReturnType<typeof messageEnds>, k: number): { pos: number; id: string } | undefined {
  const idx = [...ends.keys()].filter((i) => i < k).sort((a, b) => b - a);
  let j = idx.findIndex((i) => ends.get(i)!.role === 'assistant');
  if (j < 0) return undefined;
  while (j < idx.length && ends.get(idx[j])!.role === 'assistant') j++;
  if (j >= idx.length) return undefined;
  const e = ends.get(idx[j])!;
  return { pos: e.lastPos, id: e.lastId };
}

/** Lookback facts for each marker, in the order given (cache order). */
export function lookbackFacts(markers: readonly LookbackMarker[], units: readonly Segment[], window: number): LookbackFacts[] {
  let lastInMessages = -1;
  markers.forEach((m, i) => {
    if (m.seg.section === 'messages' && m.seg.messageIndex !== undefined) lastInMessages = i;
  });
  const ends = lastInMessages >= 0 ? messageEnds(units) : undefined;
  return markers.map((m, i) => {
    const prev = i > 0 ? markers[i - 1] : undefined;
    const sincePrev = prev ? m.position - prev.position : m.position + 1;
    if (i !== lastInMessages || !ends) return { since: sincePrev, within: true, fromId: prev?.seg.id };
    const turn = previousTurnEnd(ends, m.seg.messageIndex!);
    if (!turn) return { since: sincePrev, within: true, fromId: prev?.seg.id };
    const nearest = prev && prev.position > turn.pos ? { pos: prev.position, id: prev.seg.id } : turn;
    const since = m.position - nearest.pos;
    return { since, within: since < window, fromId: nearest.id };
  });
}
