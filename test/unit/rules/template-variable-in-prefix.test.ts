import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { anthropic, expectFindings, prose, roundTrip } from './helpers';

const R = 'template-variable-in-prefix';
const CC = { type: 'ephemeral' };

test(`${R}: placeholders inside a cached system block; time-like names called out`, () => {
  const t = anthropic({ system: [{ type: 'text', text: `Hello {{ user_name }}. It is {{current_date}}. ${prose(1400)}`, cache_control: CC }] });
  const ds = expectFindings(t, R, ['{{ user_name }}', '{{current_date}}']);
  assert.match(ds[1].message, /looks like a date\/time/);
  assert.doesNotMatch(ds[0].message, /looks like a date\/time/);
});

test(`${R}: not flagged after the last breakpoint or in the final user turn`, () => {
  const t = anthropic({
    system: [{ type: 'text', text: prose(1400), cache_control: CC }, { type: 'text', text: 'User: {{user_name}}' }],
    messages: [{ role: 'user', content: '{{question}}' }],
  });
  expectFindings(t, R, []);
});

test(`${R}: prompt template – a variable with static text after it`, () => {
  const text = `---\nmodel: gpt-4o\n---\nToday is {{today}}.\n${prose(800)}\nQuestion: {{question}}\n`;
  const a = analyze(text, { fileName: 'prompt.prompty' });
  const ds = a.diagnostics.filter((d) => d.code === R);
  assert.deepEqual(ds.map((d) => text.slice(d.range.start, d.range.end)), ['{{today}}']);
});

test(`${R}: fix splits before the placeholder (round trip)`, () => {
  const t = anthropic({ system: [{ type: 'text', text: `${prose(1400)} Context for {{ customer }}: ${prose(300, 'x')}`, cache_control: CC }] });
  roundTrip(t, R, { textUnchanged: true, title: /^Cache everything before/ });
});
