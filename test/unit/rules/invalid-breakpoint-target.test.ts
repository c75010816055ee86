import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropic, expectFindings, prose, roundTrip } from './helpers';

const R = 'invalid-breakpoint-target';
const CC = { type: 'ephemeral' };

test(`${R}: thinking block, empty text block, message object, sub-block`, () => {
  const t = anthropic({
    system: [{ type: 'text', text: prose(1500) }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'first' }] },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 'sig', cache_control: CC }, { type: 'text', text: 'answer' }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'result', cache_control: CC }] }] },
      { role: 'user', content: 'hi', cache_control: CC },
      { role: 'user', content: [{ type: 'text', text: '', cache_control: CC }, { type: 'text', text: 'Q' }] },
    ],
  });
  const ds = diagnostics(t);
  assert.equal(ds.length, 4);
  assert.ok(ds.every((d) => /Invalid cache_control placement/.test(d.message)));
  assert.match(ds[0].message, /thinking blocks cannot carry cache_control/);
  assert.match(ds[1].message, /sub-content blocks/);
  assert.match(ds[2].message, /message object/);
  assert.match(ds[3].message, /empty text block/);
  function diagnostics(text: string) {
    return expectFindings(text, R, Array(4).fill('"cache_control": {\n            "type": "ephemeral"\n          }').map((s, i) => (i === 2 ? s.replace(/\n {12}/g, '\n        ').replace(/\n {10}\}/, '\n      }') : i === 1 ? s.replace(/\n {12}/g, '\n                ').replace(/\n {10}\}/, '\n              }') : s)));
  }
});

test(`${R}: unknown type and ttl – squiggle on the value`, () => {
  const t = anthropic({ system: [{ type: 'text', text: prose(1500), cache_control: { type: 'persistent', ttl: '60m' } }] });
  expectFindings(t, R, ['"persistent"', '"60m"']);
});

test(`${R}: fields named cache_control inside a tool schema are data, not markers`, () => {
  const t = anthropic({ tools: [{ name: 'x', description: 'y', input_schema: { type: 'object', properties: { cache_control: { type: 'string' } } } }], system: prose(1500) });
  expectFindings(t, R, []);
});

test(`${R}: fixes – move off a thinking block, fix the ttl (round trips)`, () => {
  const t = anthropic({
    system: [{ type: 'text', text: prose(1500) }],
    messages: [
      { role: 'user', content: 'first' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 'sig', cache_control: CC }, { type: 'text', text: 'answer' }] },
      { role: 'user', content: 'next' },
    ],
  });
  const { fix } = roundTrip(t, R);
  assert.match(fix.title, /Move cache_control to assistant message 2, text block 2/);
  roundTrip(anthropic({ system: [{ type: 'text', text: prose(1500), cache_control: { type: 'ephemeral', ttl: '60m' } }] }), R);
  roundTrip(anthropic({ system: [{ type: 'text', text: prose(1500), cache_control: { type: 'persistent' } }] }), R);
});

test(`${R}: fix on a message-level marker moves it onto the content (string converted)`, () => {
  const t = anthropic({ system: [{ type: 'text', text: prose(1500) }], messages: [{ role: 'user', content: 'hi', cache_control: CC }] });
  const { fixed } = roundTrip(t, R, { textUnchanged: true });
  assert.match(fixed, /"content": \[\n\s+\{\n\s+"type": "text",\n\s+"text": "hi",\n\s+"cache_control": \{"type": "ephemeral"\}/);
});
