// Bedrock bodies: Converse (cachePoint elements as the request model's markers, tools and blocks read,
// fixes that write cachePoint elements) and InvokeModel Anthropic bodies (Bedrock minimums, the legacy
// integration's refusal of automatic caching). Fixtures in ./fixtures follow the AWS documentation's shapes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseTree } from 'jsonc-parser';
import { analyze } from '../../../src/core/analyze';
import { applyFix } from '../../../src/core/fixes';
import { resolveModel } from '../../../src/core/models';

const fixture = (name: string) => readFileSync(`test/unit/dialects/fixtures/${name}`, 'utf8');
const validJson = (t: string) => {
  const errors: unknown[] = [];
  parseTree(t, errors as never);
  return errors.length === 0 && JSON.parse(t) !== undefined;
};

test('Converse (AWS doc shape): cachePoints in tools, system and messages are the breakpoints, tools are read', () => {
  const a = analyze(fixture('bedrock-converse-aws-doc.json'), { fileName: 'c.json' });
  assert.equal(a.dialect, 'bedrock-converse');
  assert.equal(a.model.known, true);
  assert.equal(a.model.profileId, 'claude-sonnet-4-5');
  assert.equal(a.cache.family, 'breakpoints');
  assert.deepEqual(a.cache.breakpoints.map((b) => b.segmentId), ['toolConfig.tools[0]', 'system[0]', 'messages[0].content[0]']);
  assert.ok(a.segments.some((s) => s.kind === 'tool' && s.label === 'tool top_song'));
  assert.ok(a.segments.some((s) => s.id === 'tool-use-prompt'), 'tools bring the hidden tool-use prompt');
  assert.equal(a.cache.rejected, undefined);
  assert.ok(a.cache.cachedTokensNextCall > 1024);
  assert.ok(!a.diagnostics.some((d) => d.code === 'missing-breakpoint'), 'the body has breakpoints: none is asked for');
  // The tool checkpoint closes only the tools (below the 1,024 minimum): reported as such.
  assert.ok(a.diagnostics.some((d) => d.code === 'breakpoint-below-minimum'));
  // cachePoint elements are markers, not content: no segment, no lookback position.
  assert.ok(!JSON.stringify(a.segments.map((s) => s.id)).includes('content[1]'));
  assert.equal(a.cache.breakpoints[2].positionsSincePrevious, 1, 'system block → user text block: one position (the cachePoint between is none)');
});

test('Converse: removing a cachePoint is a removal of the whole element (too many checkpoints)', () => {
  const body = JSON.parse(fixture('bedrock-converse-aws-doc.json'));
  const CP = { cachePoint: { type: 'default' } };
  body.messages = [
    { role: 'user', content: [{ text: 'one' }, CP, { text: 'two' }, CP] },
    { role: 'assistant', content: [{ text: 'three' }, CP] },
    { role: 'user', content: [{ text: 'four' }] },
  ];
  const text = JSON.stringify(body, null, 2);
  const a = analyze(text, { fileName: 'c.json' });
  assert.match(a.cache.rejected ?? '', /more than the 4/);
  const d = a.diagnostics.find((x) => x.code === 'too-many-breakpoints');
  assert.ok(d?.fixes?.length, 'too-many-breakpoints offers a fix');
  const fixed = applyFix(text, d!.fixes![0]);
  assert.ok(validJson(fixed), fixed);
  assert.ok(!fixed.includes('cache_control'), 'a Converse fix never writes cache_control');
  const b = analyze(fixed, { fileName: 'c.json' });
  assert.equal(b.cache.rejected, undefined);
  assert.equal(b.cache.breakpoints.length, 4);
});

