import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropic, expectFindings, prose, roundTrip } from './helpers';
import { analyze } from '../../../src/core';

const R = 'lookback-exceeded';
const CC = { type: 'ephemeral' };
const MARK = '"cache_control": {\n            "type": "ephemeral"\n          }';

/** The recommended layout: a system breakpoint and one on the last message; each turn adds 2 blocks. */
function conversation(messagesCount: number, lastCc = true) {
  const messages: unknown[] = [];
  for (let i = 0; i < messagesCount; i++) {
    const role = i % 2 === 0 ? 'user' : 'assistant';
    const last = i === messagesCount - 1;
    messages.push({ role, content: [{ type: 'text', text: `turn ${i} ${prose(20, `t${i}`)}`, ...(last && lastCc ? { cache_control: CC } : {}) }] });
  }
  return anthropic({ system: [{ type: 'text', text: prose(1500), cache_control: CC }], messages });
}

/** An agent turn: the question, then one reply with `calls` parallel tool calls and their results. */
function parallelToolTurn(calls: number, extraReplyText = false) {
  const uses = Array.from({ length: calls }, (_, k) => ({ type: 'tool_use', id: `toolu_${k}`, name: 'read_file', input: { path: `src/f${k}.ts` } }));
  const results = Array.from({ length: calls }, (_, k) => ({ type: 'tool_result', tool_use_id: `toolu_${k}`, content: `contents of f${k} ${prose(5, `r${k}`)}`, ...(k === calls - 1 ? { cache_control: CC } : {}) }));
  const messages = [
    { role: 'user', content: [{ type: 'text', text: 'Review every file in src/.' }] },
    { role: 'assistant', content: [...(extraReplyText ? [{ type: 'text', text: 'Reading them all.' }] : []), ...uses] },
    { role: 'user', content: results },
  ];
  return anthropic({ system: [{ type: 'text', text: prose(1500), cache_control: CC }], messages });
}

test(`${R}: a 25-message conversation with the recommended layout (system + last message) does not warn`, () => {
  expectFindings(conversation(25), R, []);
  const a = analyze(conversation(25), { fileName: 'a.json' });
  const last = a.cache.breakpoints[a.cache.breakpoints.length - 1];
  // Measured from the previous turn's end (user message 23), not from the system breakpoint.
  assert.equal(last.positionsSincePrevious, 2);
  assert.equal(last.withinLookback, true);
  assert.equal(last.lookbackFrom, 'messages[22].content[0]');
});

test(`${R}: one turn with 11 parallel tool calls (22 blocks) warns`, () => {
  const [d] = expectFindings(parallelToolTurn(11), R, [MARK]);
  assert.match(d.message, /22 blocks after the entry the previous request wrote at .*message 1.* \(a read checks at most 20 positions/);
});

test(`${R}: a turn adding 19 blocks is within reach, 20 is not (the breakpoint itself counts)`, () => {
  // 9 calls + 9 results + 1 reply text = 19; 10 + 10 = 20.
  expectFindings(parallelToolTurn(9, true), R, []);
  expectFindings(parallelToolTurn(10), R, [MARK]);
});

test(`${R}: a first turn has no earlier entry to find, however far from the system breakpoint`, () => {
  const messages = [{ role: 'user', content: Array.from({ length: 30 }, (_, k) => ({ type: 'text', text: `part ${k}`, ...(k === 29 ? { cache_control: CC } : {}) })) }];
  expectFindings(anthropic({ system: [{ type: 'text', text: prose(1500), cache_control: CC }], messages }), R, []);
});

test(`${R}: fix adds an intermediate breakpoint within reach of the previous turn's end (round trip)`, () => {
  const { fixed, fix } = roundTrip(parallelToolTurn(11), R);
  assert.match(fix.title, /Add an intermediate breakpoint on/);
  assert.equal((fixed.match(/cache_control/g) ?? []).length, 3);
});

test(`${R}: examples/anthropic-long-conversation.json (25 messages, recommended layout) gives no lookback warning`, async () => {
  const { readFileSync } = await import('node:fs');
  const a = analyze(readFileSync('examples/anthropic-long-conversation.json', 'utf8'), { fileName: 'anthropic-long-conversation.json' });
  assert.equal(a.cache.breakpoints.length, 2);
  assert.deepEqual(a.diagnostics.filter((d) => d.code === R), []);
  assert.ok(a.cache.breakpoints.every((b) => b.withinLookback));
});
