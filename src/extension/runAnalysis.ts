// The one door to the engine. Everything in the extension gets its Analysis through runAnalysis(), so the
// computation can move into a worker thread (dist/worker.js) without touching any caller: keep it async,
// keep its inputs plain data (text + options, no functions that cannot cross a thread boundary).
import type { Analysis, AnalyzeOptions } from '../core/types';
import { analyze } from '../core/analyze';
import { readLocalFile } from '../core/localFiles';
import * as path from 'path';
import { AnalysisWorkerClient } from '../core/workerClient';

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

