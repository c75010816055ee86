// Host side of the analysis workers (src/host/worker.ts → dist/worker.js): a small supervised pool. No
// vscode: the extension's runAnalysis() and the benchmark harness both use it.
//
//  * Analyses never run on the caller's thread. There is no in-process fallback: a worker that cannot start
//    makes the analysis fail with a clear message (kind 'unavailable'), it is not run on the host instead.
//  * Requests wait in a queue keyed by document: a newer request for the same document replaces the queued
//    older one (whose promise rejects with AnalysisSuperseded), so typing never builds a backlog. One
//    analysis per document at a time; the result carries the request's generation id.
//  * Time limit (timeLimitMs, default 10 s): an analysis still running then is stopped by terminating its
//    worker; it fails with kind 'timeout' and that exact text of that document is not retried (a later edit
//    is analysed again). The pool starts a fresh worker for whatever waits.
//  * Cancellation: when a newer request for the document arrives while its analysis has already run for
//    longer than busyAfterMs, that worker is terminated (the old result would be dropped anyway) and the new
//    text starts at once on a fresh worker.
//  * Other documents are not held up by a slow one: when every worker has been busy for longer than
//    busyAfterMs and another document waits, a second worker starts (maxWorkers, default 2). Extra workers
//    stop after a while without work.
//  * Memory limit (memoryLimitMb → Worker resourceLimits): a worker that runs out of heap is stopped by
//    V8 (not the process); the analysis fails with kind 'out-of-memory'; a crash (uncaught error, exit)
//    fails with kind 'crash'. Both: not retried for the same text, the next request gets a new worker.
//  * Refactorings ("Add cache_control" at an offset) come from the request model built for the analysis the
//    caller holds, named by its generation: the worker that produced it keeps it and answers a 'refactor'
//    message between analyses. A stale generation, a worker that does not answer within refactorTimeoutMs,
//    or any failure gives [] (never a rejection).
import * as fs from 'fs';
import type { Worker as NodeWorker } from 'worker_threads';
import type { Analysis, AnalyzeOptions, Fix } from '../core/types';
import type { FileScope } from './localFiles';
import type { WorkerRequest, WorkerResponse, WorkerTestHook } from './worker';

/** Texts from this size on are sent to the worker as a change against the previous text of the document. */
const DELTA_MIN_CHARS = 64 * 1024;
/** A refactor request the worker has not answered within this time resolves with no refactorings. */
const REFACTOR_TIMEOUT_MS = 1000;
export const DEFAULT_TIME_LIMIT_MS = 10_000;
export const DEFAULT_MEMORY_LIMIT_MB = 1024;
const DEFAULT_BUSY_AFTER_MS = 750;
const DEFAULT_MAX_WORKERS = 2;
/** An extra worker (beyond the first) without work for this long is stopped. */
const IDLE_EXTRA_MS = 30_000;
/** After this many workers in a row died before they were ready, none is started for UNAVAILABLE_MS. */
const START_FAILURES = 2;
const UNAVAILABLE_MS = 30_000;
/** A worker not ready within this time is stopped (counts as a failure to start). */
const START_TIMEOUT_MS = 60_000;

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

/** What goes with a request besides the text and the engine options. */
export interface JobExtras {
  /** Where local image files may be read (absent: nowhere). */
  files?: FileScope;
  /** Why no local file is read, for the analysis' notes. */
  filesRefused?: string;
  /** Test hooks (the worker honours them only with PCL_TEST_HOOKS=1). */
  test?: WorkerTestHook;
}

export class AnalysisSuperseded extends Error {
  constructor(public readonly key: string) {
    super(`analysis of ${key} superseded by a newer request`);
    this.name = 'AnalysisSuperseded';
  }
}

export type FailureKind = 'timeout' | 'out-of-memory' | 'crash' | 'unavailable' | 'engine';

/** An analysis that did not produce a result. `message` is for people (no stack frames). */
export class AnalysisFailed extends Error {
  constructor(
    public readonly kind: FailureKind,
    public readonly key: string,
    message: string,
    /** Technical detail for the log. */
    public readonly detail?: string,
  ) {
    super(message);
    this.name = 'AnalysisFailed';
  }
}

