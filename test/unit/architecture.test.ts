// Architecture boundaries, checked on the source text:
//  * the engine (src/core) and the CLI import nothing from 'vscode'; neither does the Node host layer
//    (src/host: the analysis worker, its client, the local-file reader);
//  * src/core is pure: no network, no Node runtime modules (fs, worker_threads, child_process, os, …,
//    every built-in module), no process-level IO, and no imports from the layers around it (src/host,
//    src/extension, src/cli, src/webview);
//  * no tracked file under src/, test/, scripts/, bench/, docs/ or README.md names an absolute path of the
//    machine it was written on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const rel = (p: string) => relative(ROOT, p).split(sep).join('/');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const under = (dir: string) => files(join(ROOT, dir));

const IMPORT_VSCODE = /(?:from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)|import\s+['"]vscode['"])/;

for (const dir of ['src/core', 'src/cli', 'src/host', 'src/server']) {
  test(`${dir} imports nothing from vscode`, () => {
    const offenders = under(dir).filter((f) => IMPORT_VSCODE.test(readFileSync(f, 'utf8'))).map(rel);
    assert.deepEqual(offenders, []);
  });
}

test('src/core does no network I/O', () => {
  const NET = /from\s+['"](?:node:)?(?:http|https|net|dgram|tls)['"]|\bfetch\(|XMLHttpRequest|WebSocket/;
  const offenders = under('src/core').filter((f) => NET.test(readFileSync(f, 'utf8'))).map(rel);
  assert.deepEqual(offenders, []);
});

test('the import check itself catches a vscode import', () => {
  assert.ok(IMPORT_VSCODE.test("import * as vscode from 'vscode';"));
  assert.ok(IMPORT_VSCODE.test("const vscode = require('vscode');"));
  assert.ok(!IMPORT_VSCODE.test("import { x } from './vscodeish';"));
});

// ---------------------------------------------------------------------------------------------------
// Node runtime out of the pure core

/** Every module specifier in a source text: import/export … from, side-effect imports, require(), import(). */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1]);
  return out;
}

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.split('/')[0]));

/** The Node built-in a specifier names ("node:fs/promises" → "fs"), or undefined. */
function builtinOf(spec: string): string | undefined {
  const bare = spec.startsWith('node:') ? spec.slice(5) : spec;
  const base = bare.split('/')[0];
  return spec.startsWith('node:') || BUILTINS.has(base) ? base : undefined;
}

/** Process-level IO and lifetime (reading process.env is configuration, not IO, and is not matched). */
const PROCESS_IO = /\bprocess\s*\.\s*(?:stdout|stderr|stdin|exit|exitCode|argv|cwd|chdir|kill|abort|on|once)\b/;

/**
 * Core files that may use a Node built-in, and exactly which ones. Keep this list short and explain
 * every entry.
 */
const NODE_ALLOWLIST: Record<string, string[]> = {
  // The tokenizer's BPE ranks (o200k 2.3 MB, cl100k 1.1 MB) are read from disk lazily, on the first
  // count for an encoding: from dist/encoders beside the bundle, or from node_modules/tiktoken when
  // running from source (see loadEncoder). Reading them is the only file access of the engine besides
  // the injected options.readFile.
  'src/core/tokens/encoding.ts': ['fs', 'path'],
};

function nodeOffences(file: string, text: string): string[] {
  const allowed = new Set(NODE_ALLOWLIST[file] ?? []);
  const out: string[] = [];
  for (const spec of specifiers(text)) {
    const b = builtinOf(spec);
    if (b !== undefined && !allowed.has(b)) out.push(`${file}: imports '${spec}'`);
  }
  const io = PROCESS_IO.exec(text);
  if (io) out.push(`${file}: uses ${io[0].replace(/\s+/g, '')}`);
  return out;
}

