// Exact incremental token counting: where a text may be cut so that tokens(text) = Σ tokens(chunk).
//
// BPE counts are not additive across arbitrary cuts ("hello" = 1 token, "hel" + "lo" = 2). tiktoken's
// encode_ordinary works in two stages: the pre-tokenizer regex (`pat_str` in
// node_modules/tiktoken/encoders/*.json) cuts the text into pieces with a left-to-right, leftmost-first
// `find_iter`, then every piece is BPE-encoded on its own and the ids are concatenated. So if `p` is a
// position where (1) a piece boundary of the whole text lies, (2) the pieces of text[0, p) are the pieces of
// the whole text before p, and (3) the pieces of text[p, n) are the pieces of the whole text after p, then
// encode(text) = encode(text[0, p)) ++ encode(text[p, n)) — the ids, not only the counts. The patterns are
//
//   cl100k_base: (?i:'s|'t|'re|'ve|'m|'ll|'d) | [^\r\n\p{L}\p{N}]?\p{L}+ | \p{N}{1,3}
//                | ␠?[^\s\p{L}\p{N}]+[\r\n]* | \s*[\r\n]+ | \s+(?!\S) | \s+
//   o200k_base:  [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|…|'d)?
//                | [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|…|'d)?
//                | \p{N}{1,3} | ␠?[^\s\p{L}\p{N}]+[\r\n/]* | \s*[\r\n]+ | \s+(?!\S) | \s+
//
// Facts used below: there is no look-behind and no anchor (\b, ^), so matching from p only reads text[p..]
// and (3) holds once (1) does; every character is matched by some alternative (letters by the letter
// alternatives, marks and symbols by ␠?[^\s\p{L}\p{N}]+, digits, whitespace), so pieces are contiguous and
// (1) holds when no piece can contain both text[p-1] and text[p]; and for (2), a match attempt from s < p
// differs between the whole text and the truncated one only if it reads position p and the outcome there
// differs from "end of input". Two kinds of cut qualify:
//
// A. After a line break, before a character that is neither whitespace nor "/":
//    text[p-1] ∈ {\r, \n}, text[p] ∉ \s ∪ {/}. A piece containing the line break is ␠?[^\s…]+[\r\n]* (or, in
//    o200k, [\r\n/]*), \s*[\r\n]+, \s+(?!\S) or \s+ (no letter/number/symbol class contains \r or \n); the
//    first two can only continue over [\r\n] (o200k: [\r\n/]) and the last ones over whitespace, none of which
//    text[p] is: (1). For (2): the loops [\r\n]*, [\r\n/]*, \s fail at text[p] exactly as at the end of input.
//    The one read whose outcome differs is (?!\S) at p (fails in the whole text, succeeds at the end), reached
//    only by \s+(?!\S) after a whitespace run from s through text[p-1]; but such a run ends with a line break,
//    so the earlier alternative \s*[\r\n]+ already matches [s, p) in both texts and \s+(?!\S) is never tried.
//
// B. After a letter, before a space or a punctuation character other than the apostrophe:
//    text[p-1] ∈ \p{L} (ASCII, Latin-1, Greek, Cyrillic, kana and the CJK block U+4E00–U+9FA5, all letters in
//    every Unicode version), text[p] ∈ {space, ASCII punctuation except ', CJK punctuation 、。，！？；：「」}.
//    Pieces that contain a letter are the letter alternatives (a letter run with at most one leading
//    non-letter, then an optional contraction starting with ') and the contractions: they continue only over
//    letters, marks or "'", which text[p] is not: (1). For (2): the reads at p are class tests for letters /
//    marks, the literal ', and loops that text[p-1] (a letter) cannot be part of (\s, [\r\n], symbol runs);
//    all fail at text[p] as at the end of input; (?!\S) at p is only reached by a whitespace run through
//    text[p-1], which is a letter.
//
// Neither kind cuts a surrogate pair (text[p-1] is ASCII or a BMP letter), so UTF-8 conversion is per-chunk
// identical too. test/unit/incremental.test.ts checks encode(whole) = encode(prefix) ++ encode(suffix) at
// every cut on random texts, and counts after random edit sequences against one fresh call.
//
// Chunks are content-defined (a cut is taken where a hash of the characters before a qualifying position
// says so, once the chunk is MIN_CHUNK long), so an edit changes only the chunk it falls in (rarely its
// neighbour): the next analysis re-tokenizes a few KB and finds every other chunk in the memo.

