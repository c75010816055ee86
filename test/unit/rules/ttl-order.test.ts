import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropic, expectFindings, prose, roundTrip } from './helpers';

const R = 'ttl-order';

const bad = () =>
  anthropic({
    system: [{ type: 'text', text: prose(1500), cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: [{ type: 'text', text: prose(300, 'doc'), cache_control: { type: 'ephemeral', ttl: '1h' } }, { type: 'text', text: 'Q?' }] }],
  });

test(`${R}: 1h after 5m – squiggle on the ttl value`, () => {
  const [d] = expectFindings(bad(), R, ['"1h"']);
  assert.match(d.message, /rejects the request/);
});

test(`${R}: 1h before 5m is fine; a 1h tool before a 5m system is fine`, () => {
  const t = anthropic({
    tools: [{ name: 't', description: 'd', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral', ttl: '1h' } }],
    system: [{ type: 'text', text: prose(1500), cache_control: { type: 'ephemeral', ttl: '5m' } }],
  });
  expectFindings(t, R, []);
});

test(`${R}: order follows tools → system → messages, not file order`, () => {
  const body = {
    model: 'claude-sonnet-4-5',
    max_tokens: 10,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }] }],
    system: [{ type: 'text', text: prose(1500), cache_control: { type: 'ephemeral', ttl: '1h' } }],
  };
  expectFindings(JSON.stringify(body, null, 2), R, []);
});

test(`${R}: fix makes the earlier breakpoints 1h (preferred) or this one 5m`, () => {
  const a = roundTrip(bad(), R);
  assert.match(a.fixed, /"cache_control": \{"type": "ephemeral", "ttl": "1h"\}/);
  const b = roundTrip(bad(), R, { title: /make this breakpoint 5m/ });
  assert.match(b.fixed, /"ttl": "5m"/);
});
