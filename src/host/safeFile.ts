// Bounded reads of local files, for every front (extension, worker, CLI): open without blocking, check with
// fstat on the opened descriptor that it is a regular file (not a FIFO, a character device such as /dev/zero,
// a socket or a folder), refuse it above a size cap, and read at most that many bytes.
//
// Why fstat after open and not stat before: a path can be swapped between a stat and an open; the descriptor
// is what is read. O_NONBLOCK makes the open of a FIFO return at once instead of waiting for a writer (on
// Windows the flag does not exist and FIFOs are not files a path can name).
import * as fs from 'node:fs';

export type ReadRefusal = 'missing' | 'not-a-file' | 'too-large' | 'unreadable';

export class FileReadError extends Error {
  constructor(
    public readonly path: string,
    public readonly reason: ReadRefusal,
    detail: string,
    /** The errno code when the operating system refused (ENOENT, EACCES …). */
    public readonly code?: string,
  ) {
    super(detail);
    this.name = 'FileReadError';
  }
}

export interface ReadOptions {
  /** Refuse files larger than this (bytes). */
  maxBytes: number;
  /**
   * Read only the first `headBytes` of a larger file instead of refusing it (image headers: the size of an
   * image is in its first bytes). The maxBytes cap still applies to the file.
   */
  headBytes?: number;
}

const O_NONBLOCK = (fs.constants as { O_NONBLOCK?: number }).O_NONBLOCK ?? 0;

/**
 * The bytes of a regular file, at most `maxBytes` (or its first `headBytes`). Throws FileReadError with a
 * plain reason otherwise; never blocks on a FIFO and never reads an endless device.
 */
export function readRegularFile(path: string, opts: ReadOptions): Uint8Array {
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FileReadError(path, 'missing', 'no such file', code);
    throw new FileReadError(path, 'unreadable', `cannot open (${code ?? (e as Error).message})`, code);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new FileReadError(path, 'not-a-file', `not a regular file (${kindOf(st)})`);
    if (st.size > opts.maxBytes) throw new FileReadError(path, 'too-large', `${formatBytes(st.size)} is above the ${formatBytes(opts.maxBytes)} limit`);
    const want = Math.min(st.size, opts.headBytes ?? st.size);
    const buf = Buffer.alloc(want);
    let got = 0;
    // A file can grow or shrink while it is read: never read more than `want`, stop at its end.
    while (got < want) {
      let n: number;
      try {
        n = fs.readSync(fd, buf, got, want - got, got);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new FileReadError(path, 'unreadable', `cannot read (${code ?? (e as Error).message})`, code);
      }
      if (n === 0) break;
      got += n;
    }
    return got === want ? buf : buf.subarray(0, got);
  } finally {
    try {
      fs.closeSync(fd);
    } catch {
      /* already closed */
    }
  }
}

/** readRegularFile, or undefined when it refuses. */
export function tryReadRegularFile(path: string, opts: ReadOptions): Uint8Array | undefined {
  try {
    return readRegularFile(path, opts);
  } catch {
    return undefined;
  }
}

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1048576).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
