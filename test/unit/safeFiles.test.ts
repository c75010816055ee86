// Safe local file access (src/host/safeFile.ts, localFiles.ts, ignoreFile.ts, src/cli/files.ts):
//  • only regular files are read, with a size cap: a FIFO, /dev/zero (directly or through a symlink) and a
//    folder are refused at once, never read or waited on;
//  • image paths named by a request are read only inside the document's folder scope: no ../ or absolute
//    path outside it, no symlink leading out, no UNC/network path; a refusal becomes a note;
//  • relative image paths resolve against the document's folder, in the editor's worker and in the CLI alike
//    (both give the same token count, whatever the CLI's current directory);
//  • a bad glob in .promptcacheignore is reported once with its line number; the other lines apply;
//  • UTF-16 files with a BOM (LE and BE) are decoded by the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readRegularFile, FileReadError } from '../../src/host/safeFile';
import { imageReader, resolveImagePath, type ImageRefusal } from '../../src/host/localFiles';
import { loadIgnoreFile, parseIgnoreText } from '../../src/host/ignoreFile';
import { decodeText } from '../../src/cli/files';
import { main } from '../../src/cli/main';
import { AnalysisWorkerClient } from '../../src/host/workerClient';
import { readRegularFile as safeRead } from '../../src/host/safeFile';

const posix = process.platform !== 'win32';
const tmp = () => realpathSync(mkdtempSync(path.join(tmpdir(), 'pcl-safe-')));

function fifo(dir: string, name: string): string {
  const p = path.join(dir, name);
  execFileSync('mkfifo', [p]);
  return p;
}

/** A PNG header of the given size (the dimensions are all the engine reads). */
function png(width: number, height: number): Uint8Array {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

test('readRegularFile: a FIFO, /dev/zero, a symlink to /dev/zero and a folder are refused at once', { skip: !posix }, () => {
  const dir = tmp();
  const t = performance.now();
  const refused = (p: string) => assert.throws(() => readRegularFile(p, { maxBytes: 1 << 20 }), (e) => e instanceof FileReadError && e.reason === 'not-a-file', p);
  refused(fifo(dir, 'pipe'));
  refused('/dev/zero');
  symlinkSync('/dev/zero', path.join(dir, 'zero'));
  refused(path.join(dir, 'zero'));
  refused(dir);
  assert.ok(performance.now() - t < 2000);
  writeFileSync(path.join(dir, 'big'), Buffer.alloc(2048));
  assert.throws(() => readRegularFile(path.join(dir, 'big'), { maxBytes: 1024 }), (e) => e instanceof FileReadError && e.reason === 'too-large');
  assert.equal(readRegularFile(path.join(dir, 'big'), { maxBytes: 4096, headBytes: 100 }).length, 100);
  assert.throws(() => readRegularFile(path.join(dir, 'nope'), { maxBytes: 1 }), (e) => e instanceof FileReadError && e.reason === 'missing');
});

test('image paths: inside the folder only; ../, absolute paths, symlinks out, UNC paths and no scope are refused', { skip: !posix }, () => {
  const root = tmp();
  mkdirSync(path.join(root, 'sub', 'img'), { recursive: true });
  writeFileSync(path.join(root, 'sub', 'img', 'a.png'), png(10, 10));
  const outside = tmp();
  writeFileSync(path.join(outside, 'secret.png'), png(10, 10));
  symlinkSync(path.join(outside, 'secret.png'), path.join(root, 'sub', 'link.png'));
  const scope = { baseDir: path.join(root, 'sub'), root };
  assert.deepEqual(resolveImagePath('img/a.png', scope), { file: path.join(root, 'sub', 'img', 'a.png') });
  assert.deepEqual(resolveImagePath(path.join(root, 'sub', 'img', 'a.png'), scope), { file: path.join(root, 'sub', 'img', 'a.png') });
  const refused = (p: string, why: RegExp) => {
    const r = resolveImagePath(p, scope);
    assert.ok('refused' in r, `${p} should be refused`);
    assert.match(r.refused, why, p);
  };
  refused('../../etc/passwd', /outside the workspace folder/);
  refused(path.relative(path.join(root, 'sub'), path.join(outside, 'secret.png')), /outside the workspace folder/);
  refused('/etc/passwd', /outside the workspace folder/);
  refused('/proc/self/environ', /outside the workspace folder/);
  refused('link.png', /symbolic link/);
  refused('//host/share/x.png', /network/);
  refused('\\\\host\\share\\x.png', /network/);
  refused('img/missing.png', /no such file/);
  assert.ok('refused' in resolveImagePath('img/a.png', undefined));
  // the reader records why, and reads nothing
  const refusals: ImageRefusal[] = [];
  const read = imageReader(scope, refusals);
  assert.ok(read('img/a.png'));
  assert.equal(read('/etc/passwd'), undefined);
  assert.equal(refusals.length, 1);
  assert.match(refusals[0].reason, /outside/);
});

test('.promptcacheignore: a bad glob is one error with its line number, the other lines apply', () => {
  const r = parseIgnoreText('# legacy\nlegacy/** volatile-in-prefix\n[z-a].json\nfixtures/\n');
  assert.deepEqual(Object.keys(r.map), ['legacy/**', 'fixtures/']);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].line, 3);
  assert.equal(r.errors[0].glob, '[z-a].json');
});

