// GPT-5.6+ caching (family 'openai-breakpoints'), Chat Completions and Responses: implicit mode's managed
// breakpoint, explicit prompt_cache_breakpoint blocks, at most 4 writes, exact match at a breakpoint (no
// 128-token rounding, no fallback), 1,024 minimum, writes at 1.25x, ttl + prompt_cache_retention rejected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';
import type { Analysis, Segment } from '../../src/core/types';

const BP = { mode: 'explicit' };
const prose = (n: number, tag = 'p') => Array.from({ length: n }, (_, i) => `Rule ${tag}${i}: agents answer in plain sentences and quote the order timeline. `).join('');
const run = (body: object): Analysis => analyze(JSON.stringify(body, null, 2), { fileName: 'req.json' });
const unit = (a: Analysis, id: string): Segment => a.segments.flatMap((s) => [s, ...(s.children ?? [])]).find((s) => s.id === id)!;
const chat = (extra: object, messages: unknown[]) => ({ model: 'gpt-5.6', messages, ...extra });
const SYS = (bp = false) => ({ role: 'system', content: [{ type: 'text', text: prose(120), ...(bp ? { prompt_cache_breakpoint: BP } : {}) }] });

test('gpt-5.6 resolves to the GPT-5.6+ family (not gpt-4o rules)', () => {
  const a = run(chat({}, [SYS(), { role: 'user', content: 'Hi' }]));
  assert.equal(a.model.known, true);
  assert.equal(a.model.profileId, 'gpt-5.6');
  assert.equal(a.cache.family, 'openai-breakpoints');
  assert.equal(a.cache.minimumTokens, 1024);
});

test('explicit mode without a breakpoint: nothing is cached (the automatic rules said everything was)', () => {
  const a = run(chat({ prompt_cache_options: { mode: 'explicit' } }, [SYS(), { role: 'user', content: 'Hi' }]));
  assert.ok(a.inputTokens > 1024);
  assert.equal(a.cache.cachedTokensOnRepeat, 0);
  assert.equal(a.cache.cachedTokensNextCall, 0);
  assert.equal(a.cache.writtenTokens, 0);
  assert.equal(a.cost!.nextCall, a.cost!.uncachedCall);
  assert.ok(a.cache.notes.some((n) => /no prompt_cache_breakpoint: nothing is cached/.test(n)), a.cache.notes.join('\n'));
  const d = a.diagnostics.find((x) => x.code === 'openai-explicit-without-breakpoint');
  assert.ok(d, a.diagnostics.map((x) => x.code).join());
  assert.match(d!.message, new RegExp(`all ${a.inputTokens.toLocaleString('en-US')} tokens`));
});

test('explicit breakpoint: the read ends exactly at the marked block (no 128-token rounding)', () => {
  const a = run(chat({ prompt_cache_options: { mode: 'explicit' } }, [SYS(true), { role: 'user', content: 'Hi' }]));
  const sys = unit(a, 'messages[0].content[0]');
  assert.equal(a.cache.cachedTokensOnRepeat, sys.cumulativeTokens);
  assert.notEqual(sys.cumulativeTokens % 128, 0, 'fixture: the boundary is not a multiple of 128');
  assert.deepEqual(a.cache.breakpoints.map((b) => [b.segmentId, b.kind, b.ttl]), [['messages[0].content[0]', 'explicit', '30m']]);
});

test('implicit mode (default): one managed breakpoint at the end of the newest user or tool message', () => {
  const a = run(chat({}, [SYS(), { role: 'user', content: 'Where is my order?' }, { role: 'assistant', content: 'Which one?' }]));
  // The newest eligible message is the user message, not the assistant reply after it.
  const user = unit(a, 'messages[1]');
  assert.deepEqual(a.cache.breakpoints.map((b) => [b.segmentId, b.kind]), [['messages[1]', 'implicit']]);
  assert.equal(a.cache.cachedTokensOnRepeat, user.cumulativeTokens);
  // The managed entry ends after the user message: a different question would read nothing from it.
  assert.ok(a.cache.notes.some((n) => /a call whose last message differs reads nothing.*system message 1, text part 1/.test(n)), a.cache.notes.join('\n'));
  const withBp = run(chat({}, [SYS(true), { role: 'user', content: 'Where is my order?' }]));
  assert.ok(!withBp.cache.notes.some((n) => /last message differs/.test(n)), 'an explicit breakpoint on the stable part: no warning');
  const tool = run(
    chat({ tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }] }, [
      SYS(),
      { role: 'user', content: 'Order 12?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'shipped' },
    ]),
  );
  assert.equal(tool.cache.breakpoints.at(-1)!.segmentId, 'messages[3]');
});

