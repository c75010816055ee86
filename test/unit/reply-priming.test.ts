// OpenAI: the tokens that prime the reply are billed (prompt_tokens) but are not part of the cacheable
// prefix. A request of exactly minimum + priming tokens caches the minimum; one token less caches nothing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';

const body = (words: number) => JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: 'Rules:' + ' a'.repeat(words) }, { role: 'user', content: 'Hi' }] });

/** The body whose billed input is exactly `target` tokens (each " a" is one o200k token). */
function bodyOf(target: number): string {
  const base = analyze(body(0), { fileName: 'r.json' }).inputTokens;
  const text = body(target - base);
  assert.equal(analyze(text, { fileName: 'r.json' }).inputTokens, target);
  return text;
}

test('reply priming is billed but not cacheable: 1,027 input tokens cache 1,024, 1,026 cache nothing', () => {
  const at = (n: number) => analyze(bodyOf(n), { fileName: 'r.json' });
  const a = at(1027);
  const priming = a.segments.find((s) => s.id === 'reply-priming');
  assert.equal(priming?.tokens, 3);
  assert.equal(a.cache.cachedTokensOnRepeat, 1024);
  assert.equal(a.cache.cachedTokensNextCall, 1024);
  const b = at(1026);
  assert.equal(b.cache.cachedTokensOnRepeat, 0);
  assert.equal(b.cache.cachedTokensNextCall, 0);
  assert.ok(b.diagnostics.some((d) => d.code === 'below-automatic-minimum' && /prime the reply/.test(d.message)), 'the rule says why 1,026 tokens cache nothing');
  // 128-token steps are counted from the cacheable end too: 1,024 + 128 + 3 caches 1,152.
  assert.equal(at(1024 + 128 + 3).cache.cachedTokensOnRepeat, 1152);
  assert.equal(at(1024 + 128 + 2).cache.cachedTokensOnRepeat, 1024);
});
