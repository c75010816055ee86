// The one door to the engine. Everything in the extension gets its Analysis through runAnalysis(), so the
// computation can move into a worker thread (dist/worker.js) without touching any caller: keep it async,
// keep its inputs plain data (text + options, no functions that cannot cross a thread boundary).
import type { Analysis, AnalyzeOptions, Fix } from '../core/types';
import { analyze } from '../core/analyze';
import { readLocalFile } from '../host/localFiles';
import * as path from 'path';
import { AnalysisWorkerClient, type AnalysisResult } from '../host/workerClient';

/** Options that can be sent to a worker (structured-clone safe): no injected functions. */
export type RunOptions = Omit<AnalyzeOptions, 'readFile'>;

/**
 * Analyze `text` off the extension host's thread: in the analysis worker (dist/worker.js, where the
 * tokenizer loads lazily on the first count), or in-process off the current tick when the worker cannot start
 * (or PROMPT_CACHE_NO_WORKER is set). A newer request for the same document (options.fileName) replaces
 * an older one still queued; that older promise rejects with AnalysisSuperseded, and the service's
 * generation check treats it as stale.
 */
export function runAnalysis(text: string, options: RunOptions): Promise<Analysis> {
  return workerClient()
    .analyze(options.fileName ?? '', text, options)
    .then((r) => r.analysis);
}

/**
 * The editor's analysis of a document: like runAnalysis, under the caller's own document key (the analysis
 * service uses the URI; other callers such as the cost panel's model comparisons use options.fileName, so
 * they neither supersede the editor's request nor replace the analysis the worker keeps for refactorings).
 * Resolves with the generation too: refactoringsFor() names the analysis by it.
 */
export function runDocumentAnalysis(key: string, text: string, options: RunOptions): Promise<AnalysisResult> {
  return workerClient().analyze(key, text, options);
}

/**
 * "Add cache_control" refactorings at `offset`, from the request model behind the analysis of `key` answered
 * as `generation` (in the worker that built it, or in-process after a fallback): no parse on this thread.
 * [] when that analysis is no longer held, on timeout (about 1 s) or failure; never rejects.
 */
export function refactoringsFor(key: string, generation: number, offset: number): Promise<Fix[]> {
  if (!client) return Promise.resolve([]);
  return client.refactorings(key, generation, offset);
}

let client: AnalysisWorkerClient | undefined;
function workerClient(): AnalysisWorkerClient {
  client ??= new AnalysisWorkerClient({
    script: process.env.PROMPT_CACHE_NO_WORKER ? '' : path.join(__dirname, 'worker.js'),
    fallback: (text, options) => analyze(text, { ...options, readFile: readLocalFile }),
  });
  return client;
}

/** Stop the analysis worker (deactivate). The next runAnalysis starts a new one. */
export function disposeAnalysisWorker(): void {
  client?.dispose();
  client = undefined;
}

