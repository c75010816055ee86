// Host side of the analysis worker (src/host/worker.ts → dist/worker.js). No vscode: the extension's
// runAnalysis() and the benchmark harness both use it.
//
//  * One worker, one analysis in flight at a time. Requests wait in a queue keyed by document: a newer
//    request for the same document replaces the queued older one (whose promise rejects with
//    AnalysisSuperseded), so typing never builds a backlog; the result carries the request's generation id.
//    An analysis already running is not interrupted (analyze() is synchronous in the worker); its result
//    still arrives and the caller's own version check drops it.
//  * Fallback: when the worker cannot start (no worker_threads, script missing, crash at load), every
//    request runs in-process instead (off the current tick, through setImmediate); if it crashes later,
//    the requests it held are re-run in-process and the worker is restarted on the next request once.
//  * Refactorings ("Add cache_control" at an offset) come from the request model built for the analysis the
//    caller holds, named by its generation: the worker keeps the last analysis per document (it answers a
//    'refactor' message at once, between analyses: never behind the queue, at most after the running
//    analysis); in-process results are kept here per document for the same purpose. A stale generation, a
//    worker that does not answer within refactorTimeoutMs, or any failure gives [] (never a rejection).
import * as fs from 'fs';
import type { Worker as NodeWorker } from 'worker_threads';
import { analyze, refactoringsAt } from '../core/analyze';
import type { Analysis, AnalyzeOptions, Fix } from '../core/types';
import type { WorkerRequest, WorkerResponse } from './worker';

/** Texts from this size on are sent to the worker as a change against the previous text of the document. */
const DELTA_MIN_CHARS = 64 * 1024;
/** A refactor request the worker has not answered within this time resolves with no refactorings. */
const REFACTOR_TIMEOUT_MS = 1000;
/** In-process analyses kept for refactorings (the worker keeps as many). */
const MAX_LOCAL = 8;

/**
 * The change from `a` to `b` as one replacement (common prefix and suffix skipped, compared 4 KB at a time:
 * native string comparisons, no per-character loop over megabytes).
 */
export function textDelta(a: string, b: string): { start: number; end: number; insert: string } {
  const B = 4096;
  const n = Math.min(a.length, b.length);
  let lo = 0;
  while (lo + B <= n && a.slice(lo, lo + B) === b.slice(lo, lo + B)) lo += B;
  while (lo < n && a.charCodeAt(lo) === b.charCodeAt(lo)) lo++;
  let ea = a.length;
  let eb = b.length;
  while (ea - B >= lo && eb - B >= lo && a.slice(ea - B, ea) === b.slice(eb - B, eb)) {
    ea -= B;
    eb -= B;
  }
  while (ea > lo && eb > lo && a.charCodeAt(ea - 1) === b.charCodeAt(eb - 1)) {
    ea--;
    eb--;
  }
  return { start: lo, end: ea, insert: b.slice(lo, eb) };
}

export type RunOptions = Omit<AnalyzeOptions, 'readFile'>;

export class AnalysisSuperseded extends Error {
  constructor(public readonly key: string) {
    super(`analysis of ${key} superseded by a newer request`);
    this.name = 'AnalysisSuperseded';
  }
}

export interface WorkerClientOptions {
  /** Path of the bundled worker script (dist/worker.js). */
  script: string;
  /** Extra node options for the worker. A .ts script is loaded through tsx (tests, benchmark from source). */
  execArgv?: string[];
  /** In-process analysis when the worker is unavailable (the extension injects its file reader here). */
  fallback?: (text: string, options: RunOptions) => Analysis;
  log?: (msg: string) => void;
  /** How long refactorings() waits for the worker's answer (default 1 s), then resolves []. */
  refactorTimeoutMs?: number;
}

interface Job {
  id: number;
  key: string;
  text: string;
  options: RunOptions;
  resolve: (a: AnalysisResult) => void;
  reject: (e: unknown) => void;
}

export interface AnalysisResult {
  analysis: Analysis;
  /** The request's generation id (increasing per client). */
  generation: number;
  /** Engine time in the worker (or in-process), ms. */
  ms: number;
  where: 'worker' | 'in-process';
}

