import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseUsage, providerMissReason, usageOfResponse } from '../../src/core/trace/usage';
import { callsOfRecord, parseTime } from '../../src/core/trace/records';
import { LineSplitter } from '../../src/core/trace/lines';
import { runTraceText, TraceRun } from '../../src/core/trace/run';
import { mergeTotals, emptyTotals } from '../../src/core/trace/types';

const EX = join(__dirname, '..', '..', 'examples', 'traces');
const policy = (tag = '') => Array.from({ length: 70 }, (_, i) => `Rule ${i + 1}${tag}: refunds for category ${i} are paid within ${3 + (i % 4)} business days to the original payment method.`).join('\n');
const toolA = { name: 'get_order', description: 'Look up an order.', input_schema: { type: 'object', properties: { id: { type: 'string' } } } };
const toolB = { name: 'start_return', description: 'Open a return.', input_schema: { type: 'object', properties: { sku: { type: 'string' } } } };

function claude(turns: number, opts: { tools?: object[]; system?: string; model?: string; marker?: boolean; conv?: string } = {}) {
  const messages: object[] = [];
  for (let i = 0; i < turns; i++) {
    messages.push({ role: 'user', content: [{ type: 'text', text: `${opts.conv ?? ''}question ${i}` }] });
    if (i < turns - 1) messages.push({ role: 'assistant', content: [{ type: 'text', text: `answer ${i}` }] });
  }
  const last = messages[messages.length - 1] as { content: { cache_control?: object }[] };
  if (opts.marker !== false) last.content[0].cache_control = { type: 'ephemeral' };
  return { model: opts.model ?? 'claude-sonnet-4-5', max_tokens: 100, tools: opts.tools ?? [toolA, toolB], system: [{ type: 'text', text: opts.system ?? policy(), ...(opts.marker === false ? {} : { cache_control: { type: 'ephemeral' } }) }], messages };
}

const at = (min: number) => new Date(Date.parse('2026-11-20T09:00:00Z') + min * 60000).toISOString();
const rec = (request: object, min?: number, usage?: object, extra: object = {}) => JSON.stringify({ request, ...(min !== undefined ? { timestamp: at(min) } : {}), ...(usage ? { response: { usage, ...extra } } : {}) });

// --- usage formats -----------------------------------------------------------------------------------

test('usage: OpenAI Chat Completions prompt_tokens_details.cached_tokens and cache_write_tokens', () => {
  assert.deepEqual(normaliseUsage({ prompt_tokens: 2006, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1920 } }), { promptTokens: 2006, cachedRead: 1920, cacheWrite: undefined, fields: ['usage.prompt_tokens', 'usage.prompt_tokens_details.cached_tokens'] });
  const u = normaliseUsage({ prompt_tokens: 5000, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 4096 } })!;
  assert.equal(u.cacheWrite, 4096);
});

test('usage: OpenAI Responses input_tokens_details.cached_tokens', () => {
  const u = normaliseUsage({ input_tokens: 3000, input_tokens_details: { cached_tokens: 2944 }, output_tokens: 10 })!;
  assert.equal(u.promptTokens, 3000);
  assert.equal(u.cachedRead, 2944);
});

test('usage: Anthropic input_tokens + cache_read_input_tokens + cache_creation_input_tokens is the whole prompt', () => {
  const u = normaliseUsage({ input_tokens: 12, cache_read_input_tokens: 4000, cache_creation_input_tokens: 88, output_tokens: 5 })!;
  assert.deepEqual([u.promptTokens, u.cachedRead, u.cacheWrite], [4100, 4000, 88]);
});

test('usage: Gemini usageMetadata.cachedContentTokenCount', () => {
  const u = usageOfResponse({ usageMetadata: { promptTokenCount: 9000, cachedContentTokenCount: 8192, candidatesTokenCount: 20 } })!;
  assert.deepEqual([u.promptTokens, u.cachedRead], [9000, 8192]);
  assert.deepEqual(u.fields, ['usageMetadata.promptTokenCount', 'usageMetadata.cachedContentTokenCount']);
});

