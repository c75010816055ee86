// The engine and the CLI must not depend on VS Code: src/core and src/cli import nothing from 'vscode'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const IMPORT_VSCODE = /(?:from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)|import\s+['"]vscode['"])/;

for (const dir of ['src/core', 'src/cli']) {
  test(`${dir} imports nothing from vscode`, () => {
    const offenders = files(dir).filter((f) => IMPORT_VSCODE.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders, []);
  });
}

test('src/core does no network I/O', () => {
  const NET = /from\s+['"](?:node:)?(?:http|https|net|dgram|tls)['"]|\bfetch\(|XMLHttpRequest|WebSocket/;
  const offenders = files('src/core').filter((f) => NET.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});

test('the import check itself catches a vscode import', () => {
  assert.ok(IMPORT_VSCODE.test("import * as vscode from 'vscode';"));
  assert.ok(IMPORT_VSCODE.test("const vscode = require('vscode');"));
  assert.ok(!IMPORT_VSCODE.test("import { x } from './vscodeish';"));
});
