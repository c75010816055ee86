// A rule that throws does not hide the other findings and is not skipped in silence: the analysis carries a
// problem that names the rule.
import test from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { RULE_LIST } from '../../../src/core/rules';

test('a rule that throws is reported as a problem naming it; the other rules still run', () => {
  const text = JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 10, system: [{ type: 'text', text: 'Short.', cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: 'Hi' }] });
  const rule = RULE_LIST.find((r) => r.name === 'volatile-in-prefix')!;
  const original = rule.check;
  rule.check = () => {
    throw new Error('boom');
  };
  try {
    const a = analyze(text, { fileName: 'r.json' });
    const p = a.problems.find((x) => x.message.includes('volatile-in-prefix'));
    assert.ok(p, 'a problem names the failed rule');
    assert.equal(p!.severity, 'error');
    assert.match(p!.message, /boom/);
    assert.ok(a.diagnostics.some((d) => d.code === 'breakpoint-below-minimum'), 'the other rules still report');
  } finally {
    rule.check = original;
  }
  assert.ok(!analyze(text, { fileName: 'r.json' }).problems.some((x) => x.message.includes('failed')));
});
