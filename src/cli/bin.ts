import { realpathSync, statSync } from 'node:fs';
import { main } from './main';
import { MAX_INPUT_BYTES } from './files';
import { readRegularFile } from '../host/safeFile';

const code = main(process.argv.slice(2), {
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
});
process.exitCode = code;
