import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropic, expectFindings, prose, roundTrip } from './helpers';

const R = 'too-many-breakpoints';
const CC = { type: 'ephemeral' };

const five = () =>
  anthropic({
    tools: [{ name: 'lookup', description: 'Look up an order', input_schema: { type: 'object', properties: {} }, cache_control: CC }],
    system: [
      { type: 'text', text: prose(1200), cache_control: CC },
      { type: 'text', text: 'Be brief.', cache_control: CC },
      { type: 'text', text: prose(900, 'policy'), cache_control: CC },
    ],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hello', cache_control: CC }] }],
  });

test(`${R}: five breakpoints – the one adding the least is flagged`, () => {
  const t = five();
  const ds = expectFindings(t, R, ['"cache_control": {\n        "type": "ephemeral"\n      }']);
  assert.match(ds[0].message, /5 cache_control breakpoints, the maximum is 4/);
  // the flagged one is the tool's (adds the fewest tokens) or "Be brief." – either way exactly one
  assert.equal(ds.length, 1);
});

test(`${R}: the automatic top-level marker counts`, () => {
  const t = anthropic({
    extra: { cache_control: CC },
    system: [1, 2, 3, 4].map((i) => ({ type: 'text', text: prose(400, `part${i}`), cache_control: CC })),
  });
  const ds = expectFindings(t, R, ['"cache_control": {\n        "type": "ephemeral"\n      }']);
  assert.match(ds[0].message, /including the automatic top-level one/);
});

test(`${R}: fix removes the extra breakpoints (round trip)`, () => {
  const { fixed } = roundTrip(five(), R);
  assert.equal((fixed.match(/cache_control/g) ?? []).length, 4);
});
