// Memoization and chunked scanning for the text detectors (volatile.ts, placeholders.ts).
//
// The detectors run a dozen regular expressions over every prompt text, and the engine re-runs them on every
// keystroke. Two layers keep that cheap:
//  * results are memoized by text (short texts whole; a few long texts whole in a small LRU);
//  * a long text is cut into chunks where no pattern can match (or look) across the cut — each detector
//    proves its own cut rule — and each chunk's matches are memoized by the chunk's text, so after a
//    one-character edit only the edited chunk is scanned again.
// Memos hold flat copies of their keys (detach): keys are slices of a possibly huge document string, and
// a slice would keep the whole string alive.
import { TextMemo } from '../memo';

export { TextMemo };

/** A match with offsets into the scanned text. */
export interface Match {
  start: number;
  end: number;
}



/** Texts shorter than this are scanned whole (memoized whole). */
export const CHUNK_THRESHOLD = 8 * 1024;

/**
 * Sorted raw matches of a long text from per-chunk scans: `cuts` are ascending positions in (0, n);
 * `scan(chunk)` returns the chunk's matches sorted by start (then longer first), memoized per chunk text.
 * The result has offsets into `text`; it equals a whole-text scan when no match crosses a cut and every
 * match attempt reads the same characters as in its chunk (the detector's cut rule guarantees it).
 */
export function scanChunks<T extends Match>(text: string, cuts: number[], memo: TextMemo<T[]>, scan: (chunk: string) => T[]): T[] {
  const out: T[] = [];
  let start = 0;
  for (let i = 0; i <= cuts.length; i++) {
    const end = i < cuts.length ? cuts[i] : text.length;
    if (end <= start) continue;
    const chunk = text.slice(start, end);
    let ms = memo.get(chunk);
    if (!ms) {
      ms = scan(chunk);
      memo.set(chunk, ms);
    }
    // Matches sorted within chunks, chunks in order: the concatenation is sorted (stably: ties share a chunk).
    for (const m of ms) out.push({ ...m, start: m.start + start, end: m.end + start });
    start = end;
  }
  return out;
}

/** Drop overlaps from matches sorted by (start, longer first): the earlier, then longer, match wins. */
export function dropOverlaps<T extends Match>(sorted: T[]): T[] {
  const out: T[] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last && v.start < last.end) continue;
    out.push(v);
  }
  return out;
}

/** Sort by start, longer first on ties (stable: equal ranges keep the order the patterns produced them). */
export function sortMatches<T extends Match>(found: T[]): T[] {
  return found.sort((a, b) => a.start - b.start || b.end - a.end);
}

const WS = /\s/;

/** Exactly JavaScript's `\s` (the regexes' notion of whitespace). */
export function isRegexSpace(ch: string): boolean {
  return WS.test(ch);
}

/**
 * Blank-line cut candidates: every position c with text[c-1] = text[c] = "\n" (the cut falls between the
 * two line breaks), at most one per whitespace run. `accept(c, x)` decides, given x, the index of the last
 * non-whitespace character before c (-1 when there is none).
 */
export function blankLineCuts(text: string, accept: (c: number, x: number) => boolean): number[] {
  const cuts: number[] = [];
  const n = text.length;
  let i = text.indexOf('\n\n');
  while (i !== -1) {
    let x = i - 1;
    while (x >= 0 && isRegexSpace(text[x])) x--;
    if (accept(i + 1, x)) cuts.push(i + 1);
    // One cut per whitespace run (and no quadratic walk back over long runs).
    let j = i + 2;
    while (j < n && isRegexSpace(text[j])) j++;
    i = text.indexOf('\n\n', j);
  }
  return cuts;
}

/**
 * A memo of a few long texts' results (looked up by the whole text). Keys are kept as given, not copied
 * (copying megabytes per keystroke would cost more than the memo saves): at most `size` documents stay
 * reachable, as with the token counter's long-text memo.
 */
export class LongTextMemo<V> {
  private entries: { text: string; value: V }[] = [];
  constructor(private readonly size = 4) {}
  get(text: string): V | undefined {
    const i = this.entries.findIndex((e) => e.text.length === text.length && e.text === text);
    if (i < 0) return undefined;
    const [e] = this.entries.splice(i, 1);
    this.entries.push(e);
    return e.value;
  }
  set(text: string, value: V): void {
    this.entries.push({ text, value });
    if (this.entries.length > this.size) this.entries.shift();
  }
  clear(): void {
    this.entries = [];
  }
}
