import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropic, expectFindings, openai, prose, roundTrip } from './helpers';

const R = 'volatile-in-prefix';
const CC = { type: 'ephemeral' };

test(`${R}: timestamp inside a cached system block, squiggle on the value only`, () => {
  const t = anthropic({ system: [{ type: 'text', text: `${prose(1400)}Current time: 2025-03-04T10:15:30Z. ${prose(400, 'tail')}`, cache_control: CC }] });
  const [d] = expectFindings(t, R, ['2025-03-04T10:15:30Z']);
  assert.match(d.message, /the next call cannot read [\d,]+ tokens that an identical repeat would read from cache and pays full price for them/);
  assert.match(d.message, /\$/);
});

test(`${R}: uuid, request id and "today is" in a string system before a breakpoint on the user turn`, () => {
  const t = anthropic({
    system: `Request id: 7f3c9a2e-4b1d-4e8a-9c6f-2d5e8b7a1c34. Today is Tuesday, March 4. session_id=abc123def\n${prose(1500)}`,
    messages: [{ role: 'user', content: [{ type: 'text', text: prose(300, 'doc'), cache_control: CC }, { type: 'text', text: 'Question?' }] }],
  });
  // One root cause (one block): one diagnostic on the first value, the others as related information.
  const [d] = expectFindings(t, R, ['7f3c9a2e-4b1d-4e8a-9c6f-2d5e8b7a1c34']);
  assert.deepEqual(d.related?.map((r) => t.slice(r.range.start, r.range.end)).slice(0, 2), ['Tuesday, March 4', 'abc123def']);
});

test(`${R}: escapes in the source – the range still covers exactly the value`, () => {
  const t = anthropic({ system: [{ type: 'text', text: `${prose(1300)}\n\t"quoted"\nts=1741083330 ${prose(200)}`, cache_control: CC }] });
  expectFindings(t, R, ['1741083330']);
});

test(`${R}: nothing when the value is in the final user turn, or after the last breakpoint`, () => {
  const t = anthropic({
    system: [{ type: 'text', text: prose(1500), cache_control: CC }],
    messages: [{ role: 'user', content: 'It is 2025-03-04T10:15:30Z now, what is open?' }],
  });
  expectFindings(t, R, []);
  const t2 = anthropic({ system: [{ type: 'text', text: prose(1500), cache_control: CC }, { type: 'text', text: 'Now: 2025-03-04T10:15:30Z' }] });
  expectFindings(t2, R, []);
});

test(`${R}: custom patterns from settings`, () => {
  const t = anthropic({ system: [{ type: 'text', text: `${prose(1300)} build #4711 ${prose(200)}`, cache_control: CC }] });
  expectFindings(t, R, []);
  expectFindings(t, R, ['#4711'], { volatilePatterns: ['#\\d+'] });
});

test(`${R}: OpenAI automatic caching – a timestamp early in the system message`, () => {
  const t = openai({ messages: [{ role: 'system', content: `Now: 2025-03-04T10:15:30Z. ${prose(1500)}` }, { role: 'user', content: 'hi' }] });
  const [d] = expectFindings(t, R, ['2025-03-04T10:15:30Z']);
  // No breakpoint to add (automatic caching): the one fix moves the value out of the prefix.
  assert.deepEqual(d.fixes?.map((f) => [f.title, f.isPreferred]), [['Move "Now: 2025-03-04T10:15:30Z." to the end of the newest user message (out of the cached prefix; the model sees it later in the prompt)', true]]);
});

test(`${R}: fix "cache everything before this value" – split, text unchanged, round trip`, () => {
  const t = anthropic({ system: [{ type: 'text', text: `${prose(1400)}Current time: 2025-03-04T10:15:30Z. ${prose(400, 'tail')}`, cache_control: CC }] });
  const { fixed } = roundTrip(t, R, { textUnchanged: true, title: /^Cache everything before/ });
  assert.match(fixed, /"cache_control": \{"type": "ephemeral"\}\n    \},\n    \{\n      "type": "text",\n      "text": "2025-03-04T10:15:30Z/);
});

test(`${R}: fix on a string system converts it to blocks; later breakpoints are removed`, () => {
  const t = anthropic({
    system: `${prose(1400)}Now: 2025-03-04T10:15:30Z`,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello', cache_control: CC }, { type: 'text', text: 'Question?' }] }],
  });
  const { fixed } = roundTrip(t, R, { textUnchanged: true, title: /^Cache everything before/ });
  assert.equal((fixed.match(/cache_control/g) ?? []).length, 1);
});

test(`${R}: value at the start of a block – the breakpoint goes on the previous block`, () => {
  const t = anthropic({
    system: [{ type: 'text', text: prose(1400) }, { type: 'text', text: `2025-03-04T10:15:30Z ${prose(300)}`, cache_control: CC }],
  });
  const { fix } = roundTrip(t, R, { textUnchanged: true, title: /^Cache everything before/ });
  assert.match(fix.title, /cache_control on system block 1/);
});
