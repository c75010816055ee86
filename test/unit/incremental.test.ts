// Exactness of incremental token counting (src/core/incremental.ts, src/core/tokens/encoding.ts) and of
// analyze() with warm memos, on random texts and random edit sequences (fast-check).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTree } from 'jsonc-parser';
import { analyze, clearCaches } from '../../src/core/analyze';
import { CHUNK_THRESHOLD, chunkCuts, isPieceBoundary } from '../../src/core/incremental';
import * as path from 'path';
import { decodedIndexAt, spanSourceOffset, stringSpan } from '../../src/core/parse/json';
import { AnalysisSuperseded, AnalysisWorkerClient, textDelta } from '../../src/host/workerClient';
import { stripForEditor } from '../../src/host/worker';
import {
  countTokens,
  encodeOrdinaryUncached,
  decodeTokenBytes,
  encodeTokens,
  prefixOffsetForTokens,
  countTokensBefore,
  rawTiktokenCount,
  utf16OffsetForUtf8Bytes,
  type EncodingName,
} from '../../src/core/tokens/encoding';

const ENCODINGS: EncodingName[] = ['o200k_base', 'cl100k_base'];

// Atoms the texts are made of: prose in several scripts, code, whitespace runs, emoji (surrogate pairs,
// ZWJ sequences, skin tones), combining marks, special-token-like strings, apostrophes, digits, slashes.
const ATOMS = [
  'The quick brown fox ', 'jumps over the lazy dog. ', "it's ", "they'll ", "I'M ", 'Über ', 'Straße ', 'größer, ',
  'Привет, мир. ', 'данные ', '我们的客户服务政策', '，', '。', '、', 'お客様のご注文', 'キャッシュ', '한국어 텍스트 ',
  'Ελληνικά ', 'e\u0301', 'n\u0303o ', '🚀', '👍🏽', '👨‍👩‍👧', '✅', '\ud83d', 'x\udc00y',
  '<|endoftext|>', '<|fim_prefix|>', '<|endofprompt|>', '<|im_start|>', '12345678', '3.14159', '1,000,000 ',
  '\n', '\n\n', '\r\n', '   ', '\t\t', ' \n ', '\u00a0', '\u3000', '\n/', '\n//', '//', '/* c */', '\n}',
  'function f(a, b) {\n  return a + b;\n}\n', 'if (x) { y(); }', '    x = [1, 2, 3]\n', 'SELECT * FROM t;',
  '"quoted"', "'single'", '\\n', '\\u00e9', '{{ name }}', '${var}', '2025-03-04T10:15:30Z', 'a', 'Z', ' ', '.', ':',
];

const atom = fc.constantFrom(...ATOMS);
const textArb = (minAtoms: number, maxAtoms: number) => fc.array(atom, { minLength: minAtoms, maxLength: maxAtoms }).map((xs) => xs.join(''));

test('every cut isPieceBoundary allows splits the encoding exactly (ids, both encodings)', () => {
  fc.assert(
    fc.property(textArb(5, 80), fc.integer({ min: 0, max: 1000 }), (text, seed) => {
      const cuts: number[] = [];
      for (let p = 1; p < text.length; p++) if (isPieceBoundary(text, p)) cuts.push(p);
      if (!cuts.length) return;
      // A few cuts per text (each check encodes three strings).
      const picked = [cuts[seed % cuts.length], cuts[(seed * 7 + 3) % cuts.length], cuts[cuts.length - 1]];
      for (const enc of ENCODINGS) {
        const whole = [...encodeOrdinary(text, enc)];
        for (const p of picked) {
          const split = [...encodeOrdinary(text.slice(0, p), enc), ...encodeOrdinary(text.slice(p), enc)];
          assert.deepEqual(split, whole, `${enc}: cut at ${p} of ${JSON.stringify(text)}`);
        }
      }
    }),
    { numRuns: 300 },
  );
});

function encodeOrdinary(text: string, enc: EncodingName): Uint32Array {
  return encodeOrdinaryUncached(text, enc);
}

