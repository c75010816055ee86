// Engine behaviour: recognition, segments and source ranges (through escapes), the cache plan for both
// families, templates, JSONL, bad input, and a fuzz test over mutated requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { analyze, detectRequest, LineIndex } from '../../src/core';
import { leaves } from '../../src/core/request/units';
import { countTokens } from '../../src/core/tokens/encoding';
import type { Analysis, OffsetRange, Segment } from '../../src/core/types';
import { loadTreeSitter } from '../../src/host/treeSitter';

const sentence = (i: number) => `Rule ${i}: agents answer in plain sentences and quote the order timeline instead of guessing. `;
const longText = (n: number) => Array.from({ length: n }, (_, i) => sentence(i)).join('');

function openai(system: string, user = 'Where is my order?', model = 'gpt-4o') {
  return JSON.stringify({ model, messages: [{ role: 'system', content: system }, { role: 'user', content: user }] }, null, 2);
}

function allRanges(a: Analysis): OffsetRange[] {
  const out: OffsetRange[] = [];
  const walk = (segs: Segment[]) => segs.forEach((s) => { out.push(s.range, ...s.spans.map((x) => x.range)); if (s.cacheControl) out.push(s.cacheControl.range); if (s.children) walk(s.children); });
  walk(a.segments);
  out.push(...a.cache.readRanges, ...a.cache.writeOnlyRanges, ...a.cache.breakpoints.map((b) => b.range), ...a.diagnostics.map((d) => d.range));
  for (const p of a.problems) if (p.range) out.push(p.range);
  return out;
}

test('recognises requests and leaves other JSON alone', () => {
  assert.equal(detectRequest(readFileSync('package.json', 'utf8'), 'package.json').kind, 'none');
  assert.equal(detectRequest(readFileSync('tsconfig.json', 'utf8'), 'tsconfig.json').kind, 'none');
  assert.equal(detectRequest(openai('hi'), 'req.json').kind, 'request');
  assert.equal(detectRequest('{"system":"x","messages":[],"model":"claude-sonnet-4-5"}', 'a.jsonc').kind, 'request');
  assert.equal(detectRequest('{"messages":[{"role":"user","content":"hi"}]}', 'nomodel.json').kind, 'request');
  assert.equal(detectRequest('{"messages": "not chat"}', 'x.json').kind, 'none');
  assert.equal(detectRequest('anything {{x}}', 'greeting.prompt.md').kind, 'prompt');
  assert.equal(detectRequest('---\nmodel: gpt-4o\n---\nhi', 'a.prompty').kind, 'prompt');
  const jsonl = readFileSync('examples/batch-requests.jsonl', 'utf8');
  assert.equal(detectRequest(jsonl, 'batch-requests.jsonl').kind, 'request');
});

test('every example analyses without problems, with ranges inside the document', async () => {
  // Source-code examples (.py, .ts) are read through tree-sitter, as the CLI and the worker read them.
  const parseSource = (await loadTreeSitter()).parse;
  for (const f of readdirSync('examples')) {
    const text = readFileSync(`examples/${f}`, 'utf8');
    const whole = analyze(text, { fileName: f, parseSource });
    for (const a of whole.callRange || whole.lines?.[0]?.callRange ? whole.lines! : [whole]) {
      assert.ok(a.isRequest, f);
      assert.deepEqual(a.problems.filter((p) => p.severity === 'error'), [], f);
      assert.ok(a.inputTokens > 0, f);
      for (const r of allRanges(a)) assert.ok(r.start >= 0 && r.start <= r.end && r.end <= text.length, `${f}: ${JSON.stringify(r)}`);
      // Cumulative counts are consistent.
      let prev = 0;
      for (const s of a.segments) {
        assert.equal(s.startTokens, prev, `${f} ${s.id}`);
        assert.equal(s.cumulativeTokens, s.startTokens + s.tokens, `${f} ${s.id}`);
        prev = s.cumulativeTokens;
      }
      assert.equal(prev, a.inputTokens, f);
    }
  }
});