test('Converse without cachePoints: missing-breakpoint proposes a cachePoint element, and the fixed body is cached', () => {
  const body = JSON.parse(fixture('bedrock-converse-aws-doc.json'));
  body.system = [body.system[0]];
  body.toolConfig.tools = [body.toolConfig.tools[0]];
  body.messages[0].content = [body.messages[0].content[0]];
  const text = JSON.stringify(body, null, 2);
  const a = analyze(text, { fileName: 'c.json' });
  assert.equal(a.cache.breakpoints.length, 0);
  const d = a.diagnostics.find((x) => x.code === 'missing-breakpoint');
  assert.ok(d, 'no cachePoint: caching is off and the engine says so');
  const fix = d!.fixes!.find((f) => f.isPreferred)!;
  assert.match(fix.title, /cachePoint after system block 1/);
  const fixed = applyFix(text, fix);
  assert.ok(validJson(fixed), fixed);
  assert.deepEqual(JSON.parse(fixed).system[1], { cachePoint: { type: 'default' } });
  assert.ok(!fixed.includes('cache_control'));
  const b = analyze(fixed, { fileName: 'c.json' });
  assert.equal(b.cache.breakpoints.length, 1);
  assert.ok(b.cache.cachedTokensNextCall > 1024);
  assert.ok(!b.diagnostics.some((x) => x.code === 'missing-breakpoint'));
});

test('Converse: a timestamp inside the cached system text is split off with a cachePoint between two text blocks', () => {
  const body = JSON.parse(fixture('bedrock-converse-aws-doc.json'));
  body.system[0].text += ' Current time: 2026-11-30T09:41:00Z. Be brief.';
  const text = JSON.stringify(body, null, 2);
  const a = analyze(text, { fileName: 'c.json' });
  const d = a.diagnostics.find((x) => x.code === 'volatile-in-prefix' || x.code === 'breakpoint-after-volatile');
  const fix = d?.fixes?.find((f) => /Cache everything before/.test(f.title));
  assert.ok(fix, `a split fix is offered (${a.diagnostics.map((x) => x.code).join(', ')})`);
  const fixed = applyFix(text, fix!);
  assert.ok(validJson(fixed), fixed);
  const sys = JSON.parse(fixed).system;
  assert.equal(sys[1].cachePoint.type, 'default');
  assert.match(sys[2].text, /^2026-11-30T09:41:00Z|Current time/);
  const b = analyze(fixed, { fileName: 'c.json' });
  assert.equal(b.cache.rejected, undefined);
  assert.ok(b.cache.cachedTokensNextCall > a.cache.cachedTokensNextCall);
});

test('Converse tool turn: toolUse, toolResult and reasoningContent blocks are counted; Bedrock minimum for the model', () => {
  const a = analyze(fixture('bedrock-converse-tool-turn.json'), { fileName: 'c.json' });
  assert.equal(a.dialect, 'bedrock-converse');
  const kinds = a.segments.flatMap((s) => s.children ?? []).map((c) => c.blockType);
  assert.deepEqual(kinds, ['text', 'reasoningContent', 'toolUse', 'toolResult']);
  for (const c of a.segments.flatMap((s) => s.children ?? [])) assert.ok(c.tokens > 0, `${c.id} counted`);
  // Opus 4.7: 2,048 on the Claude API, 4,096 on Bedrock [provider-rules.md §1.12].
  assert.equal(a.cache.minimumTokens, 4096);
  const plain = analyze(fixture('bedrock-converse-tool-turn.json'), { fileName: 'c.json', model: 'claude-opus-4-7' });
  assert.equal(plain.cache.minimumTokens, 4096, 'a Converse body is on Bedrock whatever the model name says');
  // A breakpoint is never proposed right after a reasoning block.
  for (const d of a.diagnostics) for (const f of d.fixes ?? []) assert.ok(!/reasoningContent/.test(f.title), f.title);
});

