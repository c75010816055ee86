import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropic, expectFindings, prose, roundTrip, json } from './helpers';

const R = 'missing-breakpoint';

test(`${R}: a large stable system prompt and no cache_control`, () => {
  const t = anthropic({ system: [{ type: 'text', text: prose(1500) }] });
  const [d] = expectFindings(t, R, ['"type": "text"']);
  assert.match(d.message, /No cache_control in this request: the stable prefix \([\d,]+ tokens through system block 1\) clears the 1,024-token minimum/);
  assert.match(d.message, /\$/);
});

test(`${R}: not below the minimum, not when any cache_control exists`, () => {
  expectFindings(anthropic({ system: 'Short system prompt.' }), R, []);
  expectFindings(anthropic({ system: prose(1500), extra: { cache_control: { type: 'ephemeral' } } }), R, []);
});

test(`${R}: fix adds cache_control to the last stable block (string system converted, round trip)`, () => {
  const t = anthropic({ system: prose(1500) });
  const { fixed } = roundTrip(t, R, { textUnchanged: true });
  assert.match(fixed, /"system": \[\n    \{\n      "type": "text",\n      "text": "The handbook/);
});

test(`${R}: fix keeps tab indentation`, () => {
  const t = json({ model: 'claude-sonnet-4-5', max_tokens: 10, system: [{ type: 'text', text: prose(1500) }], messages: [{ role: 'user', content: 'hi' }] }, '\t');
  const { fixed } = roundTrip(t, R);
  assert.match(fixed, /\n\t\t\t"cache_control": \{"type": "ephemeral"\}\n\t\t\}/);
});

test(`${R}: alternative fix – automatic caching (round trip)`, () => {
  const t = anthropic({ system: [{ type: 'text', text: prose(1500) }] });
  const { fixed } = roundTrip(t, R, { title: /automatic caching/ });
  assert.match(fixed, /"max_tokens": 1024,\n  "cache_control": \{"type": "ephemeral"\},/);
});

test(`${R}: OpenRouter (gateway) request with a system message`, () => {
  const t = json({ model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'system', content: prose(1500) }, { role: 'user', content: 'Q?' }] });
  expectFindings(t, R, ['"content"']);
  roundTrip(t, R, { textUnchanged: true });
});