test('chunk cuts are piece boundaries, content-defined, and re-synchronise after an edit', () => {
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const base = Array.from({ length: 6000 }, () => ATOMS[Math.floor(next() * ATOMS.length)]).join('');
  assert.ok(base.length > 4 * CHUNK_THRESHOLD, `base only ${base.length}`);
  const cuts = chunkCuts(base);
  assert.ok(cuts.length > 5, `only ${cuts.length} cuts`);
  for (const c of cuts) assert.ok(isPieceBoundary(base, c));
  // A one-character insertion in the middle changes at most the cuts around it.
  const at = Math.floor(base.length / 2);
  const edited = base.slice(0, at) + 'q' + base.slice(at);
  const after = new Set(chunkCuts(edited).map((c) => (c > at ? c - 1 : c)));
  const lost = cuts.filter((c) => !after.has(c));
  assert.ok(lost.length <= 2, `edit changed ${lost.length} cuts: ${JSON.stringify(lost)} of ${JSON.stringify(cuts)} at ${at}`);
});

test('counts after random edit sequences equal one fresh tiktoken call on the whole text (both encodings)', () => {
  const edit = fc.record({ pos: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.integer({ min: 0, max: 12 }), ins: fc.oneof(atom, fc.constant(''), fc.string({ maxLength: 3 }), fc.constantFrom('x', ' ', '\n', 'é', '中')) });
  fc.assert(
    fc.property(textArb(1000, 1600), fc.array(edit, { minLength: 1, maxLength: 8 }), fc.constantFrom(...ENCODINGS), fc.double({ min: 0, max: 1, noNaN: true }), (start, edits, enc, frac) => {
      let text = start;
      countTokens(text, enc); // warm memo: the edits below are incremental
      for (const e of edits) {
        const at = Math.floor(e.pos * text.length);
        text = text.slice(0, at) + e.ins + text.slice(Math.min(text.length, at + e.del));
        const got = countTokens(text, enc);
        assert.equal(got, rawTiktokenCount(text, enc), `${enc} after edit at ${at}`);
      }
      // Exact prefix offsets through the chunked path (compared with a whole-text decode).
      const n = Math.floor(frac * countTokens(text, enc)) + 1;
      const got = prefixOffsetForTokens(text, enc, n);
      const ids = encodeOrdinary(text, enc);
      const want = n >= ids.length ? text.length : utf16OffsetForUtf8Bytes(text, decodeTokenBytes(ids.subarray(0, n), enc).length);
      assert.equal(got, want, `${enc}: prefixOffsetForTokens(${n})`);
      // And the concatenated ids.
      assert.deepEqual([...encodeTokens(text, enc)], [...ids]);
      // Tokens before a source offset (the plan's token index of a timestamp) through the chunk sums.
      // = the tokens of the whole-text encoding that end at or before it (byte accounting on the whole ids).
      const i = Math.floor(frac * text.length);
      const limit = new TextEncoder().encode(text.slice(0, i)).length;
      let bytes = 0;
      let want2 = 0;
      for (const id of ids) {
        bytes += decodeTokenBytes(Uint32Array.of(id), enc).length;
        if (bytes > limit) break;
        want2++;
      }
      assert.equal(countTokensBefore(text, enc, i), want2, `${enc}: countTokensBefore(${i}) of ${text.length}`);
    }),
    { numRuns: 40 },
  );
});

function requestBody(kind: 'openai' | 'anthropic', doc: string, last: string): string {
  if (kind === 'openai') {
    return JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: doc }, { role: 'user', content: 'First question?' }, { role: 'assistant', content: 'An answer.' }, { role: 'user', content: last }] }, null, 2);
  }
  return JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, system: [{ type: 'text', text: doc, cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: last }] }, null, 2);
}