test('InvokeModel: a top-level cache_control on a legacy Bedrock model is an error with a fix to an explicit breakpoint', () => {
  const text = fixture('bedrock-invoke-automatic.json');
  const a = analyze(text, { fileName: 'i.json', model: 'anthropic.claude-sonnet-4-5-20250929-v1:0' });
  assert.equal(a.dialect, 'bedrock-invoke');
  assert.match(a.cache.rejected ?? '', /legacy Bedrock integration/);
  assert.equal(a.cache.cachedTokensNextCall, 0);
  const d = a.diagnostics.find((x) => x.code === 'invalid-breakpoint-target' && x.severity === 'error');
  assert.ok(d, 'the refusal is a diagnostic (error)');
  const move = d!.fixes!.find((f) => f.isPreferred)!;
  assert.match(move.title, /Move cache_control to/);
  const fixed = applyFix(text, move);
  const body = JSON.parse(fixed);
  assert.equal(body.cache_control, undefined);
  assert.deepEqual(body.messages[0].content[0].cache_control, { type: 'ephemeral' });
  const b = analyze(fixed, { fileName: 'i.json', model: 'anthropic.claude-sonnet-4-5-20250929-v1:0' });
  assert.equal(b.cache.rejected, undefined);
  assert.ok(b.cache.cachedTokensNextCall > 1024);
  assert.ok(d!.fixes!.some((f) => /Remove this cache_control/.test(f.title)));
});

test('InvokeModel: automatic caching on a newer model is accepted; the Anthropic API body is untouched', () => {
  const text = fixture('bedrock-invoke-automatic.json');
  const newer = analyze(text, { fileName: 'i.json', model: 'us.anthropic.claude-opus-4-8-v1:0' });
  assert.equal(newer.dialect, 'bedrock-invoke');
  assert.equal(newer.cache.rejected, undefined);
  assert.equal(newer.cache.breakpoints[0]?.kind, 'automatic');
  const body = JSON.parse(text);
  delete body.anthropic_version;
  const api = analyze(JSON.stringify(body), { fileName: 'a.json', model: 'claude-sonnet-4-5' });
  assert.equal(api.dialect, 'anthropic-messages');
  assert.equal(api.cache.rejected, undefined);
});

test('InvokeModel: Bedrock minimums apply to a plain model name', () => {
  const text = fixture('bedrock-invoke-automatic.json');
  assert.equal(analyze(text, { fileName: 'i.json', model: 'claude-opus-4-7' }).cache.minimumTokens, 4096);
  const body = JSON.parse(text);
  delete body.anthropic_version;
  assert.equal(analyze(JSON.stringify(body), { fileName: 'a.json', model: 'claude-opus-4-7' }).cache.minimumTokens, 2048);
});

test('Bedrock model ids resolve: foundation models, inference profiles, ARNs; Nova has no row', () => {
  assert.equal(resolveModel('anthropic.claude-sonnet-4-5-20250929-v1:0')?.id, 'claude-sonnet-4-5');
  assert.equal(resolveModel('us.anthropic.claude-sonnet-4-5-20250929-v1:0')?.id, 'claude-sonnet-4-5');
  assert.equal(resolveModel('global.anthropic.claude-opus-4-7')?.minimumTokens, 4096);
  assert.equal(resolveModel('arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-haiku-4-5-20251001-v1:0')?.id, 'claude-haiku-4-5');
  assert.equal(resolveModel('amazon.nova-pro-v1:0'), undefined);
  const nova = analyze(fixture('bedrock-converse-aws-doc.json').replace('us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'amazon.nova-pro-v1:0'), { fileName: 'c.json' });
  assert.equal(nova.model.known, false);
  assert.ok(nova.problems.some((p) => /Unknown model "amazon.nova-pro-v1:0"/.test(p.message)));
});

test('detection: Chat Completions and Anthropic bodies are not taken for Converse', () => {
  const chat = analyze(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: 'x' }, { role: 'user', content: [{ type: 'text', text: 'hi' }] }] }));
  assert.equal(chat.dialect, 'openai-chat');
  const anth = analyze(JSON.stringify({ model: 'claude-sonnet-4-5', system: [{ type: 'text', text: 'x' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }));
  assert.equal(anth.dialect, 'anthropic-messages');
  const conv = analyze(JSON.stringify({ system: [{ text: 'x' }], messages: [{ role: 'user', content: [{ text: 'hi' }] }] }), { model: 'claude-sonnet-4-5' });
  assert.equal(conv.dialect, 'bedrock-converse');
});

