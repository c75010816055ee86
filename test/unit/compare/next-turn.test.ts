// simulateNextTurn: each dialect's chat loop, the moving breakpoint, the lookback under a tool fan-out.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { simulateNextTurn } from '../../../src/core/compare';

const ex = (f: string) => ({ text: readFileSync(`examples/${f}`, 'utf8'), fileName: f });

test('next turn: every conversation example still hits after a text reply', () => {
  const cases: [string, number][] = [
    ['anthropic-long-conversation.json', 4375],
    ['openai-support-agent.json', 1664],
    ['bedrock-converse-cachepoints.json', 7626],
    ['gemini-generate-content.json', 6428],
    ['openai-responses-gpt-5.6-breakpoints.json', 1506],
  ];
  for (const [f, read] of cases) {
    const t = simulateNextTurn(ex(f));
    assert.equal(t.supported, true, f);
    assert.equal(t.cachedTokensNextTurn, read, f);
    assert.equal(t.hits, true, f);
    assert.equal(t.comparison!.category, 'extended', f);
    assert.ok(t.inputTokensNextTurn > t.comparison!.inputTokens.a, f);
  }
});

test('next turn (anthropic): the breakpoint moves to the new last message; 18 parallel tools hit, 25 miss', () => {
  const t = simulateNextTurn(ex('anthropic-long-conversation.json'));
  const body = JSON.parse(t.text);
  const last = body.messages[body.messages.length - 1];
  assert.deepEqual(last.content[last.content.length - 1].cache_control, { type: 'ephemeral' });
  assert.equal(JSON.stringify(body.messages[body.messages.length - 3]).includes('cache_control'), false);
  // 2*n + 1 positions from the previous turn's end: n = 9 → 19 (< 20) hits, n = 10 → 21 misses.
  assert.equal(simulateNextTurn(ex('anthropic-long-conversation.json'), { fanOut: 9 }).hits, true);
  const wide = simulateNextTurn(ex('anthropic-long-conversation.json'), { fanOut: 10 });
  assert.equal(wide.hits, false);
  assert.equal(wide.comparison!.category, 'lookback-exceeded');
  assert.match(wide.summary, /the breakpoints miss/);
});

test('next turn: a prompt template or a non-request is not simulated (no throw)', () => {
  assert.equal(simulateNextTurn(ex('order-status.prompty')).supported, false);
  assert.equal(simulateNextTurn({ text: '[1,2', fileName: 'x.json' }).supported, false);
});
