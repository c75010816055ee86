// THE shared analysis pipeline of the extension. Decorations, CodeLens, hover, status bar, diagnostics and the
// cost panel all subscribe to it instead of analyzing on their own.
//
//   open / edit / settings change ──▶ relevant? ──▶ debounce ──▶ runAnalysis(text, options) ──▶ fresh? ──▶ onDidAnalyze
//                                       │                                                       │
//                                       └─ no: nothing at all (package.json, tsconfig.json …)     └─ stale: dropped
//
// The engine call is runDocumentAnalysis (runAnalysis.ts) under the document's URI; the result's generation is
// kept with the analysis, so refactorings() can ask the worker about exactly that analysis.
//
// Never throws into the extension host: every handler catches and logs to the "Prompt Cache Lens" channel.
import * as vscode from 'vscode';
import { detectRequest } from '../core/detect';
import type { Analysis, AnalyzeOptions, Fix } from '../core/types';
import { EditorConfig, readConfig, SECTION } from './config';
import { configureAnalysisWorker, refactoringsFor, runDocumentAnalysis, RunOptions, type JobExtras } from './runAnalysis';
import { suppressFor } from './suppression';
import { isSourceDocument, sourceLanguage, sourceRelevance } from './sourceDocuments';
import { AnalysisFailed, AnalysisSuperseded } from '../host/workerClient';
import type { WorkerTestHook } from '../host/worker';
import * as path from 'path';

export interface AnalysisEvent {
  document: vscode.TextDocument;
  analysis: Analysis;
  /** Document version the analysis was computed from (always the current one when emitted). */
  version: number;
}

export type DocStatus =
  /** Waiting for the debounce or the engine. */
  | 'pending'
  /** The latest analysis is available. */
  | 'ready'
  /** Larger than promptCache.maxFileSize: not analyzed until "Analyze anyway". */
  | 'too-large'
  /** Not analysed (time limit, out of memory, worker crash, engine error): `error` says why. */
  | 'failed';

export interface DocState {
  status: DocStatus;
  /** Why it is not analysed, for people ("not analysed: …"; never a stack trace). */
  error?: string;
  /** What kind of failure (AnalysisFailed.kind), when failed. */
  failure?: string;
  /** Characters of the document when it was found too large. */
  size?: number;
}

/** A notification the service showed (kept for tests and the log). */
export interface ShownNotice {
  uri: string;
  kind: string;
  message: string;
}

/** Per-file model choice: a model name/id, or DEFAULT_CHOICE to ignore the file's model and use the default. */
export const DEFAULT_CHOICE = '$default';
const MODEL_CHOICES_KEY = 'promptCache.modelChoices';

const SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'memfs', 'vscode-test-web']);
const PROMPT_LANGUAGES = new Set(['prompt-template', 'prompty', 'prompt']);
const JSON_LANGUAGES = new Set(['json', 'jsonc', 'jsonl']);
const JSON_NAME = /\.(json|jsonc|jsonl|ndjson)$/i;
/** For large files only a cheap look at the beginning decides whether to show the "too large" notice. */
const LARGE_SNIFF_CHARS = 256 * 1024;

interface Entry {
  uri: vscode.Uri;
  generation: number;
  timer?: ReturnType<typeof setTimeout>;
  analysis?: Analysis;
  analyzedVersion?: number;
  analyzedKey?: string;
  /** The engine's generation of `analysis` (AnalysisResult.generation): names it for refactorings. */
  engineGeneration?: number;
  status: DocStatus;
  error?: string;
  failure?: string;
  size?: number;
  largeNoticeShown?: boolean;
  /** Failure kinds already notified for this document (one notification per kind until it is analysed again). */
  notified?: Set<string>;
}

