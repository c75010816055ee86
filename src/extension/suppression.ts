// File/folder suppression options for the engine: the `promptCache.ignore` setting (glob → rules) merged
// with a `.promptcacheignore` file at the root of the document's workspace folder. Pass the result as
// AnalyzeOptions.suppress (see src/core/rules/suppress.ts for the matching rules).
//
// The file is read safely (src/host/ignoreFile.ts: a regular file of at most 1 MB; a FIFO or a link to
// /dev/zero is refused at once), only in a trusted workspace, and re-read only when its mtime or size changes.
// A glob that cannot be compiled is dropped and reported once (log + one notification, with its line number);
// every other line still applies.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { describeIgnoreErrors, globProblem, IGNORE_FILE_NAME, loadIgnoreFile } from '../host/ignoreFile';

export interface SuppressForDocument {
  ignore?: Record<string, string[] | string>;
  relativePath?: string;
}

const fileCache = new Map<string, { stamp: string; map: Record<string, string[]> }>();
/** Problems already reported (file path + stamp + message, or setting glob): once each. */
const reported = new Set<string>();

type Reporter = (message: string) => void;
let reporter: Reporter = () => undefined;

/** Where problems with `.promptcacheignore` or the promptCache.ignore setting go (the extension's log + a notice). */
export function setSuppressionReporter(r: Reporter): void {
  reporter = r;
}

function reportOnce(key: string, message: string): void {
  if (reported.has(key)) return;
  reported.add(key);
  if (reported.size > 500) reported.clear();
  try {
    reporter(message);
  } catch {
    /* a reporter failing must not stop the analysis */
  }
}

function readIgnoreFile(folder: vscode.WorkspaceFolder): Record<string, string[]> {
  if (folder.uri.scheme !== 'file' || !vscode.workspace.isTrusted) return {};
  const p = vscode.Uri.joinPath(folder.uri, IGNORE_FILE_NAME).fsPath;
  let stamp: string;
  try {
    // lstat: a symlink's own times; the read below checks what it points to (fstat after open)
    const st = fs.lstatSync(p);
    stamp = `${st.mtimeMs}|${st.size}|${st.ino}`;
  } catch {
    return {};
  }
  const hit = fileCache.get(p);
  if (hit && hit.stamp === stamp) return hit.map;
  const r = loadIgnoreFile(p);
  let map: Record<string, string[]> = {};
  if (r.kind === 'refused') reportOnce(`${p}|${stamp}|refused`, r.message);
  else if (r.kind === 'ok') {
    map = r.map;
    for (const m of describeIgnoreErrors(p, r.errors)) reportOnce(`${p}|${stamp}|${m}`, m);
  }
  fileCache.set(p, { stamp, map });
  return map;
}

/** AnalyzeOptions.suppress for a document, or undefined when nothing is configured. */
export function suppressFor(document: vscode.TextDocument): SuppressForDocument | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const setting = vscode.workspace.getConfiguration('promptCache', document.uri).get<Record<string, string[] | string>>('ignore') ?? {};
  const ignore: Record<string, string[] | string> = { ...(folder ? readIgnoreFile(folder) : {}) };
  for (const [glob, rules] of Object.entries(setting)) {
    const problem = globProblem(glob);
    if (problem) {
      reportOnce(`setting|${glob}`, `promptCache.ignore: invalid glob "${glob}" (${problem}); this entry is ignored, the others apply`);
      continue;
    }
    const prev = ignore[glob];
    const list = Array.isArray(rules) ? rules : [rules];
    ignore[glob] = prev ? [...(Array.isArray(prev) ? prev : [prev]), ...list] : list;
  }
  if (!Object.keys(ignore).length) return undefined;
  const relativePath = folder ? vscode.workspace.asRelativePath(document.uri, false) : document.uri.path;
  return { ignore, relativePath };
}
