// Which texts must not go to tiktoken's own BPE: those that may hold a long pre-tokenizer piece.
//
// tiktoken merges a piece of n bytes in O(n²) (and fails with "unreachable" on a piece of about a megabyte),
// so a text that may hold a piece longer than a few hundred characters is encoded by ./bpe (same ids, in
// O(n log n)). Deciding that needs no regex: every piece lies within two adjacent runs of characters of one
// coarse class (letters and marks / whitespace / other; a piece is at most one leading character, a letter
// run and a contraction, or a space, a run of symbols and a run of line breaks, or a whitespace run; digits
// are in pieces of at most 3), so if no two adjacent runs together reach LONG_RUN characters, no piece does.
// The classes here only steer the choice of encoder (both give the same ids), so an approximation of
// Unicode's classes costs speed at worst, never exactness.

/** Two adjacent runs at least this long (UTF-16 units) send the text to the O(n log n) encoder. */
export const LONG_RUN = 384;

const L = 0;
const N = 1;
const W = 2;
const P = 3;
const UNKNOWN = 255;

/** Coarse class of every BMP code unit, filled 256 at a time on first use (surrogates: "joins any run"). */
const classes = new Uint8Array(65536).fill(UNKNOWN);
let reL: RegExp | undefined;
let reN: RegExp | undefined;
let reW: RegExp | undefined;

function fillBlock(base: number): void {
  reL ??= /^[\p{L}\p{M}]$/u;
  reN ??= /^\p{N}$/u;
  reW ??= /^\s$/u;
  for (let c = base; c < base + 256; c++) {
    if (c >= 0xd800 && c <= 0xdfff) classes[c] = 4; // a surrogate: continues the current run
    else {
      const s = String.fromCharCode(c);
      classes[c] = reL.test(s) ? L : reN.test(s) ? N : reW.test(s) ? W : P;
    }
  }
}

function classOf(c: number): number {
  let k = classes[c];
  if (k === UNKNOWN) {
    fillBlock(c & 0xff00);
    k = classes[c];
  }
  return k;
}

/** True when `text` may hold a pre-tokenizer piece of LONG_RUN characters or more (see above). */
export function mayHoldLongPiece(text: string): boolean {
  const n = text.length;
  if (n < LONG_RUN) return false;
  let cls = -1;
  let run = 0;
  let prevRun = 0;
  for (let i = 0; i < n; i++) {
    const k = classOf(text.charCodeAt(i));
    if (k === cls || k === 4) run++;
    else {
      prevRun = cls === N ? 0 : run;
      cls = k;
      run = 1;
    }
    if (cls !== N && run + prevRun >= LONG_RUN) return true;
  }
  return false;
}
