// The CLI tested twice from one case table: in process (main) and as the built binary (dist/cli.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main';
import { runCliInProcess } from './cliRun';
import { fmtUsd } from '../../src/core/format';
import { formatTextReport, toJsonReports } from '../../src/core/report';
import type { CostEstimate } from '../../src/core/types';
import { REJECTION, STAMP, TEXT, analysis, belowMinimum, cost, cutBeforeBreakpoint, rejected } from './frontFixtures';

const tmp = mkdtempSync(join(tmpdir(), 'pcl-cli-'));
const broken = join(tmp, 'broken.json');
writeFileSync(broken, '{ "model": "gpt-4o", "messages": [ { "role": "user", "content": "hi" ');
const binary = join(tmp, 'image.json');
writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
const notRequest = join(tmp, 'package.json');
writeFileSync(notRequest, JSON.stringify({ name: 'x', version: '1.0.0', scripts: {} }));
const unknownShape = join(tmp, 'unknown.json');
writeFileSync(unknownShape, JSON.stringify({ model: 'gpt-4o', prompt: 'completion-style' }));

interface Case {
  name: string;
  argv: string[];
  code: number;
  stdout?: RegExp;
  stderr?: RegExp;
  json?: (doc: any) => void;
  /** Runs before each run (in process and binary): a fresh copy of a file the case edits. */
  setup?: () => void;
  /** Checks after the run (files written or not). */
  after?: () => void;
}

const toFix = join(tmp, 'fix-me.json');
const original = readFileSync('examples/timestamp-before-breakpoint.json', 'utf8');
const freshCopy = () => writeFileSync(toFix, original);

