import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from './main';

const code = main(process.argv.slice(2), {
  readFile: (p) => readFileSync(p),
  cwd: process.cwd(),
  stat: (p) => {
    const s = statSync(p);
    return { size: s.size, isFile: s.isFile() };
  },
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  writeFile: (p, text) => writeFileSync(p, text),
  docsBase: docsBase(),
});

/** The installed rule pages (dist/cli.js → ../docs/rules; src/cli/bin.ts → ../../docs/rules), as a file URI. */
function docsBase(): string | undefined {
  for (const dir of [join(__dirname, '..', 'docs', 'rules'), join(__dirname, '..', '..', 'docs', 'rules')]) {
    if (existsSync(join(dir, 'README.md'))) return pathToFileURL(dir).href + '/';
  }
  return undefined;
}
process.exitCode = code;
