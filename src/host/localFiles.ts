// The one read the engine's fronts allow it: local image files, to measure image sizes for token counts.
import * as fs from 'fs';

/** Bytes of a local file, at most 32 MB; undefined when missing, not a file, too large or unreadable. */
export function readLocalFile(path: string): Uint8Array | undefined {
  try {
    const st = fs.statSync(path);
    if (!st.isFile() || st.size > 32 * 1024 * 1024) return undefined;
    return fs.readFileSync(path);
  } catch {
    return undefined;
  }
}
