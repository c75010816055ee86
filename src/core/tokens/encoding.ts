// tiktoken wrapper: lazy loading of the BPE ranks, memoized counts, prefix offsets.
//
// The ranks files (o200k_base.json ≈ 2.3 MB, cl100k_base.json ≈ 1.1 MB) are read with fs on the first
// count for that encoding, never at import. tiktoken/lite itself instantiates its WASM when it is first
// required, so it is required lazily too. No network, no other I/O.

import * as fs from 'fs';
import * as path from 'path';
import { CHUNK_THRESHOLD, chunkCuts } from '../incremental';
import { Lru, TextMemo } from '../memo';
import { encodeOrdinaryJs, parseRanks, clearBpeCaches, type Ranks } from './openai/bpe';
import { mayHoldLongPiece } from './openai/longPieces';
import { unicodeSupported } from './openai/pretokenize';

export type EncodingName = 'o200k_base' | 'cl100k_base';

/** The subset of tiktoken/lite's Tiktoken class this module uses. */
interface TiktokenLike {
  encode_ordinary(text: string): Uint32Array;
  decode(tokens: Uint32Array): Uint8Array;
}

// Which encoding a model uses is a fact of the model table (`tokenizer` of its row in
// src/core/models/table.ts, via resolveModel); nothing here matches model names.

// ---------------------------------------------------------------------------------------------------
// Loading

const encoders = new Map<EncodingName, TiktokenLike>();
let TiktokenCtor: (new (bpe: string, special: Record<string, number>, pat: string) => TiktokenLike) | undefined;

function ranksCandidates(name: EncodingName): string[] {
  const out = [path.join(__dirname, 'encoders', `${name}.json`), path.join(__dirname, '..', 'encoders', `${name}.json`)];
  try {
    // Running from source (tsx, tests): node_modules/tiktoken/encoders/NAME.json.
    out.push(require.resolve(`tiktoken/encoders/${name}.json`));
  } catch {
    /* not resolvable (bundled build): the dist/encoders copy is used */
  }
  return out;
}

function loadEncoder(name: EncodingName): TiktokenLike {
  const cached = encoders.get(name);
  if (cached) return cached;
  if (!TiktokenCtor) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    TiktokenCtor = require('tiktoken/lite').Tiktoken;
  }
  let raw: string | undefined;
  const tried: string[] = [];
  for (const p of ranksCandidates(name)) {
    tried.push(p);
    try {
      raw = fs.readFileSync(p, 'utf8');
      break;
    } catch {
      /* try the next one */
    }
  }
  if (raw === undefined) throw new Error(`tokenizer ranks for ${name} not found (tried: ${tried.join(', ')})`);
  const data = JSON.parse(raw) as { bpe_ranks: string; special_tokens: Record<string, number>; pat_str: string };
  const enc = new TiktokenCtor!(data.bpe_ranks, data.special_tokens, data.pat_str);
  encoders.set(name, enc);
  rankTexts.set(name, data.bpe_ranks);
  return enc;
}

// ---------------------------------------------------------------------------------------------------
// Long pieces
//
// tiktoken's BPE is quadratic in the length of a pre-tokenizer piece (200,000 "=" take 36 s; a 1.1 MB run of
// one letter fails with "unreachable"). A text that may hold a long piece (./openai/longPieces: a cheap scan
// of character runs) is encoded by ./openai/bpe instead: the same pre-tokenizer and byte_pair_merge, with the
// same ids (test/unit/tokens-long.test.ts), in O(n log n). Its ranks are parsed from the same bpe_ranks text
// the first time such a text is met.

const rankTexts = new Map<EncodingName, string>();
const parsedRanks = new Map<EncodingName, Ranks>();

function ranksFor(enc: EncodingName): Ranks {
  let r = parsedRanks.get(enc);
  if (!r) {
    loadEncoder(enc);
    r = parseRanks(rankTexts.get(enc)!);
    parsedRanks.set(enc, r);
    rankTexts.delete(enc);
  }
  return r;
}

/** How often each path ran (for tests and the bench: "the long-piece path was used"). */
export const encodePathStats = { tiktoken: 0, longPiece: 0 };

/**
 * Whether the O(n log n) encoder may be used here: its character classes match tiktoken's only for the
 * Unicode versions probed (./openai/pretokenize: 16.0, 17.0). Elsewhere tiktoken does everything (exact,
 * slow on long pieces, as before).
 */