test('.promptcacheignore: a symlink to /dev/zero or a FIFO is refused at once, not read', { skip: !posix }, () => {
  const dir = tmp();
  symlinkSync('/dev/zero', path.join(dir, 'zero'));
  const t = performance.now();
  assert.equal(loadIgnoreFile(path.join(dir, 'zero')).kind, 'refused');
  assert.equal(loadIgnoreFile(fifo(dir, 'pipe')).kind, 'refused');
  assert.equal(loadIgnoreFile(path.join(dir, 'none')).kind, 'missing');
  assert.ok(performance.now() - t < 2000);
});

const REQ = readFileSync('examples/anthropic-cache-mistakes.json');
const cliBin = 'dist/cli.js';
const haveBin = (() => {
  try {
    return statSync(cliBin).isFile();
  } catch {
    return false;
  }
})();

function cliIn(cwd: string, args: string[]) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [path.resolve(cliBin), ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t, signal: r.signal };
}

for (const kind of ['symlink to /dev/zero', 'FIFO'] as const) {
  test(`cli binary: .promptcacheignore as a ${kind} neither hangs nor aborts`, { skip: !posix || !haveBin ? 'needs POSIX and dist/cli.js' : false }, () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'req.json'), REQ);
    if (kind === 'FIFO') fifo(dir, '.promptcacheignore');
    else symlinkSync('/dev/zero', path.join(dir, '.promptcacheignore'));
    const r = cliIn(dir, ['analyze', '--fail-on', 'none', 'req.json']);
    assert.equal(r.signal, null, `killed after ${r.ms.toFixed(0)} ms`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /\.promptcacheignore: not a regular file; not used/);
    assert.match(r.stdout, /Findings:/);
    assert.ok(r.ms < 20_000);
  });
}

test('cli: a bad .promptcacheignore glob is reported once with its line, the good line still silences', () => {
  const dir = tmp();
  writeFileSync(path.join(dir, 'a.json'), REQ);
  writeFileSync(path.join(dir, 'b.json'), REQ);
  writeFileSync(path.join(dir, '.promptcacheignore'), '[z-a]\n*.json volatile-in-prefix\n');
  let out = '';
  let err = '';
  const code = main(['analyze', '--format', 'json', '--fail-on', 'none', path.join(dir, 'a.json'), path.join(dir, 'b.json')], {
    readFile: (p) => safeRead(p, { maxBytes: 50 << 20 }),
    stat: (p) => ({ size: statSync(p).size, isFile: statSync(p).isFile() }),
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    cwd: dir,
  });
  assert.equal(code, 0, err);
  assert.equal(err.match(/invalid glob/g)?.length, 1, err);
  assert.match(err, /\.promptcacheignore:1: invalid glob "\[z-a\]"/);
  const files = JSON.parse(out).files as { diagnostics: { code: string }[] }[];
  assert.equal(files.length, 2);
  for (const f of files) assert.ok(!f.diagnostics.some((d) => d.code === 'volatile-in-prefix'));
  assert.doesNotMatch(out + err, /A diagnostic rule failed/);
});

test('cli: UTF-16 LE and BE files with a BOM are decoded, and give the UTF-8 analysis', () => {
  const text = REQ.toString('utf8');
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const be = Buffer.from(le);
  be[0] = 0xfe;
  be[1] = 0xff;
  for (let i = 2; i + 1 < be.length; i += 2) [be[i], be[i + 1]] = [le[i + 1], le[i]];
  assert.equal((decodeText(le) as { text: string }).text, text);
  assert.equal((decodeText(be) as { text: string }).text, text);
  const dir = tmp();
  const tokens = (name: string, bytes: Uint8Array) => {
    writeFileSync(path.join(dir, name), bytes);
    let out = '';
    let err = '';
    const code = main(['analyze', '--format', 'json', '--fail-on', 'none', path.join(dir, name)], {
      readFile: (p) => readFileSync(p),
      stat: (p) => ({ size: statSync(p).size, isFile: statSync(p).isFile() }),
      stdout: (s) => (out += s),
      stderr: (s) => (err += s),
      cwd: dir,
    });
    assert.equal(code, 0, err);
    return JSON.parse(out).files[0].inputTokens as number;
  };
  const utf8 = tokens('u8.json', REQ);
  assert.ok(utf8 > 0);
  assert.equal(tokens('le.json', le), utf8);
  assert.equal(tokens('be.json', be), utf8);
});

