// The editor side of prompts in code (issue 13), its pure parts: which call the cost panel follows for a
// cursor position (src/extension/panel/followCall.ts) and the words of the call CodeLens and the dynamic-span
// hover (src/extension/sourceText.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Analysis, OffsetRange } from '../../src/core/types';
import { callIndexAt, hasCallParts, partAt, partRange } from '../../src/extension/panel/followCall';
import { breaksCache, callLensTitle, callParts, dynamicSpanHover, type CallPart, type DynamicSpanView } from '../../src/extension/sourceText';
import { analysis } from './frontFixtures';
import { allDiagnostics } from '../../src/extension/requestDiagnostics';

function call(range: OffsetRange, over: Partial<CallPart> = {}): CallPart {
  return { ...analysis(), callRange: range, callLabel: 'client.messages.create', ...over };
}

function file(parts: CallPart[]): Analysis {
  return { ...parts[0], lines: parts };
}

test('followCall: the call containing the cursor, else the nearest one above, else the first', () => {
  const a = file([call({ start: 100, end: 200 }), call({ start: 300, end: 420 }), call({ start: 500, end: 600 })]);
  assert.equal(hasCallParts(a), true);
  assert.equal(callIndexAt(a, 150), 0);
  assert.equal(callIndexAt(a, 300), 1); // the call's first character
  assert.equal(callIndexAt(a, 420), 1); // its last
  assert.equal(callIndexAt(a, 450), 1); // between two calls: the one above
  assert.equal(callIndexAt(a, 10_000), 2);
  assert.equal(callIndexAt(a, 5), 0); // above every call: the first
  assert.equal(partAt(a, 1), a.lines![1]);
  assert.equal(partAt(a, 99), a.lines![2]); // clamped
  assert.equal(partAt(a, undefined), a);
});

test('followCall: a call nested in another call\'s arguments wins inside its own range', () => {
  const a = file([call({ start: 0, end: 1000 }), call({ start: 200, end: 300 })]);
  assert.equal(callIndexAt(a, 250), 1);
  assert.equal(callIndexAt(a, 600), 0);
});

test('followCall: request files and JSONL (no callRange) are not followed by call', () => {
  const jsonl: Analysis = { ...analysis(), lines: [analysis(), analysis()] };
  assert.equal(hasCallParts(jsonl), false);
  assert.equal(callIndexAt(jsonl, 10), undefined);
  assert.equal(callIndexAt(analysis(), 10), undefined);
  assert.deepEqual(callParts(jsonl), []);
  // without a callRange, a part's range is the span of its segments
  const r = partRange(analysis())!;
  assert.ok(r.end > r.start);
});

test('call CodeLens: name, tokens (≈ when a value is unknown), what the next call reads, cost, per-request warning', () => {
  const exact = call({ start: 0, end: 10 });
  const t = callLensTitle(exact);
  assert.match(t, /^\$\(symbol-method\) client\.messages\.create · 4,005 tokens · next call reads [\d,]+ tokens from cache · \$[\d.]+\/call$/);
  assert.ok(t.includes(`next call reads ${exact.cache.cachedTokensNextCall.toLocaleString('en-US')} tokens`), t);

  const span: DynamicSpanView = { range: { start: 3, end: 9 }, expression: 'datetime.now()', perRequest: true, reason: 'a clock', counted: true };
  // a per-request value inside what is written to the cache: warned; the same value after it: not
  const inPrefix = { ...exact.cache, readRanges: [], writeOnlyRanges: [{ start: 0, end: 20 }] };
  const approx = call({ start: 0, end: 10 }, { approximate: true, exact: false, dynamicSpans: [span], cache: inPrefix });
  const ta = callLensTitle(approx);
  assert.match(ta, / · ≈4,005 tokens · /);
  assert.match(ta, /1 value changes on every request inside the cacheable prefix$/);
  const after = call({ start: 0, end: 10 }, { approximate: true, exact: false, dynamicSpans: [span], cache: { ...exact.cache, readRanges: [{ start: 50, end: 60 }], writeOnlyRanges: [] } });
  assert.doesNotMatch(callLensTitle(after), /every request/);

  const nothing = call({ start: 0, end: 10 }, { cache: { ...exact.cache, cachedTokensNextCall: 0 } });
  assert.match(callLensTitle(nothing), /next call reads nothing from cache/);
  const rejected = call({ start: 0, end: 10 }, { cache: { ...exact.cache, rejected: 'too many breakpoints' } });
  assert.match(callLensTitle(rejected), /nothing cached: the API would reject it/);
  assert.doesNotMatch(callLensTitle(rejected), /\/call/);
});