test('Converse: an invalid cachePoint is an error and the request is taken as rejected', () => {
  const text = fixture('bedrock-converse-aws-doc.json').replace('"cachePoint": {\n        "type": "default"\n      }\n    }\n  ],\n  "messages"', '"cachePoint": {\n        "type": "ephemeral"\n      }\n    }\n  ],\n  "messages"');
  assert.notEqual(text, fixture('bedrock-converse-aws-doc.json'));
  const a = analyze(text, { fileName: 'c.json' });
  assert.ok(a.cache.rejected);
  assert.ok(a.problems.some((p) => p.severity === 'error' && /Invalid cachePoint/.test(p.message)));
});

test('Converse wording: the plan and missing-breakpoint speak of cachePoints, not cache_control', () => {
  const body = JSON.parse(fixture('bedrock-converse-aws-doc.json'));
  body.system = [body.system[0]];
  body.toolConfig.tools = [body.toolConfig.tools[0]];
  body.messages[0].content = [body.messages[0].content[0]];
  const a = analyze(JSON.stringify(body, null, 2), { fileName: 'c.json' });
  assert.ok(a.cache.notes.some((n) => /^No cachePoint breakpoint/.test(n)), a.cache.notes.join(' | '));
  assert.match(a.diagnostics.find((d) => d.code === 'missing-breakpoint')!.message, /^No cachePoint in this request/);
});

test('Converse ttl order: a 1h cachePoint after a 5m one is rejected, and the fixes edit the cachePoints', () => {
  const body = JSON.parse(readFileSync('examples/bedrock-converse-cachepoints.json', 'utf8'));
  body.system[1] = { cachePoint: { type: 'default' } };
  body.messages[2].content[1] = { cachePoint: { type: 'default', ttl: '1h' } };
  const text = JSON.stringify(body, null, 2);
  const a = analyze(text, { fileName: 'c.json' });
  assert.match(a.cache.rejected ?? '', /1h .* after a 5m/);
  const d = a.diagnostics.find((x) => x.code === 'ttl-order')!;
  assert.ok(d.fixes?.length === 2);
  for (const f of d.fixes!) {
    assert.ok(f.edits.length > 0, `${f.title} edits something`);
    const fixed = applyFix(text, f);
    assert.ok(validJson(fixed), fixed);
    assert.ok(!fixed.includes('cache_control'));
    const b = analyze(fixed, { fileName: 'c.json' });
    assert.equal(b.cache.rejected, undefined, f.title);
  }
});

test('examples: the Converse request caches through its last cachePoint; the InvokeModel one is rejected on a legacy model', () => {
  const c = analyze(readFileSync('examples/bedrock-converse-cachepoints.json', 'utf8'), { fileName: 'bedrock-converse-cachepoints.json' });
  assert.equal(c.dialect, 'bedrock-converse');
  assert.deepEqual(c.cache.breakpoints.map((b) => [b.segmentId, b.ttl, b.meetsMinimum]), [
    ['toolConfig.tools[1]', '1h', false],
    ['system[0]', '1h', true],
    ['messages[2].content[0]', '5m', true],
  ]);
  assert.equal(c.cache.cachedTokensNextCall, c.cache.breakpoints[2].prefixTokens);
  assert.ok(c.cost && c.cost.nextCall < c.cost.uncachedCall / 5);
  const i = analyze(readFileSync('examples/bedrock-invoke-legacy-automatic.json', 'utf8'), { fileName: 'bedrock-invoke-legacy-automatic.json', model: 'anthropic.claude-opus-4-6-v1' });
  assert.equal(i.dialect, 'bedrock-invoke');
  assert.ok(i.cache.rejected);
  assert.equal(i.cost?.nextCall, i.cost?.uncachedCall);
});