test('OpenAI automatic caching: minimum, then steps of 128, and the boundary inside the string', () => {
  // Pick a length whose 128-token boundary falls inside the system string (not in the short tail).
  let text = '';
  let a: Analysis | undefined;
  for (let n = 100; n < 140; n++) {
    text = openai(longText(n));
    a = analyze(text, { fileName: 'r.json' });
    if ((a.inputTokens - 1024) % 128 > 30) break;
  }
  a = a!;
  assert.equal(a.provider, 'openai');
  assert.equal(a.cache.family, 'automatic');
  assert.ok(a.inputTokens > 1200);
  const expected = 1024 + Math.floor((a.inputTokens - 1024) / 128) * 128;
  assert.equal(a.cache.cachedTokensOnRepeat, expected);
  // The prefix ends inside the system string, exactly after `expected` tokens of the prompt.
  const sys = a.segments[0];
  const span = sys.spans[0];
  assert.ok(a.cache.prefixEnd > span.range.start && a.cache.prefixEnd < span.range.end);
  const header = sys.tokens - countTokens(span.text, 'o200k_base');
  const decodedPrefix = span.text.slice(0, a.cache.prefixEnd - span.range.start);
  assert.equal(header + countTokens(decodedPrefix, 'o200k_base'), expected);
  assert.deepEqual(a.cache.readRanges.at(-1)!.end, a.cache.prefixEnd);
  const bp = a.cache.breakpoints[0];
  assert.equal(bp.kind, 'implicit');
  assert.equal(bp.prefixTokens, expected);
});

test('a highlight lands on the right characters through escapes (\\n, \\", \\u00e9)', () => {
  const body = longText(60) + 'Caf\u00e9 "quotes"\nnew line. ' + longText(60);
  const raw = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: body }] }).replace(/é/g, '\\u00e9');
  assert.ok(raw.includes('\\u00e9') && raw.includes('\\"') && raw.includes('\\n'));
  const a = analyze(raw, { fileName: 'r.json' });
  const span = a.segments[0].spans[0];
  assert.ok(span.sourceOffsets, 'escapes produce an offset map');
  const end = a.cache.prefixEnd;
  const decoded = JSON.parse('"' + raw.slice(span.range.start, end) + '"') as string;
  assert.ok(body.startsWith(decoded));
  const header = a.segments[0].tokens - countTokens(span.text, 'o200k_base');
  assert.equal(header + countTokens(decoded, 'o200k_base'), a.cache.cachedTokensOnRepeat);
});

test('below the OpenAI minimum nothing is cached', () => {
  const a = analyze(openai('You are helpful.'), { fileName: 'r.json' });
  assert.equal(a.cache.cachedTokensOnRepeat, 0);
  assert.equal(a.cache.prefixEnd, -1);
  assert.equal(a.cache.breakpoints[0].meetsMinimum, false);
  assert.ok(a.cache.notes.some((n) => /below the 1,024-token minimum/.test(n)));
  assert.equal(a.cost!.repeatCall, a.cost!.firstCall);
});

function anthropic(system: unknown, messages: unknown[], model = 'claude-sonnet-4-5', extra: Record<string, unknown> = {}) {
  return JSON.stringify({ model, max_tokens: 100, system, messages, ...extra }, null, 2);
}

test('Anthropic breakpoints: write on the first call, read on a repeat, minimum and TTLs', () => {
  const text = anthropic([{ type: 'text', text: longText(150), cache_control: { type: 'ephemeral', ttl: '1h' } }], [{ role: 'user', content: [{ type: 'text', text: 'Question?', cache_control: { type: 'ephemeral' } }] }]);
  const a = analyze(text, { fileName: 'a.json' });
  assert.equal(a.dialect, 'anthropic-messages');
  assert.equal(a.exact, false);
  assert.equal(a.cache.family, 'breakpoints');
  assert.equal(a.cache.breakpoints.length, 2);
  const [b1, b2] = a.cache.breakpoints;
  assert.equal(b1.ttl, '1h');
  assert.equal(b2.ttl, '5m');
  assert.ok(b1.meetsMinimum && b2.meetsMinimum);
  assert.equal(a.cache.writtenTokens, b2.prefixTokens);
  assert.equal(b1.writeTokens + b2.writeTokens, a.cache.writtenTokens);
  assert.equal(a.cache.cachedTokensOnRepeat, b2.prefixTokens);
  // The prefix ends at the end of the marked block.
  const block = a.segments.find((s) => s.id === 'messages[0]')!.children![0];
  assert.equal(a.cache.prefixEnd, block.range.end);
  assert.ok(a.cost!.repeatCall < a.cost!.uncachedCall && a.cost!.firstCall > a.cost!.uncachedCall);
});