export interface WorkerClientOptions {
  /** Path of the bundled worker script (dist/worker.js). */
  script: string;
  /** Extra node options for the worker. A .ts script is loaded through tsx (tests, benchmark from source). */
  execArgv?: string[];
  log?: (msg: string) => void;
  /** How long refactorings() waits for the worker's answer (default 1 s), then resolves []. */
  refactorTimeoutMs?: number;
  /** Time limit of one analysis, ms (default 10 000). */
  timeLimitMs?: number;
  /** Heap limit of a worker (old generation), MB (default 1024). */
  memoryLimitMb?: number;
  /** Workers at most (default 2). */
  maxWorkers?: number;
  /** An analysis running longer than this counts as long: see the header (default 750 ms). */
  busyAfterMs?: number;
}

interface Job {
  id: number;
  key: string;
  text: string;
  options: RunOptions;
  extras: JobExtras;
  resolve: (a: AnalysisResult) => void;
  reject: (e: unknown) => void;
}

export interface AnalysisResult {
  analysis: Analysis;
  /** The request's generation id (increasing per client). */
  generation: number;
  /** Engine time in the worker, ms. */
  ms: number;
  where: 'worker';
}

interface Slot {
  n: number;
  worker: NodeWorker;
  ready: boolean;
  /** started: when it was posted to a ready worker (the time limit counts from then). */
  running?: { job: Job; started: number; limit?: ReturnType<typeof setTimeout>; busy?: ReturnType<typeof setTimeout>; long?: boolean };
  /** Stops a worker that never becomes ready. */
  startWatch?: ReturnType<typeof setTimeout>;
  /** Per document: the text this worker holds (last posted), so the next request can send only the change. */
  sent: Map<string, string>;
  idle?: ReturnType<typeof setTimeout>;
  /** Set when this client terminated it on purpose (its exit is no crash). */
  stopping?: FailureKind | 'superseded' | 'idle' | 'dispose';
  lastError?: Error;
}

export class AnalysisWorkerClient {
  private readonly slots: Slot[] = [];
  private slotCounter = 0;
  private nextId = 1;
  private startFailures = 0;
  private unavailable: { until: number; message: string } | undefined;
  private readonly queue = new Map<string, Job>();
  /** Per document: the worker that holds its latest analysis (answers refactorings). */
  private readonly holder = new Map<string, Slot>();
  /** Per document: the text (and options) whose analysis timed out or crashed: not retried as is. */
  private readonly failed = new Map<string, { text: string; options: string; error: AnalysisFailed }>();
  private nextFixId = 1;
  /** Refactor requests posted to a worker, by id, waiting for its 'fixes' answer. */
  private readonly pendingFixes = new Map<number, { slot: Slot; resolve: (fixes: Fix[]) => void; timer: ReturnType<typeof setTimeout> }>();
  private disposed = false;
  readonly stats = {
    posted: 0,
    deltas: 0,
    superseded: 0,
    workerResults: 0,
    refactorings: 0,
    refactorStale: 0,
    refactorTimeouts: 0,
    started: 0,
    timeouts: 0,
    crashes: 0,
    outOfMemory: 0,
    cancelled: 0,
    notRetried: 0,
  };

  constructor(private readonly opts: WorkerClientOptions) {}

  private get timeLimitMs(): number {
    return this.opts.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  }
  private get busyAfterMs(): number {
    return this.opts.busyAfterMs ?? DEFAULT_BUSY_AFTER_MS;
  }

  /** Change the time limit (ms) for analyses started from now on. */
  setTimeLimit(ms: number): void {
    this.opts.timeLimitMs = ms;
  }

  /** Change the heap limit (MB) of workers started from now on. */
  setMemoryLimit(mb: number): void {
    this.opts.memoryLimitMb = mb;
  }

