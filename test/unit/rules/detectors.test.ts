import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findVolatileValues, looksRandom } from '../../../src/core/scan/volatile';
import { findPlaceholders, isTimeLikeName } from '../../../src/core/scan/placeholders';

function vals(text: string, extra?: string[]) {
  return findVolatileValues(text, extra).map((v) => [v.kind, v.value, text.slice(v.start, v.end)]);
}

test('volatile: ISO and RFC date-times, dates, times, epoch', () => {
  assert.deepEqual(vals('Now: 2025-03-04T10:15:30.123Z.'), [['datetime', '2025-03-04T10:15:30.123Z', '2025-03-04T10:15:30.123Z']]);
  assert.deepEqual(vals('at 2025-03-04 10:15 UTC ok'), [['datetime', '2025-03-04 10:15 UTC', '2025-03-04 10:15 UTC']]);
  assert.deepEqual(vals('Date: Tue, 04 Mar 2025 10:15:30 GMT'), [['datetime', 'Tue, 04 Mar 2025 10:15:30 GMT', 'Tue, 04 Mar 2025 10:15:30 GMT']]);
  assert.deepEqual(vals('Tue Mar 04 2025 10:15:30 GMT+0000 (Coordinated Universal Time) x').map((v) => v[0]), ['datetime']);
  assert.deepEqual(vals('released 2025-03-04'), [['date', '2025-03-04', '2025-03-04']]);
  assert.deepEqual(vals('on March 4, 2025 we'), [['date', 'March 4, 2025', 'March 4, 2025']]);
  assert.deepEqual(vals('at 10:15:30 sharp'), [['time', '10:15:30', '10:15:30']]);
  assert.deepEqual(vals('The current time is 9:30 pm.').map((v) => v[2]), ['9:30 pm']);
  assert.deepEqual(vals('ts=1741083330 and 1741083330123'), [
    ['epoch', '1741083330', '1741083330'],
    ['epoch', '1741083330123', '1741083330123'],
  ]);
});

test('volatile: "today is" phrases flag the value', () => {
  assert.deepEqual(vals('Today is Tuesday, March 4. Be nice.'), [['today', 'Tuesday, March 4', 'Tuesday, March 4']]);
  assert.deepEqual(vals("Today's date is 2025-03-04."), [['date', '2025-03-04', '2025-03-04']]);
  assert.deepEqual(vals('Today is a good day to help.'), []);
});

test('volatile: uuids, ids, hex, random tokens, nonces', () => {
  assert.deepEqual(vals('id 123e4567-e89b-12d3-a456-426614174000.'), [['uuid', '123e4567-e89b-12d3-a456-426614174000', '123e4567-e89b-12d3-a456-426614174000']]);
  assert.deepEqual(vals('request_id: abc-123-xyz\n'), [['id', 'abc-123-xyz', 'abc-123-xyz']]);
  assert.deepEqual(vals('Session ID = 77aa99'), [['id', '77aa99', '77aa99']]);
  assert.deepEqual(vals('user_id=u_42ab'), [['id', 'u_42ab', 'u_42ab']]);
  assert.deepEqual(vals('nonce: 8f3Kq0zX'), [['id', '8f3Kq0zX', '8f3Kq0zX']]);
  assert.deepEqual(vals('see req_011CSHoEeqs5C35K2UUqR7Fy now'), [['id', 'req_011CSHoEeqs5C35K2UUqR7Fy', 'req_011CSHoEeqs5C35K2UUqR7Fy']]);
  assert.deepEqual(vals('trace 4bf92f3577b34da6a3ce929d0e0e4736 end'), [['hex', '4bf92f3577b34da6a3ce929d0e0e4736', '4bf92f3577b34da6a3ce929d0e0e4736']]);
  assert.deepEqual(vals('token aGVsbG8gd29ybGQ9XyZ1QmN3dEp4 ok').map((v) => v[0]), ['random']);
});

test('volatile: no false positives on ordinary prose and identifiers', () => {
  const prose =
    'You are a helpful assistant. Answer in English. Use the get_current_weather tool. Version 1.2.3, ' +
    'chapter 12, 1998-05-06 is a historical date, error code 404, the year 1999, call processPaymentRequestHandler. ' +
    'Files live in src/core/rules/volatile.ts. The ratio is 3:2. See https://example.com/docs/getting-started.';
  assert.deepEqual(vals(prose), []);
  assert.equal(looksRandom('ThisIsAVeryLongIdentifierName'), false);
  assert.equal(looksRandom('x9Kf2LmQ8rTz4WvB7nYc1Hd'), true);
});

test('volatile: extra patterns, with a capture group, flags and invalid ones ignored', () => {
  assert.deepEqual(vals('build #4711 done', ['#\\d+']), [['custom', '#4711', '#4711']]);
  assert.deepEqual(vals('Build: 4711', ['build: (\\d+)']), []);
  assert.deepEqual(vals('Build: 4711', ['/build: (\\d+)/i']), [['custom', '4711', '4711']]);
  assert.deepEqual(vals('abc', ['(', '.*']), []);
});

test('volatile: results sorted and non-overlapping', () => {
  const t = 'A 2025-03-04T10:15:30Z b 123e4567-e89b-12d3-a456-426614174000 c 10:00:01';
  const v = findVolatileValues(t);
  for (let i = 1; i < v.length; i++) assert.ok(v[i].start >= v[i - 1].end);
  assert.deepEqual(v.map((x) => x.kind), ['datetime', 'uuid', 'time']);
});

function phs(text: string) {
  return findPlaceholders(text).map((p) => [p.syntax, p.name, text.slice(p.start, p.end)]);
}

test('placeholders: every syntax', () => {
  assert.deepEqual(phs('Hi {{ user.name | upper }}!'), [['mustache', 'user.name', '{{ user.name | upper }}']]);
  assert.deepEqual(phs('{{{raw}}} {{#each items}}x{{/each}}'), [
    ['mustache', 'raw', '{{{raw}}}'],
    ['mustache', 'items', '{{#each items}}'],
    ['mustache', 'each', '{{/each}}'],
  ]);
  assert.deepEqual(phs('{% if admin %}yes{% endif %}'), [
    ['jinja-tag', 'if admin', '{% if admin %}'],
    ['jinja-tag', 'endif', '{% endif %}'],
  ]);
  assert.deepEqual(phs('Time: ${ now }'), [['dollar', 'now', '${ now }']]);
  assert.deepEqual(phs('Hello {name}, {items[0]} {x!r} {y:>10}'), [
    ['brace', 'name', '{name}'],
    ['brace', 'items', '{items[0]}'],
    ['brace', 'x', '{x!r}'],
    ['brace', 'y', '{y:>10}'],
  ]);
  assert.deepEqual(phs('Dear %(user)s'), [['percent', 'user', '%(user)s']]);
});

test('placeholders: not JSON, not code blocks, not comments', () => {
  assert.deepEqual(phs('Reply as {"answer": 1} or {} or { }'), []);
  assert.deepEqual(phs('{{! a comment }}'), []);
  assert.deepEqual(phs('function f() {return 1}'), []);
});

test('placeholders: time-like names', () => {
  for (const n of ['current_date', 'now', 'time', 'currentDateTime', 'timestamp', 'today', 'request_id', 'uuid', 'CURRENT_DATE'])
    assert.equal(isTimeLikeName(n), true, n);
  for (const n of ['user', 'question', 'document', 'items', 'updateMode', 'dayton']) assert.equal(isTimeLikeName(n), false, n);
});