test('relative image paths resolve against the document folder: CLI (from any cwd) and editor worker agree', { skip: !posix }, async () => {
  const root = tmp();
  mkdirSync(path.join(root, 'requests', 'img'), { recursive: true });
  writeFileSync(path.join(root, 'requests', 'img', 'wide.png'), png(100, 100));
  const body = JSON.stringify({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image_url', image_url: { url: 'img/wide.png', detail: 'high' } }] }],
  });
  const file = path.join(root, 'requests', 'req.json');
  writeFileSync(file, body);
  const cli = (cwd: string, arg: string) => {
    let out = '';
    let err = '';
    const code = main(['analyze', '--format', 'json', '--fail-on', 'none', arg], {
      readFile: (p) => safeRead(path.resolve(cwd, p), { maxBytes: 50 << 20 }),
      stat: (p) => ({ size: statSync(path.resolve(cwd, p)).size, isFile: statSync(path.resolve(cwd, p)).isFile() }),
      realpath: (p) => realpathSync(path.resolve(cwd, p)),
      stdout: (s) => (out += s),
      stderr: (s) => (err += s),
      cwd,
    });
    assert.equal(code, 0, err);
    return JSON.parse(out).files[0] as { inputTokens: number; cache: { notes: string[] } };
  };
  const fromRoot = cli(root, 'requests/req.json');
  const fromDir = cli(path.join(root, 'requests'), 'req.json');
  assert.equal(fromRoot.inputTokens, fromDir.inputTokens);
  // the editor's analysis: the worker with the scope the extension gives a document in a workspace folder
  const client = new AnalysisWorkerClient({ script: path.join(__dirname, '..', '..', 'src', 'host', 'worker.ts') });
  try {
    const editor = await client.analyze(file, body, { fileName: file }, { files: { baseDir: path.dirname(file), root } });
    assert.equal(editor.analysis.inputTokens, fromRoot.inputTokens);
    // and the image was measured, not assumed: without a scope the count differs and a note says why
    const untrusted = await client.analyze('u', body, { fileName: file }, { filesRefused: 'the workspace is not trusted' });
    assert.notEqual(untrusted.analysis.inputTokens, editor.analysis.inputTokens);
    assert.ok(untrusted.analysis.cache.notes.some((n) => /Image "img\/wide\.png" not read \(the workspace is not trusted\)/.test(n)), untrusted.analysis.cache.notes.join('\n'));
  } finally {
    client.dispose();
  }
  // an image outside the CLI's scope is refused with a note, not read
  const outside = tmp();
  writeFileSync(path.join(outside, 'x.png'), png(100, 100));
  writeFileSync(file, body.replace('img/wide.png', path.join(outside, 'x.png')));
  const refused = cli(root, 'requests/req.json');
  assert.notEqual(refused.inputTokens, fromRoot.inputTokens);
  assert.ok(refused.cache.notes.some((n) => /not read \(outside the workspace folder\)/.test(n)), refused.cache.notes.join('\n'));
});

test('file: URLs: one with a host is never handed to the reader; file://// (UNC) is refused as a network path', async () => {
  const { analyze } = await import('../../src/core/analyze');
  const asked: string[] = [];
  const refusals: ImageRefusal[] = [];
  const reader = imageReader({ baseDir: tmp(), root: tmpdir() }, refusals);
  const readFile = (p: string) => {
    asked.push(p);
    return reader(p);
  };
  const req = (url: string) => JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url, detail: 'low' } }] }] });
  analyze(req('file://host/share/x.png'), { readFile });
  assert.deepEqual(asked, []);
  analyze(req('file:////host/share/x.png'), { readFile });
  assert.deepEqual(asked, ['//host/share/x.png']);
  assert.match(refusals[0].reason, /network/);
  analyze(req('file:///etc/passwd'), { readFile });
  assert.equal(asked[1], '/etc/passwd');
  assert.match(refusals[1].reason, /outside the workspace folder/);
});
