// One build script: extension (node, cjs, `vscode` external), CLI (node), webview (browser),
// plus the tokenizer's files (tiktoken's WASM and the BPE ranks) copied beside the bundles.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  // jsonc-parser's UMD build cannot be bundled; its ESM build can.
  mainFields: ['module', 'main'],
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

const targets = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node18', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['src/host/worker.ts'], outfile: 'dist/worker.js', platform: 'node', format: 'cjs', target: 'node18' },
  { ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2020' },
].filter((t) => existsSync(t.entryPoints[0]));

function copyTokenizerFiles() {
  const tiktokenDir = dirname(require.resolve('tiktoken'));
  mkdirSync('dist/encoders', { recursive: true });
  // tiktoken/lite looks for tiktoken_bg.wasm next to the bundle (__dirname).
  cpSync(join(tiktokenDir, 'lite', 'tiktoken_bg.wasm'), 'dist/tiktoken_bg.wasm');
  for (const enc of ['o200k_base', 'cl100k_base']) {
    cpSync(join(tiktokenDir, 'encoders', `${enc}.json`), `dist/encoders/${enc}.json`);
  }
}

/** web-tree-sitter's runtime and the grammars the source-code front reads (src/host/treeSitter.ts looks in dist/tree-sitter/). */
function copyTreeSitterFiles() {
  const wasmDir = join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
  mkdirSync('dist/tree-sitter', { recursive: true });
  for (const f of ['tree-sitter.wasm', 'tree-sitter-python.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter-tsx.wasm', 'tree-sitter-javascript.wasm']) {
    cpSync(join(wasmDir, f), `dist/tree-sitter/${f}`);
  }
}

copyTokenizerFiles();
copyTreeSitterFiles();
if (watch) {
  for (const t of targets) (await esbuild.context(t)).watch();
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
}