test('usage: Bedrock Converse cacheReadInputTokens / cacheWriteInputTokens', () => {
  const u = normaliseUsage({ inputTokens: 20, outputTokens: 5, cacheReadInputTokens: 1500, cacheWriteInputTokens: 30 })!;
  assert.deepEqual([u.promptTokens, u.cachedRead, u.cacheWrite], [1550, 1500, 30]);
});

test('usage: DeepSeek prompt_cache_hit_tokens', () => {
  const u = normaliseUsage({ prompt_tokens: 1200, prompt_cache_hit_tokens: 1024, prompt_cache_miss_tokens: 176 })!;
  assert.deepEqual([u.promptTokens, u.cachedRead], [1200, 1024]);
});

test('usage: LiteLLM usage keeps prompt_tokens as the total beside Anthropic cache fields', () => {
  const u = normaliseUsage({ prompt_tokens: 4100, cache_read_input_tokens: 4000, cache_creation_input_tokens: 88 })!;
  assert.deepEqual([u.promptTokens, u.cachedRead, u.cacheWrite], [4100, 4000, 88]);
  assert.equal(normaliseUsage({ foo: 1 }), undefined);
});

test('provider miss reasons: Anthropic diagnostics.cache_miss_reason and OpenAI prompt_cache_diagnostics', () => {
  assert.deepEqual(providerMissReason({ diagnostics: { cache_miss_reason: 'tools_changed' } }), { provider: 'anthropic', reason: 'tools_changed', field: 'diagnostics.cache_miss_reason' });
  assert.equal(providerMissReason({ prompt_cache_diagnostics: { reason: 'instructions_changed' } })?.reason, 'instructions_changed');
  assert.equal(providerMissReason({ usage: {} }), undefined);
});

test('times: ISO, epoch seconds (LiteLLM), milliseconds and OTLP nanoseconds', () => {
  const ms = Date.parse('2026-11-20T09:00:00Z');
  assert.equal(parseTime('2026-11-20T09:00:00Z'), ms);
  assert.equal(parseTime(ms / 1000), ms);
  assert.equal(parseTime(ms), ms);
  assert.equal(parseTime(String(ms * 1e6)), ms);
  assert.equal(parseTime('soon'), undefined);
});

// --- readers ------------------------------------------------------------------------------------------

test('readers: a bare request body, a record, a LiteLLM payload and an OTLP export', () => {
  assert.equal(callsOfRecord(claude(1)).calls[0].format, 'request');
  const r = callsOfRecord({ request: claude(1), response: { usage: { input_tokens: 5, cache_read_input_tokens: 10 } }, timestamp: at(0) });
  assert.equal(r.calls[0].format, 'record');
  assert.equal(r.calls[0].usage?.cachedRead, 10);
  const lite = callsOfRecord({ call_type: 'acompletion', model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], model_parameters: { temperature: 0 }, startTime: 1763629200.5, response: { usage: { prompt_tokens: 8, prompt_tokens_details: { cached_tokens: 0 } } } });
  assert.equal(lite.calls[0].format, 'litellm');
  assert.equal(JSON.parse(lite.calls[0].requestText).temperature, 0);
  assert.equal(lite.calls[0].time, 1763629200500);
  assert.match(callsOfRecord({ call_type: 'acompletion', model: 'gpt-4o', messages: [], cache_hit: true }).problems[0].message, /LiteLLM's own response cache/);
  const otelLines = readFileSync(join(EX, 'otel-genai-export.jsonl'), 'utf8').trim().split('\n');
  const otel = callsOfRecord(JSON.parse(otelLines[0]));
  assert.equal(otel.calls.length, 1); // the execute_tool span is not a model call
  assert.equal(otel.calls[0].usage?.cachedRead, 0);
  assert.equal(JSON.parse(otel.calls[0].requestText).messages[0].role, 'system');
  assert.equal(callsOfRecord(JSON.parse(otelLines[1])).calls[0].usage?.cachedRead, 2048);
  assert.match(callsOfRecord({ foo: 1 }).problems[0].message, /Not a trace record/);
});

