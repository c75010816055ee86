// Issue 12 reproducers: inputs that hung or crashed the analyzer, and fixes that produced invalid JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { analyze } from '../../src/core';
import { jsoncOnlySyntax } from '../../src/core/parse/json';
import { refactoringsAt } from '../../src/core/analyze';
import { main } from '../../src/cli/main';
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

test('a wrong type inside one block is a problem on that block; the rest is analysed', () => {
  const text = '{"model":"claude-sonnet-4-5","system":[{"type":{}}],"messages":[{"role":"user","content":"hi"}]}';
  const a = analyze(text, { fileName: 'x.json' });
  assert.ok(a.isRequest && a.segments.length >= 2, JSON.stringify(a.problems));
  assert.ok(!a.problems.some((p) => /could not analyze/.test(p.message)));
  const p = a.problems.find((x) => /"type" of system block 1 is an object/.test(x.message));
  assert.ok(p?.range && text.slice(p.range.start, p.range.end) === '{}', JSON.stringify(a.problems));
  const b = analyze('{"model":"gpt-4o","messages":[{"role":{},"content":[{"type":"text","text":[]}]}]}', { fileName: 'x.json' });
  assert.ok(b.isRequest);
  assert.equal(b.problems.filter((x) => /not a string/.test(x.message)).length, 2);
});

test('nesting deeper than the limit: a clear message, no stack overflow (parse and every walk)', () => {
  for (const depth of [600, 5000, 50_000]) {
    const text = `{"model":"gpt-4o","messages":[{"role":"user","content":${'['.repeat(depth)}${']'.repeat(depth)}}]}`;
    const a = analyze(text, { fileName: 'deep.json' });
    assert.deepEqual(a.problems.map((p) => p.message), ['Nesting deeper than 500 levels: not analyzed (no API request nests this deep).']);
  }
  const ok = analyze(`{"model":"gpt-4o","messages":[{"role":"user","content":"hi","x":${'['.repeat(400)}${']'.repeat(400)}}]}`, { fileName: 'deep.json' });
  assert.ok(ok.isRequest && !ok.problems.some((p) => p.severity === 'error'));
});

test('strict .json: comments and trailing commas are errors with their range; .jsonc stays fine', () => {
  const text = '{\n  "model": "gpt-4o", // the model\n  "messages": [{"role": "user", "content": "see https://x.y/z"},],\n}\n';
  const a = analyze(text, { fileName: 'req.json' });
  const strict = a.problems.filter((p) => /the API rejects it \(strict JSON\)/.test(p.message));
  assert.deepEqual(strict.map((p) => [p.severity, text.slice(p.range!.start, p.range!.end)]), [['error', '// the model'], ['error', ','], ['error', ',']]);
  assert.equal(analyze(text, { fileName: 'req.jsonc' }).problems.filter((p) => /strict JSON/.test(p.message)).length, 0);
  assert.equal(analyze(text.replace(' // the model', '').replace(/,(\]|\n\})/g, '$1'), { fileName: 'req.json' }).problems.filter((p) => /strict JSON/.test(p.message)).length, 0);
});

test('CLI: a .json body with a trailing comma fails per --fail-on (1), not as unreadable (2); .jsonc passes', () => {
  const run = (argv: string[]) => {
    let out = '';
    const code = main(argv, {
      readFile: (p) => readFileSync(p),
      stat: (p) => {
        const s = statSync(p);
        return { size: s.size, isFile: s.isFile() };
      },
      stdout: (s) => (out += s),
      stderr: (s) => (out += s),
    });
    return { code, out };
  };
  const bad = run(['analyze', 'test/data/strict/trailing-comma.json']);
  assert.equal(bad.code, 1, bad.out);
  assert.match(bad.out, /trailing comma in a \.json request body/);
  assert.equal(run(['analyze', 'test/data/strict/trailing-comma.json', '--fail-on', 'none']).code, 0);
  assert.equal(run(['analyze', 'test/data/strict/trailing-comma.jsonc']).code, 0);
});

const P = 'The handbook section explains how agents answer customers politely and precisely. '.repeat(300);

