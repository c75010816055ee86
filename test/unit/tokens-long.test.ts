// Long pre-tokenizer pieces (issue 12): the O(n log n) encoder (src/core/tokens/openai/bpe.ts, pretokenize.ts)
// gives tiktoken's ids exactly, is used where a long piece may be (longPieces.ts), and the reproducers
// (200,000 "=", a 1.1 MB run of one letter, long CJK / Thai / whitespace runs) finish with exact counts.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  countTokens,
  countTokensBefore,
  encodeTokens,
  encodeOrdinaryLongPath,
  encodeOrdinaryUncached,
  encodePathStats,
  prefixOffsetForTokens,
  clearTokenCaches,
  type EncodingName,
} from '../../src/core/tokens/encoding';
import { bpeStats } from '../../src/core/tokens/openai/bpe';
import { LONG_RUN, mayHoldLongPiece } from '../../src/core/tokens/openai/longPieces';
import { NEWER_THAN_TIKTOKEN, pieceEnds, unicodeSupported, wellFormed } from '../../src/core/tokens/openai/pretokenize';
import { analyze } from '../../src/core/analyze';
import { makeInput } from '../../bench/inputs';
import { FRAGMENTS, randomText, rng } from './tokens-long.gen';

const ENCODINGS: EncodingName[] = ['o200k_base', 'cl100k_base'];
const ids = (a: Uint32Array) => Array.from(a).join(',');

for (const enc of ENCODINGS) {
  test(`${enc}: the O(n log n) encoder gives tiktoken's ids on 3,000 random strings (mixed scripts, runs, CRLF, digits, emoji, special-token text, lone surrogates)`, () => {
    const r = rng(enc === 'o200k_base' ? 12 : 34);
    let compared = 0;
    for (let i = 0; i < 3000; i++) {
      const s = randomText(r, i % 10 === 0 ? 600 : 120);
      assert.equal(ids(encodeOrdinaryLongPath(s, enc)), ids(encodeOrdinaryUncached(s, enc)), JSON.stringify(s));
      compared++;
    }
    assert.equal(compared, 3000);
  });

  test(`${enc}: every fragment alone, doubled, and run 300 times gives tiktoken's ids`, () => {
    for (const f of FRAGMENTS) {
      for (const s of [f, f + f, ' ' + f, f + '\n', f.repeat(300), ' ' + f.repeat(300) + ' x', f.repeat(150) + '\r\n'.repeat(40) + f]) {
        assert.equal(ids(encodeOrdinaryLongPath(s, enc)), ids(encodeOrdinaryUncached(s, enc)), JSON.stringify(s.slice(0, 60)));
      }
    }
  });

  test(`${enc}: long runs of each class at a size tiktoken still handles go through the long-piece path, with tiktoken's ids`, () => {
    const runs: Record<string, string> = {
      letter: 'a'.repeat(3000),
      upper: 'A'.repeat(3000),
      mixedCase: 'aB'.repeat(1500),
      equals: '='.repeat(3000),
      punctuation: '!#$%&()*+,-.:;<=>?@[]^_`{|}~'.repeat(100),
      spaces: ' '.repeat(3000) + 'x',
      spacesEnd: ' '.repeat(3000),
      newlines: '\n'.repeat(3000),
      crlf: '\r\n'.repeat(1500) + 'x',
      tabs: '\t'.repeat(1000) + '=',
      mixedWs: ' \t\u00a0\u3000'.repeat(700) + 'x',
      cjk: '我们的客户服务政策规定所有订单必须在三十天内处理'.repeat(60),
      thai: 'ภาษาไทยเป็นภาษาที่ไม่มีการเว้นวรรค'.repeat(60),
      devanagari: 'नमस्तेदुनिया'.repeat(150),
      base64Zeros: 'QUFB'.repeat(800),
      templateBlock: '{%'.repeat(1500),
      templateVar: '{{'.repeat(1500),
      emoji: '😀'.repeat(1000),
      slashes: '=\n'.repeat(10) + '/'.repeat(2000),
    };
    for (const [name, s] of Object.entries(runs)) {
      clearTokenCaches();
      const before = encodePathStats.longPiece;
      const expected = ids(encodeOrdinaryUncached(s, enc));
      assert.equal(ids(encodeTokens(s, enc)), expected, name);
      assert.equal(countTokens(s, enc), expected.split(',').length, name);
      assert.ok(encodePathStats.longPiece > before, `${name}: the long-piece path was used`);
    }
  });

  test(`${enc}: a long text with a long piece inside prose is counted exactly, chunk by chunk`, () => {
    const prose = makeInput('openai-doc', 24 * 1024, 3).text;
    const text = prose.slice(0, 9000) + '\n' + '='.repeat(5000) + '\n' + prose.slice(9000) + ' ' + 'x'.repeat(2000);
    clearTokenCaches();
    const before = encodePathStats.longPiece;
    const whole = encodeOrdinaryUncached(text, enc);
    assert.equal(countTokens(text, enc), whole.length);
    assert.equal(ids(encodeTokens(text, enc)), ids(whole));
    assert.ok(encodePathStats.longPiece > before, 'the long-piece path was used');
    // Token index of a point and the offset of a token count agree with tiktoken's ids.
    for (const i of [100, 9003, 12000, text.length - 1000]) {
      const n = countTokensBefore(text, enc, i);
      const end = prefixOffsetForTokens(text, enc, n);
      assert.ok(end <= i, `token ${n} ends at ${end} ≤ ${i}`);
      assert.ok(prefixOffsetForTokens(text, enc, n + 1) > i, `token ${n + 1} ends after ${i}`);
    }
  });
}