  /** Analyze `text` for document `key`; resolves with the result of exactly this request. */
  analyze(key: string, text: string, options: RunOptions, extras: JobExtras = {}): Promise<AnalysisResult> {
    return new Promise<AnalysisResult>((resolve, reject) => {
      if (this.disposed) return reject(new AnalysisSuperseded(key));
      const bad = this.failed.get(key);
      if (bad && bad.text === text && bad.options === optionsKey(options)) {
        // This exact input already timed out or crashed a worker: say so again instead of retrying it.
        this.stats.notRetried++;
        return reject(bad.error);
      }
      const job: Job = { id: this.nextId++, key, text, options, extras, resolve, reject };
      const older = this.queue.get(key);
      if (older) {
        this.stats.superseded++;
        older.reject(new AnalysisSuperseded(key));
      }
      this.queue.delete(key); // re-insert: the newest request goes to the back of the line
      this.queue.set(key, job);
      // Its own analysis already running for long: stop it, its result would be dropped anyway.
      const runningSlot = this.slots.find((s) => s.running?.job.key === key);
      if (runningSlot?.running && this.isLong(runningSlot.running)) this.cancel(runningSlot);
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
      const slot = this.holder.get(key);
      if (!slot || !slot.ready || !this.slots.includes(slot)) {
        this.stats.refactorStale++;
        return Promise.resolve([]);
      }
      const id = this.nextFixId++;
      return new Promise<Fix[]>((resolve) => {
        const timer = setTimeout(() => {
          if (!this.pendingFixes.delete(id)) return;
          this.stats.refactorTimeouts++;
          resolve([]);
        }, this.opts.refactorTimeoutMs ?? REFACTOR_TIMEOUT_MS);
        timer.unref?.();
        this.pendingFixes.set(id, { slot, resolve, timer });
        try {
          slot.worker.postMessage({ type: 'refactor', id, key, generation, offset } satisfies WorkerRequest);
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

  /** Always true: analyses run only in worker threads (kept for callers that ask). */
  get usingWorker(): boolean {
    return true;
  }

  /** Workers alive now (tests, diagnostics). */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Drop the workers' memos. */
  clearCaches(): void {
    for (const s of this.slots) s.worker.postMessage({ type: 'clear' } satisfies WorkerRequest);
  }

  /** Forget that a document's last text failed (its next request is analysed even if unchanged). */
  forgetFailure(key: string): void {
    this.failed.delete(key);
  }

  /**
   * Test hook: terminate the worker that is analysing `key` (the analysis posted to it), as a crash would.
   * False when no analysis of `key` is running in a worker yet.
   */
  crashWorkerForTest(key: string): boolean {
    const slot = this.slots.find((s) => s.running?.job.key === key && s.running.limit);
    if (!slot) return false;
    slot.lastError = new Error('terminated by a test');
    void slot.worker.terminate();
    return true;
  }

  dispose(): void {
    this.disposed = true;
    for (const j of this.queue.values()) j.reject(new AnalysisSuperseded(j.key));
    this.queue.clear();
    for (const id of [...this.pendingFixes.keys()]) this.settleFixes(id, []);
    for (const s of [...this.slots]) {
      const job = s.running?.job;
      this.stop(s, 'dispose');
      job?.reject(new AnalysisSuperseded(job.key));
    }
    this.holder.clear();
    this.failed.clear();
  }

  // ------------------------------------------------------------------------------------------------

  private spawn(): Slot | undefined {
    if (this.unavailable && performance.now() < this.unavailable.until) return undefined;
    this.unavailable = undefined;
    try {
      if (!this.opts.script || !fs.existsSync(this.opts.script)) throw new Error(`${this.opts.script || 'the worker script'} not found`);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Worker } = require('worker_threads') as typeof import('worker_threads');
      const resourceLimits = { maxOldGenerationSizeMb: this.opts.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB };
      // TypeScript source (tests, benchmark from source): load it through tsx's require hook.
      const w = this.opts.script.endsWith('.ts')
        ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(this.opts.script)});`, { eval: true, execArgv: this.opts.execArgv, resourceLimits })
        : new Worker(this.opts.script, { execArgv: this.opts.execArgv, resourceLimits });
      w.unref();
      const slot: Slot = { n: ++this.slotCounter, worker: w, ready: false, sent: new Map() };
      slot.startWatch = setTimeout(() => {
        if (slot.ready || slot.stopping) return;
        slot.lastError = new Error(`not ready after ${START_TIMEOUT_MS / 1000} s`);
        void w.terminate();
      }, START_TIMEOUT_MS);
      slot.startWatch.unref?.();
      w.on('message', (m: WorkerResponse) => this.onMessage(slot, m));
      w.on('error', (err) => {
        slot.lastError = err;
      });
      w.on('exit', (code) => this.onExit(slot, code));
      this.slots.push(slot);
      this.stats.started++;
      return slot;
    } catch (err) {
      this.markUnavailable(err instanceof Error ? err.message : String(err));
      return undefined;
    }
  }

  private markUnavailable(reason: string): void {
    const message = `the analysis worker could not start (${reason})`;
    this.unavailable = { until: performance.now() + UNAVAILABLE_MS, message };
    this.opts.log?.(message);
  }

  /** Start queued jobs on idle workers; start a worker when none is idle and the pool may grow. */
  private pump(): void {
    if (this.disposed) return;
    for (const [key, job] of [...this.queue]) {
      if (this.slots.some((s) => s.running?.job.key === key)) continue; // one analysis per document at a time
      let slot = this.pickIdle(key);
      if (!slot) {
        const busyLong = this.slots.every((s) => s.running && this.isLong(s.running));
        if (this.slots.length === 0 || (busyLong && this.slots.length < (this.opts.maxWorkers ?? DEFAULT_MAX_WORKERS))) slot = this.spawn();
      }
      if (!slot) {
        if (this.unavailable) {
          // Nothing is analysed on the host's thread instead: every waiting request fails, with the reason.
          for (const j of this.queue.values()) j.reject(new AnalysisFailed('unavailable', j.key, this.unavailable.message));
          this.queue.clear();
          return;
        }
        continue;
      }
      this.queue.delete(key);
      this.assign(slot, job);
    }
  }

  /**
   * Has this analysis run for busyAfterMs? Its busy timer says so (a timer may fire a fraction of a millisecond
   * before performance.now() shows the full delay, so the clock alone would miss the moment it fires).
   */
  private isLong(r: NonNullable<Slot['running']>): boolean {
    return !!r.limit && (!!r.long || performance.now() - r.started >= this.busyAfterMs);
  }

  private pickIdle(key: string): Slot | undefined {
    const idle = this.slots.filter((s) => !s.running && !s.stopping);
    return idle.find((s) => s.sent.has(key)) ?? idle.find((s) => s.ready) ?? idle[0];
  }

  private assign(slot: Slot, job: Job): void {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = undefined;
    slot.running = { job, started: performance.now() };
    if (slot.ready) this.post(slot, job);
    // else: posted on 'ready'
  }

  private post(slot: Slot, job: Job, full = false): void {
    const r = slot.running;
    if (r?.job === job && !r.limit) {
      // The clocks start when the analysis does (not while a fresh worker starts).
      r.started = performance.now();
      r.limit = setTimeout(() => this.onTimeLimit(slot, job), this.timeLimitMs);
      // Long-running: another document may now get a second worker, or a newer text of this one cancel it.
      r.busy = setTimeout(() => this.onBusy(slot, job), this.busyAfterMs);
      r.limit.unref?.();
      r.busy.unref?.();
    }
    this.stats.posted++;
    const prev = full ? undefined : slot.sent.get(job.key);
    slot.sent.set(job.key, job.text);
    const { files, filesRefused, test } = job.extras;
    const extra = { ...(files ? { files } : {}), ...(filesRefused ? { filesRefused } : {}), ...(test ? { test } : {}) };
    if (prev !== undefined && job.text.length >= DELTA_MIN_CHARS) {
      // Copying a 5 MB string to the worker costs the host tens of ms; the change is a few characters.
      const delta = textDelta(prev, job.text);
      this.stats.deltas++;
      slot.worker.postMessage({ type: 'analyze', id: job.id, key: job.key, delta, options: job.options, ...extra } satisfies WorkerRequest);
      return;
    }
    slot.worker.postMessage({ type: 'analyze', id: job.id, key: job.key, text: job.text, options: job.options, ...extra } satisfies WorkerRequest);
  }

  private finish(slot: Slot): Job | undefined {
    const r = slot.running;
    if (!r) return undefined;
    clearTimeout(r.limit);
    clearTimeout(r.busy);
    slot.running = undefined;
    return r.job;
  }

  private onMessage(slot: Slot, m: WorkerResponse): void {
    if (m.type === 'ready') {
      slot.ready = true;
      if (slot.startWatch) clearTimeout(slot.startWatch);
      this.startFailures = 0;
      if (slot.running) this.post(slot, slot.running.job);
      else {
        this.pump();
        this.idleLater(slot);
      }
      return;
    }
    if (m.type === 'fixes') {
      if (m.stale) this.stats.refactorStale++;
      if (m.error) this.opts.log?.(`refactorings failed in the worker: ${m.error}`);
      this.settleFixes(m.id, m.fixes);
      return;
    }
    const job = slot.running?.job;
    if (!job || job.id !== m.id) return;
    if (m.type === 'need-text') {
      this.post(slot, job, true); // the worker no longer holds the base text: send it whole
      return;
    }
    this.finish(slot);
    if (m.type === 'result') {
      this.stats.workerResults++;
      this.failed.delete(job.key);
      this.holder.set(job.key, slot);
      job.resolve({ analysis: m.analysis, generation: job.id, ms: m.ms, where: 'worker' });
    } else job.reject(new AnalysisFailed('engine', job.key, m.message));
    this.idleLater(slot);
    this.pump();
  }

  private idleLater(slot: Slot): void {
    if (slot.running || this.slots.length <= 1 || slot.idle) return;
    slot.idle = setTimeout(() => {
      slot.idle = undefined;
      if (!slot.running && this.slots.length > 1) this.stop(slot, 'idle');
    }, IDLE_EXTRA_MS);
    slot.idle.unref?.();
  }

  private onBusy(slot: Slot, job: Job): void {
    if (slot.running?.job !== job) return;
    slot.running.long = true;
    if (this.queue.has(job.key)) return this.cancel(slot);
    const max = this.opts.maxWorkers ?? DEFAULT_MAX_WORKERS;
    const allBusy = this.slots.every((s) => s.running);
    // A long analysis: start the second worker now (it takes a while to load the tokenizer), so another
    // document opened meanwhile does not wait for that either. Stopped again after a while without work.
    if (this.queue.size === 0 && allBusy && this.slots.length < max) this.spawn();
    else this.pump(); // other documents waiting get the second worker now
  }

  /** A newer text of the running document is queued: stop this analysis (its result would be dropped). */
  private cancel(slot: Slot): void {
    const job = this.finish(slot);
    if (!job) return;
    this.stats.cancelled++;
    this.opts.log?.(`stopped a long analysis of ${job.key} (a newer version is waiting)`);
    this.stop(slot, 'superseded');
    job.reject(new AnalysisSuperseded(job.key));
    this.pump();
  }

  private onTimeLimit(slot: Slot, job: Job): void {
    if (slot.running?.job !== job) return;
    this.finish(slot);
    this.stats.timeouts++;
    const secs = formatSeconds(this.timeLimitMs);
    const error = new AnalysisFailed('timeout', job.key, `the analysis took longer than ${secs} (promptCache.analysisTimeLimit) and was stopped`);
    this.opts.log?.(`${job.key}: ${error.message}; the worker was restarted`);
    this.remember(job, error);
    this.stop(slot, 'timeout');
    job.reject(error);
    this.pump();
  }

  /** Terminate a worker on purpose; its exit is then no crash. */
  private stop(slot: Slot, why: NonNullable<Slot['stopping']>): void {
    slot.stopping = why;
    this.drop(slot);
    void slot.worker.terminate().catch(() => undefined);
  }

  /** Remove a worker from the pool (it is gone or going): what it held is gone with it. */
  private drop(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (slot.idle) clearTimeout(slot.idle);
    if (slot.startWatch) clearTimeout(slot.startWatch);
    for (const [k, s] of [...this.holder]) if (s === slot) this.holder.delete(k);
    for (const [id, p] of [...this.pendingFixes]) if (p.slot === slot) this.settleFixes(id, []);
  }

  private onExit(slot: Slot, code: number): void {
    if (slot.stopping) return; // terminated by this client
    const wasReady = slot.ready;
    const job = this.finish(slot);
    this.drop(slot);
    const err = slot.lastError;
    const oom = (err as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
    const detail = err ? `${err.message}${err.stack ? `\n${err.stack}` : ''}` : `exit code ${code}`;
    if (!wasReady && !oom) {
      // Died while starting: not the input's fault.
      this.opts.log?.(`the analysis worker stopped while starting: ${detail}`);
      if (++this.startFailures >= START_FAILURES) {
        this.startFailures = 0;
        if (job && !this.queue.has(job.key)) this.queue.set(job.key, job);
        this.markUnavailable(err?.message ?? `exit code ${code}`);
        this.pump();
        return;
      }
      if (job && !this.queue.has(job.key)) this.queue.set(job.key, job);
      this.pump();
      return;
    }
    if (oom) this.stats.outOfMemory++;
    else this.stats.crashes++;
    if (job) {
      const error = oom
        ? new AnalysisFailed('out-of-memory', job.key, `the analysis ran out of memory (limit ${this.opts.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB} MB, promptCache.analysisMemoryLimit) and was stopped`, detail)
        : new AnalysisFailed('crash', job.key, `the analysis worker crashed while analyzing this file (${err?.message ?? `exit code ${code}`})`, detail);
      this.opts.log?.(`${job.key}: ${error.message}; a new worker takes the next request\n${detail}`);
      this.remember(job, error);
      job.reject(error);
    } else this.opts.log?.(`an idle analysis worker stopped: ${detail}`);
    this.pump();
  }

  private remember(job: Job, error: AnalysisFailed): void {
    this.failed.set(job.key, { text: job.text, options: optionsKey(job.options), error });
  }
}

function optionsKey(o: RunOptions): string {
  try {
    return JSON.stringify(o);
  } catch {
    return String(Math.random());
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
