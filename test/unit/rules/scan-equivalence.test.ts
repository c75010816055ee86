// The detectors scan long texts per chunk (cut at blank lines where no pattern can match across, see
// src/core/rules/volatile.ts and placeholders.ts) and memoize per chunk: the results must be exactly those of
// one whole-text scan. Random texts built from dates, times, UUIDs, ids, placeholders, braces, tags, blank
// lines and the characters the cut rules treat specially, chunked at every candidate cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findVolatileValues, scanVolatileChunked, scanVolatileWhole, volatileCuts } from '../../../src/core/scan/volatile';
import { findPlaceholders, placeholderCuts, scanPlaceholdersChunked, scanPlaceholdersWhole } from '../../../src/core/scan/placeholders';
import { CHUNK_THRESHOLD } from '../../../src/core/scan/scanMemo';
import { clearCaches } from '../../../src/core/analyze';

const FRAGMENTS = [
  // volatile values, whole and in pieces
  '2025-03-04T10:15:30Z', '2025-03-04 10:15', ' UTC', 'GMT', '+0000', '(Coordinated Universal Time)', 'Tue, 04 Mar 2025 10:15:30 GMT',
  'Tue Mar 04 2025 10:15:30', '1741083330', '1741083330123', '3f2504e0-4f89-11d3-9a0c-0305e82c3301', 'request_id: abc12345', 'Session ID',
  ' = 42fab9', 'nonce', 'seed', 'cache-buster', 'req_01ABCdef2345', 'msg_0123456789ab', 'March 4, 2025', 'March', 'Mar.', 'May.', 'Sept', '4',
  '4th', '2025', ', 2025', 'at', '10:15', '10:15:30', '3:04:05 PM', 'PM', 'p.m.', 'current time:', 'it is now', 'time', 'Today is', 'today is Tuesday',
  'The current date is', 'Tuesday', 'deadbeefcafebabe1234', 'aB3dE5fG7hI9jK1lM3nO5pQ', '03/04/2025', '04.03.2025', '2025/03/04',
  // placeholders and their pieces
  '{{ user_name }}', '{{{ raw }}}', '{{- x -}}', '{{! note }}', '{{', '}}', '{{{', '}}}', '{% if x %}', '{%- for a in b -%}', '{%', '%}', '${orderId}',
  '${', '${ user.name }', '{x}', '{user.name}', '{items[0]}', '{x!r}', '{x:>10}', '%(name)s', '%(', '{', '}', '$', '-', '%',
  // separators and the characters the cut rules look at
  '\n\n', '\n\n', '\n\n\n', ' \n\n ', '\n', ' ', '  ', '\t', '\u00a0', '\u3000', '.', ',', ':', '=', '"', "'", ';', '!', '?', ')', '。', 'é',
  'The refund policy applies.', 'word', 'ID', 'key', 'x',
];

const textArb = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...FRAGMENTS) },
      { weight: 3, arbitrary: fc.constantFrom('\n\n', ' \n\n', '\n\n ', ',\n\n', '{{ a\n\n', '${\n\n', '{% x\n\n', 'Tue,\n\n04 Mar 2025 10:15', 'Today is\n\n') },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    ),
    { maxLength: 40 },
  )
  .map((a) => a.join(''));

const strip = <T extends object>(xs: T[]) => xs.map((x) => ({ ...x }));

test('volatile values: chunked scan = whole-text scan, on random texts', () => {
  fc.assert(
    fc.property(textArb, (text) => {
      assert.deepEqual(strip(scanVolatileChunked(text)), strip(scanVolatileWhole(text)), JSON.stringify({ text, cuts: volatileCuts(text) }));
    }),
    { numRuns: 5000 },
  );
});

test('placeholders: chunked scan = whole-text scan, on random texts', () => {
  fc.assert(
    fc.property(textArb, (text) => {
      assert.deepEqual(strip(scanPlaceholdersChunked(text)), strip(scanPlaceholdersWhole(text)), JSON.stringify({ text, cuts: placeholderCuts(text) }));
    }),
    { numRuns: 5000 },
  );
});

test('memoized detectors on long texts (chunked, user patterns whole) = whole-text scans, across edits', () => {
  const extra = ['ORD-\\d+', '/tick(et)?-(\\d+)/i', 'a\\n\\nb'];
  fc.assert(
    fc.property(fc.array(textArb, { minLength: 1, maxLength: 8 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...FRAGMENTS)), { maxLength: 4 }), (parts, edits) => {
      let text = parts.join('\n\n');
      while (text.length < CHUNK_THRESHOLD) text += '\n\nThe refund policy applies. ' + text;
      const check = (t: string) => {
        assert.deepEqual(strip(findVolatileValues(t)), strip(scanVolatileWhole(t)));
        assert.deepEqual(strip(findVolatileValues(t, extra)), strip(scanVolatileWhole(t, extra)));
        assert.deepEqual(strip(findPlaceholders(t)), strip(scanPlaceholdersWhole(t)));
      };
      check(text);
      for (const [at, frag] of edits) {
        const i = at % (text.length + 1);
        text = text.slice(0, i) + frag + text.slice(i);
        check(text);
      }
    }),
    { numRuns: 150 },
  );
  clearCaches();
});

test('chunking actually cuts ordinary prose at blank lines', () => {
  const text = Array.from({ length: 50 }, (_, i) => `Paragraph ${i} is about refunds.`).join('\n\n');
  assert.equal(volatileCuts(text).length, 49);
  assert.equal(placeholderCuts(text).length, 49);
  assert.deepEqual(volatileCuts('Tue,\n\n04 Mar 2025 10:15'), []); // "," may continue over the blank line
  assert.deepEqual(volatileCuts('on Mar.\n\n4, 2025'), []); // "." after a month name too
  assert.deepEqual(placeholderCuts('{{ a\n\nb }}'), []);
  assert.deepEqual(placeholderCuts('{% if\n\nx %}'), []);
});
