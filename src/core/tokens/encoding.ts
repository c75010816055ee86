// tiktoken wrapper: lazy loading of the BPE ranks, memoized counts, prefix offsets.
//
// The ranks files (o200k_base.json ≈ 2.3 MB, cl100k_base.json ≈ 1.1 MB) are read with fs on the first
// count for that encoding, never at import. tiktoken/lite itself instantiates its WASM when it is first
// required, so it is required lazily too. No network, no other I/O.

import * as fs from 'fs';
import * as path from 'path';

export type EncodingName = 'o200k_base' | 'cl100k_base';

/** The subset of tiktoken/lite's Tiktoken class this module uses. */
interface TiktokenLike {
  encode_ordinary(text: string): Uint32Array;
  decode(tokens: Uint32Array): Uint8Array;
}

/**
 * Which tiktoken encoding a model uses. o200k for gpt-4o*, chatgpt-4o*, gpt-4.1*, gpt-4.5*, o1/o3/o4*,
 * gpt-5* (and unknown names: every current OpenAI model is o200k); cl100k for gpt-4, gpt-4-turbo,
 * gpt-4-32k, gpt-3.5*, and the Azure spellings gpt-35-turbo*.
 */
export function encodingForModel(model: string): EncodingName {
  let m = String(model ?? '').trim().toLowerCase();
  // Strip provider prefixes ("openai/gpt-4o", "azure/gpt-35-turbo", fine-tunes "ft:gpt-3.5-turbo:org::id").
  if (m.startsWith('ft:')) m = m.slice(3);
  const slash = m.lastIndexOf('/');
  if (slash >= 0) m = m.slice(slash + 1);
  if (/^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|gpt-oss)/.test(m)) return 'o200k_base';
  if (/^(gpt-3\.5|gpt-35|gpt-4(?![o.\d])|text-embedding-(ada|3)|davinci-002|babbage-002)/.test(m)) return 'cl100k_base';
  return 'o200k_base';
}

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
  return enc;
}

// ---------------------------------------------------------------------------------------------------
// Memoization

/** A small LRU keyed by string (Map keeps insertion order; re-insert on hit). */
class Lru<V> {
  private map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(k: string): V | undefined {
    const v = this.map.get(k);
    if (v !== undefined) {
      this.map.delete(k);
      this.map.set(k, v);
    }
    return v;
  }
  set(k: string, v: V): void {
    if (this.map.has(k)) this.map.delete(k);
    else if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(k, v);
  }
  clear(): void {
    this.map.clear();
  }
}

const COUNT_CACHE_SIZE = 4096;
const ENCODE_CACHE_SIZE = 32;
const countCache: Record<EncodingName, Lru<number>> = {
  o200k_base: new Lru<number>(COUNT_CACHE_SIZE),
  cl100k_base: new Lru<number>(COUNT_CACHE_SIZE),
};
const encodeCache: Record<EncodingName, Lru<Uint32Array>> = {
  o200k_base: new Lru<Uint32Array>(ENCODE_CACHE_SIZE),
  cl100k_base: new Lru<Uint32Array>(ENCODE_CACHE_SIZE),
};

function normEnc(enc: EncodingName): EncodingName {
  return enc === 'cl100k_base' ? 'cl100k_base' : 'o200k_base';
}

/**
 * Tokens of `text` as ordinary text. Special-token strings such as "<|endoftext|>" are encoded as plain
 * text (never an error), which is what the API does with user-supplied text. Memoized per string.
 */
export function countTokens(text: string, enc: EncodingName): number {
  if (typeof text !== 'string') text = String(text ?? '');
  if (text.length === 0) return 0;
  enc = normEnc(enc);
  const cache = countCache[enc];
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const n = loadEncoder(enc).encode_ordinary(text).length;
  cache.set(text, n);
  return n;
}

/** Token ids of `text` (special-token strings encoded as text). The returned array must not be mutated. */
export function encodeTokens(text: string, enc: EncodingName): Uint32Array {
  if (typeof text !== 'string') text = String(text ?? '');
  enc = normEnc(enc);
  if (text.length === 0) return new Uint32Array(0);
  const cache = encodeCache[enc];
  const hit = cache.get(text);
  if (hit) return hit;
  const ids = loadEncoder(enc).encode_ordinary(text);
  cache.set(text, ids);
  countCache[enc].set(text, ids.length);
  return ids;
}

/** Decode token ids to UTF-8 bytes. */
export function decodeTokenBytes(ids: Uint32Array, enc: EncodingName): Uint8Array {
  if (ids.length === 0) return new Uint8Array(0);
  return loadEncoder(normEnc(enc)).decode(ids);
}

/**
 * UTF-16 offset in `text` where the first `n` tokens end. n ≤ 0 → 0; n ≥ token count → text.length.
 * When token n ends inside a character (a multi-byte UTF-8 sequence or a surrogate pair), the offset is
 * rounded up to the end of that character.
 */
export function prefixOffsetForTokens(text: string, enc: EncodingName, n: number): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  if (!(n > 0)) return 0;
  const ids = encodeTokens(text, enc);
  if (n >= ids.length) return text.length;
  const bytes = decodeTokenBytes(ids.subarray(0, Math.floor(n)), enc).length;
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

/** For tests / memory pressure: drop memoized counts (the loaded encoders stay). */
export function clearTokenCaches(): void {
  for (const e of ['o200k_base', 'cl100k_base'] as EncodingName[]) {
    countCache[e].clear();
    encodeCache[e].clear();
  }
}

/** True once the encoder for `enc` has been loaded (for tests of the lazy loading). */
export function isEncodingLoaded(enc: EncodingName): boolean {
  return encoders.has(enc);
}