export interface ServiceStats {
  /** Engine runs started. */
  runs: number;
  /** Results dropped because the document or settings changed while they were computed. */
  dropped: number;
  /** Results published through onDidAnalyze. */
  published: number;
  /** Engine failures (caught). */
  failures: number;
}

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export class AnalysisService implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly analyzeEmitter = new vscode.EventEmitter<AnalysisEvent>();
  private readonly clearEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly stateEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly configEmitter = new vscode.EventEmitter<EditorConfig>();
  private cfg: EditorConfig;
  private configGeneration = 0;
  private allowedLarge = new Set<string>();
  private disposed = false;

  /** A fresh analysis of a relevant document is available. */
  readonly onDidAnalyze = this.analyzeEmitter.event;
  /** A document's analysis was dropped (closed, no longer relevant, disabled). Clear what you show for it. */
  readonly onDidClear = this.clearEmitter.event;
  /** A document's status changed (pending, too large, failed …) without a new analysis. */
  readonly onDidChangeState = this.stateEmitter.event;
  /** The extension's settings changed (after the service re-read them). */
  readonly onDidChangeConfig = this.configEmitter.event;

  readonly stats: ServiceStats = { runs: 0, dropped: 0, published: 0, failures: 0 };

  /** Test hooks (never set in normal use): awaited after the text is captured and before the engine runs. */
  readonly testHooks: { beforeRun?: (document: vscode.TextDocument) => Promise<void> | void } = {};
  /** Worker test hooks for the next analysis of a document (set only by the PCL_TEST_HOOKS test commands). */
  readonly nextWorkerHook = new Map<string, WorkerTestHook>();
  /** Notifications shown about failed analyses, newest last (at most 50). */
  readonly notices: ShownNotice[] = [];

  constructor(
    private readonly memento: vscode.Memento,
    private readonly log: Logger,
  ) {
    this.cfg = readConfig();
    this.applyLimits();
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.guard('trust', () => this.reanalyzeAll('workspace trusted: local image files may be read now'))),
      this.analyzeEmitter,
      this.clearEmitter,
      this.stateEmitter,
      this.configEmitter,
      vscode.workspace.onDidOpenTextDocument((d) => this.guard('open', () => this.onOpen(d))),
      vscode.workspace.onDidChangeTextDocument((e) => this.guard('change', () => this.onChange(e))),
      vscode.workspace.onDidCloseTextDocument((d) => this.guard('close', () => this.forget(d.uri))),
      vscode.workspace.onDidChangeConfiguration((e) => this.guard('config', () => this.onConfig(e))),
    );
  }

  /** Analyze what is already open (called once after activation, off the activation path). */
  start(): void {
    for (const d of vscode.workspace.textDocuments) this.guard('start', () => this.onOpen(d));
  }

  get config(): EditorConfig {
    return this.cfg;
  }

  // ------------------------------------------------------------------------------------------------
  // Queries

  getAnalysis(uri: vscode.Uri): Analysis | undefined {
    return this.entries.get(uri.toString())?.analysis;
  }

  /** The analysis of exactly this version of the document, if there is one. */
  getVersionedAnalysis(document: vscode.TextDocument): Analysis | undefined {
    const e = this.entries.get(document.uri.toString());
    return e && e.analyzedVersion === document.version ? e.analysis : undefined;
  }

  /** The version of the document the current analysis was computed from. */
  getAnalyzedVersion(uri: vscode.Uri): number | undefined {
    return this.entries.get(uri.toString())?.analyzedVersion;
  }

  /** The engine generation of the document's current analysis (what refactorings are asked about). */
  getAnalysisGeneration(uri: vscode.Uri): number | undefined {
    const e = this.entries.get(uri.toString());
    return e?.analysis ? e.engineGeneration : undefined;
  }

  /**
   * "Add cache_control" refactorings at `offset`, computed where the current analysis was built (the
   * analysis worker) from its request model: no parse on the extension host. [] when the document's
   * version is not the analyzed one (before or after the round trip), or on any failure.
   */
  async refactorings(document: vscode.TextDocument, offset: number): Promise<Fix[]> {
    try {
      const e = this.entries.get(document.uri.toString());
      if (!e?.analysis || e.engineGeneration === undefined || e.analyzedVersion !== document.version) return [];
      const { analysis, engineGeneration: generation } = e;
      const version = document.version;
      const fixes = await refactoringsFor(engineKey(document), generation, offset);
      const now = this.entries.get(document.uri.toString());
      if (now !== e || e.analysis !== analysis || document.version !== version) return [];
      return fixes;
    } catch (err) {
      this.log.warn(`refactorings: ${errorMessage(err)}`);
      return [];
    }
  }

  getState(uri: vscode.Uri): DocState | undefined {
    const e = this.entries.get(uri.toString());
    return e ? { status: e.status, error: e.error, failure: e.failure, size: e.size } : undefined;
  }

  /** Tracked documents (relevant ones, analyzed or waiting). */
  trackedUris(): vscode.Uri[] {
    return [...this.entries.values()].map((e) => e.uri);
  }

  isTracked(uri: vscode.Uri): boolean {
    return this.entries.has(uri.toString());
  }

  /**
   * Is this document a request or prompt file the extension should look at? Cheap for the usual files: the
   * scheme, exclude globs and file name decide before any content is read; JSON content is sniffed last.
   */
  isRelevant(document: vscode.TextDocument): boolean {
    return this.relevance(document).relevant;
  }

  private relevance(document: vscode.TextDocument): { relevant: boolean; reason: string } {
    const cfg = this.cfg;
    if (!cfg.enable) return { relevant: false, reason: 'promptCache.enable is off' };
    if (!SCHEMES.has(document.uri.scheme)) return { relevant: false, reason: `scheme ${document.uri.scheme}` };
    if (matchesAny(cfg.exclude, document)) return { relevant: false, reason: 'promptCache.exclude' };
    if (matchesAny(cfg.include, document)) return { relevant: true, reason: 'promptCache.include' };
    const lang = document.languageId;
    const fileName = detectName(document);
    if (PROMPT_LANGUAGES.has(lang)) return { relevant: true, reason: `language ${lang}` };
    // Python / TypeScript / JavaScript: only while the file imports an LLM SDK (sourceDocuments.ts).
    if (isSourceDocument(document)) return sourceRelevance(document, cfg.maxFileSize);
    if (!JSON_LANGUAGES.has(lang) && !JSON_NAME.test(fileName) && !/\.(prompt|prompty)$|\.prompt\.(md|txt)$/i.test(fileName)) {
      return { relevant: false, reason: `language ${lang}` };
    }
    const text = document.getText();
    if (text.length > cfg.maxFileSize) {
      // Do not parse a huge file just to decide: a quick look at its beginning.
      const head = text.slice(0, LARGE_SNIFF_CHARS);
      const maybe = /"(messages|system|contents|input)"\s*:/.test(head);
      return { relevant: maybe, reason: maybe ? 'large file that looks like a request' : 'large file, no request keys' };
    }
    const d = detectRequest(text, fileName);
    return { relevant: d.kind !== 'none', reason: d.reason };
  }

  // ------------------------------------------------------------------------------------------------
  // Per-file model choice (persisted in workspaceState)

  getModelChoice(uri: vscode.Uri): string | undefined {
    const all = this.memento.get<Record<string, string>>(MODEL_CHOICES_KEY, {});
    return all[uri.toString()];
  }

  async setModelChoice(uri: vscode.Uri, choice: string | undefined): Promise<void> {
    const all = { ...this.memento.get<Record<string, string>>(MODEL_CHOICES_KEY, {}) };
    if (choice === undefined || choice === '') delete all[uri.toString()];
    else all[uri.toString()] = choice;
    await this.memento.update(MODEL_CHOICES_KEY, all);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc && this.entries.has(uri.toString())) await this.analyzeNow(doc);
  }

  /** The engine options for a document: settings + its model choice + its file name. */
  optionsFor(document: vscode.TextDocument): RunOptions {
    const base: AnalyzeOptions = this.cfg.analyze;
    const choice = this.getModelChoice(document.uri);
    const opts: RunOptions = { ...base, fileName: document.uri.scheme === 'untitled' ? document.uri.path : document.fileName };
    if (isSourceDocument(document)) opts.languageId = sourceLanguage(document);
    if (choice === DEFAULT_CHOICE) {
      if (base.defaultModel) opts.model = base.defaultModel;
    } else if (choice) {
      opts.model = choice;
    }
    const suppress = suppressFor(document); // promptCache.ignore + .promptcacheignore (rules work)
    if (suppress) opts.suppress = suppress;
    return opts;
  }

  /**
   * Where the worker may read local image files for this document: inside its workspace folder only, only in
   * a trusted workspace, only for files on disk. Relative image paths resolve against the document's folder.
   */
  extrasFor(document: vscode.TextDocument): JobExtras {
    const extras: JobExtras = {};
    if (!vscode.workspace.isTrusted) {
      extras.filesRefused = 'the workspace is not trusted';
      return extras;
    }
    if (document.uri.scheme !== 'file') {
      extras.filesRefused = 'the file is not on this disk';
      return extras;
    }
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder || folder.uri.scheme !== 'file') {
      extras.filesRefused = 'the file is not inside a workspace folder';
      return extras;
    }
    extras.files = { baseDir: path.dirname(document.uri.fsPath), root: folder.uri.fsPath };
    return extras;
  }

  // ------------------------------------------------------------------------------------------------
  // Large files

  /** Analyze a document even though it is larger than promptCache.maxFileSize (for this session). */
  async analyzeAnyway(document: vscode.TextDocument): Promise<Analysis | undefined> {
    this.allowedLarge.add(document.uri.toString());
    if (!this.entries.has(document.uri.toString())) this.entries.set(document.uri.toString(), { uri: document.uri, generation: 0, status: 'pending' });
    return this.analyzeNow(document);
  }

  private isTooLarge(document: vscode.TextDocument): boolean {
    if (this.allowedLarge.has(document.uri.toString())) return false;
    // The text length (what getText().length would be) without copying the whole document on every change:
    // the offset of the end of the last line.
    const length = document.lineCount > 0 ? document.offsetAt(document.lineAt(document.lineCount - 1).range.end) : 0;
    return length > this.cfg.maxFileSize;
  }

  // ------------------------------------------------------------------------------------------------
  // Running

  /**
   * Analyze the document's current text now (no debounce) and publish the result. Resolves with the
   * analysis of the newest text: when the document changes meanwhile, the stale result is dropped and the
   * new text analyzed. Resolves undefined for documents that are not relevant, too large or failing.
   */
  async analyzeNow(document: vscode.TextDocument): Promise<Analysis | undefined> {
    try {
      if (document.isClosed || this.disposed) return undefined;
      let entry = this.entries.get(document.uri.toString());
      if (!entry) {
        if (!this.isRelevant(document)) return undefined;
        entry = { uri: document.uri, generation: 0, status: 'pending' };
        this.entries.set(document.uri.toString(), entry);
      }
      if (entry.timer) {
        clearTimeout(entry.timer);
        entry.timer = undefined;
      }
      if (this.isTooLarge(document)) {
        this.markTooLarge(entry, document);
        return undefined;
      }
      const gen = ++entry.generation;
      const version = document.version;
      const text = document.getText();
      const options = this.optionsFor(document);
      const extras = this.extrasFor(document);
      const hook = this.nextWorkerHook.get(document.uri.toString());
      if (hook) {
        this.nextWorkerHook.delete(document.uri.toString());
        extras.test = hook;
      }
      const key = this.analysisKey(document);
      this.setStatus(entry, 'pending');
      if (this.testHooks.beforeRun) await this.testHooks.beforeRun(document);
      this.stats.runs++;
      const started = performance.now();
      let analysis: Analysis;
      let engineGeneration: number;
      try {
        ({ analysis, generation: engineGeneration } = await runDocumentAnalysis(engineKey(document), text, options, extras));
      } catch (err) {
        if (gen !== entry.generation || this.entries.get(document.uri.toString()) !== entry) return undefined;
        if (err instanceof AnalysisSuperseded) {
          // a newer request for this document replaced it (the service normally knows first): wait for that one
          this.stats.dropped++;
          return document.version !== version && !entry.timer ? this.analyzeNow(document) : undefined;
        }
        this.stats.failures++;
        this.markFailed(entry, document, err);
        return undefined;
      }
      const ms = performance.now() - started;
      const current = this.entries.get(document.uri.toString());
      if (current !== entry || gen !== entry.generation || document.version !== version || document.isClosed || this.disposed) {
        this.stats.dropped++;
        this.log.info(`dropped a stale analysis of ${basename(document.uri)} (v${version}, ${ms.toFixed(0)} ms)`);
        if (current === entry && !document.isClosed && !this.disposed && document.version !== version && !entry.timer) {
          // Text changed and nothing else is scheduled: analyze the newest text.
          return this.analyzeNow(document);
        }
        return this.waitForFresh(document);
      }
      entry.analysis = analysis;
      entry.analyzedVersion = version;
      entry.analyzedKey = key;
      entry.engineGeneration = engineGeneration;
      entry.error = undefined;
      entry.failure = undefined;
      entry.notified = undefined;
      entry.status = 'ready';
      this.stats.published++;
      this.log.info(`analyzed ${basename(document.uri)} v${version}: ${analysis.inputTokens} tokens, ${analysis.cache.rejected ? 'rejected by the API' : `${analysis.cache.cachedTokensNextCall} read from cache by the next call (${analysis.cache.cachedTokensOnRepeat} on an identical repeat)`}, model ${analysis.model.name ?? '-'} (${ms.toFixed(0)} ms)`);
      this.fire(this.analyzeEmitter, { document, analysis, version }, 'onDidAnalyze');
      return analysis;
    } catch (err) {
      this.log.error(`analyzeNow: ${errorMessage(err)}`);
      return undefined;
    }
  }

  /** Resolves with the next published analysis of this document whose version is ≥ its current version. */
  private waitForFresh(document: vscode.TextDocument): Promise<Analysis | undefined> {
    return this.waitForAnalysis(document.uri, { minVersion: document.version, timeoutMs: 30_000 }).catch(() => undefined);
  }

  /**
   * Resolves with the analysis of `uri` once one exists for at least `minVersion` (default: any) and matches
   * `predicate`. Event-driven: checks the current one first, then listens to onDidAnalyze.
   */
  waitForAnalysis(uri: vscode.Uri, opts: { minVersion?: number; timeoutMs?: number; predicate?: (a: Analysis) => boolean } = {}): Promise<Analysis> {
    const key = uri.toString();
    const ok = (a: Analysis | undefined, v: number | undefined): a is Analysis =>
      !!a && (opts.minVersion === undefined || (v ?? -1) >= opts.minVersion) && (!opts.predicate || opts.predicate(a));
    const e = this.entries.get(key);
    if (e && ok(e.analysis, e.analyzedVersion)) return Promise.resolve(e.analysis);
    return new Promise<Analysis>((resolve, reject) => {
      const timeoutMs = opts.timeoutMs ?? 20_000;
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`no analysis of ${key} within ${timeoutMs} ms (state: ${JSON.stringify(this.getState(uri))})`));
      }, timeoutMs);
      const sub = this.onDidAnalyze((ev) => {
        if (ev.document.uri.toString() === key && ok(ev.analysis, ev.version)) {
          clearTimeout(timer);
          sub.dispose();
          resolve(ev.analysis);
        }
      });
    });
  }

  private analysisKey(document: vscode.TextDocument): string {
    return `${this.configGeneration}|${this.getModelChoice(document.uri) ?? ''}`;
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    const key = document.uri.toString();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { uri: document.uri, generation: 0, status: 'pending' };
      this.entries.set(key, entry);
    }
    entry.generation++; // anything in flight is now stale
    if (entry.timer) clearTimeout(entry.timer);
    const e = entry;
    e.timer = setTimeout(() => {
      e.timer = undefined;
      if (this.entries.get(key) !== e || document.isClosed) return;
      // A source file whose SDK import was removed: everything shown for it goes (no analysis runs).
      if (isSourceDocument(document) && !this.relevance(document).relevant) {
        this.forget(document.uri);
        return;
      }
      if (e.analysis && e.analyzedVersion === document.version && e.analyzedKey === this.analysisKey(document)) return; // up to date
      void this.analyzeNow(document);
    }, delay);
  }

  // ------------------------------------------------------------------------------------------------
  // Events

  private onOpen(document: vscode.TextDocument): void {
    const { relevant } = this.relevance(document);
    const key = document.uri.toString();
    if (!relevant) {
      if (this.entries.has(key)) this.forget(document.uri);
      return;
    }
    if (!this.entries.has(key)) this.entries.set(key, { uri: document.uri, generation: 0, status: 'pending' });
    const entry = this.entries.get(key)!;
    if (this.isTooLarge(document)) {
      this.markTooLarge(entry, document);
      return;
    }
    this.schedule(document, 0);
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return;
    const document = e.document;
    const key = document.uri.toString();
    const entry = this.entries.get(key);
    if (!entry) {
      // A JSON document may become a request while it is typed (untitled buffers, new files).
      if (!SCHEMES.has(document.uri.scheme)) return;
      // A source file starts to be analysed when an SDK import is typed into it.
      if (!JSON_LANGUAGES.has(document.languageId) && !PROMPT_LANGUAGES.has(document.languageId) && !isSourceDocument(document)) return;
      this.scheduleRelevanceCheck(document);
      return;
    }
    if (this.isTooLarge(document)) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = undefined;
      entry.generation++;
      this.markTooLarge(entry, document);
      return;
    }
    if (entry.status === 'too-large') entry.status = 'pending';
    this.schedule(document, this.cfg.debounceMs);
  }

  private relevanceTimers = new Map<string, ReturnType<typeof setTimeout>>();

  private scheduleRelevanceCheck(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const t = this.relevanceTimers.get(key);
    if (t) clearTimeout(t);
    this.relevanceTimers.set(
      key,
      setTimeout(() => {
        this.relevanceTimers.delete(key);
        if (!document.isClosed) this.guard('relevance', () => this.onOpen(document));
      }, Math.max(this.cfg.debounceMs, 250)),
    );
  }

  private onConfig(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration(SECTION)) return;
    this.cfg = readConfig();
    this.applyLimits();
    this.configGeneration++;
    this.log.info('settings changed: re-analyzing open request files');
    this.fire(this.configEmitter, this.cfg, 'onDidChangeConfig');
    for (const d of vscode.workspace.textDocuments) {
      if (d.isClosed) continue;
      const key = d.uri.toString();
      if (!this.relevance(d).relevant) {
        if (this.entries.has(key)) this.forget(d.uri);
        continue;
      }
      const entry = this.entries.get(key) ?? { uri: d.uri, generation: 0, status: 'pending' as DocStatus };
      this.entries.set(key, entry);
      if (this.isTooLarge(d)) {
        this.markTooLarge(entry, d);
        continue;
      }
      this.schedule(d, 0);
    }
  }

  /** Drop everything about a document and tell subscribers to clear it. */
  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const entry = this.entries.get(key);
    const t = this.relevanceTimers.get(key);
    if (t) clearTimeout(t);
    this.relevanceTimers.delete(key);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.generation++;
    this.entries.delete(key);
    this.fire(this.clearEmitter, uri, 'onDidClear');
  }

  private markTooLarge(entry: Entry, document: vscode.TextDocument): void {
    const size = document.getText().length;
    const changed = entry.status !== 'too-large';
    entry.status = 'too-large';
    entry.size = size;
    if (entry.analysis) {
      entry.analysis = undefined;
      entry.analyzedVersion = undefined;
      entry.engineGeneration = undefined;
      this.fire(this.clearEmitter, document.uri, 'onDidClear');
    }
    if (changed) this.fire(this.stateEmitter, document.uri, 'onDidChangeState');
    if (!entry.largeNoticeShown) {
      entry.largeNoticeShown = true;
      const kb = Math.round(size / 1024);
      const limit = Math.round(this.cfg.maxFileSize / 1024);
      this.log.info(`${basename(document.uri)} is ${kb} KB, above promptCache.maxFileSize (${limit} KB): not analyzed`);
      void vscode.window
        .showInformationMessage(
          `Prompt Cache Lens: ${basename(document.uri)} is ${kb.toLocaleString('en-US')} KB, larger than promptCache.maxFileSize (${limit.toLocaleString('en-US')} KB), so it was not analyzed.`,
          'Analyze anyway',
          'Open Settings',
        )
        .then(
          (pick) => {
            if (pick === 'Analyze anyway' && !document.isClosed) void this.analyzeAnyway(document);
            else if (pick === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'promptCache.maxFileSize');
          },
          () => undefined,
        );
    }
  }

  /**
   * The document could not be analysed: drop what was shown for an older text, show it as "not analysed: …"
   * (status bar, panel, one diagnostic), log the detail, and notify once per kind of failure.
   */
  private markFailed(entry: Entry, document: vscode.TextDocument, err: unknown): void {
    const name = basename(document.uri);
    const reason = userMessage(err);
    const kind = err instanceof AnalysisFailed ? err.kind : 'engine';
    entry.error = `not analysed: ${reason}`;
    entry.failure = kind;
    const detail = err instanceof AnalysisFailed ? err.detail : err instanceof Error ? err.stack : undefined;
    this.log.error(`${document.uri.toString(true)} not analysed: ${reason}${detail ? `\n${detail}` : ''}`);
    if (entry.analysis) {
      entry.analysis = undefined;
      entry.analyzedVersion = undefined;
      entry.engineGeneration = undefined;
      this.fire(this.clearEmitter, document.uri, 'onDidClear');
    }
    entry.status = 'failed';
    this.fire(this.stateEmitter, entry.uri, 'onDidChangeState');
    if (kind === 'engine') return; // shown on the file; no notification for an input the engine rejects
    entry.notified ??= new Set();
    if (entry.notified.has(kind)) return;
    entry.notified.add(kind);
    const message =
      kind === 'timeout'
        ? `Prompt Cache Lens: ${name} was not analysed: ${reason}. Other files are analysed as usual; this one again when it changes.`
        : kind === 'out-of-memory'
          ? `Prompt Cache Lens: ${name} was not analysed: ${reason}. VS Code is not affected; the file is analysed again when it changes.`
          : kind === 'crash'
            ? `Prompt Cache Lens: the analysis worker crashed on ${name} and was restarted. ${name} is not analysed until it changes; other files are analysed as usual.`
            : `Prompt Cache Lens: ${name} was not analysed: ${reason}.`;
    this.notices.push({ uri: document.uri.toString(), kind, message });
    if (this.notices.length > 50) this.notices.shift();
    const settingFor: Record<string, string> = { timeout: 'promptCache.analysisTimeLimit', 'out-of-memory': 'promptCache.analysisMemoryLimit' };
    const actions = settingFor[kind] ? ['Show Log', 'Open Settings'] : ['Show Log'];
    void vscode.window.showWarningMessage(message, ...actions).then(
      (pick) => {
        if (pick === 'Show Log') void vscode.commands.executeCommand('promptCache.showLog');
        else if (pick === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', settingFor[kind]);
      },
      () => undefined,
    );
  }

  private applyLimits(): void {
    configureAnalysisWorker({ timeLimitMs: this.cfg.analysisTimeLimitMs, memoryLimitMb: this.cfg.analysisMemoryLimitMb, log: (m) => this.log.warn(m) });
  }

  /** Re-analyse every tracked open document (trust granted, …). */
  private reanalyzeAll(why: string): void {
    this.configGeneration++;
    this.log.info(why);
    for (const d of vscode.workspace.textDocuments) if (!d.isClosed && this.entries.has(d.uri.toString())) this.schedule(d, 0);
  }

  private setStatus(entry: Entry, status: DocStatus): void {
    if (entry.status === status) return;
    entry.status = status;
    this.fire(this.stateEmitter, entry.uri, 'onDidChangeState');
  }

  private fire<T>(emitter: vscode.EventEmitter<T>, value: T, name: string): void {
    try {
      emitter.fire(value);
    } catch (err) {
      this.log.error(`${name} listener failed: ${errorMessage(err)}`);
    }
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error(`${what}: ${errorMessage(err)}`);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const e of this.entries.values()) if (e.timer) clearTimeout(e.timer);
    for (const t of this.relevanceTimers.values()) clearTimeout(t);
    this.entries.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * The document's key in the analysis worker: its URI. Not options.fileName, which other analyses of the same
 * text use (the cost panel's model comparisons): those must neither supersede the editor's request nor
 * replace the analysis the worker keeps for this document's refactorings.
 */
function engineKey(document: vscode.TextDocument): string {
  return document.uri.toString();
}

/** Glob match through VS Code's own matcher. Bare patterns ("requests/*.json") match anywhere in the path. */
function matchesAny(globs: string[], document: vscode.TextDocument): boolean {
  for (const g of globs) {
    const pattern = g.startsWith('**/') || g.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(g) ? g : `**/${g}`;
    try {
      if (vscode.languages.match({ pattern }, document) > 0) return true;
    } catch {
      /* a malformed glob never matches */
    }
  }
  return false;
}

/** The name detectRequest should see: a JSON-language buffer without a JSON extension is sniffed as JSON. */
function detectName(document: vscode.TextDocument): string {
  const name = document.uri.scheme === 'untitled' ? document.uri.path : document.fileName;
  if (JSON_LANGUAGES.has(document.languageId) && !JSON_NAME.test(name)) return `${name}.${document.languageId}`;
  return name;
}

export function basename(uri: vscode.Uri): string {
  const p = uri.path;
  return p.slice(p.lastIndexOf('/') + 1) || p;
}

/** An error for the log: its message and the first stack frames. Never shown in the UI (see userMessage). */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.stack ? `${err.message}\n${err.stack.split('\n').slice(1, 4).join('\n')}` : err.message;
  return String(err);
}

/** An error for people: the message only, first line, no stack frames or file paths of the extension. */
export function userMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const first = msg.split('\n').find((l) => l.trim() && !/^\s+at /.test(l)) ?? 'unknown error';
  return first.length > 300 ? `${first.slice(0, 297)}…` : first;
}
