import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropic, expectFindings, prose, roundTrip } from './helpers';

const R = 'breakpoint-after-volatile';
const CC = { type: 'ephemeral' };

test(`${R}: the only breakpoint comes after a timestamp`, () => {
  const t = anthropic({
    system: [{ type: 'text', text: `${prose(1500)} Now: 2025-03-04T10:15:30Z` }, { type: 'text', text: prose(300, 'more'), cache_control: CC }],
  });
  const [d] = expectFindings(t, R, ['"cache_control": {\n        "type": "ephemeral"\n      }']);
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
  roundTrip(t, R, { textUnchanged: true });
});