test('Anthropic: a breakpoint below the model minimum caches nothing and writes nothing (no write-only tint)', () => {
  const text = anthropic([{ type: 'text', text: 'Short instructions.', cache_control: { type: 'ephemeral' } }, { type: 'text', text: longText(100) }], [{ role: 'user', content: 'Hi' }], 'claude-haiku-4-5');
  const a = analyze(text, { fileName: 'a.json' });
  assert.equal(a.cache.minimumTokens, 4096);
  assert.equal(a.cache.breakpoints[0].meetsMinimum, false);
  assert.equal(a.cache.cachedTokensOnRepeat, 0);
  assert.equal(a.cache.cachedTokensNextCall, 0);
  assert.equal(a.cache.writtenTokens, 0);
  assert.equal(a.cache.breakpoints[0].writeTokens, 0);
  // Nothing is written, so nothing is "write-only".
  assert.deepEqual(a.cache.writeOnlyRanges, []);
  assert.equal(a.cache.writeOnlyTokens, 0);
});

test('Anthropic: no breakpoint means no caching; top-level automatic cache_control marks the last block', () => {
  const none = analyze(anthropic(longText(150), [{ role: 'user', content: 'Hi' }]), { fileName: 'a.json' });
  assert.equal(none.cache.breakpoints.length, 0);
  assert.equal(none.cache.cachedTokensOnRepeat, 0);
  const auto = analyze(anthropic(longText(150), [{ role: 'user', content: 'Hi' }], 'claude-sonnet-4-5', { cache_control: { type: 'ephemeral' } }), { fileName: 'a.json' });
  assert.equal(auto.cache.breakpoints.length, 1);
  assert.equal(auto.cache.breakpoints[0].kind, 'automatic');
  assert.equal(auto.cache.breakpoints[0].segmentId, 'messages[0]');
  assert.ok(auto.cache.cachedTokensOnRepeat > 1024);
});

test('Anthropic: the lookback is measured from the previous turn, not from the previous breakpoint', () => {
  const msgs = Array.from({ length: 30 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: [{ type: 'text', text: `turn ${i}`, ...(i === 0 || i === 29 ? { cache_control: { type: 'ephemeral' } } : {}) }] }));
  const a = analyze(anthropic([{ type: 'text', text: longText(150) }], msgs), { fileName: 'a.json' });
  const [b1, b2] = a.cache.breakpoints;
  assert.equal(b1.withinLookback, true);
  // 29 blocks after the first breakpoint, but 3 after the previous turn's end (user message 27, before the reply 28).
  assert.equal(b2.positionsSincePrevious, 3);
  assert.equal(b2.lookbackFrom, 'messages[26].content[0]');
  assert.equal(b2.withinLookback, true);
});

