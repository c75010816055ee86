// Runs the CLI's main() in this process with real file access, collecting its output (the CLI tests' runner).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { main } from '../../src/cli/main';

export function runCliInProcess(argv: string[]): { code: number; stdout: string; stderr: string } {
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
    writeFile: (p, t) => writeFileSync(p, t),
  });
  return { code, stdout, stderr };
}