test('exact match, no fallback: a breakpoint below 1,024 caches nothing even when the prompt is longer', () => {
  const a = run(chat({ prompt_cache_options: { mode: 'explicit' } }, [{ role: 'system', content: [{ type: 'text', text: 'Short.', prompt_cache_breakpoint: BP }] }, { role: 'user', content: prose(150) }]));
  assert.ok(a.inputTokens > 1024);
  assert.equal(a.cache.cachedTokensOnRepeat, 0);
  assert.ok(a.diagnostics.some((d) => d.code === 'openai-breakpoint-below-minimum'));
});

test('at most 4 writes: explicit mode writes the latest 4, implicit mode the managed one + the latest 3', () => {
  // Every block alone clears the minimum, so "not written" is the slot rule, not the minimum.
  const blocks = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'text', text: prose(90, `b${i}`), prompt_cache_breakpoint: BP }));
  const exp = run(chat({ prompt_cache_options: { mode: 'explicit' } }, [{ role: 'system', content: blocks(5) }, { role: 'user', content: 'Hi' }]));
  assert.ok(exp.cache.breakpoints.every((b) => b.meetsMinimum));
  assert.deepEqual(exp.cache.breakpoints.map((b) => b.writeTokens > 0), [false, true, true, true, true]);
  assert.equal(exp.cache.breakpoints.filter((b) => b.writeTokens > 0).length, 4);
  assert.deepEqual(exp.diagnostics.filter((d) => d.code === 'openai-too-many-writes').length, 1);
  const imp = run(chat({}, [{ role: 'system', content: blocks(4) }, { role: 'user', content: 'Hi' }]));
  assert.equal(imp.cache.breakpoints.length, 5);
  assert.equal(imp.cache.breakpoints[0].writeTokens, 0, 'the earliest explicit one is not written in implicit mode');
  assert.equal(imp.cache.breakpoints.filter((b) => b.writeTokens > 0).length, 4);
  assert.equal(imp.diagnostics.filter((d) => d.code === 'openai-too-many-writes').length, 1);
  // Four explicit in explicit mode: all written, no finding.
  const four = run(chat({ prompt_cache_options: { mode: 'explicit' } }, [{ role: 'system', content: blocks(4) }, { role: 'user', content: 'Hi' }]));
  assert.equal(four.diagnostics.filter((d) => d.code === 'openai-too-many-writes').length, 0);
});

test('writes cost 1.25x input and reads 0.1x (the row\'s prices)', () => {
  const a = run(chat({ prompt_cache_options: { mode: 'explicit' } }, [SYS(true), { role: 'user', content: 'Hi' }]));
  const p = a.cost!.prices;
  const w = a.cache.writtenTokens;
  assert.ok(w > 1024);
  assert.ok(Math.abs(a.cost!.firstCall - (w * p.input * 1.25 + (a.inputTokens - w) * p.input) / 1e6) < 1e-12);
  assert.ok(Math.abs(a.cost!.nextCall - (w * p.input * 0.1 + (a.inputTokens - w) * p.input) / 1e6) < 1e-12);
});

test('prompt_cache_options.ttl with prompt_cache_retention: rejected, error finding with a removal fix', () => {
  const a = run(chat({ prompt_cache_options: { ttl: '30m' }, prompt_cache_retention: '24h' }, [SYS(), { role: 'user', content: 'Hi' }]));
  assert.match(a.cache.rejected ?? '', /both sent/);
  assert.equal(a.cache.cachedTokensOnRepeat, 0);
  const d = a.diagnostics.find((x) => x.code === 'openai-ttl-with-retention')!;
  assert.equal(d.severity, 'error');
  assert.ok(d.fixes?.[0].edits.length);
  // prompt_cache_options without a ttl and prompt_cache_retention: not rejected.
  const ok = run(chat({ prompt_cache_options: { mode: 'implicit' }, prompt_cache_retention: '24h' }, [SYS(), { role: 'user', content: 'Hi' }]));
  assert.equal(ok.cache.rejected, undefined);
});

test('a breakpoint on assistant content: rejected, error finding', () => {
  const a = run(chat({}, [SYS(), { role: 'user', content: 'Hi' }, { role: 'assistant', content: [{ type: 'text', text: 'Hello', prompt_cache_breakpoint: BP }] }, { role: 'user', content: 'More' }]));
  assert.ok(a.cache.rejected);
  assert.ok(a.diagnostics.some((d) => d.code === 'openai-breakpoint-on-assistant' && d.severity === 'error'));
});

