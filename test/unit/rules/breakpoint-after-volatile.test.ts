import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropic, expectFindings, prose, roundTrip } from './helpers';

const R = 'breakpoint-after-volatile';
const CC = { type: 'ephemeral' };

test(`${R}: the only breakpoint comes after a timestamp`, () => {
  const t = anthropic({
    system: [{ type: 'text', text: `${prose(1500)} Now: 2025-03-04T10:15:30Z` }, { type: 'text', text: prose(300, 'more'), cache_control: CC }],
  });
  // One root cause, one diagnostic: with volatile-in-prefix on, this is related information of its diagnostic.
  expectFindings(t, R, []);
  const [v] = expectFindings(t, 'volatile-in-prefix', ['2025-03-04T10:15:30Z']);
  assert.deepEqual(v.related?.map((r) => t.slice(r.range.start, r.range.end)), ['"cache_control": {\n        "type": "ephemeral"\n      }', '"type": "text"']);
  assert.match(v.related![1].message, /^static-after-dynamic: /);
  assert.match(v.related![0].message, /^breakpoint-after-volatile: Every breakpoint comes after per-request content/);
  // Reported by itself when volatile-in-prefix is off.
  const [d] = expectFindings(t, R, ['"cache_control": {\n        "type": "ephemeral"\n      }'], { rules: { 'volatile-in-prefix': 'off' } });
  assert.match(d.message, /Every breakpoint comes after per-request content \("2025-03-04T10:15:30Z" in system block 1\)/);
});

test(`${R}: not when a breakpoint precedes the value`, () => {
  const t = anthropic({
    system: [{ type: 'text', text: prose(1500), cache_control: CC }, { type: 'text', text: 'Now: 2025-03-04T10:15:30Z', cache_control: CC }],
  });
  expectFindings(t, R, []);
});

test(`${R}: fix puts a breakpoint before the value (round trip)`, () => {
  const t = anthropic({
    system: [{ type: 'text', text: `${prose(1500)} Now: 2025-03-04T10:15:30Z` }, { type: 'text', text: prose(300, 'more'), cache_control: CC }],
  });
  roundTrip(t, R, { textUnchanged: true, options: { rules: { 'volatile-in-prefix': 'off' } } });
});
