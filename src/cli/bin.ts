import { readFileSync, statSync } from 'node:fs';
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
});
process.exitCode = code;