test('a template placeholder ends what the next call reads; later breakpoints are write-only', () => {
  const text = anthropic([{ type: 'text', text: longText(150), cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Customer: {{customer_name}}. ' + longText(20), cache_control: { type: 'ephemeral' } }], [{ role: 'user', content: 'Hi' }]);
  const a = analyze(text, { fileName: 'a.json' });
  assert.equal(a.cache.breakpoints.length, 2);
  // The next call (the placeholder rendered with another value) reads up to the first breakpoint only.
  assert.equal(a.cache.cachedTokensNextCall, a.cache.breakpoints[0].prefixTokens);
  assert.equal(a.cache.nextCallCut?.value, '{{customer_name}}');
  // An identical repeat (same bytes) would read through the second breakpoint.
  assert.equal(a.cache.cachedTokensOnRepeat, a.cache.breakpoints[1].prefixTokens);
  assert.equal(a.cache.writeOnlyTokens, a.cache.writtenTokens - a.cache.cachedTokensNextCall);
  assert.ok(a.cache.writeOnlyRanges.length > 0);
  assert.equal(a.cache.breakpoints[1].readTokensNextCall, 0);
  assert.equal(a.cache.breakpoints[1].readTokensOnRepeat, a.cache.breakpoints[1].prefixTokens);
});

test('gateway: claude behind an OpenAI-format body follows Anthropic rules; gpt behind it stays automatic', () => {
  const body = (model: string) => JSON.stringify({ model, messages: [{ role: 'system', content: [{ type: 'text', text: longText(150), cache_control: { type: 'ephemeral' } }] }, { role: 'user', content: 'Hi' }] });
  const claude = analyze(body('anthropic/claude-sonnet-4.5'), { fileName: 'g.json' });
  assert.equal(claude.dialect, 'openai-gateway');
  assert.equal(claude.provider, 'anthropic');
  assert.equal(claude.cache.family, 'breakpoints');
  assert.equal(claude.cache.breakpoints.length, 1);
  assert.equal(claude.cache.breakpoints[0].segmentId, 'messages[0].content[0]');
  const gpt = analyze(body('openai/gpt-4o'), { fileName: 'g.json' });
  assert.equal(gpt.provider, 'openai');
  assert.equal(gpt.cache.family, 'automatic');
  assert.ok(gpt.cache.notes.some((n) => /change nothing for GPT-4o through the gateway.*OpenAI models before GPT-5.6 cache automatically/.test(n)));
});

test('prompt templates: model from front matter, prefix ends at the first placeholder', () => {
  const text = readFileSync('examples/order-status.prompty', 'utf8');
  const a = analyze(text, { fileName: 'order-status.prompty' });
  assert.equal(a.dialect, 'prompt-template');
  assert.equal(a.model.name, 'gpt-4.1-mini');
  assert.equal(a.model.source, 'file');
  assert.equal(text.slice(a.model.range!.start, a.model.range!.end), 'gpt-4.1-mini');
  const first = text.indexOf('{{customer_name}}');
  assert.ok(a.cache.prefixEnd > 0 && a.cache.prefixEnd <= first);
  assert.ok(a.cache.prefixTokens < a.inputTokens);
  assert.deepEqual(a.segments.filter((s) => s.kind === 'template').map((s) => s.role), ['system', 'user']);
});

test('model resolution: file, option override, default, unknown', () => {
  const text = openai('hi', 'x', 'gpt-4o');
  assert.equal(analyze(text, { model: 'gpt-4.1' }).model.name, 'gpt-4.1');
  assert.equal(analyze(text).model.source, 'file');
  const noModel = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] });
  const d = analyze(noModel, { defaultModel: 'gpt-4o-mini' });
  assert.equal(d.model.name, 'gpt-4o-mini');
  assert.equal(d.model.source, 'default');
  const none = analyze(noModel);
  assert.ok(none.problems.some((p) => /No model in this file/.test(p.message)));
  const unknown = analyze(openai('hi', 'x', 'my-finetune-v3'));
  assert.equal(unknown.model.known, false);
  assert.ok(unknown.problems.some((p) => p.severity === 'warning' && /Unknown model "my-finetune-v3"/.test(p.message) && p.range));
});

test('cl100k and o200k give different exact counts for the same body', () => {
  const text = openai('Résumé naïve café — 東京 ' + longText(3));
  const a = analyze(text, { model: 'gpt-4' });
  const b = analyze(text, { model: 'gpt-4o' });
  assert.equal(a.tokenizer, 'tiktoken cl100k_base');
  assert.equal(b.tokenizer, 'tiktoken o200k_base');
  assert.notEqual(a.inputTokens, b.inputTokens);
});

test('JSONL: one analysis per line with absolute ranges', () => {
  const text = readFileSync('examples/batch-requests.jsonl', 'utf8');
  const a = analyze(text, { fileName: 'batch-requests.jsonl' });
  assert.equal(a.lines?.length, 3);
  const idx = new LineIndex(text);
  a.lines!.forEach((l, i) => assert.equal(idx.positionAt(l.segments[0].range.start).line, i));
});

test('bad input: broken JSON, not an object, binary, too large, unknown shapes', () => {
  const broken = analyze('{"model":"gpt-4o","messages":[{"role":"user","content":"hi"', { fileName: 'b.json' });
  assert.ok(broken.problems.some((p) => p.severity === 'error' && /JSON syntax error/.test(p.message)));
  assert.equal(analyze('[1,2,3]').isRequest, false);
  assert.match(analyze('ab\u0000cd', { fileName: 'x.json' }).problems[0].message, /binary/);
  assert.match(analyze('x'.repeat(2000), { fileName: 'big.json', maxChars: 1000 }).problems[0].message, /above the .* limit/);
  const gemini = analyze(JSON.stringify({ model: 'gemini-2.5-pro', contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }));
  assert.equal(gemini.dialect, 'gemini');
  assert.ok(gemini.inputTokens > 0 && !gemini.exact);
  const weird = analyze(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }, 42, null] }, 'str', null] }));
  assert.ok(weird.isRequest);
});

// The fuzz test over mutated requests is test/unit/fuzz.test.ts (every dialect, fixes round-tripped).
