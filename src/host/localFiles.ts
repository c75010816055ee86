// The one read the engine's fronts allow it: local image files, to measure image sizes for token counts.
//
// A request file decides which paths are named, so it must not decide which files are read. An image path is
// read only when all of these hold:
//   • there is a scope: a folder the user opened (the document's workspace folder in the editor, and only in
//     a trusted workspace; the CLI: the current directory when the analysed file is inside it, otherwise the
//     analysed file's own folder);
//   • the path is not a network path: no UNC (\\host\share, //host/share), no file: URL with a host (the
//     engine only hands over file:///path and file://localhost/path);
//   • relative paths resolve against the document's folder (not the process's working directory);
//   • after symlinks are resolved (realpath), the file lies inside the scope's root;
//   • it is a regular file of at most 64 MB (fstat on the opened descriptor), of which the first 1 MB is read.
// Every refusal is recorded with its reason, so the analysis can say that an image's size is an assumption.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { Analysis } from '../core/types';
import { FileReadError, readRegularFile } from './safeFile';

/** Where local image files may be read from. Plain data (crosses to the analysis worker). */
export interface FileScope {
  /** The document's folder: relative paths resolve against it. */
  baseDir: string;
  /** Nothing outside this folder is read (after symlinks are resolved). */
  root: string;
}

export interface ImageRefusal {
  path: string;
  reason: string;
}

/** Image files above this size are not read at all. */
export const MAX_IMAGE_FILE_BYTES = 64 * 1024 * 1024;
/** Of an image file, only this much is read: the dimensions are in the header. */
export const IMAGE_HEAD_BYTES = 1024 * 1024;

export interface PathOps {
  realpath(p: string): string;
  /** Platform path functions (node:path, or path.win32 / path.posix in tests). */
  path: Pick<typeof nodePath, 'resolve' | 'isAbsolute' | 'sep' | 'relative'>;
  caseInsensitive?: boolean;
}

const NODE_OPS: PathOps = {
  realpath: (p) => fs.realpathSync.native(p),
  path: nodePath,
  caseInsensitive: process.platform === 'win32' || process.platform === 'darwin',
};

/**
 * The file an image path names, or why it is not read. `raw` is the path the engine hands over (a relative
 * or absolute path, or the path of a file:///… URL, already percent-decoded).
 */
export function resolveImagePath(raw: string, scope: FileScope | undefined, ops: PathOps = NODE_OPS): { file: string } | { refused: string } {
  if (!scope) return { refused: 'local files are not read here' };
  if (!raw || raw.includes('\0')) return { refused: 'not a file path' };
  let p = raw;
  if (/^[\\/]{2}/.test(p)) return { refused: 'a network (UNC) path' };
  // file:///C:/x.png arrives as /C:/x.png
  if (/^\/[A-Za-z]:[\\/]/.test(p)) p = p.slice(1);
  if (/^[A-Za-z]:(?![\\/])/.test(p)) return { refused: 'a drive-relative path' };
  const { path } = ops;
  const lexical = path.isAbsolute(p) ? path.resolve(p) : path.resolve(scope.baseDir, p);
  let real: string;
  let root: string;
  try {
    root = ops.realpath(scope.root);
  } catch {
    return { refused: 'the workspace folder cannot be resolved' };
  }
  if (!inside(lexical, path.resolve(scope.root), ops) && !inside(lexical, root, ops)) return { refused: 'outside the workspace folder' };
  try {
    real = ops.realpath(lexical);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { refused: code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : `cannot be resolved (${code ?? 'error'})` };
  }
  if (!inside(real, root, ops)) return { refused: 'outside the workspace folder (through a symbolic link)' };
  return { file: real };
}

function inside(p: string, root: string, ops: PathOps): boolean {
  const rel = ops.path.relative(ops.caseInsensitive ? root.toLowerCase() : root, ops.caseInsensitive ? p.toLowerCase() : p);
  if (rel === '') return true;
  return !rel.startsWith('..') && !ops.path.isAbsolute(rel);
}

/**
 * AnalyzeOptions.readFile for one analysis: reads image files inside `scope` only (undefined: none at all)
 * and records every refusal in `refusals`.
 */
export function imageReader(scope: FileScope | undefined, refusals: ImageRefusal[], noScopeReason = 'local files are not read here'): (path: string) => Uint8Array | undefined {
  return (raw: string) => {
    const r = scope ? resolveImagePath(raw, scope) : { refused: noScopeReason };
    if ('refused' in r) {
      refusals.push({ path: raw, reason: r.refused });
      return undefined;
    }
    try {
      return readRegularFile(r.file, { maxBytes: MAX_IMAGE_FILE_BYTES, headBytes: IMAGE_HEAD_BYTES });
    } catch (e) {
      refusals.push({ path: raw, reason: e instanceof FileReadError ? e.message : 'cannot be read' });
      return undefined;
    }
  };
}

/** The notes an analysis carries for refused image reads (one per path). */
export function refusalNotes(refusals: ImageRefusal[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of refusals) {
    if (seen.has(r.path)) continue;
    seen.add(r.path);
    out.push(`Image "${shorten(r.path)}" not read (${r.reason}): its size is unknown, so its token count is an assumption.`);
  }
  return out;
}

function shorten(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

/** Add a note per refused image read to the analysis (and to each JSONL line's analysis). */
export function addImageRefusalNotes(a: Analysis, refusals: ImageRefusal[]): void {
  const notes = refusalNotes(refusals);
  if (!notes.length) return;
  for (const x of [a, ...(a.lines ?? [])]) for (const n of notes) if (!x.cache.notes.includes(n)) x.cache.notes.push(n);
}