test('OTLP: older gen_ai.usage.cache_read_input_tokens and gen_ai.prompt.N attributes', () => {
  const span = { startTimeUnixNano: '1763629200000000000', attributes: [
    { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
    { key: 'gen_ai.prompt.0.role', value: { stringValue: 'user' } },
    { key: 'gen_ai.prompt.0.content', value: { stringValue: 'hello' } },
    { key: 'gen_ai.usage.input_tokens', value: { intValue: '9' } },
    { key: 'gen_ai.usage.cache_read_input_tokens', value: { intValue: 0 } },
  ] };
  const r = callsOfRecord({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
  assert.equal(r.calls.length, 1);
  assert.deepEqual(r.calls[0].usage?.fields, ['gen_ai.usage.input_tokens', 'gen_ai.usage.cache_read_input_tokens']);
  assert.equal(JSON.parse(r.calls[0].requestText).messages[0].content, 'hello');
});

test('line splitter: lines across chunk boundaries, a multi-byte character split between chunks, CRLF, blank lines', () => {
  const text = '{"a":"é"}\r\n\n{"b":"日本"}\n{"c":1}';
  const bytes = new TextEncoder().encode(text);
  const got: [string, number][] = [];
  const s = new LineSplitter((t, l) => got.push([t, l]), () => assert.fail('no problem expected'));
  for (let i = 0; i < bytes.length; i += 3) s.push(bytes.subarray(i, i + 3));
  s.end();
  assert.deepEqual(got, [['{"a":"é"}', 0], ['{"b":"日本"}', 2], ['{"c":1}', 3]]);
  const long: string[] = [];
  const s2 = new LineSplitter(() => long.push('line'), (l, m) => long.push(`${l}:${m}`), { maxLineBytes: 8 });
  s2.push(new TextEncoder().encode('0123456789\n{}\n'));
  s2.end();
  assert.equal(long.length, 2);
  assert.match(long[0], /^0:Line 1 is longer/);
});

// --- miss reasons --------------------------------------------------------------------------------------

test('hit: a chat loop reads the previous turn (moving breakpoint within the lookback)', () => {
  const { results } = runTraceText([rec(claude(1), 0), rec(claude(2), 1)].join('\n'));
  assert.equal(results[0].explanation.kind, 'first');
  assert.equal(results[1].explanation.kind, 'hit');
  assert.ok(results[1].predictedRead > results[0].inputTokens - 40, `${results[1].predictedRead}`);
});

test('ttl-expired: a 9-minute gap outlives the 5-minute entry', () => {
  const { results, totals } = runTraceText([rec(claude(1), 0), rec(claude(2), 9)].join('\n'));
  assert.equal(results[1].explanation.kind, 'ttl-expired');
  assert.equal(results[1].predictedRead, 0);
  assert.equal(Math.round(results[1].explanation.gapMinutes!), 9);
  assert.ok(results[1].lostTokens > 1000);
  assert.ok(totals.lostMicroUsd > 0);
});

test('a 1-hour system breakpoint survives the same gap; the 5-minute message entry does not', () => {
  const one = (n: number) => {
    const r = claude(n);
    (r.system[0] as { cache_control?: object }).cache_control = { type: 'ephemeral', ttl: '1h' };
    return r;
  };
  const { results } = runTraceText([rec(one(1), 0), rec(one(2), 9)].join('\n'));
  assert.equal(results[1].explanation.kind, 'ttl-expired');
  assert.ok(results[1].predictedRead > 1000, 'the 1h system entry is read');
  const { results: fresh } = runTraceText([rec(one(1), 0), rec(one(2), 2)].join('\n'));
  assert.equal(fresh[1].explanation.kind, 'hit');
  assert.ok(results[1].predictedRead < fresh[1].predictedRead, 'the message entry is not read after 9 minutes');
});

test('prefix-changed: tools reordered, named as the tool unit with compare\'s category', () => {
  const { results } = runTraceText([rec(claude(1), 0), rec(claude(2, { tools: [toolB, toolA] }), 1)].join('\n'));
  const e = results[1].explanation;
  assert.equal(e.kind, 'prefix-changed');
  assert.equal(e.firstDifference?.category, 'tools-reordered');
  assert.match(e.firstDifference!.unit, /tool/);
  assert.equal(results[1].predictedRead, 0);
});

test('prefix-changed: a system prompt edited (unit walk only, no compare)', () => {
  const { results } = runTraceText([rec(claude(1), 0), rec(claude(2, { system: policy('!') }), 1)].join('\n'), { compare: null });
  assert.equal(results[1].explanation.kind, 'prefix-changed');
  assert.equal(results[1].explanation.firstDifference?.category, 'system-changed');
  assert.equal(results[1].explanation.firstDifference?.fromCompare, undefined);
});

test('model-changed: the same prompt under another model reads nothing', () => {
  const { results } = runTraceText([rec(claude(1), 0), rec(claude(2, { model: 'claude-opus-4-1' }), 1)].join('\n'));
  assert.equal(results[1].explanation.kind, 'model-changed');
  assert.equal(results[1].predictedRead, 0);
});

test('below-minimum: a short shared prefix under the 1,024-token minimum', () => {
  const small = (n: number) => claude(n, { system: 'Be brief.', tools: [] });
  const { results } = runTraceText([rec(small(1), 0), rec(small(2), 1)].join('\n'));
  assert.equal(results[1].explanation.kind, 'below-minimum');
});

test('no-breakpoint: Anthropic without cache_control caches nothing', () => {
  const { results } = runTraceText([rec(claude(1, { marker: false }), 0), rec(claude(2, { marker: false }), 1)].join('\n'));
  assert.equal(results[1].explanation.kind, 'no-breakpoint');
  assert.equal(results[1].predictedRead, 0);
});

test('any earlier live entry counts: interleaved conversations each read their own previous turn', () => {
  const lines = [rec(claude(1, { conv: 'A ' }), 0), rec(claude(1, { conv: 'B ' }), 0.5), rec(claude(2, { conv: 'A ' }), 1), rec(claude(2, { conv: 'B ' }), 1.5)];
  const { results } = runTraceText(lines.join('\n'));
  assert.equal(results[1].explanation.kind, 'new-conversation'); // reads A's tools+system
  assert.equal(results[2].explanation.kind, 'hit');
  assert.equal(results[2].explanation.reference, 0);
  assert.equal(results[3].explanation.reference, 1);
  assert.ok(results[2].predictedRead > results[1].predictedRead);
});

test('billed against predicted: agreement within tolerance, a note when the provider read less', () => {
  const lines = [rec(claude(1), 0, { input_tokens: 10, cache_creation_input_tokens: 4000, cache_read_input_tokens: 0 }), rec(claude(2), 1, { input_tokens: 10, cache_creation_input_tokens: 4100, cache_read_input_tokens: 0 }, { diagnostics: { cache_miss_reason: 'system_changed' } })];
  const { results, totals } = runTraceText(lines.join('\n'));
  assert.equal(results[0].agrees, true);
  assert.equal(results[1].agrees, false);
  assert.match(results[1].billedNote!, /fewer than predicted/);
  assert.equal(results[1].providerReason?.disagrees, true); // we predict a hit, Anthropic names the system
  assert.equal(totals.billedCalls, 2);
  assert.equal(totals.agreeing, 1);
  assert.equal(totals.providerDisagreements, 1);
  assert.ok(results[1].lostTokens > 1000, 'what the bill did not read is lost');
});

// --- example traces -------------------------------------------------------------------------------------

test('example: the 10-call support session misses twice, for different reasons, and agrees with its bill', () => {
  const { results, totals } = runTraceText(readFileSync(join(EX, 'support-session.jsonl'), 'utf8'));
  assert.equal(results.length, 10);
  assert.equal(results[4].explanation.kind, 'ttl-expired');
  assert.equal(results[6].explanation.kind, 'prefix-changed');
  assert.equal(results[6].explanation.firstDifference?.category, 'tools-reordered');
  assert.equal(results[6].providerReason?.disagrees, false);
  assert.deepEqual(totals.kinds, { first: 1, hit: 7, 'ttl-expired': 1, 'prefix-changed': 1 });
  assert.equal(totals.agreeing, 10);
});

test('example: the LiteLLM log skips LiteLLM cache hits and flags the call OpenAI billed no cached tokens for', () => {
  const { results, problems } = runTraceText(readFileSync(join(EX, 'litellm-standard-logging.jsonl'), 'utf8'));
  assert.equal(results.length, 5);
  assert.equal(problems.length, 1);
  assert.equal(results[1].predictedRead, 2048);
  assert.equal(results[1].billed?.cachedRead, 2048);
  assert.equal(results[4].agrees, false);
});

test('example: the OpenTelemetry export (one OTLP export per line, as the collector\'s file exporter writes) finds the one-character system change', () => {
  const { results } = runTraceText(readFileSync(join(EX, 'otel-genai-export.jsonl'), 'utf8'));
  assert.equal(results.length, 4);
  assert.equal(results[2].explanation.kind, 'prefix-changed');
  assert.equal(results[2].explanation.firstDifference?.category, 'system-changed');
  assert.equal(results[3].explanation.kind, 'hit');
  assert.ok(results.every((r) => r.agrees));
});

test('a .json document: a pretty-printed OTLP export read whole', () => {
  const doc = JSON.stringify({ resourceSpans: readFileSync(join(EX, 'otel-genai-export.jsonl'), 'utf8').trim().split('\n').flatMap((l) => JSON.parse(l).resourceSpans) }, null, 2);
  assert.equal(runTraceText(doc).results.length, 0, 'as JSONL, the pretty-printed lines are not records');
  const { results, problems } = runTraceText(doc, { document: true });
  assert.deepEqual(problems, []);
  assert.equal(results.length, 4);
  assert.ok(results.every((r) => r.line === 0));
});

// --- shards and memory ------------------------------------------------------------------------------------

function interleaved(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const conv = i % 4;
    const sys = conv < 2 ? policy() : policy(` v${conv}`);
    lines.push(rec(claude(1 + Math.floor(i / 4), { conv: `C${conv} `, system: sys }), i * 0.7, { input_tokens: 5, cache_read_input_tokens: i % 3 ? 1000 : 0, cache_creation_input_tokens: 10 }));
  }
  return lines.join('\n');
}

test('shards: the totals of 1/3, 2/3 and 3/3 add up to the unsharded totals exactly', () => {
  const text = interleaved(24);
  const all = runTraceText(text).totals;
  let merged = emptyTotals();
  const seen = new Set<number>();
  for (let i = 1; i <= 3; i++) {
    const r = runTraceText(text, { shard: { index: i, count: 3 } });
    r.results.forEach((c) => seen.add(c.index));
    merged = mergeTotals(merged, r.totals);
  }
  assert.equal(seen.size, 24);
  assert.deepEqual(merged, all);
});

test('memory: the simulation keeps at most maxEntries prefixes and a few request texts', () => {
  const run = new TraceRun({ maxEntries: 50, keepTexts: 4 });
  run.push(new TextEncoder().encode(interleaved(40)));
  run.end();
  const size = run.analyzer.size;
  assert.ok(size.entries <= 50 * 1.25, `${size.entries}`);
  assert.ok(size.texts <= 4);
  assert.equal(run.analyzer.totals.calls, 40);
});
