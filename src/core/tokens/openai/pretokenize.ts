// tiktoken's pre-tokenizer, replicated in JavaScript: the `pat_str` of o200k_base and cl100k_base
// (node_modules/tiktoken/encoders/*.json) as JS regular expressions with the `u` flag.
//
// The Rust patterns use constructs JS spells differently:
//  * `(?i:'s|'t|'re|'ve|'m|'ll|'d)` (inline case-insensitive group) is written out with explicit classes.
//    Rust's (?i) applies Unicode simple case folding: `s` also matches U+017F (ſ), and `k`-like folds do not
//    occur in these letters; the other letters (t, r, e, v, m, l, d) fold only to their ASCII capitals.
//  * `\s`, `\p{L}`, `\p{N}`, `\p{Lu}` … mean the same Unicode properties in both engines (JS `\s` with the `u`
//    flag is Unicode White_Space plus U+FEFF; Rust's `\s` is White_Space: U+FEFF is therefore spelled out of it).
//  * Both engines are backtracking / leftmost-first over the alternatives, as fancy-regex's `find_iter` is.
// The equality of the pieces with tiktoken's is checked by test/unit/tokens-long.test.ts (random and
// adversarial strings, both encodings, ids compared with tiktoken's encode_ordinary).
//
// Unicode versions. tiktoken 1.0.22's regex tables are Unicode 16.0; V8's depend on the runtime's ICU
// (Node 20.20: Unicode 17.0). bench/unicode-probe.ts compares the two encoders on every code point that
// V8 classes as a letter, mark, number or space, and on every other assigned one: the only differences are
// the 4,699 code points assigned in Unicode 17.0 (NEWER_THAN_TIKTOKEN below), which tiktoken sees as
// unassigned (a symbol-like "other" character). Before matching, they are replaced by a private-use
// character of the same UTF-16 and UTF-8 length (U+E000, U+F0000: "other" in every version); the bytes
// are taken from the original text. A runtime whose Unicode version is not 16.0 or 17.0 does not use this
// encoder at all (unicodeSupported(): its classes could differ from tiktoken's in ways not probed here).

export type PretokEncoding = 'o200k_base' | 'cl100k_base';

/** Rust's `\s` (Unicode White_Space), written as a class: JS's `\s` also matches U+FEFF, Rust's does not. */
const WS = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const S = `[${WS}]`;
const NOT_S = `[^${WS}]`;
const CONTRACTION = "'(?:[sS\\u017f]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])";

const CL100K =
  `${CONTRACTION}` +
  `|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+` +
  `|\\p{N}{1,3}` +
  `| ?[^${WS}\\p{L}\\p{N}]+[\\r\\n]*` +
  `|${S}*[\\r\\n]+` +
  `|${S}+(?!${NOT_S})` +
  `|${S}+`;

const O200K =
  `[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?:${CONTRACTION})?` +
  `|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?:${CONTRACTION})?` +
  `|\\p{N}{1,3}` +
  `| ?[^${WS}\\p{L}\\p{N}]+[\\r\\n/]*` +
  `|${S}*[\\r\\n]+` +
  `|${S}+(?!${NOT_S})` +
  `|${S}+`;

/** Code points assigned in Unicode 17.0 (unassigned in tiktoken's 16.0 tables), from bench/unicode-probe.ts. */
export const NEWER_THAN_TIKTOKEN: ReadonlyArray<readonly [number, number]> = [
  [0x88f, 0x88f], [0xc5c, 0xc5c], [0xcdc, 0xcdc], [0x1acf, 0x1add], [0x1ae0, 0x1aeb], [0xa7ce, 0xa7cf], [0xa7d2, 0xa7d2],
  [0xa7d4, 0xa7d4], [0xa7f1, 0xa7f1], [0x10940, 0x10959], [0x10ec5, 0x10ec7], [0x10efa, 0x10efb], [0x11b60, 0x11b67],
  [0x11db0, 0x11ddb], [0x11de0, 0x11de9], [0x16ea0, 0x16eb8], [0x16ebb, 0x16ed3], [0x16ff2, 0x16ff6], [0x187f8, 0x187ff],
  [0x18d09, 0x18d1e], [0x18d80, 0x18df2], [0x1e6c0, 0x1e6de], [0x1e6e0, 0x1e6f5], [0x1e6fe, 0x1e6ff], [0x2b73a, 0x2b73f],
  [0x2cea2, 0x2cead], [0x323b0, 0x33479],
];

const hex = (c: number) => `\\u{${c.toString(16)}}`;
const NEWER_RE = new RegExp(`[${NEWER_THAN_TIKTOKEN.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('')}]`, 'gu');

/** The text as tiktoken's Unicode tables class it: code points newer than them become private-use ones. */
function asTiktokenSees(text: string): string {
  NEWER_RE.lastIndex = 0;
  if (!NEWER_RE.test(text)) return text;
  return text.replace(NEWER_RE, (ch) => (ch.length === 1 ? '\ue000' : '\u{f0000}'));
}

/**
 * True when this runtime's Unicode data is the one the tables here were probed for: 16.0 (tiktoken's own)
 * or 17.0 (with NEWER_THAN_TIKTOKEN mapped away), as process.versions.unicode says (no such version: false).
 */
export function unicodeSupported(version = (globalThis as { process?: { versions?: Record<string, string | undefined> } }).process?.versions?.unicode): boolean {
  return version === '16.0' || version === '17.0';
}

/** The JS source of each pattern (exported for the tests). */
export const PRETOKENIZER_SOURCE: Record<PretokEncoding, string> = { o200k_base: O200K, cl100k_base: CL100K };

const regexes: Partial<Record<PretokEncoding, RegExp>> = {};

function regexFor(enc: PretokEncoding): RegExp {
  let re = regexes[enc];
  if (!re) re = regexes[enc] = new RegExp(PRETOKENIZER_SOURCE[enc], 'gu');
  return re;
}

/**
 * Piece boundaries of `text` (a well-formed string: lone surrogates replaced by U+FFFD first, as tiktoken's
 * UTF-8 conversion does) as tiktoken's pre-tokenizer cuts it: ends[k] is the UTF-16 end of piece k.
 * Every character belongs to some piece (each one is matched by an alternative), so pieces are contiguous.
 */
export function pieceEnds(text: string, enc: PretokEncoding): number[] {
  text = asTiktokenSees(text);
  const re = regexFor(enc);
  re.lastIndex = 0;
  const ends: number[] = [];
  let at = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index !== at || m[0].length === 0) throw new Error(`pre-tokenizer gap at ${at}`); // cannot happen (see above)
    at = m.index + m[0].length;
    ends.push(at);
  }
  if (at !== text.length) throw new Error(`pre-tokenizer stopped at ${at} of ${text.length}`);
  return ends;
}

/** Replaces lone surrogates by U+FFFD (what TextEncoder, and so tiktoken's input conversion, does). */
export function wellFormed(text: string): string {
  // A quick test first: most texts have no surrogate at all.
  if (!/[\ud800-\udfff]/.test(text)) return text;
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