const longPathUsable = unicodeSupported();

/** encode_ordinary of one text: tiktoken, or the O(n log n) encoder when a long piece may be in it. */
function encodeOrdinary(text: string, enc: EncodingName): Uint32Array {
  if (longPathUsable && mayHoldLongPiece(text)) {
    encodePathStats.longPiece++;
    return encodeOrdinaryJs(text, enc, ranksFor(enc));
  }
  encodePathStats.tiktoken++;
  return loadEncoder(enc).encode_ordinary(text);
}

/** The O(n log n) encoder on any text, whatever its pieces (for the tests: compared with tiktoken). */
export function encodeOrdinaryLongPath(text: string, enc: EncodingName): Uint32Array {
  return encodeOrdinaryJs(text, normEnc(enc), ranksFor(normEnc(enc)));
}

// ---------------------------------------------------------------------------------------------------
// Memoization


// Per-string memos. Bounded by the characters they hold (not the entry count: a request with 9,000 short
// messages must not thrash an LRU of 4,096), with keys copied flat so they never retain the document string
// they were sliced from (jsonc-parser's string values are slices of the whole text).
const COUNT_MEMO_CHARS = 16 * 1024 * 1024;
const ENCODE_CACHE_SIZE = 32;
// Incremental counting of long texts (src/core/incremental.ts has the exactness argument): a text of
// CHUNK_THRESHOLD characters or more is cut only where tiktoken's pre-tokenizer cuts anyway, each chunk is
// encoded on its own and memoized by its text, so after a one-character edit only the edited chunk is
// tokenized again. Chunk memos are bounded by the characters they hold; long texts themselves are memoized
// only in a few-entry memo (they are re-chunked, not re-tokenized, when they fall out of it).



/** ≈ 64 MB of chunk text per encoding (plus ≈ 1 token id per 4 characters). */
const CHUNK_MEMO_CHARS = 32 * 1024 * 1024;
const chunkMemo: Record<EncodingName, TextMemo<Uint32Array>> = {
  o200k_base: new TextMemo<Uint32Array>(CHUNK_MEMO_CHARS),
  cl100k_base: new TextMemo<Uint32Array>(CHUNK_MEMO_CHARS),
};
const countCache: Record<EncodingName, TextMemo<number>> = {
  o200k_base: new TextMemo<number>(COUNT_MEMO_CHARS),
  cl100k_base: new TextMemo<number>(COUNT_MEMO_CHARS),
};
const encodeCache: Record<EncodingName, Lru<Uint32Array>> = {
  o200k_base: new Lru<Uint32Array>(ENCODE_CACHE_SIZE),
  cl100k_base: new Lru<Uint32Array>(ENCODE_CACHE_SIZE),
};
/** Long texts: the last few counted (an analysis counts the same big block several times). */
const LONG_MEMO_SIZE = 4;
const longCount: Record<EncodingName, Lru<number>> = {
  o200k_base: new Lru<number>(LONG_MEMO_SIZE),
  cl100k_base: new Lru<number>(LONG_MEMO_SIZE),
};
const longCuts = new Lru<number[]>(LONG_MEMO_SIZE);
/** Single-token decodes (per-token byte lengths are asked for token by token). */
const singleDecode: Record<EncodingName, Map<number, Uint8Array>> = { o200k_base: new Map(), cl100k_base: new Map() };

function normEnc(enc: EncodingName): EncodingName {
  return enc === 'cl100k_base' ? 'cl100k_base' : 'o200k_base';
}

function cutsOf(text: string): number[] {
  let cuts = longCuts.get(text);
  if (!cuts) {
    cuts = chunkCuts(text);
    longCuts.set(text, cuts);
  }
  return cuts;
}

/** Token ids of one chunk (memoized). */
function chunkIds(chunk: string, enc: EncodingName): Uint32Array {
  const memo = chunkMemo[enc];
  let ids = memo.get(chunk);
  if (!ids) {
    ids = encodeOrdinary(chunk, enc);
    memo.set(chunk, ids);
  }
  return ids;
}

/** Calls fn(chunkStart, chunkIds) for every chunk of a long text, in order. */
function forEachChunk(text: string, enc: EncodingName, fn: (start: number, end: number, ids: Uint32Array) => boolean | void): void {
  const cuts = cutsOf(text);
  let start = 0;
  for (let i = 0; i <= cuts.length; i++) {
    const end = i < cuts.length ? cuts[i] : text.length;
    if (fn(start, end, chunkIds(text.slice(start, end), enc)) === false) return;
    start = end;
  }
}

