// Byte-pair encoding in O(n log n), with exactly the semantics of tiktoken's `byte_pair_merge`
// (tiktoken/src/lib.rs): a piece starts as single bytes; while some adjacent pair of parts has a rank
// (the concatenated bytes are a token), the pair with the lowest rank is merged, the leftmost one among
// equal ranks; then every part is one token. A piece that is itself a token is that one token (tiktoken
// looks the whole piece up before merging). tiktoken rescans all parts after every merge (O(n²) for a
// piece of n bytes, 36 s for 200,000 "="); here the candidate pairs sit in a binary heap keyed by
// (rank, start), so the same merges happen in the same order in O(n log n).
//
// Why the order is the same: every live pair has a heap entry with its current key (an entry is pushed
// whenever a pair is formed or re-ranked); entries whose pair no longer exists, or whose rank changed, are
// skipped when popped. The popped valid entry has the smallest (rank, start) among live pairs, which is
// tiktoken's choice (lowest rank, and on ties the lowest index, and index order is start order).

import { wellFormed, pieceEnds, type PretokEncoding } from './pretokenize';

const NO_RANK = 0x7fffffff;
const POW32 = 4294967296;

/** Ranks of one encoding: byte string (one char per byte) → rank, plus a direct table for 2-byte pairs. */
export interface Ranks {
  map: Map<string, number>;
  /** pair[(b0 << 8) | b1]: rank of the 2-byte sequence, or NO_RANK. */
  pair: Int32Array;
  /** rank of each single byte. */
  single: Int32Array;
  maxLen: number;
  /**
   * A direct-mapped cache of "rank of the concatenation of tokens a and b" (NO_RANK if it is no token),
   * filled as pairs are met: slot → a, b, rank (a = -1: empty).
   */
  cacheA: Int32Array;
  cacheB: Int32Array;
  cacheR: Int32Array;
}

const CACHE_BITS = 18;

/**
 * Parses tiktoken's `bpe_ranks` text (node_modules/tiktoken/encoders/NAME.json: lines of
 * "<ignored> <offset> <base64 token> <base64 token> …", token k of a line having rank offset + k).
 */
export function parseRanks(bpeRanks: string): Ranks {
  const map = new Map<string, number>();
  const pair = new Int32Array(65536).fill(NO_RANK);
  const single = new Int32Array(256).fill(NO_RANK);
  let maxLen = 0;
  for (const line of bpeRanks.split('\n')) {
    if (!line) continue;
    const parts = line.split(' ');
    const offset = Number.parseInt(parts[1], 10);
    for (let k = 2; k < parts.length; k++) {
      if (!parts[k]) continue;
      const bytes = atob(parts[k]);
      const rank = offset + k - 2;
      map.set(bytes, rank);
      if (bytes.length > maxLen) maxLen = bytes.length;
      if (bytes.length === 1) single[bytes.charCodeAt(0)] = rank;
      else if (bytes.length === 2) pair[(bytes.charCodeAt(0) << 8) | bytes.charCodeAt(1)] = rank;
    }
  }
  const size = 1 << CACHE_BITS;
  return { map, pair, single, maxLen, cacheA: new Int32Array(size).fill(-1), cacheB: new Int32Array(size), cacheR: new Int32Array(size) };
}

/** A 4-ary min-heap of float keys (rank · 2³² + start), in a growable Float64Array. */
class KeyHeap {
  private a: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.a = new Float64Array(Math.max(16, capacity));
  }
  /** Takes keys[0, n) as the initial content (O(n) heapify instead of n pushes). */
  init(keys: Float64Array, n: number): void {
    this.a = keys;
    this.size = n;
    for (let s = (n - 2) >> 2; s >= 0; s--) this.down(s, keys[s]);
  }
  push(k: number): void {
    if (this.size === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    const a = this.a;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      if (a[p] <= k) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = k;
  }
  private down(i: number, k: number): void {
    const a = this.a;
    const n = this.size;
    for (;;) {
      const c0 = 4 * i + 1;
      if (c0 >= n) break;
      let c = c0;
      let m = a[c0];
      const end = c0 + 4 < n ? c0 + 4 : n;
      for (let d = c0 + 1; d < end; d++) {
        if (a[d] < m) {
          m = a[d];
          c = d;
        }
      }
      if (m >= k) break;
      a[i] = m;
      i = c;
    }
    a[i] = k;
  }
  pop(): number {
    const a = this.a;
    const top = a[0];
    const last = a[--this.size];
    if (this.size > 0) this.down(0, last);
    return top;
  }
}

/** Merges counted (for tests: the heap path really ran). */
export const bpeStats = { heapPieces: 0, heapBytes: 0 };

/**
 * Token ids of one piece given as a byte string `bin` (one char per byte), bytes [from, to). Appends to out.
 */