const cases: Case[] = [
  { name: 'help', argv: ['--help'], code: 0, stdout: /Usage: prompt-cache analyze/ },
  { name: 'version', argv: ['--version'], code: 0, stdout: /prompt-cache \d+\.\d+\.\d+/ },
  { name: 'no command', argv: [], code: 2, stderr: /No command given/ },
  { name: 'unknown command', argv: ['lint', 'x.json'], code: 2, stderr: /Unknown command "lint"/ },
  { name: 'unknown option', argv: ['analyze', '--colour', 'examples/openai-support-agent.json'], code: 2, stderr: /Unknown option --colour/ },
  { name: 'bad format', argv: ['analyze', '--format', 'xml', 'x.json'], code: 2, stderr: /--format must be/ },
  { name: 'bad dialect', argv: ['analyze', '--dialect', 'gemini-ish', 'x.json'], code: 2, stderr: /--dialect must be one of/ },
  { name: 'missing file', argv: ['analyze', join(tmp, 'nope.json')], code: 2, stderr: /nope\.json: cannot read \(ENOENT\)/ },
  { name: 'broken JSON names the file and the problem', argv: ['analyze', broken], code: 2, stderr: /broken\.json:1:\d+: JSON syntax error: close brace expected \(and 2 more syntax errors\)\n$/ },
  { name: 'binary file', argv: ['analyze', binary], code: 2, stderr: /image\.json: binary file/ },
  { name: 'not a request', argv: ['analyze', notRequest], code: 2, stderr: /package\.json: Not a request/ },
  { name: 'unknown shape', argv: ['analyze', unknownShape], code: 2, stderr: /unknown\.json: Not a request: no "messages"/ },
  { name: 'text report for the OpenAI example', argv: ['analyze', 'examples/openai-support-agent.json'], code: 0, stdout: /Input tokens: ≈?[\d,]+ \((exact|estimate)\)[\s\S]*tool definitions[\s\S]*Next call reads from cache: ≈?[\d,]+ of ≈?[\d,]+ tokens[\s\S]*\nIdentical repeat reads: ≈?[\d,]+ tokens[\s\S]*first call \$[\d.]+ · next call \$[\d.]+ · identical repeat \$[\d.]+ · without caching \$[\d.]+/ },
  {
    name: 'json report for the Anthropic example',
    argv: ['analyze', '--format', 'json', 'examples/anthropic-cached-document.json'],
    code: 0,
    json: (doc) => {
      const f = doc.files[0];
      assert.equal(f.provider, 'anthropic');
      assert.equal(f.dialect, 'anthropic-messages');
      assert.equal(f.exact, false);
      assert.ok(f.inputTokens > 2000);
      assert.ok(f.segments.length >= 5);
      assert.equal(f.cache.breakpoints.length, 2);
      assert.ok(f.cache.cachedTokensOnRepeat > 1024);
      assert.equal(typeof f.cache.cachedTokensNextCall, 'number');
      assert.ok(f.cache.cachedTokensNextCall <= f.cache.cachedTokensOnRepeat);
      for (const b of f.cache.breakpoints) assert.equal(typeof b.readTokensNextCall, 'number');
      assert.ok(f.cost.repeatCall < f.cost.firstCall);
      assert.equal(typeof f.cost.nextCall, 'number');
      assert.ok(f.cost.nextCall >= f.cost.repeatCall);
      for (const s of f.segments) assert.ok(s.range.start.line >= 0 && typeof s.range.start.character === 'number');
    },
  },
  { name: 'model override', argv: ['analyze', '--format', 'json', '--model', 'gpt-4.1', 'examples/openai-support-agent.json'], code: 0, json: (doc) => assert.equal(doc.files[0].model, 'gpt-4.1') },
  { name: 'jsonl: one entry per request line', argv: ['analyze', '--format', 'json', 'examples/batch-requests.jsonl'], code: 0, json: (doc) => assert.equal(doc.files.length, 3) },
  { name: 'fail-on warning exits 1 on findings', argv: ['analyze', '--fail-on', 'warning', 'examples/anthropic-cache-mistakes.json'], code: 1, stdout: /Findings:/ },
  { name: 'fail-on none exits 0', argv: ['analyze', '--fail-on', 'none', 'examples/anthropic-cache-mistakes.json'], code: 0 },
  { name: 'sarif output', argv: ['analyze', '--format', 'sarif', '--fail-on', 'none', 'examples/anthropic-cache-mistakes.json'], code: 0, json: (doc) => assert.equal(doc.version, '2.1.0') },
  {
    name: 'sarif: helpUri opens the rule page, related places as relatedLocations',
    argv: ['analyze', '--format', 'sarif', '--fail-on', 'none', 'examples/timestamp-before-breakpoint.json'],
    code: 0,
    json: (doc) => {
      const rules = doc.runs[0].tool.driver.rules;
      assert.deepEqual(rules.map((r: { id: string }) => r.id), ['volatile-in-prefix']);
      for (const r of rules) {
        assert.match(r.helpUri, /docs\/rules\/volatile-in-prefix\.md$/);
        assert.ok(existsSync(r.helpUri.startsWith('file:') ? fileURLToPath(r.helpUri) : r.helpUri), r.helpUri);
      }
      const [res] = doc.runs[0].results;
      assert.deepEqual(res.relatedLocations.map((l: any) => l.message.text.split(':')[0]), ['breakpoint-after-volatile', 'static-after-dynamic']);
      assert.equal(res.relatedLocations[0].physicalLocation.region.startLine, 12);
    },
  },
  { name: '--dry-run without --fix', argv: ['analyze', '--dry-run', 'x.json'], code: 2, stderr: /--dry-run goes with --fix/ },
  {
    name: '--fix --dry-run prints a diff, writes nothing, reports what would be left',
    argv: ['analyze', '--fix', '--dry-run', '--fail-on', 'warning', toFix],
    setup: freshCopy,
    code: 0,
    stdout: /^--- \S*fix-me\.json\n\+\+\+ \S*fix-me\.json \(fixed\)\n@@ -5,5 \+5,5 @@\n[\s\S]*\n-      "text": "You are the trail-advice assistant of a mountain outfitter\. Answer from the guide below\.\\nCurrent time: 2026-11-21T10:42:17Z"\n\+      "text": "You are the trail-advice assistant of a mountain outfitter\. Answer from the guide below\."\n[\s\S]*\+    \{"type": "text", "text": "Current time: 2026-11-21T10:42:17Z"\}\n[\s\S]*Next call reads from cache: ≈4,580/,
    stderr: /fix-me\.json: would fix 1 finding \(1 pass\); 0 left\n/,
    after: () => assert.equal(readFileSync(toFix, 'utf8'), original),
  },
  {
    name: '--fix applies the preferred fix in place and reports what is left',
    argv: ['analyze', '--fix', '--fail-on', 'warning', toFix],
    setup: freshCopy,
    code: 0,
    stdout: /Next call reads from cache: ≈4,580 of/,
    stderr: /fix-me\.json: fixed 1 finding \(1 pass\); 0 left\n/,
    after: () => {
      const body = JSON.parse(readFileSync(toFix, 'utf8'));
      assert.equal(body.system.length, 3);
      assert.equal(body.system[2].text, 'Current time: 2026-11-21T10:42:17Z');
    },
  },
  { name: '--fix on a clean file changes nothing', argv: ['analyze', '--fix', 'examples/openai-support-agent.json'], code: 0, stderr: /openai-support-agent\.json: nothing to fix/ },
];

