// `.promptcacheignore` for the fronts (CLI and extension): read it safely (a regular file of at most 1 MB:
// a symlink to /dev/zero or a FIFO there is refused at once, never read), and parse it line by line so a bad
// glob is one problem with its line number while every other line still applies. The line syntax itself is
// the engine's (parseIgnoreFile in src/core/rules/suppress.ts); a glob counts as bad when the engine's own
// matcher cannot compile it.
import { globMatches, parseIgnoreFile } from '../core/rules/suppress';
import { FileReadError, readRegularFile } from './safeFile';

export const IGNORE_FILE_NAME = '.promptcacheignore';
export const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

export interface IgnoreLineError {
  /** 1-based line number in the file. */
  line: number;
  glob: string;
  message: string;
}

export interface IgnoreFile {
  map: Record<string, string[]>;
  errors: IgnoreLineError[];
}

/** Why a glob cannot be used, or undefined when the engine's matcher accepts it. */
export function globProblem(glob: string): string | undefined {
  try {
    globMatches(glob, 'probe/file.json');
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '') : String(e);
  }
}

/** Parse the file's text: good lines go into `map`, bad globs into `errors` (with line numbers). */
export function parseIgnoreText(text: string): IgnoreFile {
  const map: Record<string, string[]> = {};
  const errors: IgnoreLineError[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const entries = parseIgnoreFile(lines[i]);
    for (const [glob, rules] of Object.entries(entries)) {
      const problem = globProblem(glob);
      if (problem) {
        errors.push({ line: i + 1, glob, message: problem });
        continue;
      }
      map[glob] = [...(map[glob] ?? []), ...rules];
    }
  }
  return { map, errors };
}

/** One line of text per bad glob, for a log, stderr or a notification. */
export function describeIgnoreErrors(file: string, errors: IgnoreLineError[]): string[] {
  return errors.map((e) => `${file}:${e.line}: invalid glob "${e.glob}" (${e.message}); this line is ignored, the others apply`);
}

export type IgnoreLoad = { kind: 'missing' } | { kind: 'refused'; message: string } | ({ kind: 'ok' } & IgnoreFile);

/** Read and parse a `.promptcacheignore` file at `path` (a regular file of at most 1 MB). */
export function loadIgnoreFile(path: string): IgnoreLoad {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(path, { maxBytes: MAX_IGNORE_FILE_BYTES });
  } catch (e) {
    if (e instanceof FileReadError && e.reason === 'missing') return { kind: 'missing' };
    return { kind: 'refused', message: `${path}: ${e instanceof Error ? e.message : String(e)}; not used` };
  }
  return { kind: 'ok', ...parseIgnoreText(new TextDecoder().decode(bytes)) };
}
