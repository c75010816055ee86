// File/folder suppression options for the engine: the `promptCache.ignore` setting (glob → rules) merged
// with a `.promptcacheignore` file at the root of the document's workspace folder. Pass the result as
// AnalyzeOptions.suppress (see src/core/rules/suppress.ts for the matching rules).
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { parseIgnoreFile } from '../core/rules/suppress';

export interface SuppressForDocument {
  ignore?: Record<string, string[] | string>;
  relativePath?: string;
}

const fileCache = new Map<string, { mtimeMs: number; map: Record<string, string[]> }>();

function readIgnoreFile(folder: vscode.WorkspaceFolder): Record<string, string[]> {
  if (folder.uri.scheme !== 'file') return {};
  const p = vscode.Uri.joinPath(folder.uri, '.promptcacheignore').fsPath;
  try {
    const st = fs.statSync(p);
    const hit = fileCache.get(p);
    if (hit && hit.mtimeMs === st.mtimeMs) return hit.map;
    const map = parseIgnoreFile(fs.readFileSync(p, 'utf8'));
    fileCache.set(p, { mtimeMs: st.mtimeMs, map });
    return map;
  } catch {
    return {};
  }
}

/** AnalyzeOptions.suppress for a document, or undefined when nothing is configured. */
export function suppressFor(document: vscode.TextDocument): SuppressForDocument | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const setting = vscode.workspace.getConfiguration('promptCache', document.uri).get<Record<string, string[] | string>>('ignore') ?? {};
  const ignore: Record<string, string[] | string> = { ...(folder ? readIgnoreFile(folder) : {}) };
  for (const [glob, rules] of Object.entries(setting)) {
    const prev = ignore[glob];
    const list = Array.isArray(rules) ? rules : [rules];
    ignore[glob] = prev ? [...(Array.isArray(prev) ? prev : [prev]), ...list] : list;
  }
  if (!Object.keys(ignore).length) return undefined;
  const relativePath = folder ? vscode.workspace.asRelativePath(document.uri, false) : document.uri.path;
  return { ignore, relativePath };
}
