// Gateways and other providers through the Chat Completions body, by model and route
// (src/core/dialects/gateway/route.ts, src/core/cache/prefixUnits.ts, src/core/cache/lastBreakpoint.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../src/core';
import { resolveModel } from '../../src/core/models';
import { prefixUnitEnds, prefixUnitSnap } from '../../src/core/cache/prefixUnits';
import { json, prose } from './rules/helpers';

const CC = { type: 'ephemeral' };
const ex = (f: string) => analyze(readFileSync(`examples/${f}`, 'utf8'), { fileName: f });

// ── DashScope / Qwen ──────────────────────────────────────────────────────────────────────────────────
test('Qwen: cache_control markers switch the request to the explicit cache (breakpoints, 1,024 minimum, 1.25x / 0.1x)', () => {
  const a = ex('dashscope-qwen-explicit-cache.json');
  assert.equal(a.provider, 'alibaba');
  assert.equal(a.model.profileId, 'qwen-plus');
  assert.equal(a.cache.family, 'breakpoints');
  assert.equal(a.cache.minimumTokens, 1024);
  assert.equal(a.cache.breakpoints.length, 2);
  assert.ok(a.cache.cachedTokensNextCall > 4000);
  assert.ok(a.cache.notes.some((n) => /DashScope explicit cache: this request carries 2 cache_control markers.*one mode per request/.test(n)));
  assert.ok(!a.cache.notes.some((n) => /ignored by OpenAI/.test(n)));
  assert.equal(a.cost?.prices.cacheWrite5m, 0.5);
  assert.equal(a.cost?.prices.cacheRead, 0.04);
});

test('Qwen: without markers the implicit cache applies (automatic, 256 minimum, read 0.2x)', () => {
  const a = analyze(json({ model: 'qwen-plus', messages: [{ role: 'system', content: prose(600) }, { role: 'user', content: 'Hi' }] }), { fileName: 'q.json' });
  assert.equal(a.cache.family, 'automatic');
  assert.equal(a.cache.minimumTokens, 256);
  assert.equal(a.cost?.prices.cacheRead, 0.08);
  assert.ok(a.cache.notes.some((n) => /DashScope implicit cache: no cache_control marker/.test(n)));
});

test('Qwen: a fifth marker is refused (at most 4), and the 20-block lookback applies', () => {
  const parts = Array.from({ length: 5 }, (_, k) => ({ type: 'text', text: prose(300, `p${k}`), cache_control: CC }));
  const five = analyze(json({ model: 'qwen-max', messages: [{ role: 'system', content: parts }, { role: 'user', content: 'Hi' }] }), { fileName: 'q.json' });
  assert.match(five.cache.rejected ?? '', /5 cache_control breakpoints, more than the 4/);
  const resultBlocks = Array.from({ length: 11 }, (_, k) => ({ type: 'text', text: `result ${k}`, ...(k === 10 ? { cache_control: CC } : {}) }));
  const wide = analyze(
    json({
      model: 'qwen-max',
      messages: [
        { role: 'system', content: [{ type: 'text', text: prose(1500), cache_control: CC }] },
        { role: 'user', content: 'Go.' },
        { role: 'assistant', content: Array.from({ length: 11 }, (_, k) => ({ type: 'text', text: `step ${k}` })) },
        { role: 'user', content: resultBlocks },
      ],
    }),
    { fileName: 'q.json' },
  );
  assert.ok(wide.diagnostics.some((d) => d.code === 'lookback-exceeded'));
});

test('Qwen, Grok, DeepSeek, Kimi: tiktoken counts are estimates that name the method; OpenAI stays exact', () => {
  const body = (model: string) => json({ model, messages: [{ role: 'system', content: prose(200) }, { role: 'user', content: 'Hi' }] });
  for (const [model, who] of [['qwen-plus', 'Qwen'], ['grok-4.7', 'Grok'], ['deepseek-v4-pro', 'DeepSeek'], ['kimi-k2.5', 'Kimi']]) {
    const a = analyze(body(model), { fileName: 'x.json' });
    assert.equal(a.exact, false, model);
    assert.match(a.tokenizer, new RegExp(`^estimate: tiktoken o200k_base \\(${who}'s own tokenizer is not tiktoken\\)$`), model);
    assert.ok(a.segments.every((s) => !s.exact), model);
  }
  assert.equal(analyze(body('gpt-4o'), { fileName: 'x.json' }).exact, true);
});

