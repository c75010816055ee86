// `prompt-cache diff` and `analyze --next-turn`, in process (test/unit/cliRun.ts), on the examples/compare pairs.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCliInProcess as run } from '../cliRun';

const A = 'examples/compare/system-one-char-a.json';
const B = 'examples/compare/system-one-char-b.json';

test('cli diff: text output names the unit, both ranges as file:line:col, the characters and the figures; exit 1', () => {
  const r = run(['diff', A, B]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /: system-changed/);
  assert.match(r.stdout, /first difference: system message 1/);
  assert.match(r.stdout, new RegExp(`${A}:6:5063-6:5064  "0"`));
  assert.match(r.stdout, new RegExp(`${B}:6:5063-6:5064  "1"`));
  assert.match(r.stdout, /tokens before it: 1,024/);
  assert.match(r.stdout, /cached on second: 1,024 of 1,735 tokens \(unchanged it would read 1,664\)/);
});

test('cli diff --format json: the fields the issue asks for', () => {
  const r = run(['diff', 'examples/compare/tools-reordered-a.json', 'examples/compare/tools-reordered-b.json', '--format', 'json']);
  assert.equal(r.code, 1);
  const j = JSON.parse(r.stdout);
  assert.equal(j.category, 'tools-reordered');
  assert.equal(j.sharedPrefixTokens, 496);
  assert.equal(j.cachedTokensOnSecond, 0);
  assert.equal(j.firstDifference.unit, 'tool 1 (check_trail_conditions → recommend_gear)');
  assert.deepEqual([j.firstDifference.range.a.startLine, j.firstDifference.range.a.startColumn, j.firstDifference.range.a.text], [6, 16, 'check_trail_conditions']);
  assert.equal(j.firstDifference.range.b.start, readFileSync('examples/compare/tools-reordered-b.json', 'utf8').indexOf('recommend_gear'));
});

test('cli diff: identical files exit 0; FILE.jsonl:LINE refs; bad usage and unreadable input exit 2', () => {
  assert.equal(run(['diff', A, A]).code, 0);
  const dir = mkdtempSync(join(tmpdir(), 'pcl-diff-'));
  const sys = JSON.parse(readFileSync(A, 'utf8')).messages[0].content;
  const line = (u: string) => JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: sys }, { role: 'user', content: u }] });
  const f = join(dir, 't.jsonl');
  writeFileSync(f, `${line('one')}\n${line('one')}\n${line('two')}\n`);
  const same = run(['diff', `${f}:1`, `${f}:2`, '--format', 'json']);
  assert.equal(same.code, 0, same.stderr);
  assert.equal(JSON.parse(same.stdout).category, 'identical');
  const diff = run(['diff', `${f}:2`, `${f}:3`, '--format', 'json']);
  assert.equal(JSON.parse(diff.stdout).firstDifference.range.b.startLine, 3);
  assert.equal(run(['diff', A]).code, 2);
  assert.equal(run(['diff', A, 'nope.json']).code, 2);
  assert.equal(run(['diff', A, B, '--gap', 'soon']).code, 2);
  assert.equal(run(['diff', `${f}:9`, A]).code, 2);
});

test('cli analyze --next-turn: text and JSON; a wide fan-out misses the lookback (exit 1)', () => {
  const ok = run(['analyze', 'examples/anthropic-long-conversation.json', '--next-turn']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Next turn: reads 4,375 of 4,411 tokens from cache: the breakpoints still hit\./);
  const wide = run(['analyze', 'examples/anthropic-long-conversation.json', '--next-turn', '--fan-out', '25', '--format', 'json']);
  assert.equal(wide.code, 1);
  const t = JSON.parse(wide.stdout).files[0].nextTurn;
  assert.equal(t.hits, false);
  assert.equal(t.category, 'lookback-exceeded');
  assert.equal(t.cachedTokensNextTurn, 3783);
  assert.ok(t.breakpoints.some((b: { withinLookback: boolean; positionsSincePrevious: number }) => !b.withinLookback && b.positionsSincePrevious === 51));
});