export class AnalysisWorkerClient {
  private worker: NodeWorker | undefined;
  private ready = false;
  private failed = false;
  private restarts = 0;
  private nextId = 1;
  private running: Job | undefined;
  /** Per document: the text the worker holds (last posted), so the next request can send only the change. */
  private readonly sent = new Map<string, string>();
  private readonly queue = new Map<string, Job>();
  private nextFixId = 1;
  /** Refactor requests posted to the worker, by id, waiting for its 'fixes' answer. */
  private readonly pendingFixes = new Map<number, { resolve: (fixes: Fix[]) => void; timer: ReturnType<typeof setTimeout> }>();
  /** Per document: the last analysis produced in-process (fallback), whose request model lives in this thread. */
  private readonly local = new Map<string, { generation: number; analysis: Analysis }>();
  readonly stats = { posted: 0, deltas: 0, superseded: 0, inProcess: 0, workerResults: 0, refactorings: 0, refactorStale: 0, refactorTimeouts: 0 };

  constructor(private readonly opts: WorkerClientOptions) {}

  /** Analyze `text` for document `key`; resolves with the result of exactly this request. */
  analyze(key: string, text: string, options: RunOptions): Promise<AnalysisResult> {
    return new Promise<AnalysisResult>((resolve, reject) => {
      const job: Job = { id: this.nextId++, key, text, options, resolve, reject };
      const older = this.queue.get(key);
      if (older) {
        this.stats.superseded++;
        older.reject(new AnalysisSuperseded(key));
      }
      this.queue.delete(key); // re-insert: the newest request goes to the back of the line
      this.queue.set(key, job);
      this.pump();
    });
  }

  /**
   * "Add cache_control" refactorings at `offset` for the analysis of `key` answered as `generation`
   * (AnalysisResult.generation), from the request model built for exactly that analysis: no parse here.
   * Resolves [] when that analysis is no longer held (a newer one ran, dropped, worker restarted), on
   * timeout or on any failure; never rejects.
   */
  refactorings(key: string, generation: number, offset: number): Promise<Fix[]> {
    this.stats.refactorings++;
    try {
      const local = this.local.get(key);
      if (local?.generation === generation) return Promise.resolve(refactoringsAt(local.analysis, offset) ?? []);
      // A worker that is not (yet) ready holds no analysis: nothing to ask.
      if (!this.worker || !this.ready) {
        this.stats.refactorStale++;
        return Promise.resolve([]);
      }
      const id = this.nextFixId++;
      const worker = this.worker;
      return new Promise<Fix[]>((resolve) => {
        const timer = setTimeout(() => {
          if (!this.pendingFixes.delete(id)) return;
          this.stats.refactorTimeouts++;
          resolve([]);
        }, this.opts.refactorTimeoutMs ?? REFACTOR_TIMEOUT_MS);
        timer.unref?.();
        this.pendingFixes.set(id, { resolve, timer });
        try {
          worker.postMessage({ type: 'refactor', id, key, generation, offset } satisfies WorkerRequest);
        } catch {
          this.settleFixes(id, []);
        }
      });
    } catch {
      return Promise.resolve([]);
    }
  }

  private settleFixes(id: number, fixes: Fix[]): void {
    const p = this.pendingFixes.get(id);
    if (!p) return;
    this.pendingFixes.delete(id);
    clearTimeout(p.timer);
    p.resolve(fixes);
  }

  private settleAllFixes(): void {
    for (const id of [...this.pendingFixes.keys()]) this.settleFixes(id, []);
  }

  /** True while analyses run in the worker thread (false: in-process fallback). */
  get usingWorker(): boolean {
    return !this.failed;
  }

  /** Drop the worker's memos. */
  clearCaches(): void {
    this.worker?.postMessage({ type: 'clear' });
  }

  dispose(): void {
    for (const j of this.queue.values()) j.reject(new AnalysisSuperseded(j.key));
    this.queue.clear();
    this.sent.clear();
    this.local.clear();
    this.settleAllFixes();
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }

  private start(): boolean {
    if (this.worker) return true;
    if (this.failed) return false;
    try {
      if (!fs.existsSync(this.opts.script)) throw new Error(`${this.opts.script} not found`);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Worker } = require('worker_threads') as typeof import('worker_threads');
      // TypeScript source (tests, benchmark from source): load it through tsx's require hook.
      const w = this.opts.script.endsWith('.ts')
        ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(this.opts.script)});`, { eval: true, execArgv: this.opts.execArgv })
        : new Worker(this.opts.script, { execArgv: this.opts.execArgv });
      w.unref();
      w.on('message', (m: WorkerResponse) => this.onMessage(m));
      w.on('error', (err) => this.onCrash(err));
      w.on('exit', (code) => {
        if (this.worker === w) this.onCrash(new Error(`analysis worker exited (code ${code})`));
      });
      this.worker = w;
      this.ready = false;
      return true;
    } catch (err) {
      this.failed = true;
      this.opts.log?.(`analysis worker unavailable, analyzing in-process: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  }

  private pump(): void {
    if (this.running || this.queue.size === 0) return;
    const [key, job] = this.queue.entries().next().value as [string, Job];
    this.queue.delete(key);
    this.running = job;
    if (!this.start()) {
      this.runInProcess(job);
      return;
    }
    if (this.ready) this.post(job);
    // else: posted on 'ready'
  }

  private post(job: Job, full = false): void {
    this.stats.posted++;
    const prev = full ? undefined : this.sent.get(job.key);
    this.sent.set(job.key, job.text);
    if (prev !== undefined && job.text.length >= DELTA_MIN_CHARS) {
      // Copying a 5 MB string to the worker costs the host tens of ms; the change is a few characters.
      const delta = textDelta(prev, job.text);
      this.stats.deltas++;
      this.worker!.postMessage({ type: 'analyze', id: job.id, key: job.key, delta, options: job.options } satisfies WorkerRequest);
      return;
    }
    this.worker!.postMessage({ type: 'analyze', id: job.id, key: job.key, text: job.text, options: job.options } satisfies WorkerRequest);
  }

  private onMessage(m: WorkerResponse): void {
    if (m.type === 'ready') {
      this.ready = true;
      if (this.running) this.post(this.running);
      return;
    }
    if (m.type === 'fixes') {
      if (m.stale) this.stats.refactorStale++;
      if (m.error) this.opts.log?.(`refactorings failed in the worker: ${m.error}`);
      this.settleFixes(m.id, m.fixes);
      return;
    }
    const job = this.running;
    if (!job || job.id !== m.id) return;
    if (m.type === 'need-text') {
      this.post(job, true); // the worker no longer holds the base text: send it whole
      return;
    }
    this.running = undefined;
    if (m.type === 'result') {
      this.stats.workerResults++;
      this.local.delete(job.key); // the worker holds the newest analysis of this document now
      job.resolve({ analysis: m.analysis, generation: job.id, ms: m.ms, where: 'worker' });
    } else job.reject(new Error(m.message));
    this.pump();
  }

  private onCrash(err: Error): void {
    const w = this.worker;
    this.worker = undefined;
    this.ready = false;
    this.sent.clear();
    this.settleAllFixes(); // the analyses they asked about died with the worker
    void w?.terminate();
    this.opts.log?.(`analysis worker failed: ${err.message}`);
    if (++this.restarts > 1) this.failed = true; // one restart, then in-process for good
    const job = this.running;
    this.running = undefined;
    if (job) {
      this.running = job;
      this.runInProcess(job);
    } else this.pump();
  }

  private runInProcess(job: Job): void {
    setImmediate(() => {
      try {
        const t = performance.now();
        const analysis = (this.opts.fallback ?? ((text, o) => analyze(text, o)))(job.text, job.options);
        this.stats.inProcess++;
        this.local.delete(job.key);
        this.local.set(job.key, { generation: job.id, analysis });
        if (this.local.size > MAX_LOCAL) this.local.delete(this.local.keys().next().value as string);
        job.resolve({ analysis, generation: job.id, ms: performance.now() - t, where: 'in-process' });
      } catch (err) {
        job.reject(err);
      } finally {
        if (this.running === job) this.running = undefined;
        this.pump();
      }
    });
  }
}