/** Texts shorter than this are counted in one call (chunking would not pay for itself). */
export const CHUNK_THRESHOLD = 8 * 1024;
/** No cut before a chunk is this long. */
export const MIN_CHUNK = 1536;
/** From this length on, any qualifying cut is taken (keeps chunks small in text with few hash hits). */
export const MAX_CHUNK = 12 * 1024;
/** 1 in HASH_MOD qualifying positions is a content-defined cut. */
const HASH_MASK = 63;

function isSpaceLike(c: number): boolean {
  // Unicode White_Space (what \s means in tiktoken's Rust regex), plus every C0 control for simplicity.
  if (c <= 0x20) return true;
  if (c < 0x85) return false;
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Letters (\p{L} in every Unicode version): ASCII, Latin-1, Greek, Cyrillic, kana, CJK unified ideographs. */
export function isSafeLetter(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  if (c <= 0xff) return c >= 0xc0 && c !== 0xd7 && c !== 0xf7;
  if (c < 0x391) return false;
  if (c <= 0x3c9) return c <= 0x3a1 || (c >= 0x3a3 && c <= 0x3a9) || c >= 0x3b1;
  if (c >= 0x410 && c <= 0x44f) return true;
  if (c >= 0x3041 && c <= 0x3096) return true;
  if (c >= 0x30a1 && c <= 0x30fa) return true;
  return c >= 0x4e00 && c <= 0x9fa5;
}

/** Characters that may follow a letter at a cut of kind B. */
function isBreakAfterLetter(c: number): boolean {
  if (c < 0x80) {
    if (c === 0x20) return true;
    if (c === 0x27) return false; // ' starts a contraction ('s, 't, …)
    return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
  }
  return c === 0x3001 || c === 0x3002 || c === 0xff0c || c === 0xff01 || c === 0xff1f || c === 0xff1b || c === 0xff1a || c === 0x300c || c === 0x300d;
}

/** True when tiktoken's pre-tokenizer (cl100k_base and o200k_base) cuts `text` at `p` anyway (see above). */
export function isPieceBoundary(text: string, p: number): boolean {
  if (p <= 0 || p >= text.length) return false;
  const a = text.charCodeAt(p - 1);
  const b = text.charCodeAt(p);
  if (a === 10 || a === 13) return !isSpaceLike(b) && b !== 0x2f && !(b >= 0xdc00 && b <= 0xdfff);
  return isSafeLetter(a) && isBreakAfterLetter(b);
}

/** FNV-style hash of the 8 characters before p and the one at p: cuts depend on local content only. */
function windowHash(text: string, p: number): number {
  let h = 0x811c9dc5;
  for (let i = Math.max(0, p - 8); i <= p; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 15)) >>> 9;
}

/**
 * Content-defined cut positions of `text` (ascending, excluding 0 and text.length). Every cut satisfies
 * isPieceBoundary. Texts below CHUNK_THRESHOLD are never cut.
 */
export function chunkCuts(text: string): number[] {
  const n = text.length;
  const cuts: number[] = [];
  if (n < CHUNK_THRESHOLD) return cuts;
  let start = 0;
  let p = MIN_CHUNK;
  while (p < n - MIN_CHUNK) {
    if (isPieceBoundary(text, p)) {
      const forced = p - start >= MAX_CHUNK;
      if (forced || (windowHash(text, p) & HASH_MASK) === 0) {
        cuts.push(p);
        start = p;
        p += MIN_CHUNK;
        continue;
      }
    }
    p++;
  }
  return cuts;
}