test('normal text stays on tiktoken: no bench document shape takes the long-piece path', () => {
  clearTokenCaches();
  const before = encodePathStats.longPiece;
  const tk = encodePathStats.tiktoken;
  for (const shape of ['openai-doc', 'anthropic-doc', 'many-messages', 'many-tools'] as const) {
    const text = makeInput(shape, 200 * 1024, 5).text;
    countTokens(text, 'o200k_base');
  }
  assert.equal(encodePathStats.longPiece, before);
  assert.ok(encodePathStats.tiktoken > tk);
});

test('the run scan flags two adjacent runs of LONG_RUN characters and nothing shorter', () => {
  assert.equal(mayHoldLongPiece("'s".repeat(1000) + 'x' + "'LL".repeat(500)), false); // contractions: short pieces
  assert.equal(mayHoldLongPiece('a'.repeat(LONG_RUN - 1)), false);
  assert.equal(mayHoldLongPiece('a'.repeat(LONG_RUN)), true);
  assert.equal(mayHoldLongPiece('='.repeat(LONG_RUN / 2) + '\n'.repeat(LONG_RUN / 2)), true);
  assert.equal(mayHoldLongPiece('ab1'.repeat(2000)), false);
  assert.equal(mayHoldLongPiece('1'.repeat(5000)), false); // digits are pieces of at most 3
  assert.equal(mayHoldLongPiece('我们'.repeat(LONG_RUN)), true);
  // The longest piece of a text that passes the scan is shorter than LONG_RUN.
  const r = rng(99);
  for (let i = 0; i < 300; i++) {
    const s = wellFormed(randomText(r, 2000));
    if (mayHoldLongPiece(s)) continue;
    let at = 0;
    for (const end of pieceEnds(s, 'o200k_base')) {
      assert.ok(end - at < LONG_RUN, JSON.stringify(s.slice(at, at + 40)));
      at = end;
    }
  }
});

// ---------------------------------------------------------------------------------------------------
// The reproducers of issue 12

