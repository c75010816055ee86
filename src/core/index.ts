// Public surface of the engine. Pure TypeScript: no `vscode`, no DOM, no network.
export * from './types';
export { analyze, DEFAULT_MAX_CHARS } from './analyze';
export { detectRequest, isPromptFileName, isJsonlFileName } from './detect';
export { detectShape } from './dialects';
export { LineIndex } from './lineIndex';
export { formatTextReport, toJsonReports, describeCut, type JsonFileReport } from './report';
export { fmtInt, fmtTokens, fmtCount, fmtUsd, fmtPricePerMTok, plural } from './format';
export { resolveModel, listModels, providerFromModelName } from './models';
export type { ModelProfile } from './models/types';
export { hasSdkImport, sourceLanguageOf, SOURCE_EXTENSIONS } from './dialects/source/languages';
export type { SourceLanguage, SourceParser, SyntaxNode } from './dialects/source/syntax';
