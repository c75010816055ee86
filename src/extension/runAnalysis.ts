// The one door to the engine. Everything in the extension gets its Analysis through runAnalysis(), which runs
// it in the supervised analysis workers (dist/worker.js; see src/host/workerClient.ts): never on the
// extension host's thread, with a time limit (promptCache.analysisTimeLimit) and a heap limit
// (promptCache.analysisMemoryLimit). Keep it async and its inputs plain data (text + options + extras, no
// functions: they cannot cross a thread boundary).
import type { Analysis, AnalyzeOptions, Fix } from '../core/types';
import * as path from 'path';
import { AnalysisWorkerClient, type AnalysisResult, type JobExtras } from '../host/workerClient';

/** Options that can be sent to a worker (structured-clone safe): no injected functions. */
export type RunOptions = Omit<AnalyzeOptions, 'readFile'>;
export type { JobExtras };

/**
 * Analyze `text` in the analysis worker. A newer request for the same document (options.fileName) replaces
 * an older one still queued; that older promise rejects with AnalysisSuperseded, and the service's
 * generation check treats it as stale.
 */
export function runAnalysis(text: string, options: RunOptions, extras: JobExtras = {}): Promise<Analysis> {
  return workerClient()
    .analyze(options.fileName ?? '', text, options, extras)
    .then((r) => r.analysis);
}

/**
 * The editor's analysis of a document: like runAnalysis, under the caller's own document key (the analysis
 * service uses the URI; other callers such as the cost panel's model comparisons use options.fileName, so
 * they neither supersede the editor's request nor replace the analysis the worker keeps for refactorings).
 * Resolves with the generation too: refactoringsFor() names the analysis by it.
 */
export function runDocumentAnalysis(key: string, text: string, options: RunOptions, extras: JobExtras = {}): Promise<AnalysisResult> {
  return workerClient().analyze(key, text, options, extras);
}

/**
 * "Add cache_control" refactorings at `offset`, from the request model behind the analysis of `key` answered
 * as `generation` (in the worker that built it): no parse on this thread.
 * [] when that analysis is no longer held, on timeout (about 1 s) or failure; never rejects.
 */
export function refactoringsFor(key: string, generation: number, offset: number): Promise<Fix[]> {
  if (!client) return Promise.resolve([]);
  return client.refactorings(key, generation, offset);
}

let client: AnalysisWorkerClient | undefined;
let limits = { timeLimitMs: 10_000, memoryLimitMb: 1024 };
let logger: ((msg: string) => void) | undefined;

/** The worker pool (started on first use). */
export function workerClient(): AnalysisWorkerClient {
  client ??= new AnalysisWorkerClient({ script: path.join(__dirname, 'worker.js'), ...limits, log: (m) => logger?.(m) });
  return client;
}

/** Apply the settings' limits (to analyses started from now on; the memory limit to new workers). */
export function configureAnalysisWorker(opts: { timeLimitMs: number; memoryLimitMb: number; log?: (msg: string) => void }): void {
  const memoryChanged = opts.memoryLimitMb !== limits.memoryLimitMb;
  limits = { timeLimitMs: opts.timeLimitMs, memoryLimitMb: opts.memoryLimitMb };
  if (opts.log) logger = opts.log;
  client?.setTimeLimit(opts.timeLimitMs);
  client?.setMemoryLimit(opts.memoryLimitMb);
  if (memoryChanged && client) {
    // running workers keep the heap limit they started with: start over with the new one
    client.dispose();
    client = undefined;
  }
}

/** Stop the analysis workers (deactivate). The next runAnalysis starts new ones. */
export function disposeAnalysisWorker(): void {
  client?.dispose();
  client = undefined;
}
