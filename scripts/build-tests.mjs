// Compiles the extension-host test suite: test/integration/index.ts (the mocha entry, with mocha
// bundled in so it needs no require(esm) support from the host) and every test/integration/**/*.test.ts
// → out/test/integration/ (or a given folder: the code-server runner compiles into its run's own temp
// folder, so that runs started at the same time in one work tree do not swap files under each other).
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(ROOT, 'out', 'test', 'integration');
export const TEST_ENTRY = join(OUT_DIR, 'index.js');

/** Compiles into `outDir` (default out/test/integration); returns the sources it compiled. */
export async function buildTests(outDir = OUT_DIR) {
  const srcDir = join(ROOT, 'test', 'integration');
  const entryPoints = readdirSync(srcDir, { recursive: true })
    .map(String)
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => join(srcDir, f));
  rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outbase: srcDir,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    sourcemap: 'inline',
    external: ['vscode'],
    logLevel: 'warning',
    // mocha's parallel mode (unused here) resolves worker files at run time
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  return entryPoints.map((f) => relative(ROOT, f));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = await buildTests();
  console.log(`built ${files.length} integration test file(s) → ${relative(ROOT, OUT_DIR)}`);
}