// ── DeepSeek V4 prefix units ──────────────────────────────────────────────────────────────────────────
test('DeepSeek: a read snaps to whole prefix units (end of a user input or model reply), not to 64-token steps', () => {
  const a = ex('deepseek-multi-turn.json');
  // The date ends the system prompt: no unit ends before it, so the next call reads nothing at all
  // (OpenAI rules would read the ~4,000-token guide before it).
  assert.equal(a.cache.cachedTokensNextCall, 0);
  assert.ok(a.cache.cachedTokensOnRepeat > 4000);
  assert.ok(a.cache.notes.some((n) => /DeepSeek V4 caches whole prefix units/.test(n)));
  // A prefix that stops inside the second user message (a change there): the read snaps down to the end of the
  // first reply, a whole unit, not to a 64-token step. (Earlier messages are history and do not change between
  // turns, so the engine itself never cuts there; the snap is checked on the request's own units.)
  const b = analyze(
    json({
      model: 'deepseek-v4-pro',
      messages: [
        { role: 'system', content: prose(800) },
        { role: 'user', content: 'First question about the loop.' },
        { role: 'assistant', content: 'First answer, with some detail about the loop.' },
        { role: 'user', content: 'Second question, a longer one that carries many more words than the first one did.' },
        { role: 'assistant', content: 'Second answer.' },
        { role: 'user', content: 'Third question.' },
      ],
    }),
    { fileName: 'd.json' },
  );
  const units = b.segments;
  const reply = units.find((s) => s.id === 'messages[2]')!;
  const second = units.find((s) => s.id === 'messages[3]')!;
  const snap = prefixUnitSnap(units, resolveModel('deepseek-v4-pro')!.minimumTokens, b.inputTokens);
  assert.equal(snap(second.cumulativeTokens - 5), reply.cumulativeTokens);
  assert.equal(snap(second.cumulativeTokens), second.cumulativeTokens);
});

test('DeepSeek: prefix unit ends are the ends of replies and of the input before each reply', () => {
  const u = (messageIndex: number, role: string, cumulativeTokens: number) => ({ id: `m${messageIndex}`, section: 'messages', messageIndex, role, cumulativeTokens }) as never;
  const ends = prefixUnitEnds([u(0, 'system', 100), u(1, 'user', 120), u(2, 'assistant', 150), u(3, 'tool', 170), u(4, 'tool', 190), u(5, 'assistant', 200), u(6, 'user', 230)]);
  assert.deepEqual(ends, [120, 150, 190, 200]);
});

// ── xAI ───────────────────────────────────────────────────────────────────────────────────────────────
test('xAI: automatic without 128-token steps, and the x-grok-conv-id routing a file cannot show', () => {
  const a = analyze(json({ model: 'grok-4.7', messages: [{ role: 'system', content: prose(300) }, { role: 'user', content: 'Hi' }] }), { fileName: 'x.json' });
  assert.equal(a.cache.incrementTokens, 1);
  assert.equal(resolveModel('grok-4.7')!.incrementTokens, 1);
  assert.ok(a.cache.cachedTokensOnRepeat > 0 && a.cache.cachedTokensOnRepeat % 128 !== 0);
  assert.ok(a.cache.notes.some((n) => /x-grok-conv-id header .* a request file cannot show headers/.test(n)));
});