test('cli: .promptcacheignore in the current directory silences rules for matching files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcl-ignore-'));
  writeFileSync(join(dir, 'req.json'), readFileSync('examples/anthropic-cache-mistakes.json'));
  const run = (extra: Record<string, string>) => {
    for (const [k, v] of Object.entries(extra)) writeFileSync(join(dir, k), v);
    let out = '';
    const code = main(['analyze', '--format', 'json', '--fail-on', 'none', join(dir, 'req.json')], {
      readFile: (p) => readFileSync(p),
      stat: (p) => ({ size: statSync(p).size, isFile: statSync(p).isFile() }),
      stdout: (s) => (out += s),
      stderr: () => {},
      cwd: dir,
    });
    assert.equal(code, 0);
    return JSON.parse(out).files[0].diagnostics.map((d: { code: string }) => d.code) as string[];
  };
  const before = run({});
  assert.ok(before.includes('volatile-in-prefix'));
  const after = run({ '.promptcacheignore': '# legacy requests\nreq.json volatile-in-prefix\n' });
  assert.ok(!after.includes('volatile-in-prefix'));
  // The other findings stay (a consequence folded into a volatile-in-prefix diagnostic is reported by itself).
  for (const c of before.filter((x) => x !== 'volatile-in-prefix')) assert.ok(after.includes(c), c);
});

const runInProcess = runCliInProcess;

