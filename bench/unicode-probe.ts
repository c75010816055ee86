// `node --import tsx bench/unicode-probe.ts`: where do the JS pre-tokenizer's character classes (this
// runtime's Unicode data) differ from tiktoken's (its Rust regex tables)? Compares the O(n log n) encoder
// with tiktoken's encode_ordinary on every code point in contexts that expose its class (letter / mark /
// number / space / other, upper- vs lower-case-like for o200k), for both encodings, in batches bisected
// down to the code points that differ. Prints them as ranges: the table NEWER_THAN_TIKTOKEN in
// src/core/tokens/openai/pretokenize.ts (which this run then reports as 0 differences). Takes about 1-2 min.
import { encodeOrdinaryLongPath, encodeOrdinaryUncached } from '../src/core/tokens/encoding';

const ctx = (c: string) => `'${c}'t ${c}A${c}a ${c}1${c}${c}\n`;
function same(cps: number[]): boolean {
  const s = cps.map((c) => ctx(String.fromCodePoint(c))).join('');
  for (const enc of ['o200k_base', 'cl100k_base'] as const) if (encodeOrdinaryLongPath(s, enc).join() !== encodeOrdinaryUncached(s, enc).join()) return false;
  return true;
}
const bad: number[] = [];
function find(cps: number[]): void {
  if (same(cps)) return;
  if (cps.length === 1) bad.push(cps[0]);
  else {
    const h = cps.length >> 1;
    find(cps.slice(0, h));
    find(cps.slice(h));
  }
}
// Every code point except surrogates, private use and unassigned ones (in this runtime: a code point
// unassigned here is unassigned in tiktoken's older tables too).
const skip = /[\p{Cn}\p{Co}\p{Cs}]/u;
const all: number[] = [];
for (let c = 0; c < 0x110000; c++) if (!(c >= 0xd800 && c <= 0xdfff) && !skip.test(String.fromCodePoint(c))) all.push(c);
for (let i = 0; i < all.length; i += 500) find(all.slice(i, i + 500));
const ranges: [number, number][] = [];
for (const c of bad) {
  const l = ranges[ranges.length - 1];
  if (l && l[1] === c - 1) l[1] = c;
  else ranges.push([c, c]);
}
console.log(`Unicode ${process.versions.unicode} (ICU ${process.versions.icu}): ${all.length} assigned code points probed, ${bad.length} differ`);
console.log(ranges.map(([a, b]) => `[0x${a.toString(16)}, 0x${b.toString(16)}]`).join(', '));