// ── OpenRouter ────────────────────────────────────────────────────────────────────────────────────────
test('OpenRouter → Gemini: cache_control becomes explicit caching of the last breakpoint only', () => {
  const a = ex('openrouter-gemini-cache-control.json');
  assert.equal(a.provider, 'google');
  assert.equal(a.cache.family, 'breakpoints');
  assert.equal(a.cache.minimumTokens, 4096);
  assert.ok(a.cache.cachedTokensNextCall > 4096);
  assert.ok(a.cache.notes.some((n) => /OpenRouter converts cache_control for Gemini into explicit caching: only the last breakpoint/.test(n)));
  // write = input + 5 minutes of Pro storage ($4.50/MTok/hour)
  assert.ok(Math.abs((a.cost?.prices.cacheWrite5m ?? 0) - (1.25 + 4.5 / 12)) < 1e-6);
  const two = analyze(
    json({
      model: 'google/gemini-2.5-flash',
      provider: { order: ['google-ai-studio'] },
      messages: [{ role: 'system', content: [{ type: 'text', text: prose(5000), cache_control: CC }, { type: 'text', text: prose(300, 'b'), cache_control: CC }] }, { role: 'user', content: 'Hi' }],
    }),
    { fileName: 'g.json' },
  );
  assert.equal(two.cache.breakpoints.length, 1);
  assert.equal(two.cache.breakpoints[0].segmentId, 'messages[0].content[1]');
});

test('OpenRouter → GPT-5.6: markers are converted to prompt_cache_breakpoint; the rules follow the target row', () => {
  const body = json({ model: 'openai/gpt-5.6-sol', messages: [{ role: 'system', content: [{ type: 'text', text: prose(1500), cache_control: CC }] }, { role: 'user', content: 'Hi' }] });
  const a = analyze(body, { fileName: 'o.json' });
  assert.equal(a.model.profileId, 'gpt-5.6-sol');
  assert.equal(a.cache.family, resolveModel('gpt-5.6-sol')!.family);
  assert.ok(a.cache.notes.some((n) => /converts cache_control to GPT-5.6 prompt_cache_breakpoint blocks: the rules are those of the gpt-5.6-sol row/.test(n)));
  assert.ok(!a.cache.notes.some((n) => /ignored by OpenAI models/.test(n)));
  assert.equal(a.exact, true);
});

test('OpenRouter → Anthropic: a top-level cache_control is automatic caching', () => {
  const tools = [{ type: 'function', function: { name: 'lookup_order', description: 'Look up an order', parameters: { type: 'object', properties: { id: { type: 'string' } } } } }];
  const a = analyze(json({ model: 'anthropic/claude-sonnet-4.5', cache_control: CC, tools, messages: [{ role: 'system', content: prose(1500) }, { role: 'user', content: [{ type: 'text', text: 'Hi' }] }] }), { fileName: 'a.json' });
  assert.equal(a.dialect, 'openai-gateway');
  assert.equal(a.cache.breakpoints.length, 1);
  assert.equal(a.cache.breakpoints[0].kind, 'automatic');
  assert.ok(a.cache.cachedTokensOnRepeat > 1024);
});

test('Qwen: markers that cache nothing also switch off the implicit cache (explicit-cache-disables-implicit)', () => {
  const body = (cc: boolean) => json({ model: 'qwen-plus', messages: [{ role: 'system', content: [{ type: 'text', text: prose(600), ...(cc ? { cache_control: CC } : {}) }] }, { role: 'user', content: 'Hi' }] });
  const a = analyze(body(true), { fileName: 'q.json' });
  const d = a.diagnostics.find((x) => x.code === 'explicit-cache-disables-implicit');
  assert.ok(d, 'finding');
  assert.match(d!.message, /no marker closes a prefix of at least 1,024 tokens: nothing is cached\. Without the markers the implicit cache could read up to [\d,]+ tokens at 0\.2×/);
  assert.equal(d!.fixes?.[0].title, 'Remove the cache_control markers (use the implicit cache)');
  // the same body without the marker: implicit cache, no finding, something read
  const b = analyze(body(false), { fileName: 'q.json' });
  assert.ok(b.cache.cachedTokensOnRepeat > 256);
  assert.ok(!b.diagnostics.some((x) => x.code === 'explicit-cache-disables-implicit'));
  // a marker past 1,024 tokens: the explicit cache works, no finding
  const ok = ex('dashscope-qwen-explicit-cache.json');
  assert.ok(!ok.diagnostics.some((x) => x.code === 'explicit-cache-disables-implicit'));
});