export function bytePairEncode(bin: string, from: number, to: number, ranks: Ranks, out: number[]): void {
  const n = to - from;
  if (n === 0) return;
  if (n === 1) {
    out.push(ranks.single[bin.charCodeAt(from)]);
    return;
  }
  if (n <= ranks.maxLen) {
    const whole = ranks.map.get(bin.slice(from, to));
    if (whole !== undefined) {
      out.push(whole);
      return;
    }
  }
  if (n > 64) {
    bpeStats.heapPieces++;
    bpeStats.heapBytes += n;
  }
  const { map, pair, single, maxLen, cacheA, cacheB, cacheR } = ranks;
  // Parts are identified by their start offset (relative to from); next[i] is the start of the following
  // part (n for the last one), prev[i] the start of the preceding one (-1 for the first); tok[i] is the
  // token of part i (every part is a token: bytes are, and only pairs with a rank are merged).
  const next = new Int32Array(n + 1);
  const prev = new Int32Array(n + 1);
  const rank = new Int32Array(n + 1);
  const tok = new Int32Array(n + 1);
  const alive = new Uint8Array(n + 1);
  const heap = new KeyHeap(0);
  /** Rank of part a joined with the part after it (which ends at end). */
  const rankOf = (a: number, b: number, end: number): number => {
    const ta = tok[a];
    const tb = tok[b];
    const slot = (Math.imul(ta, 0x9e3779b1) ^ Math.imul(tb, 0x85ebca6b)) >>> (32 - CACHE_BITS);
    if (cacheA[slot] === ta && cacheB[slot] === tb) return cacheR[slot];
    let r: number;
    if (end - a > maxLen) r = NO_RANK;
    else {
      const hit = map.get(bin.slice(from + a, from + end));
      r = hit === undefined ? NO_RANK : hit;
    }
    cacheA[slot] = ta;
    cacheB[slot] = tb;
    cacheR[slot] = r;
    return r;
  };
  for (let i = 0; i < n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
    alive[i] = 1;
    tok[i] = single[bin.charCodeAt(from + i)];
  }
  next[n] = n;
  // Room for the initial pairs and the pushes of the merges (at most 2 per merge, n - 1 merges).
  const keys = new Float64Array(3 * n);
  let m = 0;
  for (let i = 0; i + 1 < n; i++) {
    const r = pair[(bin.charCodeAt(from + i) << 8) | bin.charCodeAt(from + i + 1)];
    rank[i] = r;
    if (r !== NO_RANK) keys[m++] = r * POW32 + i;
  }
  heap.init(keys, m);
  rank[n - 1] = NO_RANK;
  while (heap.size > 0) {
    const key = heap.pop();
    const r = Math.floor(key / POW32);
    const i = key - r * POW32;
    if (!alive[i] || rank[i] !== r) continue; // stale entry
    // Merge part i with the part after it (j): the merged part is the token whose rank is r.
    const j = next[i];
    const k = next[j];
    alive[j] = 0;
    next[i] = k;
    tok[i] = r;
    if (k < n) prev[k] = i;
    // The pair (i, k) and the pair (prev, i) changed.
    const r1 = k < n ? rankOf(i, k, next[k]) : NO_RANK;
    rank[i] = r1;
    if (r1 !== NO_RANK) heap.push(r1 * POW32 + i);
    const p = prev[i];
    if (p >= 0) {
      const r0 = rankOf(p, i, k);
      rank[p] = r0;
      if (r0 !== NO_RANK) heap.push(r0 * POW32 + p);
    }
  }
  for (let i = 0; i < n; i = next[i]) out.push(tok[i]);
}

/** One char per byte: the form the rank keys have (atob's output). */
function binaryString(bytes: Uint8Array): string {
  let s = '';
  const STEP = 8192;
  for (let i = 0; i < bytes.length; i += STEP) s += String.fromCharCode.apply(null, bytes.subarray(i, i + STEP) as unknown as number[]);
  return s;
}

let textEncoder: TextEncoder | undefined;

/** Memo of short pieces' ids (words repeat): bounded by its entry count, cleared when full. */
const pieceMemo: Record<PretokEncoding, Map<string, number[]>> = { o200k_base: new Map(), cl100k_base: new Map() };
const PIECE_MEMO_MAX = 65536;

/**
 * encode_ordinary, in JavaScript: the pre-tokenizer (./pretokenize) then byte_pair_merge per piece (above).
 * Same ids as tiktoken's encode_ordinary (test/unit/tokens-long.test.ts), in O(n log n) for any piece.
 */
export function encodeOrdinaryJs(text: string, enc: PretokEncoding, ranks: Ranks): Uint32Array {
  const t = wellFormed(text);
  const ends = pieceEnds(t, enc);
  const bytes = (textEncoder ??= new TextEncoder()).encode(t);
  const bin = binaryString(bytes);
  const out: number[] = [];
  const memo = pieceMemo[enc];
  let charAt = 0;
  let byteAt = 0;
  for (const end of ends) {
    // UTF-8 length of t[charAt, end) (well-formed: a surrogate pair is 4 bytes).
    let b = byteAt;
    for (let i = charAt; i < end; i++) {
      const c = t.charCodeAt(i);
      if (c < 0x80) b += 1;
      else if (c < 0x800) b += 2;
      else if (c >= 0xd800 && c <= 0xdbff) {
        b += 4;
        i++;
      } else b += 3;
    }
    if (b - byteAt <= 32) {
      const key = bin.slice(byteAt, b);
      let ids = memo.get(key);
      if (!ids) {
        ids = [];
        bytePairEncode(bin, byteAt, b, ranks, ids);
        if (memo.size >= PIECE_MEMO_MAX) memo.clear();
        memo.set(key, ids);
      }
      for (const id of ids) out.push(id);
    } else bytePairEncode(bin, byteAt, b, ranks, out);
    charAt = end;
    byteAt = b;
  }
  return Uint32Array.from(out);
}

export function clearBpeCaches(): void {
  pieceMemo.o200k_base.clear();
  pieceMemo.cl100k_base.clear();
}