test('analyze() after edits equals analyze() on a fresh engine for the same final text', () => {
  fc.assert(
    fc.property(
      fc.constantFrom<'openai' | 'anthropic'>('openai', 'anthropic'),
      textArb(1000, 1500),
      fc.array(fc.record({ pos: fc.double({ min: 0, max: 1, noNaN: true }), ins: fc.oneof(atom, fc.constantFrom('x', '\\n', ' ', 'é')), del: fc.integer({ min: 0, max: 4 }) }), { minLength: 1, maxLength: 5 }),
      (kind, doc, edits) => {
        let text = requestBody(kind, doc, 'Summarize the document. Today is 2025-03-04.');
        const docStart = text.indexOf('"', text.indexOf(kind === 'openai' ? '"content"' : '"text"') + 8) + 1;
        analyze(text);
        for (const e of edits) {
          // Edits inside the big string (they may break the JSON: the analysis must still agree).
          const at = docStart + Math.floor(e.pos * doc.length * 0.9);
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
          analyze(text);
        }
        const warm = JSON.stringify(analyze(text));
        clearCaches();
        const fresh = JSON.stringify(analyze(text));
        assert.equal(warm, fresh);
      },
    ),
    { numRuns: 15 },
  );
});

test('lazy escape maps: spanSourceOffset / decodedIndexAt equal the per-character reference', () => {
  const pieces = ['a', 'é', '\\n', '\\"', '\\\\', '\\u00e9', '\\ud83d\\ude80', '🚀', ' ', '\\t', 'x', '\\/'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (xs) => {
      const raw = xs.join('');
      const text = `{"k": "${raw}"}`;
      const node = parseTree(text)!.children![0].children![1];
      const ref = stringSpan(text, node);
      const full = ref.sourceOffsets ? [...ref.sourceOffsets] : undefined; // materialised: the per-character loop
      const span = stringSpan(text, node); // fresh: answers from the sparse escape map
      const start = span.range.start;
      const n = span.text.length;
      const clamp = (i: number) => Math.max(0, Math.min(i, n));
      for (let i = -1; i <= n + 1; i++) assert.equal(spanSourceOffset(span, i), full ? full[clamp(i)] : start + clamp(i));
      for (let o = start - 1; o <= start + raw.length + 1; o++) {
        let want = clamp(o - start);
        if (full) {
          let lo = 0;
          let hi = full.length - 1;
          while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (full[mid] <= o) lo = mid;
            else hi = mid - 1;
          }
          want = Math.min(lo, n);
        }
        assert.equal(decodedIndexAt(span, o), want);
      }
    }),
    { numRuns: 500 },
  );
});

test('textDelta: applying the delta to the old text gives the new text', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 20 }), fc.nat(), fc.nat({ max: 30 }), fc.integer({ min: 0, max: 9000 }), (s, ins, at, del, pad) => {
      const a = 'x'.repeat(pad) + s + 'y'.repeat(pad);
      const p = at % (a.length + 1);
      const b = a.slice(0, p) + ins + a.slice(p + del);
      const d = textDelta(a, b);
      assert.equal(a.slice(0, d.start) + d.insert + a.slice(d.end), b);
    }),
    { numRuns: 300 },
  );
});

test('worker: deltas and full texts give the analysis of the in-process engine (stripped for the editor)', async () => {
  const client = new AnalysisWorkerClient({ script: path.join(__dirname, '..', '..', 'src', 'host', 'worker.ts') });
  try {
    const doc = Array.from({ length: 9000 }, (_, i) => ATOMS[(i * 31) % ATOMS.length]).join('');
    let text = requestBody('openai', doc, 'What is new?');
    const at = text.indexOf('"content"') + 20;
    for (let i = 0; i < 4; i++) {
      const r = await client.analyze('doc', text, { fileName: 'doc.json' });
      assert.equal(r.where, 'worker');
      assert.equal(JSON.stringify(r.analysis), JSON.stringify(stripForEditor(analyze(text, { fileName: 'doc.json' }))));
      text = text.slice(0, at + i) + 'é' + text.slice(at + i);
    }
    assert.ok(client.stats.deltas >= 3, `deltas: ${client.stats.deltas}`);
    // Coalescing: of three requests queued behind a running one, only the newest runs.
    const p1 = client.analyze('doc', text + ' ', {});
    const p2 = client.analyze('doc', text + '  ', {});
    const superseded = assert.rejects(p2, AnalysisSuperseded);
    const p3 = client.analyze('doc', text + '   ', {});
    await p1; // already running when the others were queued
    await superseded;
    assert.equal((await p3).analysis.textLength, text.length + 3);
  } finally {
    client.dispose();
  }
});
