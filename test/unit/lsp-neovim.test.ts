// Headless Neovim as the language server's client (test/nvim/init.lua: vim.lsp.start_client on Neovim 0.7+,
// Debian bookworm's package): the diagnostics it shows for an example equal the CLI's, and its hover works.
// Skipped where no `nvim` is installed (scripts/setup-vscode.sh installs it on CI).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lspClient';
import { runCliInProcess } from './cliRun';

const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

for (const example of ['anthropic-cache-mistakes.json', 'timestamp-before-breakpoint.json']) {
  test(`Neovim (headless) shows the CLI's diagnostics for ${example}`, { skip: hasNvim ? false : 'nvim is not installed' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcl-nvim-'));
    try {
      const out = join(dir, 'diagnostics.json');
      const r = spawnSync('nvim', ['--headless', '-u', join(ROOT, 'test', 'nvim', 'init.lua'), `examples/${example}`], {
        cwd: ROOT,
        env: { ...process.env, PCL_OUT: out },
        encoding: 'utf8',
        timeout: 90_000,
      });
      assert.equal(r.status, 0, `nvim exited ${r.status}: ${r.stderr}`);
      const got = JSON.parse(readFileSync(out, 'utf8')) as { ok: boolean; diagnostics: { lnum: number; col: number; end_lnum: number; end_col: number; code: string; message: string; source: string }[]; hover?: string };
      assert.equal(got.ok, true, 'diagnostics arrived');
      const cli = JSON.parse(runCliInProcess(['analyze', `examples/${example}`, '--format', 'json', '--fail-on', 'none']).stdout) as {
        files: { diagnostics: { code: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[] }[];
      };
      const want = cli.files.flatMap((f) => f.diagnostics).map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`).sort();
      const have = got.diagnostics.map((d) => `${d.lnum}:${d.col}-${d.end_lnum}:${d.end_col} ${d.code} ${d.message}`).sort();
      assert.ok(want.length > 0);
      assert.deepEqual(have, want);
      assert.ok(got.diagnostics.every((d) => d.source === 'Prompt Cache'));
      assert.match(got.hover ?? '', /\*\*Tokens:\*\*/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
