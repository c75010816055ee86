import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { runCliInProcess } from './cliRun';

const EX = join(__dirname, '..', '..', 'examples', 'traces');
const SESSION = join(EX, 'support-session.jsonl');

test('cli trace: a text row per call and the totals', () => {
  const r = runCliInProcess(['trace', SESSION]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /#5 line 5 .*predicted 0 {2}billed 0/);
  assert.match(r.stdout, /ttl-expired: The entry of .* expired: 9\.0 min/);
  assert.match(r.stdout, /anthropic says tools_changed \(agrees\)/);
  assert.match(r.stdout, /Totals: 10 calls/);
  assert.match(r.stdout, /money lost to misses: \$0\.02/);
});

test('cli trace --format json: calls, problems and totals; --summary leaves the calls out', () => {
  const r = runCliInProcess(['trace', join(EX, 'litellm-standard-logging.jsonl'), '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.kind, 'trace');
  assert.equal(doc.calls.length, 5);
  assert.equal(doc.problems.length, 1);
  assert.equal(doc.totals.billedCalls, 5);
  const s = JSON.parse(runCliInProcess(['trace', join(EX, 'otel-genai-export.jsonl'), '--format=json', '--summary']).stdout);
  assert.deepEqual(s.calls, []);
  assert.equal(s.totals.calls, 4);
});

test('cli trace --shard and --merge: merged shard totals equal the whole run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcl-trace-'));
  const whole = JSON.parse(runCliInProcess(['trace', SESSION, '--format', 'json', '--summary']).stdout).totals;
  const files: string[] = [];
  for (const s of ['1/2', '2/2']) {
    const out = runCliInProcess(['trace', SESSION, '--format', 'json', '--shard', s]);
    assert.equal(out.code, 0, out.stderr);
    const f = join(dir, `shard-${s[0]}.json`);
    writeFileSync(f, out.stdout);
    files.push(f);
  }
  const m = runCliInProcess(['trace', '--merge', ...files, '--format', 'json']);
  assert.equal(m.code, 0, m.stderr);
  assert.deepEqual(JSON.parse(m.stdout).totals, whole);
  const text = runCliInProcess(['trace', '--merge', ...files]);
  assert.match(text.stdout, /Merged 2 files: .*\(shard 1\/2\)/);
  writeFileSync(join(dir, 'bad.json'), '{"kind":"other"}');
  assert.equal(runCliInProcess(['trace', '--merge', join(dir, 'bad.json')]).code, 2);
});

test('cli trace: bad usage exits 2', () => {
  assert.equal(runCliInProcess(['trace']).code, 2);
  assert.match(runCliInProcess(['trace', SESSION, '--shard', '3/2']).stderr, /--shard must be I\/N/);
  assert.equal(runCliInProcess(['trace', SESSION, SESSION]).code, 2);
  assert.match(runCliInProcess(['trace', '--help']).stdout, /Usage: prompt-cache trace FILE/);
});

test('cli trace: streams through openRead in small chunks and draws the progress bar with --progress', () => {
  const bytes = readFileSync(SESSION);
  let out = '';
  let err = '';
  let reads = 0;
  let t = 0;
  const code = main(['trace', SESSION, '--summary', '--progress'], {
    readFile: () => assert.fail('the trace must be streamed, not read whole'),
    stat: (p) => ({ size: statSync(p).size, isFile: true }),
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    now: () => (t += 250),
    openRead: () => {
      let pos = 0;
      return {
        read: (buf) => {
          const n = Math.min(buf.length, 4096, bytes.length - pos);
          buf.set(bytes.subarray(pos, pos + n));
          pos += n;
          reads++;
          return n;
        },
        close: () => {},
      };
    },
  });
  assert.equal(code, 0, err);
  assert.ok(reads > 10);
  assert.match(out, /Totals: 10 calls/);
  assert.match(err, /\[#+\.*\] +\d+%/);
  assert.match(err, /100%/);
});
