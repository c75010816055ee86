// File reading for the CLI (main.ts keeps the flow; everything that touches a file is here), through the
// injected CliIO so tests can run it in process:
//   • readInputText: a request or prompt file → text (UTF-8, UTF-8 with a BOM, UTF-16 LE/BE with a BOM),
//     regular files of at most 50 MB only;
//   • readIgnore: `.promptcacheignore` in the current directory: a regular file of at most 1 MB (a FIFO or a
//     link to /dev/zero is refused, not read), a bad glob reported once with its line number, the other
//     lines applied;
//   • cliImageReader: image files named by a request, read only inside the analysed file's scope: the
//     current directory when the file lies inside it, otherwise the file's own folder. Relative image paths
//     resolve against the analysed file's folder (as in the editor), never against the current directory.
import * as nodePath from 'node:path';
import { describeIgnoreErrors, IGNORE_FILE_NAME, MAX_IGNORE_FILE_BYTES, parseIgnoreText } from '../host/ignoreFile';
import { IMAGE_HEAD_BYTES, MAX_IMAGE_FILE_BYTES, resolveImagePath, type FileScope, type ImageRefusal } from '../host/localFiles';
import { formatBytes } from '../host/safeFile';

/** The part of CliIO (main.ts) these helpers use. */
export interface CliFileIO {
  readFile(path: string): Uint8Array;
  stat(path: string): { size: number; isFile: boolean };
  cwd?: string;
  /** Resolve symbolic links (fs.realpathSync); without it paths are only normalised. */
  realpath?(path: string): string;
}

export const MAX_INPUT_BYTES = 50 * 1024 * 1024;

export interface InputText {
  path: string;
  text?: string;
  error?: string;
}

function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? (e instanceof Error ? e.message : String(e));
}

/** Decode a file's bytes: UTF-16 with a BOM (LE or BE), else strict UTF-8 (a UTF-8 BOM is dropped). */
export function decodeText(bytes: Uint8Array): { text: string } | { error: string } {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const be = bytes[0] === 0xfe;
    if ((bytes.length - 2) % 2 !== 0) return { error: `not valid UTF-16${be ? 'BE' : 'LE'} text (odd number of bytes)` };
    let body = bytes.subarray(2);
    if (be) {
      const swapped = new Uint8Array(body.length);
      for (let i = 0; i + 1 < body.length; i += 2) {
        swapped[i] = body[i + 1];
        swapped[i + 1] = body[i];
      }
      body = swapped;
    }
    try {
      return { text: new TextDecoder('utf-16le', { fatal: true }).decode(body) };
    } catch {
      return { error: `not valid UTF-16${be ? 'BE' : 'LE'} text` };
    }
  }
  if (bytes.subarray(0, 8192).includes(0)) return { error: 'binary file (contains NUL bytes), not a request or prompt' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { error: 'not valid UTF-8 text' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}

export function readInputText(path: string, io: CliFileIO): InputText {
  let st;
  try {
    st = io.stat(path);
  } catch (e) {
    return { path, error: `${path}: cannot read (${errCode(e)})` };
  }
  if (!st.isFile) return { path, error: `${path}: not a file` };
  if (st.size > MAX_INPUT_BYTES) return { path, error: `${path}: ${(st.size / 1048576).toFixed(1)} MB is above the 50 MB limit; not analyzed` };
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(path);
  } catch (e) {
    return { path, error: `${path}: cannot read (${e instanceof Error && e.name === 'FileReadError' ? e.message : errCode(e)})` };
  }
  const d = decodeText(bytes);
  return 'error' in d ? { path, error: `${path}: ${d.error}` } : { path, text: d.text };
}

/** `.promptcacheignore` of the current directory: its rules (undefined: none) and warnings for stderr. */
export function readIgnore(io: CliFileIO): { ignore?: Record<string, string[]>; warnings: string[] } {
  const file = io.cwd ? nodePath.join(io.cwd, IGNORE_FILE_NAME) : IGNORE_FILE_NAME;
  let st;
  try {
    st = io.stat(file);
  } catch {
    return { warnings: [] }; // no such file: nothing to silence
  }
  if (!st.isFile) return { warnings: [`${IGNORE_FILE_NAME}: not a regular file; not used`] };
  if (st.size > MAX_IGNORE_FILE_BYTES) return { warnings: [`${IGNORE_FILE_NAME}: ${formatBytes(st.size)} is above the ${formatBytes(MAX_IGNORE_FILE_BYTES)} limit; not used`] };
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(file);
  } catch (e) {
    return { warnings: [`${IGNORE_FILE_NAME}: cannot read (${e instanceof Error && e.name === 'FileReadError' ? e.message : errCode(e)}); not used`] };
  }
  if (bytes.length > MAX_IGNORE_FILE_BYTES) return { warnings: [`${IGNORE_FILE_NAME}: above the ${formatBytes(MAX_IGNORE_FILE_BYTES)} limit; not used`] };
  const d = decodeText(bytes);
  if ('error' in d) return { warnings: [`${IGNORE_FILE_NAME}: ${d.error}; not used`] };
  const parsed = parseIgnoreText(d.text);
  return { ignore: parsed.map, warnings: describeIgnoreErrors(IGNORE_FILE_NAME, parsed.errors) };
}

/** Where the CLI reads images for the analysed file `path`: see the header. */
export function cliFileScope(path: string, cwd: string | undefined): FileScope {
  const base = cwd ?? process.cwd();
  const abs = nodePath.resolve(base, path);
  const baseDir = nodePath.dirname(abs);
  const rel = nodePath.relative(base, abs);
  const insideCwd = rel !== '' && !rel.startsWith('..') && !nodePath.isAbsolute(rel);
  return { baseDir, root: insideCwd ? base : baseDir };
}

/** AnalyzeOptions.readFile for the analysed file `path`, and the refusals it records. */
export function cliImageReader(path: string, io: CliFileIO): { readFile: (p: string) => Uint8Array | undefined; refusals: ImageRefusal[] } {
  const scope = cliFileScope(path, io.cwd);
  const refusals: ImageRefusal[] = [];
  const ops = { realpath: io.realpath ?? ((p: string) => nodePath.resolve(p)), path: nodePath, caseInsensitive: process.platform === 'win32' };
  const readFile = (raw: string): Uint8Array | undefined => {
    const r = resolveImagePath(raw, scope, ops);
    if ('refused' in r) {
      refusals.push({ path: raw, reason: r.refused });
      return undefined;
    }
    try {
      const st = io.stat(r.file);
      if (!st.isFile) throw new Error('not a regular file');
      if (st.size > MAX_IMAGE_FILE_BYTES) throw new Error(`${formatBytes(st.size)} is above the ${formatBytes(MAX_IMAGE_FILE_BYTES)} limit`);
      const bytes = io.readFile(r.file);
      return bytes.length > IMAGE_HEAD_BYTES ? bytes.subarray(0, IMAGE_HEAD_BYTES) : bytes;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException)?.code;
      refusals.push({ path: raw, reason: code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : 'cannot be read' });
      return undefined;
    }
  };
  return { readFile, refusals };
}