test('src/core imports no Node runtime module and does no process-level IO', () => {
  const offenders = under('src/core').flatMap((f) => nodeOffences(rel(f), readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, [], 'move Node runtime code to src/host/ (or inject it through AnalyzeOptions)');
});

test('every Node allowlist entry still names a core file that uses exactly those modules', () => {
  for (const [file, mods] of Object.entries(NODE_ALLOWLIST)) {
    const p = join(ROOT, file);
    assert.ok(existsSync(p), `${file} exists`);
    const used = new Set(specifiers(readFileSync(p, 'utf8')).map(builtinOf).filter((b): b is string => b !== undefined));
    assert.deepEqual([...used].sort(), [...mods].sort(), `${file}: allowlist matches its imports`);
  }
});

test('the Node-module check itself catches runtime imports', () => {
  const bad = [
    "import * as fs from 'fs';",
    "import { readFileSync } from 'node:fs';",
    "import type { Worker } from 'worker_threads';",
    "const cp = require('child_process');",
    "const os = await import('node:os');",
    "export { request } from 'https';",
    "import 'node:net';",
    "import { readFile } from 'fs/promises';",
    'process.stdout.write(x);',
    'process.exit(1);',
  ];
  for (const t of bad) assert.ok(nodeOffences('src/core/x.ts', t).length > 0, t);
  const good = ["import { parseTree } from 'jsonc-parser';", "import { fs } from './fs';", "import type { X } from '../types';", 'if (process.env.DEBUG) x();', "const t = require('tiktoken/lite');"];
  for (const t of good) assert.deepEqual(nodeOffences('src/core/x.ts', t), [], t);
});

// ---------------------------------------------------------------------------------------------------
// Layers: core ← host ← extension / cli

const OUTER_LAYERS = ['src/host', 'src/extension', 'src/cli', 'src/webview'];

/** Relative imports of `file` that resolve into one of `dirs`. */
function importsInto(file: string, dirs: string[]): string[] {
  const text = readFileSync(file, 'utf8');
  return specifiers(text)
    .filter((s) => s.startsWith('.'))
    .map((s) => rel(resolve(dirname(file), s)))
    .filter((target) => dirs.some((d) => target === d || target.startsWith(d + '/')));
}

test('src/core imports nothing from src/host, src/extension, src/cli or src/webview', () => {
  const offenders = under('src/core').flatMap((f) => importsInto(f, OUTER_LAYERS).map((t) => `${rel(f)} → ${t}`));
  assert.deepEqual(offenders, []);
});

test('the language server (src/server) takes from src/extension only the pure wording module text.ts', () => {
  const offenders = under('src/server').flatMap((f) => importsInto(f, ['src/extension', 'src/webview']).filter((t) => t !== 'src/extension/text').map((t) => `${rel(f)} → ${t}`));
  assert.deepEqual(offenders, []);
  assert.ok(!IMPORT_VSCODE.test(readFileSync(join(ROOT, 'src/extension/text.ts'), 'utf8')), 'text.ts stays free of vscode');
});

test('src/host imports nothing from src/extension, src/cli or src/webview', () => {
  const offenders = under('src/host').flatMap((f) => importsInto(f, ['src/extension', 'src/cli', 'src/webview']).map((t) => `${rel(f)} → ${t}`));
  assert.deepEqual(offenders, []);
});

// ---------------------------------------------------------------------------------------------------
// No absolute machine paths in the repository

/**
 * An absolute path under work, tmp, root or home ("/" + name + "/") not preceded by a name character, so
 * URLs and relative paths pass. Built from parts so this file does not match itself.
 */
const MACHINE_PATH = new RegExp(`(^|[^.a-zA-Z0-9_])/(${['work', 'tmp', 'root', 'home'].join('|')})/`);
const SCOPE = ['src', 'test', 'scripts', 'bench', 'docs', 'README.md'];
const THIS_FILE = rel(__filename);

/** Tracked files (and new ones not ignored) in SCOPE; a directory walk when git is unavailable. */
function repositoryFiles(): string[] {
  try {
    const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', ...SCOPE], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\0').filter(Boolean);
  } catch {
    const walk = (p: string): string[] => {
      const abs = join(ROOT, p);
      if (!existsSync(abs)) return [];
      if (!statSync(abs).isDirectory()) return [p];
      return readdirSync(abs).filter((f) => f !== 'node_modules').flatMap((f) => walk(`${p}/${f}`));
    };
    return SCOPE.flatMap(walk);
  }
}

test('no file under src/, test/, scripts/, bench/, docs/ or README.md contains an absolute machine path', () => {
  const offenders: string[] = [];
  for (const f of repositoryFiles()) {
    if (f === THIS_FILE || f.split('/').includes('node_modules')) continue;
    const abs = join(ROOT, f);
    if (!existsSync(abs) || !statSync(abs).isFile()) continue; // deleted or moved in the working tree
    const buf = readFileSync(abs);
    if (buf.includes(0)) continue; // binary
    buf
      .toString('utf8')
      .split('\n')
      .forEach((line, i) => {
        if (MACHINE_PATH.test(line)) offenders.push(`${f}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
  }
  assert.deepEqual(offenders, [], 'use a path relative to the repository (or os.tmpdir() in tests)');
});

test('the machine-path check itself', () => {
  const p = (dir: string) => `/${dir}/x`;
  assert.ok(MACHINE_PATH.test(`read ${p('work')}/y.jsonl`));
  assert.ok(MACHINE_PATH.test(`'${p('tmp')}'`));
  assert.ok(MACHINE_PATH.test(p('home')));
  assert.ok(!MACHINE_PATH.test('https://example.com/docs/home/'));
  assert.ok(!MACHINE_PATH.test('a/tmp/b'));
  assert.ok(!MACHINE_PATH.test('./tmp/b'));
  assert.ok(repositoryFiles().length > 0);
});
