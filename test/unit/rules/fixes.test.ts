import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, combineFixes, fixAll } from '../../../src/core/fixes';
import { refactoringsAt } from '../../../src/core/analyze';
import { analyze } from '../../../src/core/analyze';
import { anthropic, assertValidJson, diagnostics, prose } from './helpers';

test('fixes: applyEdits applies in offset order and rejects overlaps', () => {
  assert.equal(applyEdits('abcdef', [{ range: { start: 4, end: 5 }, newText: 'X' }, { range: { start: 1, end: 2 }, newText: 'YY' }]), 'aYYcdXf');
  assert.throws(() => applyEdits('abcdef', [{ range: { start: 1, end: 4 }, newText: '' }, { range: { start: 2, end: 3 }, newText: '' }]));
});

test('fixes: fix all repairs every fixable problem in one go, JSON stays valid', () => {
  const CC = { type: 'ephemeral' };
  const t = anthropic({
    system: [
      { type: 'text', text: 'Tiny.', cache_control: { type: 'ephemeral', ttl: 'forever' } },
      { type: 'text', text: prose(1500) },
    ],
    messages: [
      { role: 'user', content: 'hi', cache_control: CC },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'x', signature: 's', cache_control: CC }, { type: 'text', text: 'ok' }] },
      { role: 'user', content: 'q' },
    ],
  });
  const before = diagnostics(t).filter((d) => d.fixes?.length);
  assert.ok(before.length >= 3);
  const { edits } = combineFixes(before);
  assertValidJson(applyEdits(t, edits));
  const { text: fixed } = fixAll(t, (x) => diagnostics(x));
  assertValidJson(fixed);
  assert.deepEqual(diagnostics(fixed).filter((d) => d.fixes?.some((f) => f.kind === 'quickfix') && d.severity === 'error'), []);
});

test('fixes: "add cache_control here" refactoring on any block', () => {
  const t = anthropic({ system: [{ type: 'text', text: prose(200) }, { type: 'text', text: 'second' }] });
  const a = analyze(t, {});
  const at = t.indexOf('second');
  const fixes = refactoringsAt(a, at)!;
  assert.deepEqual(fixes.map((f) => [f.kind, f.title]), [
    ['refactor', 'Add cache_control to system block 2'],
    ['refactor', 'Add cache_control (1h) to system block 2'],
  ]);
  const out = applyEdits(t, fixes[0].edits);
  assertValidJson(out);
  assert.match(out, /"text": "second",\n      "cache_control": \{"type": "ephemeral"\}\n/);
  assert.deepEqual(refactoringsAt(a, 0), []);
  // Only the process that built the analysis holds its model: a copy (as after a thread hop) has none.
  assert.equal(refactoringsAt(structuredClone(a), at), undefined);
});
