import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropic, expectFindings, prose, roundTrip } from './helpers';

const R = 'breakpoint-below-minimum';
const CC = { type: 'ephemeral' };

test(`${R}: a small system block with cache_control (Sonnet 4.5, minimum 1,024)`, () => {
  const t = anthropic({ system: [{ type: 'text', text: 'You are a concise assistant.', cache_control: CC }] });
  const [d] = expectFindings(t, R, ['"cache_control": {\n        "type": "ephemeral"\n      }']);
  assert.match(d.message, /below the 1,024-token minimum/);
  assert.match(d.message, /silently not cached/);
});

test(`${R}: Haiku 4.5 has a 4,096 minimum`, () => {
  const t = anthropic({ model: 'claude-haiku-4-5', system: [{ type: 'text', text: prose(2000), cache_control: CC }] });
  const [d] = expectFindings(t, R, ['"cache_control": {\n        "type": "ephemeral"\n      }']);
  assert.match(d.message, /4,096/);
  expectFindings(anthropic({ system: [{ type: 'text', text: prose(2000), cache_control: CC }] }), R, []);
});

test(`${R}: fix moves the breakpoint to the last block that qualifies`, () => {
  const t = anthropic({
    system: [{ type: 'text', text: 'You are a concise assistant.', cache_control: CC }, { type: 'text', text: prose(1500) }],
  });
  const { fix, fixed } = roundTrip(t, R);
  assert.match(fix.title, /Move the breakpoint to system block 2/);
  assert.equal((fixed.match(/cache_control/g) ?? []).length, 1);
});

test(`${R}: nothing qualifies – the fix removes the useless breakpoint`, () => {
  const t = anthropic({ system: [{ type: 'text', text: 'Short.', cache_control: CC }] });
  const { fixed, fix } = roundTrip(t, R);
  assert.match(fix.title, /Remove this breakpoint/);
  assert.doesNotMatch(fixed, /cache_control/);
});