function runBinary(argv: string[]) {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...argv], { encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const haveBinary = existsSync('dist/cli.js');
for (const [mode, run] of [['in process', runInProcess], ['binary', runBinary]] as const) {
  for (const c of cases) {
    test(`cli (${mode}): ${c.name}`, { skip: mode === 'binary' && !haveBinary ? 'dist/cli.js not built (npm run build)' : false }, () => {
      c.setup?.();
      const r = run(c.argv);
      assert.equal(r.code, c.code, `exit code\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr}`);
      if (c.stdout) assert.match(r.stdout, c.stdout);
      if (c.stderr) assert.match(r.stderr, c.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack traces');
      if (c.json) c.json(JSON.parse(r.stdout));
      c.after?.();
    });
  }
}

// The text and JSON reports over hand-built analyses: the next call first, the identical repeat labelled.
test('report: a cut before the only breakpoint leads with the next call (0) and labels the repeat (4,000)', () => {
  const a = cutBeforeBreakpoint();
  const text = formatTextReport(a, { path: 'req.json', text: TEXT });
  const stampLine = TEXT.slice(0, TEXT.indexOf(STAMP)).split('\n').length;
  assert.ok(text.includes(`Next call reads from cache: 0 of 4,005 tokens (minimum 1,024). It stops before the timestamp "${STAMP}" in system block 1 (line ${stampLine}).\nIdentical repeat reads: 4,000 tokens.`), text);
  assert.ok(text.includes('· 5m · 4,000 tokens · first call writes 4,000, the next call reads 0 (an identical repeat reads 4,000)'), text);
  assert.ok(text.includes(`first call ${fmtUsd(a.cost!.firstCall)} · next call ${fmtUsd(a.cost!.nextCall)} · identical repeat ${fmtUsd(a.cost!.repeatCall)} · without caching ${fmtUsd(a.cost!.uncachedCall)}`), text);
  assert.ok(!/ cached( |$)/m.test(text.split('\n').filter((l) => /^\d  /.test(l)).join('\n')), 'no segment is "cached" for the next call');
  assert.ok(!text.includes('Rejected'));

  const [j] = toJsonReports(a, { path: 'req.json', text: TEXT });
  assert.equal(j.cache.cachedTokensNextCall, 0);
  assert.equal(j.cache.cachedTokensOnRepeat, 4000);
  assert.equal(j.cache.nextCallCut!.value, STAMP);
  assert.equal(j.cache.nextCallCut!.unitLabel, 'system block 1');
  assert.equal(j.cache.nextCallCut!.range.start.line, stampLine - 1);
  assert.equal(typeof j.cache.nextCallCut!.range.start.character, 'number');
  assert.equal(j.cache.rejected, undefined);
  assert.equal(j.cache.breakpoints[0].readTokensNextCall, 0);
  assert.equal(j.cache.breakpoints[0].readTokensOnRepeat, 4000);
  assert.equal(j.cost!.nextCall, Math.round(a.cost!.nextCall * 1e6) / 1e6);
  assert.equal(j.cost!.repeatCall, Math.round(a.cost!.repeatCall * 1e6) / 1e6);
  assert.equal(j.cost!.longContext, undefined);
});

test('report: a breakpoint below the minimum writes nothing and caches nothing', () => {
  const text = formatTextReport(belowMinimum(), { path: 'req.json', text: TEXT });
  assert.ok(text.includes('Next call reads from cache: 0 of 4,005 tokens (minimum 4,096).'), text);
  assert.ok(text.includes('4,000 tokens · below the 4,096-token minimum: writes nothing, caches nothing'), text);
  assert.ok(!text.includes('writes 0'), text);
  assert.ok(text.includes('◆ 5m (below minimum)'), text);
});

test('report: a rejected request says so first, and nothing is cached', () => {
  const a = rejected();
  const text = formatTextReport(a, { path: 'req.json', text: TEXT });
  assert.ok(text.includes(`Rejected by the API: ${REJECTION} — nothing is cached.\nNext call reads from cache: 0 of 4,005 tokens`), text);
  assert.ok(text.includes('4,000 tokens · the request is rejected: writes nothing, caches nothing'), text);
  assert.ok(text.includes('◆ 5m (rejected)'), text);
  const [j] = toJsonReports(a, { path: 'req.json', text: TEXT });
  assert.equal(j.cache.rejected, REJECTION);
  assert.equal(j.cache.cachedTokensNextCall, 0);
});

test('report: long-context pricing is shown with the costs when the engine reports it', () => {
  const a = analysis();
  a.cost = { ...cost(), longContext: { thresholdTokens: 200_000, applied: true, source: 'pricing page' } } as CostEstimate;
  const text = formatTextReport(a, { path: 'req.json', text: TEXT });
  assert.ok(text.includes('  Long context: the input is above 200,000 tokens, so all of it is priced at long-context rates (pricing page).'), text);
  const [j] = toJsonReports(a, { path: 'req.json', text: TEXT });
  assert.deepEqual(j.cost!.longContext, { thresholdTokens: 200_000, applied: true, source: 'pricing page' });
});