test("reproducer: 200,000 '=' (sep.json) is analyzed with an exact count through the long-piece path", () => {
  // tiktoken alone (36 s on the whole run) agrees at a size it can do: 6,400 '=' are 100 tokens of one id.
  const small = encodeOrdinaryUncached('='.repeat(6400), 'o200k_base');
  assert.equal(small.length, 100);
  assert.equal(new Set(small).size, 1);
  const text = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: '='.repeat(200000) }, { role: 'user', content: 'hi' }] });
  clearTokenCaches();
  const heapBytes = bpeStats.heapBytes;
  const a = analyze(text, { fileName: 'sep.json' });
  assert.deepEqual(a.problems.filter((p) => p.severity === 'error'), []);
  assert.equal(a.exact, true);
  assert.ok(bpeStats.heapBytes - heapBytes >= 200000, 'the heap merge processed the run');
  const run = encodeTokens('='.repeat(200000), 'o200k_base');
  assert.equal(run.length, 3125);
  assert.ok(run.every((id) => id === small[0]));
  assert.ok(a.inputTokens > 3125 && a.inputTokens < 3125 + 20, String(a.inputTokens));
});

test('reproducer: a 1.1 MB run of one letter no longer fails with "unreachable"', () => {
  const small = encodeOrdinaryUncached('a'.repeat(8000), 'o200k_base');
  const text = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'a'.repeat(1100000) }] });
  clearTokenCaches();
  const a = analyze(text, { fileName: 'letter.json' });
  assert.deepEqual(a.problems.filter((p) => p.severity === 'error'), []);
  assert.equal(a.exact, true);
  const run = encodeTokens('a'.repeat(1100000), 'o200k_base');
  // The same periodic tokens tiktoken gives at 8,000 letters.
  assert.equal(run.length, (small.length * 1100000) / 8000);
  assert.deepEqual(Array.from(run.subarray(0, small.length)), Array.from(small));
});

test('reproducers: long CJK, Thai, whitespace and newline runs are counted exactly (compared with tiktoken on their period)', () => {
  for (const [unit, reps] of [
    ['我们的客户服务政策规定所有订单必须在三十天内处理', 8000],
    ['ภาษาไทยเป็นภาษาที่ไม่มีการเว้นวรรค', 8000],
  ] as const) {
    for (const enc of ENCODINGS) {
      const long = unit.repeat(reps);
      // Exact at a size tiktoken handles, through the same path as the long one.
      const mid = unit.repeat(40);
      assert.equal(ids(encodeOrdinaryLongPath(mid, enc)), ids(encodeOrdinaryUncached(mid, enc)));
      const before = encodePathStats.longPiece;
      const n = countTokens(long, enc);
      assert.ok(encodePathStats.longPiece > before);
      assert.ok(n > 0 && n < Buffer.byteLength(long));
    }
  }
  for (const s of [' '.repeat(500000) + 'x', '\n'.repeat(500000), '\r\n'.repeat(250000) + 'end']) {
    const before = encodePathStats.longPiece;
    const n = countTokens(s, 'o200k_base');
    assert.ok(encodePathStats.longPiece > before);
    assert.ok(n > 0 && n < s.length / 4, String(n));
  }
});

test("code points newer than tiktoken's Unicode tables (17.0) are classed as tiktoken classes them", () => {
  assert.equal(unicodeSupported('17.0'), true);
  assert.equal(unicodeSupported('16.0'), true);
  assert.equal(unicodeSupported('15.1'), false);
  assert.equal(unicodeSupported('18.0'), false);
  assert.equal(unicodeSupported(''), false);
  let compared = 0;
  for (const [a, b] of NEWER_THAN_TIKTOKEN) {
    for (const cp of new Set([a, (a + b) >> 1, b])) {
      const c = String.fromCodePoint(cp);
      const s = `'${c}'t ${c}A${c}a ${c}1${c}${c}\n x${c}${c}y 's${c}`;
      for (const enc of ENCODINGS) {
        assert.equal(ids(encodeOrdinaryLongPath(s, enc)), ids(encodeOrdinaryUncached(s, enc)), cp.toString(16));
        compared++;
      }
    }
  }
  assert.ok(compared > 100);
});
