import { existsSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main, needsSourceParser } from './main';
import { MAX_INPUT_BYTES } from './files';
import { readRegularFile } from '../host/safeFile';
import { loadTreeSitter } from '../host/treeSitter';
import type { SourceParser } from '../core/dialects/source/syntax';

async function run(): Promise<number> {
  const argv = process.argv.slice(2);
  // Source files need tree-sitter (WASM, loaded asynchronously, once); main itself is synchronous.
  let parseSource: SourceParser | undefined;
  if (needsSourceParser(argv)) {
    try {
      parseSource = (await loadTreeSitter()).parse;
    } catch (e) {
      process.stderr.write(`prompt-cache: the Python/TypeScript parser could not be loaded (${e instanceof Error ? e.message : String(e)}); source files are not analysed\n`);
    }
  }
  return main(argv, {
    // fstat on the opened file: a FIFO, a device (/dev/zero) or a folder is refused, never read; 50 MB at most
    readFile: (p) => readRegularFile(p, { maxBytes: MAX_INPUT_BYTES }),
    cwd: process.cwd(),
    stat: (p) => {
      const s = statSync(p);
      return { size: s.size, isFile: s.isFile() };
    },
    realpath: (p) => realpathSync.native(p),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    writeFile: (p, text) => writeFileSync(p, text),
    docsBase: docsBase(),
    parseSource,
  });
}

/** The installed rule pages (dist/cli.js → ../docs/rules; src/cli/bin.ts → ../../docs/rules), as a file URI. */
function docsBase(): string | undefined {
  for (const dir of [join(__dirname, '..', 'docs', 'rules'), join(__dirname, '..', '..', 'docs', 'rules')]) {
    if (existsSync(join(dir, 'README.md'))) return pathToFileURL(dir).href + '/';
  }
  return undefined;
}

void run().then((code) => {
  process.exitCode = code;
});
