// The CLI on the OpenAI examples (Responses, GPT-5.6 chat), on a Gemini body (analysed: an estimate, never a
// silent 0), and on a body the engine cannot analyse (nested deeper than any API request): exit 2, the JSON
// entry carries the problem, and no silent `"inputTokens": 0, "exact": true`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliInProcess } from './cliRun';

const run = runCliInProcess;

const tmp = mkdtempSync(join(tmpdir(), 'pcl-cli-openai-'));
const gemini = join(tmp, 'gemini.json');
writeFileSync(gemini, JSON.stringify({ model: 'gemini-2.5-flash', contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] }));
const deep = join(tmp, 'deep.json');
writeFileSync(deep, `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"metadata":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`);

test('cli: a Gemini body is analysed: an estimate with a count, exit 0', () => {
  const r = run(['analyze', '--format', 'json', gemini]);
  assert.equal(r.code, 0, r.stderr);
  const f = JSON.parse(r.stdout).files[0];
  assert.equal(f.dialect, 'gemini');
  assert.ok(f.inputTokens > 0, JSON.stringify(f.inputTokens));
  assert.equal(f.exact, false);
});

test('cli: a recognised body the engine cannot analyse exits 2; the JSON entry carries the problem, not a silent exact 0', () => {
  const r = run(['analyze', '--format', 'json', deep]);
  assert.equal(r.code, 2, r.stderr);
  const doc = JSON.parse(r.stdout);
  const f = doc.files[0];
  assert.ok(f.problems.some((p: { severity: string; message: string }) => p.severity === 'error' && /not analyzed/.test(p.message)), JSON.stringify(f.problems));
  assert.equal(f.exact, false);
  assert.ok(!(f.inputTokens === 0 && f.exact === true), JSON.stringify({ inputTokens: f.inputTokens, exact: f.exact }));
  assert.match(r.stderr, /not analyzed/);
});

test('cli: the Responses examples are analysed (estimates), exit 0', () => {
  for (const ex of ['examples/openai-responses-gpt-5.6-breakpoints.json', 'examples/openai-responses-agent-turn.json']) {
    const r = run(['analyze', '--format', 'json', ex]);
    assert.equal(r.code, 0, `${ex}: ${r.stderr}`);
    const f = JSON.parse(r.stdout).files[0];
    assert.equal(f.dialect, 'openai-responses');
    assert.equal(f.cache.family, 'openai-breakpoints');
    assert.ok(f.inputTokens > 1024);
    assert.equal(f.exact, false);
    assert.ok(f.cache.cachedTokensNextCall > 1024);
  }
  const text = run(['analyze', 'examples/openai-responses-gpt-5.6-breakpoints.json']).stdout;
  assert.match(text, /cache breakpoint \(prompt_cache_breakpoint\) at line \d+ \(input\[0\]\.content\[0\]\) · 30m/);
  assert.match(run(['analyze', 'examples/openai-responses-agent-turn.json']).stdout, /managed breakpoint \(implicit mode, newest user\/tool message\) at line \d+ \(input\[3\]\)/);
});

test('cli: GPT-5.6 chat in explicit mode without a breakpoint: nothing cached, a warning (exit 1 with --fail-on warning)', () => {
  const ex = 'examples/openai-chat-gpt-5.6-explicit-no-breakpoint.json';
  const r = run(['analyze', '--format', 'json', ex]);
  assert.equal(r.code, 0);
  const f = JSON.parse(r.stdout).files[0];
  assert.equal(f.cache.cachedTokensNextCall, 0);
  assert.equal(f.cache.cachedTokensOnRepeat, 0);
  assert.ok(f.diagnostics.some((d: { code: string }) => d.code === 'openai-explicit-without-breakpoint'));
  assert.equal(run(['analyze', '--fail-on', 'warning', ex]).code, 1);
});