test('Responses: explicit breakpoints on input_text parts and a managed breakpoint on a function_call_output', () => {
  const exp = run({
    model: 'gpt-5.6',
    instructions: 'Be brief.',
    input: [
      { role: 'developer', content: [{ type: 'input_text', text: prose(120), prompt_cache_breakpoint: BP }] },
      { role: 'user', content: [{ type: 'input_text', text: 'Where is order 12?' }] },
    ],
    prompt_cache_options: { mode: 'explicit', ttl: '30m' },
  });
  assert.equal(exp.dialect, 'openai-responses');
  assert.deepEqual(exp.cache.breakpoints.map((b) => [b.segmentId, b.kind]), [['input[0].content[0]', 'explicit']]);
  assert.equal(exp.cache.cachedTokensOnRepeat, unit(exp, 'input[0].content[0]').cumulativeTokens);
  const imp = run({
    model: 'gpt-5.6-luna',
    instructions: prose(120),
    input: [
      { role: 'user', content: 'Order 12?' },
      { type: 'function_call', call_id: 'c1', name: 'lookup', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c1', output: 'shipped' },
    ],
  });
  assert.deepEqual(imp.cache.breakpoints.map((b) => [b.segmentId, b.kind]), [['input[2]', 'implicit']]);
  assert.equal(imp.cache.cachedTokensOnRepeat, unit(imp, 'input[2]').cumulativeTokens);
});

test('earlier models keep the automatic rules and say the GPT-5.6 fields do nothing', () => {
  const a = run({ model: 'gpt-5.4', prompt_cache_options: { mode: 'explicit' }, messages: [SYS(true), { role: 'user', content: 'Hi' }] });
  assert.equal(a.cache.family, 'automatic');
  assert.equal(a.cache.incrementTokens, 128);
  assert.ok(a.cache.cachedTokensOnRepeat > 0 && a.cache.cachedTokensOnRepeat % 128 === 0);
  assert.ok(a.cache.notes.some((n) => /GPT-5\.6\+ fields/.test(n)), a.cache.notes.join('\n'));
  assert.ok(!a.diagnostics.some((d) => d.code.startsWith('openai-')));
});

test('GPT-6 rows: known, GPT-5.6+ caching, but the tokenizer is assumed: counts are estimates', () => {
  const a = run({ model: 'gpt-6-sol', messages: [{ role: 'user', content: 'Hi' }] });
  assert.equal(a.model.known, true);
  assert.equal(a.cache.family, 'openai-breakpoints');
  assert.equal(a.exact, false);
  assert.match(a.tokenizer, /assumed/);
  const b = run({ model: 'gpt-5.6', messages: [{ role: 'user', content: 'Hi' }] });
  assert.equal(b.exact, true);
});

test('fixes: adding the breakpoint at the last stable block removes the finding and caches the prefix', async () => {
  const { applyFix } = await import('../../src/core/fixes');
  const text = JSON.stringify(chat({ prompt_cache_options: { mode: 'explicit' } }, [{ role: 'system', content: prose(120) }, { role: 'user', content: 'Hi' }]), null, 2);
  const a = analyze(text, { fileName: 'req.json' });
  const d = a.diagnostics.find((x) => x.code === 'openai-explicit-without-breakpoint')!;
  assert.match(d.fixes![0].title, /Add a prompt_cache_breakpoint on system message 1/);
  const fixed = applyFix(text, d.fixes![0]);
  JSON.parse(fixed);
  const b = analyze(fixed, { fileName: 'req.json' });
  assert.ok(!b.diagnostics.some((x) => x.code === 'openai-explicit-without-breakpoint'));
  assert.ok(b.cache.cachedTokensOnRepeat > 1024);
  // The switch-to-implicit fix also caches.
  const c = analyze(applyFix(text, d.fixes![1]), { fileName: 'req.json' });
  assert.ok(c.cache.cachedTokensOnRepeat > 1024);
  // Remove-fixes of the other rules keep the JSON valid and clear their finding.
  for (const [body, code] of [
    [chat({ prompt_cache_options: { ttl: '30m' }, prompt_cache_retention: '24h' }, [SYS(), { role: 'user', content: 'Hi' }]), 'openai-ttl-with-retention'],
    [chat({}, [SYS(), { role: 'user', content: 'Hi' }, { role: 'assistant', content: [{ type: 'text', text: 'Hello', prompt_cache_breakpoint: BP }] }, { role: 'user', content: 'More' }]), 'openai-breakpoint-on-assistant'],
  ] as const) {
    const t = JSON.stringify(body, null, 2);
    const f = analyze(t, { fileName: 'req.json' }).diagnostics.find((x) => x.code === code)!.fixes![0];
    const t2 = applyFix(t, f);
    JSON.parse(t2);
    assert.ok(!analyze(t2, { fileName: 'req.json' }).diagnostics.some((x) => x.code === code), code);
  }
});
