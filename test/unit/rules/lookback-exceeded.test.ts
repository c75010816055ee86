import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropic, expectFindings, prose, roundTrip } from './helpers';

const R = 'lookback-exceeded';
const CC = { type: 'ephemeral' };

function conversation(turns: number, lastCc = true) {
  const messages: unknown[] = [];
  for (let i = 0; i < turns; i++) {
    const role = i % 2 === 0 ? 'user' : 'assistant';
    const last = i === turns - 1;
    messages.push({ role, content: [{ type: 'text', text: `turn ${i} ${prose(20, `t${i}`)}`, ...(last && lastCc ? { cache_control: CC } : {}) }] });
  }
  return anthropic({ system: [{ type: 'text', text: prose(1500), cache_control: CC }], messages });
}

test(`${R}: a breakpoint 25 blocks after the previous one`, () => {
  const [d] = expectFindings(conversation(25), R, ['"cache_control": {\n            "type": "ephemeral"\n          }']);
  assert.match(d.message, /25 blocks after the previous one on system block 1 \(a read checks at most 20 positions/);
});

test(`${R}: 19 blocks is within reach, 20 is not (the breakpoint itself counts)`, () => {
  expectFindings(conversation(19), R, []);
  expectFindings(conversation(20), R, ['"cache_control": {\n            "type": "ephemeral"\n          }']);
});

test(`${R}: fix adds an intermediate breakpoint (round trip)`, () => {
  const { fixed, fix } = roundTrip(conversation(30), R);
  assert.match(fix.title, /Add an intermediate breakpoint on/);
  assert.equal((fixed.match(/cache_control/g) ?? []).length, 3);
});
