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
