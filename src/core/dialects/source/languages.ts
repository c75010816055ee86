// Which files are source code, and a cheap (regex-level, no parser) check that a file imports an LLM SDK:
// the editor uses hasSdkImport to decide whether to analyse a Python / TypeScript / JavaScript file at all.
import type { SourceLanguage } from './syntax';

const EXT: Record<string, SourceLanguage> = {
  py: 'python',
  pyi: 'python',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
};

const LANGUAGE_IDS: Record<string, SourceLanguage> = {
  python: 'python',
  typescript: 'typescript',
  typescriptreact: 'tsx',
  javascript: 'javascript',
  javascriptreact: 'javascript',
};

/** The source language of a file (by its extension, else by the editor's language id), if it is source code. */
export function sourceLanguageOf(fileName?: string, languageId?: string): SourceLanguage | undefined {
  const m = /\.([a-z]+)$/i.exec(fileName ?? '');
  if (m && /\.d\.[cm]?ts$/i.test(fileName ?? '')) return undefined;
  const byExt = m ? EXT[m[1].toLowerCase()] : undefined;
  if (byExt) return byExt;
  return languageId ? LANGUAGE_IDS[languageId] : undefined;
}

/** Extensions (without the dot) the CLI treats as source files. */
export const SOURCE_EXTENSIONS = Object.keys(EXT);

const PY_IMPORT = /^[ \t]*(?:from[ \t]+(?:anthropic|openai|langchain[\w.]*|langchain_[\w.]+)\b|import[ \t]+(?:anthropic|openai|langchain[\w.]*)\b)/m;
const JS_IMPORT = /(?:from\s*|require\s*\(\s*|import\s*\(\s*|import\s+)['"](?:@anthropic-ai\/sdk|openai|ai|@ai-sdk\/[\w-]+|@langchain\/[\w-]+|langchain(?:\/[\w/-]+)?)(?:\/[\w/.-]*)?['"]/;

/**
 * True when the text imports an LLM SDK this dialect reads (anthropic, openai, the Vercel AI SDK, LangChain).
 * languageId: a VS Code language id (python, typescript, typescriptreact, javascript, javascriptreact) or a
 * SourceLanguage. Pure and cheap: one regex over the text.
 */
export function hasSdkImport(text: string, languageId: string): boolean {
  const lang = LANGUAGE_IDS[languageId] ?? (languageId === 'tsx' ? 'tsx' : undefined);
  if (!lang) return false;
  return lang === 'python' ? PY_IMPORT.test(text) : JS_IMPORT.test(text);
}