function countLong(text: string, enc: EncodingName): number {
  const memo = longCount[enc];
  const hit = memo.get(text);
  if (hit !== undefined) return hit;
  return chunkPrefix(text, enc).total;
}

/**
 * Tokens of `text` as ordinary text. Special-token strings such as "<|endoftext|>" are encoded as plain
 * text (never an error), which is what the API does with user-supplied text. Memoized per string; long
 * texts are counted chunk by chunk (exact, see above).
 */
export function countTokens(text: string, enc: EncodingName): number {
  if (typeof text !== 'string') text = String(text ?? '');
  if (text.length === 0) return 0;
  enc = normEnc(enc);
  if (text.length >= CHUNK_THRESHOLD) return countLong(text, enc);
  // Through the chunk memo (one entry per text, ids kept): countTokensBefore reads the same ids.
  return chunkIds(text, enc).length;
}

/** Long texts: token counts before each chunk (index k: tokens of the chunks before cut k), aligned with cutsOf. */
const longPrefix: Record<EncodingName, Lru<{ total: number; prefix: Int32Array }>> = {
  o200k_base: new Lru<{ total: number; prefix: Int32Array }>(LONG_MEMO_SIZE),
  cl100k_base: new Lru<{ total: number; prefix: Int32Array }>(LONG_MEMO_SIZE),
};

/** One pass over a long text's chunks: its total and the tokens before each chunk, both memoized. */
function chunkPrefix(text: string, enc: EncodingName): { total: number; prefix: Int32Array } {
  const cached = longPrefix[enc].get(text);
  if (cached) return cached;
  const prefix = new Int32Array(cutsOf(text).length + 1);
  let k = 0;
  let n = 0;
  forEachChunk(text, enc, (_s, _e, ids) => {
    prefix[k++] = n;
    n += ids.length;
  });
  const entry = { total: n, prefix };
  longPrefix[enc].set(text, entry);
  longCount[enc].set(text, n);
  return entry;
}

/** UTF-8 length of text.slice(from, to) (no copy). */
function utf8Length(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && k + 1 < to && (text.charCodeAt(k + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      k++;
    } else n += 3; // BMP character, or a lone surrogate (encoded as U+FFFD, 3 bytes, like TextEncoder)
  }
  return n;
}

/** A chunk's ids with what answering "how many end before offset i" needs, kept for consecutive questions. */
interface ChunkIndex {
  chunk: string;
  ids: Uint32Array;
  /** byteEnds[k]: UTF-8 bytes through token k. */
  byteEnds: Int32Array;
  /** The last offset asked for and its UTF-8 length (questions come in increasing order). */
  atChar: number;
  atBytes: number;
}

/** Per chunk text: the UTF-8 end of each of its tokens (memoized like the chunk ids, kept across edits). */
const byteEndsMemo: Record<EncodingName, TextMemo<Int32Array>> = {
  o200k_base: new TextMemo<Int32Array>(CHUNK_MEMO_CHARS / 4),
  cl100k_base: new TextMemo<Int32Array>(CHUNK_MEMO_CHARS / 4),
};

function chunkIndex(chunk: string, ids: Uint32Array, enc: EncodingName): ChunkIndex {
  let byteEnds = byteEndsMemo[enc].get(chunk);
  if (!byteEnds) {
    byteEnds = new Int32Array(ids.length);
    let at = 0;
    for (let k = 0; k < ids.length; k++) byteEnds[k] = at += tokenByteLength(ids[k], enc);
    byteEndsMemo[enc].set(chunk, byteEnds);
  }
  return { chunk, ids, byteEnds, atChar: 0, atBytes: 0 };
}

/** Tokens of the chunk that end at or before UTF-16 offset `i` of it. */
function idsEndingBefore(c: ChunkIndex, i: number): number {
  const bytes = i >= c.atChar ? c.atBytes + utf8Length(c.chunk, c.atChar, i) : utf8Length(c.chunk, 0, i);
  c.atChar = i;
  c.atBytes = bytes;
  // The number of byteEnds ≤ bytes (ascending): binary search.
  let lo = 0;
  let hi = c.byteEnds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.byteEnds[mid] <= bytes) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How many tokens of `text` (as the whole text is tokenized) end at or before UTF-16 offset i: the token
 * index of a point in the text, which is what a cache prefix that must stop before that point can hold
 * (a token that straddles the point differs as soon as the text after it changes). For a long text this is
 * the memoized token counts of the chunks wholly before the point plus the tokens of its own chunk that end
 * before it, read from that chunk's memoized ids: no slice is tokenized.
 */