test('fix: a split keeps a block "type" written with escapes as written (valid JSON, same type)', () => {
  for (const type of ['"t\\u0065xt"', '"text"']) {
    const text = `{"model":"claude-sonnet-4-5","max_tokens":5,"system":[{"type":${type},"text":"${P}Today is 2025-03-04T10:15:30Z. Answer.","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"hi"}]}`;
    const a = analyze(text, { fileName: 'a.json' });
    const splits = a.diagnostics.flatMap((d) => d.fixes ?? []).filter((f) => /split/.test(f.title));
    assert.ok(splits.length > 0, `a split is offered (${type})`);
    for (const f of splits) {
      const fixed = applyFix(text, f);
      assertValidJson(fixed);
      const body = JSON.parse(fixed);
      assert.deepEqual(body.system.map((b: { type: string }) => b.type), ['text', 'text']);
      assert.equal(fixed.split(`"type":${type}`).length - 1, 2, 'the type is written as it was, twice');
    }
  }
});

test('fix: no "Move cache_control to tool 1" when tool 1 is an array (it would insert a property into an array)', () => {
  const text = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 5, tools: [['x']], system: [{ type: 'text', text: '', cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: 'hi' }] }, null, 2);
  const fixes = analyze(text, { fileName: 'a.json' }).diagnostics.flatMap((d) => d.fixes ?? []);
  assert.ok(fixes.length > 0);
  for (const f of fixes) assertValidJson(applyFix(text, f));
  assert.ok(!fixes.some((f) => /Move cache_control to tool/.test(f.title)));
});

test('refactoring: no 1h breakpoint after a 5m one, no 5m before a 1h one (the API rejects both orders)', () => {
  const body = (ttl?: string) =>
    JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 5, system: [{ type: 'text', text: P, cache_control: ttl ? { type: 'ephemeral', ttl } : { type: 'ephemeral' } }], messages: [{ role: 'user', content: [{ type: 'text', text: 'first question' }] }, { role: 'assistant', content: 'answer' }, { role: 'user', content: [{ type: 'text', text: P + 'second', cache_control: { type: 'ephemeral', ttl: '1h' } }] }] }, null, 2);
  const titles = (text: string, at: string) => (refactoringsAt(analyze(text, { fileName: 'a.json' }), text.indexOf(at)) ?? []).map((f) => f.title);
  // After a 5m system breakpoint: 5m only.
  const t5 = body();
  const after5m = titles(t5, 'first question');
  assert.ok(after5m.length === 0 || after5m.every((t) => !/1h/.test(t)), after5m.join());
  // Before a later 1h breakpoint (system 1h): 1h only.
  const t1 = body('1h');
  const before1h = titles(t1, 'first question');
  assert.deepEqual(before1h.map((t) => /1h/.test(t)), [true], before1h.join());
});

test('strict .json scan = jsonc-parser scanner on random texts, and linear on a one-line 1 MB body', () => {
  const reference = (text: string) => {
    const out: { kind: string; range: { start: number; end: number } }[] = [];
    const sc = createScanner(text, false);
    let comma = -1;
    for (let t = sc.scan(); t !== SyntaxKind.EOF && out.length < 20; t = sc.scan()) {
      if (t === SyntaxKind.LineCommentTrivia || t === SyntaxKind.BlockCommentTrivia) {
        out.push({ kind: 'comment', range: { start: sc.getTokenOffset(), end: sc.getTokenOffset() + sc.getTokenLength() } });
        continue;
      }
      if (t === SyntaxKind.Trivia || t === SyntaxKind.LineBreakTrivia) continue;
      if ((t === SyntaxKind.CloseBraceToken || t === SyntaxKind.CloseBracketToken) && comma >= 0) out.push({ kind: 'trailing comma', range: { start: comma, end: comma + 1 } });
      comma = t === SyntaxKind.CommaToken ? sc.getTokenOffset() : -1;
    }
    return out;
  };
  const P = ['{', '}', '[', ']', ',', '"', '\\', '\\"', '//', '/*', '*/', '\n', '\r\n', ' ', 'a', '1', ':', '"x"', '/', '*', '\t'];
  let seed = 9;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let k = 0; k < 20000; k++) {
    let t = '';
    for (let j = Math.floor(rnd() * 20); j > 0; j--) t += P[Math.floor(rnd() * P.length)];
    assert.deepEqual(jsoncOnlySyntax(t), reference(t), JSON.stringify(t));
  }
  const big = JSON.stringify({ model: 'gpt-4o', messages: Array.from({ length: 40000 }, (_, i) => ({ role: 'user', content: `see https://a.b/${i}` })) });
  const t0 = performance.now();
  assert.deepEqual(jsoncOnlySyntax(big), []);
  assert.ok(performance.now() - t0 < 500);
});
