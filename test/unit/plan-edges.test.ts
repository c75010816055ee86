// Edge cases of the request model and the plan found in review: a marker being typed, null markers,
// gateway marker placements, the write-only tint of automatic caching, values inside tool definitions,
// the automatic breakpoint's walk-back.
import test from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';

const prose = (n: number, tag = 'p') => Array.from({ length: n }, (_, i) => `Rule ${tag}${i}: agents answer in plain sentences and quote the order timeline. `).join('');
const CC = { type: 'ephemeral' };

test('a cache_control being typed (no value yet) does not stop the analysis', () => {
  for (const text of [
    '{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":[{"type":"text","text":"hi","cache_control": }]}]}',
    '{"model":"claude-sonnet-4-5","cache_control": ,"messages":[{"role":"user","content":"hi"}]}',
  ]) {
    const a = analyze(text, { fileName: 'a.json' });
    assert.equal(a.isRequest, true, a.problems.map((p) => p.message).join('; '));
    assert.ok(!a.problems.some((p) => /could not analyze/.test(p.message)));
  }
});

test('"cache_control": null is no marker: the request is not rejected', () => {
  const text = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, system: [{ type: 'text', text: prose(90), cache_control: CC }, { type: 'text', text: 'tail', cache_control: null }], messages: [{ role: 'user', content: 'hi' }] });
  const a = analyze(text, { fileName: 'a.json' });
  assert.equal(a.cache.rejected, undefined);
  assert.ok(a.cache.cachedTokensNextCall > 1024);
  assert.ok(!a.diagnostics.some((d) => d.code === 'invalid-breakpoint-target'));
});

test('gateway bodies: markers on a tool function object and on a message are accepted', () => {
  const tool = JSON.stringify({ model: 'anthropic/claude-sonnet-4.5', tools: [{ type: 'function', function: { name: 'f', description: prose(90), parameters: { type: 'object' }, cache_control: CC } }], messages: [{ role: 'user', content: 'hi' }] });
  const a = analyze(tool, { fileName: 'g.json' });
  assert.equal(a.dialect, 'openai-gateway');
  assert.equal(a.cache.rejected, undefined);
  assert.equal(a.cache.breakpoints.length, 1);
  assert.equal(a.cache.breakpoints[0].segmentId, 'tools[0]');
  const msg = JSON.stringify({ model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'system', content: prose(90), cache_control: CC }, { role: 'user', content: 'hi' }] });
  const b = analyze(msg, { fileName: 'g.json' });
  assert.equal(b.cache.rejected, undefined);
  assert.ok(b.cache.cachedTokensNextCall > 1024);
});

test('automatic caching: the text written but not read by the next call is tinted', () => {
  const text = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: `${prose(80)} Now: 2026-11-21T10:42:17Z. ${prose(80, 'q')}` }, { role: 'user', content: 'hi' }] });
  const a = analyze(text, { fileName: 'o.json' });
  assert.ok(a.cache.cachedTokensNextCall > 0 && a.cache.writeOnlyTokens > 0);
  assert.ok(a.cache.writeOnlyRanges.length > 0, 'write-only tokens without a tinted range');
  const start = a.cache.writeOnlyRanges[0].start;
  assert.ok(start >= a.cache.prefixEnd - 1 && start < text.indexOf('2026-11-21') + 1, 'the tint starts where the next call stops reading');
});

test('a value inside a tool definition is placed at the tool start (never later)', () => {
  const tools = [0, 1].map((i) => ({ type: 'function', function: { name: `t${i}`, description: i ? `Current time: 2026-11-21T10:42:17Z. ${prose(40)}` : prose(120), parameters: { type: 'object', properties: { a: { type: 'string', description: prose(5, `d${i}`) } } } } }));
  const a = analyze(JSON.stringify({ model: 'gpt-4o', tools, messages: [{ role: 'system', content: prose(40, 's') }, { role: 'user', content: 'hi' }] }), { fileName: 'o.json' });
  const tool1 = a.segments.flatMap((s) => s.children ?? [s]).find((s) => s.id === 'tools[1]')!;
  assert.equal(a.cache.nextCallCut?.tokenIndex, tool1.startTokens);
  assert.ok(a.cache.cachedTokensNextCall <= tool1.startTokens);
});

test('top-level automatic caching walks back over a final empty message', () => {
  const text = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, cache_control: CC, system: prose(90), messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: '' }] });
  const a = analyze(text, { fileName: 'a.json' });
  const auto = a.cache.breakpoints.find((b) => b.kind === 'automatic');
  assert.equal(auto?.segmentId, 'messages[0]');
});

test('gateway: removing a below-minimum message-level marker edits the message where it is written', () => {
  const text = JSON.stringify({ model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'system', content: 'Short rules.', cache_control: CC }, { role: 'user', content: 'hi' }] }, null, 2);
  const a = analyze(text, { fileName: 'g.json' });
  const d = a.diagnostics.find((x) => x.code === 'breakpoint-below-minimum');
  assert.ok(d, 'below-minimum is reported');
  const fix = d!.fixes?.find((f) => /Remove this breakpoint/.test(f.title));
  assert.ok(fix && fix.edits.length === 1, 'the remove fix has an edit');
  const e = fix!.edits[0];
  const out = text.slice(0, e.range.start) + e.newText + text.slice(e.range.end);
  const body = JSON.parse(out);
  assert.equal(body.messages[0].cache_control, undefined);
  assert.equal(body.messages[0].content, 'Short rules.');
});