test('dynamic-span hover: unknown at edit time, counted as ≥ the known part, per-request values say so', () => {
  const span: DynamicSpanView = { range: { start: 3, end: 9 }, expression: 'datetime.now().isoformat()', perRequest: true, reason: 'A clock: it changes on every request.', counted: true, tokens: 5 };
  const part = call({ start: 0, end: 10 }, { exact: false, approximate: true, dynamicSpans: [span], cache: { ...analysis().cache, readRanges: [{ start: 0, end: 5 }] } });
  assert.equal(breaksCache(span, part), true);
  const md = dynamicSpanHover(span, part);
  assert.match(md, /unknown at edit time/);
  assert.match(md, /`datetime\.now\(\)\.isoformat\(\)`/);
  assert.match(md, /counted as ≥ 4,000 tokens/i);
  assert.match(md, /Changes on every request/);

  const plain: DynamicSpanView = { range: { start: 3, end: 9 }, expression: 'load_policy()', perRequest: false, reason: 'A function call: its value is not in this file.', counted: true };
  const md2 = dynamicSpanHover(plain, part);
  assert.match(md2, /unknown at edit time/);
  assert.match(md2, /counted as ≥/i);
  assert.doesNotMatch(md2, /Changes on every request/);
  // per-request but after the cached part (a parameter in the user message): said, without the warning
  const question: DynamicSpanView = { ...plain, expression: 'question', perRequest: true, range: { start: 40, end: 48 } };
  assert.equal(breaksCache(question, part), false);
  const md3 = dynamicSpanHover(question, part);
  assert.match(md3, /after the cacheable prefix: it costs no cache reads/);
  assert.doesNotMatch(md3, /warning/);
});

test('allDiagnostics: the findings of every call of a source file (not only the first), each once', async () => {
  const { readFileSync } = await import('node:fs');
  const { analyze } = await import('../../src/core/analyze');
  const { loadTreeSitter } = await import('../../src/host/treeSitter');
  const host = await loadTreeSitter();
  const text = readFileSync('examples/typescript-app.ts', 'utf8');
  const a = analyze(text, { fileName: 'examples/typescript-app.ts', parseSource: host.parserFor('typescript-app.ts') });
  const calls = callParts(a);
  assert.ok(calls.length >= 2);
  const perCall = calls.map((c) => c.diagnostics.length);
  assert.ok(perCall.some((n) => n > 0), 'the example has findings');
  const all = allDiagnostics(a);
  assert.equal(all.length, perCall.reduce((x, y) => x + y, 0));
  for (const c of calls) for (const d of c.diagnostics) assert.ok(all.includes(d));
  // the top level is the first call only: with the calls the other way round its findings are still all there
  const withFindings = calls.find((c) => c.diagnostics.length)!;
  const clean = { ...calls[0], diagnostics: [] };
  const reordered: Analysis = { ...clean, lines: [clean, withFindings] };
  assert.equal(reordered.diagnostics.length, 0);
  assert.deepEqual(allDiagnostics(reordered), withFindings.diagnostics);
  // the same finding reported by two calls (a shared constant) is published once
  const twice: Analysis = { ...a, lines: [calls[0], { ...calls[0] }] };
  assert.equal(allDiagnostics(twice).length, calls[0].diagnostics.length);
  // a request file: its own diagnostics
  const plain = analysis();
  assert.equal(allDiagnostics(plain), plain.diagnostics);
});
