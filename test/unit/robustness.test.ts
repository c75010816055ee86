// Issue 12 reproducers: inputs that hung or crashed the analyzer, and fixes that produced invalid JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { applyFix } from '../../src/core/fixes';
import { assertValidJson } from './rules/helpers';

test('8,000 gateway breakpoints: bounded time, one finding whose fix leaves the 4 that save the most', () => {
  const messages = Array.from({ length: 8000 }, (_, i) => ({ role: 'user', content: [{ type: 'text', text: `block ${i} text`, cache_control: { type: 'ephemeral' } }] }));
  const text = JSON.stringify({ model: 'anthropic/claude-sonnet-4.5', messages });
  const t = performance.now();
  const a = analyze(text, { fileName: 'gw.json' });
  assert.ok(performance.now() - t < 20_000);
  const ds = a.diagnostics.filter((d) => d.code === 'too-many-breakpoints');
  assert.equal(ds.length, 1, 'one finding, not one per extra breakpoint');
  const fix = ds[0].fixes![0];
  assert.equal(fix.edits.length, 7996);
  const fixed = applyFix(text, fix);
  assertValidJson(fixed);
  assert.equal((fixed.match(/cache_control/g) ?? []).length, 4);
  assert.equal(analyze(fixed, { fileName: 'gw.json' }).diagnostics.filter((d) => d.code === 'too-many-breakpoints').length, 0);
});