export function countTokensBefore(text: string, enc: EncodingName, i: number): number {
  if (i <= 0) return 0;
  enc = normEnc(enc);
  if (i >= text.length) return countTokens(text, enc);
  // A short text is one chunk: its ids come from the chunk memo (bounded by characters, kept across edits).
  if (text.length < CHUNK_THRESHOLD) return idsEndingBefore(chunkIndex(text, chunkIds(text, enc), enc), i);
  const cuts = cutsOf(text);
  const { prefix } = chunkPrefix(text, enc);
  // The chunk holding i: the last one that starts at or before it.
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cuts[mid - 1] <= i) lo = mid;
    else hi = mid - 1;
  }
  const start = lo === 0 ? 0 : cuts[lo - 1];
  if (i === start) return prefix[lo];
  // Consecutive questions usually fall in the same chunk (values of one block, in order): keep its ids.
  let last = lastChunk;
  if (!last || last.text !== text || last.index !== lo || last.enc !== enc) {
    const end = lo < cuts.length ? cuts[lo] : text.length;
    const chunk = text.slice(start, end);
    last = lastChunk = { text, enc, index: lo, c: chunkIndex(chunk, chunkIds(chunk, enc), enc) };
  }
  return prefix[lo] + idsEndingBefore(last.c, i - start);
}

/** The chunk countTokensBefore looked at last (one entry; the text compared by identity first). */
let lastChunk: { text: string; enc: EncodingName; index: number; c: ChunkIndex } | undefined;

/** Token ids of `text` (special-token strings encoded as text). The returned array must not be mutated. */
export function encodeTokens(text: string, enc: EncodingName): Uint32Array {
  if (typeof text !== 'string') text = String(text ?? '');
  enc = normEnc(enc);
  if (text.length === 0) return new Uint32Array(0);
  const cache = encodeCache[enc];
  const hit = cache.get(text);
  if (hit) return hit;
  let ids: Uint32Array;
  if (text.length >= CHUNK_THRESHOLD) {
    const parts: Uint32Array[] = [];
    let total = 0;
    forEachChunk(text, enc, (_s, _e, c) => {
      parts.push(c);
      total += c.length;
    });
    ids = new Uint32Array(total);
    let at = 0;
    for (const c of parts) {
      ids.set(c, at);
      at += c.length;
    }
    longCount[enc].set(text, total);
    return ids; // not kept whole: its chunks are memoized
  }
  ids = encodeOrdinary(text, enc);
  countCache[enc].set(text, ids.length);
  cache.set(text, ids);
  return ids;
}

/** Decode token ids to UTF-8 bytes. */
export function decodeTokenBytes(ids: Uint32Array, enc: EncodingName): Uint8Array {
  if (ids.length === 0) return new Uint8Array(0);
  enc = normEnc(enc);
  if (ids.length === 1) {
    const m = singleDecode[enc];
    let b = m.get(ids[0]);
    if (!b) {
      b = loadEncoder(enc).decode(ids);
      m.set(ids[0], b);
    }
    return b;
  }
  return loadEncoder(enc).decode(ids);
}

const byteLengths: Record<EncodingName, Map<number, number>> = { o200k_base: new Map(), cl100k_base: new Map() };

/** UTF-8 length of one token (memoized per id: no per-token typed-array view or decode). */
export function tokenByteLength(id: number, enc: EncodingName): number {
  enc = normEnc(enc);
  const m = byteLengths[enc];
  let n = m.get(id);
  if (n === undefined) {
    n = decodeTokenBytes(Uint32Array.of(id), enc).length;
    m.set(id, n);
  }
  return n;
}

/**
 * UTF-16 offset in `text` where the first `n` tokens end. n ≤ 0 → 0; n ≥ token count → text.length.
 * When token n ends inside a character (a multi-byte UTF-8 sequence or a surrogate pair), the offset is
 * rounded up to the end of that character. Long texts: only the chunk holding token n is decoded (chunks
 * start at code-point boundaries, so the offset inside the chunk plus its start is the same answer).
 */
