// The CLI on source files: `prompt-cache analyze app.py src/agent.ts`, JSON entries with `requests`, a file
// without any recognised call (reported, exit 0), and the bundled binary (dist/cli.js loads tree-sitter).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { main, needsSourceParser } from '../../../src/cli/main';
import { treeSitter } from './helpers';
import type { SourceParser } from '../../../src/core/dialects/source/syntax';

let parseSource: SourceParser;
before(async () => {
  parseSource = (await treeSitter()).parse;
});

function run(argv: string[], withParser = true): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, {
    readFile: (p) => readFileSync(p),
    stat: (p) => {
      const s = statSync(p);
      return { size: s.size, isFile: s.isFile() };
    },
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    parseSource: withParser ? parseSource : undefined,
  });
  return { code, stdout, stderr };
}

describe('cli: source files', () => {
  it('JSON: one entry per source file with requests (range, dynamicSpans and the request fields)', () => {
    const r = run(['analyze', '--format', 'json', 'examples/python-agent.py', 'examples/typescript-app.ts']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(
      doc.files.map((f: { path: string; requests: unknown[] }) => [f.path, f.requests.length]),
      [
        ['examples/python-agent.py', 1],
        ['examples/typescript-app.ts', 2],
      ],
    );
    const py = doc.files[0].requests[0];
    assert.equal(py.dialect, 'anthropic-messages');
    assert.equal(py.callLabel, 'client.messages.create');
    assert.ok(py.inputTokens > 0 && Array.isArray(py.segments) && py.cache && py.cost);
    const text = readFileSync('examples/python-agent.py', 'utf8').split('\n');
    assert.match(text[py.range.start.line].slice(py.range.start.character), /^client\.messages\.create\(/);
    const today = py.dynamicSpans.find((d: { expression: string }) => d.expression === 'today');
    assert.equal(today.perRequest, true);
    assert.equal(text[today.range.start.line].slice(today.range.start.character, today.range.end.character), 'today');
    assert.deepEqual(
      doc.files[1].requests.map((q: { callLabel: string; dialect: string }) => [q.callLabel, q.dialect]),
      [
        ['openai.chat.completions.create', 'openai-chat'],
        ['generateText', 'anthropic-messages'],
      ],
    );
  });

  it('a source file without any recognised call is reported as such, exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcl-src-'));
    const f = join(dir, 'util.ts');
    writeFileSync(f, 'export const add = (a: number, b: number) => a + b;\n');
    const json = run(['analyze', '--format', 'json', f]);
    assert.equal(json.code, 0, json.stderr);
    const entry = JSON.parse(json.stdout).files[0];
    assert.deepEqual(entry.requests, []);
    assert.match(entry.message, /No LLM SDK call recognised/);
    const text = run(['analyze', f]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /INFO: No LLM SDK call recognised/);
  });

  it('text report: one section per call, titled with its line and call', () => {
    const r = run(['analyze', 'examples/typescript-app.ts']);
    assert.match(r.stdout, /^examples\/typescript-app\.ts:\d+ openai\.chat\.completions\.create$/m);
    assert.match(r.stdout, /^examples\/typescript-app\.ts:\d+ generateText$/m);
    assert.match(r.stdout, /… unresolved at line \d+: new Date\(\)\.toISOString\(\) \(per-request\)/);
  });

  it('without a parser a source file is unreadable (exit 2) with a clear message', () => {
    const r = run(['analyze', 'examples/python-agent.py'], false);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /parser is not loaded/);
  });

  it('needsSourceParser looks at file arguments only', () => {
    assert.equal(needsSourceParser(['analyze', 'a.json', '--model', 'gpt-4o']), false);
    assert.equal(needsSourceParser(['analyze', 'src/agent.ts']), true);
    assert.equal(needsSourceParser(['analyze', 'app.py', '--format', 'json']), true);
  });

  it('the bundled CLI (dist/cli.js) analyses a Python file', { skip: !existsSync('dist/cli.js') && 'dist/cli.js not built' }, () => {
    const out = execFileSync(process.execPath, ['dist/cli.js', 'analyze', '--format', 'json', 'examples/python-agent.py'], { encoding: 'utf8' });
    assert.equal(JSON.parse(out).files[0].requests.length, 1);
  });
});

describe('cli: --fix on source files', () => {
  it('--fix --dry-run moves the date out of the cached system block (a diff, nothing written)', () => {
    const r = run(['analyze', '--fix', '--dry-run', 'examples/python-agent.py']);
    assert.match(r.stdout, /^-Today is \{today\}\.$/m);
    assert.match(r.stdout, /^\+ {8}messages=\[\{"role": "user", "content": f"""Today is \{today\}\.\\n\\n""" \+ question\}\],$/m);
    assert.match(r.stderr, /would fix 1 finding \(1 pass\); 0 left/);
  });
});

describe('cli: a call without a request body yet', () => {
  it('a half-written call is reported (info), not an unreadable file: exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcl-src-'));
    const f = join(dir, 'draft.py');
    writeFileSync(f, 'import anthropic\nclient = anthropic.Anthropic()\nclient.messages.create(model="claude-sonnet-4-5", max_tokens=5)\n');
    const r = run(['analyze', '--format', 'json', f]);
    assert.equal(r.code, 0, r.stderr);
    const q = JSON.parse(r.stdout).files[0].requests[0];
    assert.equal(q.callLabel, 'client.messages.create');
    assert.match(q.problems[0].message, /client\.messages\.create: Not a request: no "messages"/);
    assert.equal(q.problems[0].severity, 'info');
  });
});
