// Public surface of the engine. Pure TypeScript: no `vscode`, no DOM, no network.
export * from './types';
export { analyze, DEFAULT_MAX_CHARS } from './analyze';
export { detectRequest, detectDialect, isPromptFileName, isJsonlFileName } from './detect';
export { LineIndex } from './lineIndex';
export { formatTextReport, toJsonReports, formatUsd, type JsonFileReport } from './report';
export { resolveModel, listModels, providerFromModelName } from './models';
export type { ModelProfile } from './models/types';
