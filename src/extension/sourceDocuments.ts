// Prompts in code (issue 13): which Python / TypeScript / JavaScript documents the extension looks at.
// A source file is analysed only while it imports an LLM SDK (the engine's cheap hasSdkImport, a text scan:
// no tree-sitter, no tokenizer); any other code costs one scan per debounced change and nothing else
// (no worker, no decorations, no status bar). Adding the import starts the analysis, removing it clears it.
//
// Kept apart from analysisService.ts so the language server (issue 15) can take it over as it is.
import type * as vscode from 'vscode';
import { hasSdkImport } from '../core/dialects/source/languages';

/** VS Code language ids of the source files whose SDK calls the engine reads. */
export const SOURCE_LANGUAGES: ReadonlySet<string> = new Set(['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact']);
const SOURCE_NAME = /\.(py|pyi|ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;
/** The import scan of a file larger than promptCache.maxFileSize reads only its beginning (imports sit there). */
const LARGE_SCAN_CHARS = 256 * 1024;

/** Is this a source-code document (by language, or by file name for a document whose language is plain text)? */
export function isSourceDocument(document: vscode.TextDocument): boolean {
  if (SOURCE_LANGUAGES.has(document.languageId)) return true;
  return document.languageId === 'plaintext' && SOURCE_NAME.test(document.uri.path);
}

/** The language id the engine should parse the document as (file name decides for plain-text buffers). */
export function sourceLanguage(document: vscode.TextDocument): string {
  if (SOURCE_LANGUAGES.has(document.languageId)) return document.languageId;
  const ext = /\.([a-z]+)$/i.exec(document.uri.path)?.[1]?.toLowerCase() ?? '';
  if (ext === 'py' || ext === 'pyi') return 'python';
  if (ext === 'tsx') return 'typescriptreact';
  if (ext === 'jsx') return 'javascriptreact';
  if (ext === 'js' || ext === 'mjs' || ext === 'cjs') return 'javascript';
  return 'typescript';
}

/** Should this source document be analysed now: does it import an LLM SDK? */
export function sourceRelevance(document: vscode.TextDocument, maxFileSize: number): { relevant: boolean; reason: string } {
  const text = document.getText();
  const scanned = text.length > maxFileSize ? text.slice(0, LARGE_SCAN_CHARS) : text;
  const lang = sourceLanguage(document);
  let found = false;
  try {
    found = hasSdkImport(scanned, lang);
  } catch {
    found = false;
  }
  return found ? { relevant: true, reason: `${lang} file importing an LLM SDK` } : { relevant: false, reason: `${lang} file without an LLM SDK import` };
}