export function prefixOffsetForTokens(text: string, enc: EncodingName, n: number): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  if (!(n > 0)) return 0;
  enc = normEnc(enc);
  n = Math.floor(n);
  if (text.length >= CHUNK_THRESHOLD) {
    const { total, prefix } = chunkPrefix(text, enc);
    if (n >= total) return text.length;
    // The chunk holding token n: the last one with fewer than n tokens before it (memoized sums, no walk).
    let lo = 0;
    let hi = prefix.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (prefix[mid] < n) lo = mid;
      else hi = mid - 1;
    }
    const cuts = cutsOf(text);
    const start = lo === 0 ? 0 : cuts[lo - 1];
    const end = lo < cuts.length ? cuts[lo] : text.length;
    const chunk = text.slice(start, end);
    const bytes = decodeTokenBytes(chunkIds(chunk, enc).subarray(0, n - prefix[lo]), enc).length;
    return start + utf16OffsetForUtf8Bytes(chunk, bytes);
  }
  const ids = encodeTokens(text, enc);
  if (n >= ids.length) return text.length;
  const bytes = decodeTokenBytes(ids.subarray(0, n), enc).length;
  return utf16OffsetForUtf8Bytes(text, bytes);
}

/** Smallest UTF-16 offset (at a code-point boundary) whose UTF-8 prefix length is ≥ `bytes`. */
export function utf16OffsetForUtf8Bytes(text: string, bytes: number): number {
  if (bytes <= 0) return 0;
  let b = 0;
  let i = 0;
  const len = text.length;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      b += 1;
      i += 1;
    } else if (c < 0x800) {
      b += 2;
      i += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        b += 4;
        i += 2;
      } else {
        b += 3; // lone surrogate → U+FFFD (3 bytes)
        i += 1;
      }
    } else {
      b += 3;
      i += 1;
    }
    if (b >= bytes) return i;
  }
  return len;
}

/** For tests, benchmarks and memory pressure: drop every memo (the loaded encoders stay). */
export function clearTokenCaches(): void {
  lastChunk = undefined;
  byteEndsMemo.o200k_base.clear();
  byteEndsMemo.cl100k_base.clear();
  longPrefix.o200k_base.clear();
  longPrefix.cl100k_base.clear();
  for (const e of ['o200k_base', 'cl100k_base'] as EncodingName[]) {
    countCache[e].clear();
    encodeCache[e].clear();
    chunkMemo[e].clear();
    longCount[e].clear();
    singleDecode[e].clear();
    byteLengths[e].clear();
  }
  longCuts.clear();
  clearBpeCaches();
}

/** tiktoken alone: one encode_ordinary call on the whole text, no memo, no chunking (the benchmark's baseline). */
export function rawTiktokenCount(text: string, enc: EncodingName): number {
  return encodeOrdinaryUncached(text, enc).length;
}

/** tiktoken alone: the ids of one encode_ordinary call on the whole text (the reference in the tests). */
export function encodeOrdinaryUncached(text: string, enc: EncodingName): Uint32Array {
  return loadEncoder(normEnc(enc)).encode_ordinary(text);
}

/** True once the encoder for `enc` has been loaded (for tests of the lazy loading). */
export function isEncodingLoaded(enc: EncodingName): boolean {
  return encoders.has(enc);
}

/**
 * UTF-8 byte length of text.slice(0, p) for every p in `positions` (as TextEncoder would encode that slice:
 * a surrogate pair cut in half counts as U+FFFD). One pass over the text instead of one encode per position.
 */
export function utf8Offsets(text: string, positions: number[]): number[] {
  const order = positions.map((_, i) => i).sort((a, b) => positions[a] - positions[b]);
  const out = new Array<number>(positions.length).fill(0);
  let b = 0;
  let i = 0;
  const len = text.length;
  for (const k of order) {
    const p = Math.max(0, Math.min(len, positions[k]));
    while (i < p) {
      const c = text.charCodeAt(i);
      if (c < 0x80) b += 1;
      else if (c < 0x800) b += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          if (i + 1 >= p) break; // the pair is cut by this position: handled below
          b += 4;
          i += 2;
          continue;
        }
        b += 3;
      } else b += 3;
      i++;
    }
    // A position between the halves of a pair: the prefix ends with a lone high surrogate (U+FFFD, 3 bytes).
    out[k] = i < p ? b + 3 : b;
  }
  return out;
}
