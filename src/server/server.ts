// The Prompt Cache language server: the analyzer for every LSP editor (Neovim, Helix, Zed, Emacs, …).
// Started by `prompt-cache lsp --stdio` (src/cli/lsp.ts) or the bundled dist/server.js (src/server/main.ts).
// See docs/lsp.md for the protocol, including the custom request promptCache/plan.
//
//   didOpen / didChange (incremental) ──▶ debounce ──▶ supervised analysis worker (src/host/workerClient.ts)
//                                                        │  a newer text of the document supersedes the
//                                                        │  queued (or long-running) older one
//                                                        ▼
//                      fresh? ──▶ publishDiagnostics (push) / answers textDocument/diagnostic (pull),
//                                 hover, code lenses, inlay hints, code actions, promptCache/plan
//
// The analysis never runs on the server's thread: the connection stays responsive at 5 MB (the thread only
// applies edits, sends the change to the worker, and converts offsets to positions). Nothing here throws
// into the connection: every handler catches, and a document that cannot be analysed gets one clear
// diagnostic instead.
import * as fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionKind,
  CodeLens,
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  InlayHint,
  ResponseError,
  LSPErrorCodes,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeActionParams,
  type DidChangeConfigurationParams,
  type TextDocumentChangeEvent,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type Range,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, Diagnostic as CoreDiagnostic, Fix, Severity, TextEdit } from '../core/types';
import { combineFixes, primaryFix } from '../core/fixes';
import { globMatches } from '../core/rules/suppress';
import { AnalysisFailed, AnalysisSuperseded, AnalysisWorkerClient, type JobExtras, type RunOptions } from '../host/workerClient';
import { describeIgnoreErrors, globProblem, IGNORE_FILE_NAME, loadIgnoreFile } from '../host/ignoreFile';
import { breakpointLabel, hoverMarkdown, segmentCountLabel, segmentInlineLabel } from '../extension/text';
import { allBreakpoints, labelledSegments, stripCodicons } from './labels';
import { parseSettings, type ServerSettings } from './settings';

export const SERVER_NAME = 'prompt-cache-lens';
export const DIAGNOSTIC_SOURCE = 'Prompt Cache';
/** Code of the one diagnostic of a document that could not be analysed. */
export const NOT_ANALYSED_CODE = 'not-analysed';
/** Code of an input problem (JSON syntax error …) shown as a diagnostic. */
export const INPUT_PROBLEM_CODE = 'input-problem';
/** Code of the note on a document above promptCache.maxFileSize. */
export const TOO_LARGE_CODE = 'too-large';

/** Custom request: the analysis behind decorations, status bar and panel (docs/lsp.md). */
export const PLAN_REQUEST = 'promptCache/plan';
/** Custom request: the server thread's event-loop delay since the last reset, and the worker pool's counters. */
export const STATS_REQUEST = 'promptCache/stats';
/** Custom notification (client → server): the model for one document ({ uri, model | null }). */
export const SET_MODEL_NOTIFICATION = 'promptCache/setModel';
/** Custom notification (server → client): a document has a fresh analysis ({ uri, version, status }). */
export const DID_ANALYZE_NOTIFICATION = 'promptCache/didAnalyze';

export const COMMANDS = {
  showRuleDocs: 'promptCacheLsp.showRuleDocs',
  setModel: 'promptCacheLsp.setModel',
  analyzeAnyway: 'promptCacheLsp.analyzeAnyway',
  fixAll: 'promptCacheLsp.fixAll',
} as const;

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.promptCache`;
export const REFACTOR_KIND = `${CodeActionKind.RefactorRewrite}.promptCache`;
/** Documents from this size on report work-done progress while they are analysed. */
const PROGRESS_MIN_CHARS = 512 * 1024;

export interface PlanResult {
  uri: string;
  /** The document version the analysis is of. */
  version: number;
  status: DocStatus;
  /** Why it is not analysed (status failed / too-large). */
  error?: string;
  /** The engine's analysis (segment texts stripped, see src/host/worker.ts stripForEditor). */
  analysis?: Analysis;
  /** The model chosen for this document (promptCache/setModel), if any. */
  modelChoice?: string;
}

export type DocStatus = 'pending' | 'ready' | 'failed' | 'too-large' | 'excluded';

interface Entry {
  uri: string;
  status: DocStatus;
  timer?: ReturnType<typeof setTimeout>;
  /** Increases with every scheduled analysis; a result for an older one is stale. */
  generation: number;
  analysis?: Analysis;
  analyzedVersion?: number;
  /** The engine generation of `analysis` (names it for refactorings). */
  engineGeneration?: number;
  /** The analysis was computed from this text (diagnostics are converted against it). */
  analyzedDoc?: TextDocument;
  error?: string;
  waiters: Set<() => void>;
}

export interface ServerOptions {
  /** Path of the bundled analysis worker (default: worker.js next to this bundle). */
  workerScript?: string;
  /** Extra node options of the workers. */
  workerExecArgv?: string[];
}

/** Wires the Prompt Cache language server onto `connection` and starts listening. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents: TextDocuments<TextDocument> = new TextDocuments(TextDocument);
  const entries = new Map<string, Entry>();
  const modelChoices = new Map<string, string>();
  const allowedLarge = new Set<string>();
  let settings: ServerSettings = parseSettings({});
  let initSettings: unknown = undefined;
  let caps: ClientCapabilities = {};
  let folders: string[] = [];
  let pullMode = false;
  let themeIcons = false;
  let inputProblems = true;
  let trusted = true;
  let docsBase = defaultDocsBase();
  let configGeneration = 0;
  let client: AnalysisWorkerClient | undefined;
  const log = (m: string) => {
    try {
      connection.console.log(m);
    } catch {
      /* the connection is gone */
    }
  };

  const workerClient = (): AnalysisWorkerClient => {
    client ??= new AnalysisWorkerClient({
      script: options.workerScript ?? process.env.PCL_WORKER_SCRIPT ?? path.join(__dirname, 'worker.js'),
      execArgv: options.workerExecArgv,
      timeLimitMs: settings.analysisTimeLimitMs,
      memoryLimitMb: settings.analysisMemoryLimitMb,
      log: (m) => log(m),
    });
    return client;
  };

  const guard = <A extends unknown[], R>(what: string, fallback: R, fn: (...args: A) => R | Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (err) {
        if (err instanceof ResponseError) throw err;
        log(`${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return fallback;
      }
    };

  // ------------------------------------------------------------------------------------------------
  // Lifecycle

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    caps = params.capabilities ?? {};
    folders = workspaceFolders(params);
    const init = (params.initializationOptions ?? {}) as Record<string, unknown>;
    initSettings = init.settings ?? (init.promptCache ? init : undefined);
    if (initSettings) settings = parseSettings(initSettings);
    const mode = init.diagnosticMode;
    pullMode = mode === 'pull' ? true : mode === 'push' ? false : !!caps.textDocument?.diagnostic;
    themeIcons = init.themeIcons === true;
    inputProblems = init.inputProblems !== false;
    trusted = init.trusted !== false;
    if (typeof init.docsBase === 'string' && init.docsBase) docsBase = init.docsBase.endsWith('/') ? init.docsBase : `${init.docsBase}/`;
    const result: InitializeResult = {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, REFACTOR_KIND, FIX_ALL_KIND], resolveProvider: false },
        executeCommandProvider: { commands: Object.values(COMMANDS) },
      },
      serverInfo: { name: SERVER_NAME, version: '0.1.0' },
    };
    if (pullMode) result.capabilities.diagnosticProvider = { identifier: 'promptCache', interFileDependencies: false, workspaceDiagnostics: false };
    return result;
  });

  connection.onInitialized(
    guard('initialized', undefined, async () => {
      if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
        const { DidChangeConfigurationNotification } = await import('vscode-languageserver/node');
        void connection.client.register(DidChangeConfigurationNotification.type, { section: 'promptCache' }).catch(() => undefined);
      }
      await refreshSettings(undefined);
    }),
  );

  /** Re-read the settings (workspace/configuration, or what the client pushed) and re-analyse everything. */
  async function refreshSettings(pushed: unknown): Promise<void> {
    let raw: unknown = pushed;
    if (caps.workspace?.configuration) {
      try {
        raw = await connection.workspace.getConfiguration({ section: 'promptCache' });
      } catch (err) {
        log(`workspace/configuration failed: ${String(err)}`);
      }
    }
    if (raw === undefined || raw === null) raw = initSettings ?? {};
    const before = JSON.stringify(settings);
    settings = parseSettings(raw);
    if (JSON.stringify(settings) === before && pushed === undefined && configGeneration > 0) return;
    configGeneration++;
    if (client) {
      client.setTimeLimit(settings.analysisTimeLimitMs);
      client.setMemoryLimit(settings.analysisMemoryLimitMb);
    }
    for (const doc of documents.all()) schedule(doc, 0);
    if (pullMode) refreshPull();
  }

  connection.onDidChangeConfiguration(
    guard('didChangeConfiguration', undefined, async (params: DidChangeConfigurationParams) => {
      const s = (params?.settings ?? undefined) as Record<string, unknown> | undefined;
      await refreshSettings(s && (s.promptCache !== undefined || Object.keys(s).some((k) => k.startsWith('promptCache.'))) ? s : (s ?? {}));
    }),
  );

  connection.onShutdown(() => {
    client?.dispose();
    client = undefined;
    for (const e of entries.values()) if (e.timer) clearTimeout(e.timer);
  });

  // ------------------------------------------------------------------------------------------------
  // Documents

  documents.onDidOpen((e: TextDocumentChangeEvent<TextDocument>) => safe('open', () => schedule(e.document, 0)));
  documents.onDidChangeContent((e: TextDocumentChangeEvent<TextDocument>) => safe('change', () => schedule(e.document, settings.debounceMs)));
  documents.onDidClose((e: TextDocumentChangeEvent<TextDocument>) =>
    safe('close', () => {
      const entry = entries.get(e.document.uri);
      if (entry?.timer) clearTimeout(entry.timer);
      if (entry) entry.generation++;
      entries.delete(e.document.uri);
      wake(entry);
      if (!pullMode) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    }),
  );

  function safe(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      log(`${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  function entryOf(uri: string): Entry {
    let e = entries.get(uri);
    if (!e) {
      e = { uri, status: 'pending', generation: 0, waiters: new Set() };
      entries.set(uri, e);
    }
    return e;
  }

  function wake(entry: Entry | undefined): void {
    if (!entry) return;
    const ws = [...entry.waiters];
    entry.waiters.clear();
    for (const w of ws) w();
  }

  function schedule(doc: TextDocument, delay: number): void {
    const entry = entryOf(doc.uri);
    entry.generation++;
    if (entry.status !== 'pending') entry.status = 'pending';
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      void run(doc.uri).catch((err) => log(`analysis failed: ${String(err)}`));
    }, delay);
  }

  async function run(uri: string): Promise<void> {
    const doc = documents.get(uri);
    const entry = entries.get(uri);
    if (!doc || !entry) return;
    const gen = entry.generation;
    const version = doc.version;
    const fileName = fileNameOf(uri);
    if (!settings.enable || isExcluded(fileName)) {
      entry.status = 'excluded';
      finish(entry, doc, undefined);
      return;
    }
    const text = doc.getText();
    if (text.length > settings.maxFileSize && !allowedLarge.has(uri)) {
      entry.status = 'too-large';
      entry.error = `${Math.round(text.length / 1024).toLocaleString('en-US')} KB is larger than promptCache.maxFileSize (${Math.round(settings.maxFileSize / 1024).toLocaleString('en-US')} KB): not analysed. Raise the setting, or run the command ${COMMANDS.analyzeAnyway}.`;
      entry.analysis = undefined;
      finish(entry, doc, undefined);
      return;
    }
    // The live document: a result is only kept while the document is still at `version` (a newer change
    // makes it stale, checked below), so its positions are those of this text. No copy: a copy would have
    // to recompute the line offsets of megabytes on this thread for every analysis.
    const snapshot = doc;
    const progress = text.length >= PROGRESS_MIN_CHARS && caps.window?.workDoneProgress ? await startProgress(fileName) : undefined;
    try {
      const r = await workerClient().analyze(uri, text, optionsFor(uri, fileName), extrasFor(fileName));
      if (entries.get(uri) !== entry || entry.generation !== gen || doc.version !== version) return; // superseded meanwhile
      entry.analysis = r.analysis;
      entry.analyzedVersion = version;
      entry.analyzedDoc = snapshot;
      entry.engineGeneration = r.generation;
      entry.error = undefined;
      entry.status = 'ready';
      finish(entry, snapshot, r.analysis);
    } catch (err) {
      if (err instanceof AnalysisSuperseded) return;
      if (entries.get(uri) !== entry || entry.generation !== gen || doc.version !== version) return;
      entry.analysis = undefined;
      entry.analyzedVersion = version;
      entry.analyzedDoc = snapshot;
      entry.status = 'failed';
      entry.error = `not analysed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
      log(`${uri} ${entry.error}${err instanceof AnalysisFailed && err.detail ? `\n${err.detail}` : ''}`);
      finish(entry, snapshot, undefined);
    } finally {
      progress?.done();
    }
  }

  async function startProgress(fileName: string): Promise<{ done(): void } | undefined> {
    try {
      const p = await connection.window.createWorkDoneProgress();
      p.begin('Prompt Cache', undefined, `analysing ${path.basename(fileName)}`, false);
      return p;
    } catch {
      return undefined;
    }
  }

  /** Publish what the entry now holds and wake whoever waits for it. */
  function finish(entry: Entry, doc: TextDocument, analysis: Analysis | undefined): void {
    entry.analyzedVersion = doc.version;
    entry.analyzedDoc = doc;
    if (!analysis) {
      entry.analysis = undefined;
      entry.engineGeneration = undefined;
    }
    if (!pullMode) void connection.sendDiagnostics({ uri: entry.uri, version: doc.version, diagnostics: diagnosticsOf(entry) });
    else refreshPull();
    void connection.sendNotification(DID_ANALYZE_NOTIFICATION, { uri: entry.uri, version: doc.version, status: entry.status });
    wake(entry);
  }

  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Pull clients are asked to pull again (settings or model changed; an analysis finished without a pending pull). */
  function refreshPull(): void {
    if (!caps.workspace?.diagnostics?.refreshSupport || refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      void connection.languages.diagnostics.refresh().catch(() => undefined);
    }, 50);
  }

  /**
   * The entry once it holds the result for the document's current version (or a later one), or undefined
   * when the request is cancelled, the document closes, or `timeoutMs` passes.
   */
  function fresh(uri: string, token?: CancellationToken, timeoutMs = 60_000): Promise<Entry | undefined> {
    const ready = () => {
      const doc = documents.get(uri);
      const e = entries.get(uri);
      if (!doc || !e) return { done: true, entry: undefined };
      if (e.status !== 'pending' && e.analyzedVersion === doc.version && !e.timer) return { done: true, entry: e };
      return { done: false, entry: e };
    };
    const first = ready();
    if (first.done || !first.entry) return Promise.resolve(first.entry);
    return new Promise((resolve) => {
      const entry = first.entry!;
      let sub: { dispose(): void } | undefined;
      const stop = (v: Entry | undefined) => {
        clearTimeout(timer);
        sub?.dispose();
        entry.waiters.delete(check);
        resolve(v);
      };
      const check = () => {
        const r = ready();
        if (r.done) stop(r.entry);
        else if (r.entry) {
          if (r.entry !== entry) stop(undefined);
          else entry.waiters.add(check);
        } else stop(undefined);
      };
      const timer = setTimeout(() => stop(undefined), timeoutMs);
      sub = token?.onCancellationRequested(() => stop(undefined));
      entry.waiters.add(check);
    });
  }

  function cancelled(): ResponseError<void> {
    return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled: the document changed or the request was cancelled');
  }

  // ------------------------------------------------------------------------------------------------
  // Options for the engine

  function optionsFor(uri: string, fileName: string): RunOptions {
    const base = settings.analyze;
    const opts: RunOptions = { ...base, fileName };
    const choice = modelChoices.get(uri);
    if (choice) opts.model = choice;
    const suppress = suppressFor(fileName);
    if (suppress) opts.suppress = suppress;
    return opts;
  }

  function folderOf(fileName: string): string | undefined {
    const f = path.resolve(fileName);
    return folders.filter((d) => f === d || f.startsWith(d.endsWith(path.sep) ? d : d + path.sep)).sort((a, b) => b.length - a.length)[0];
  }

  function extrasFor(fileName: string): JobExtras {
    if (!trusted) return { filesRefused: 'the client said the workspace is not trusted' };
    if (!path.isAbsolute(fileName)) return { filesRefused: 'the file is not on this disk' };
    const folder = folderOf(fileName);
    if (!folder) return { filesRefused: 'the file is not inside a workspace folder' };
    return { files: { baseDir: path.dirname(fileName), root: folder } };
  }

  const ignoreCache = new Map<string, { stamp: string; map: Record<string, string[]> }>();
  function suppressFor(fileName: string): RunOptions['suppress'] {
    const folder = path.isAbsolute(fileName) ? folderOf(fileName) : undefined;
    const ignore: Record<string, string[] | string> = {};
    if (folder && trusted) {
      const p = path.join(folder, IGNORE_FILE_NAME);
      try {
        const st = fs.lstatSync(p);
        const stamp = `${st.mtimeMs}|${st.size}|${st.ino}`;
        let hit = ignoreCache.get(p);
        if (!hit || hit.stamp !== stamp) {
          const r = loadIgnoreFile(p);
          hit = { stamp, map: r.kind === 'ok' ? r.map : {} };
          if (r.kind === 'refused') log(r.message);
          else if (r.kind === 'ok') for (const m of describeIgnoreErrors(p, r.errors)) log(m);
          ignoreCache.set(p, hit);
        }
        Object.assign(ignore, hit.map);
      } catch {
        /* no ignore file */
      }
    }
    for (const [glob, rules] of Object.entries(settings.ignore)) {
      if (globProblem(glob)) continue;
      const prev = ignore[glob];
      const list = Array.isArray(rules) ? rules : [rules];
      ignore[glob] = prev ? [...(Array.isArray(prev) ? prev : [prev]), ...list] : list;
    }
    if (!Object.keys(ignore).length) return undefined;
    const relativePath = folder ? path.relative(folder, fileName).split(path.sep).join('/') : fileName;
    return { ignore, relativePath };
  }

  function isExcluded(fileName: string): boolean {
    const p = fileName.split(path.sep).join('/');
    const m = (g: string) => {
      try {
        return globMatches(g.startsWith('**/') || g.startsWith('/') ? g : `**/${g}`, p);
      } catch {
        return false;
      }
    };
    return settings.exclude.some(m) && !settings.include.some(m);
  }

  // ------------------------------------------------------------------------------------------------
  // Diagnostics

  function diagnosticsOf(entry: Entry): Diagnostic[] {
    const doc = entry.analyzedDoc;
    if (!doc) return [];
    const firstLine: Range = { start: { line: 0, character: 0 }, end: doc.positionAt(doc.offsetAt({ line: 0, character: Number.MAX_SAFE_INTEGER })) };
    if (entry.status === 'failed') {
      return [{ range: firstLine, severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE, code: NOT_ANALYSED_CODE, message: `Prompt Cache Lens: ${entry.error ?? 'not analysed'}.` }];
    }
    if (entry.status === 'too-large') {
      return [{ range: firstLine, severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE, code: TOO_LARGE_CODE, message: `Prompt Cache Lens: ${entry.error}` }];
    }
    const a = entry.analysis;
    if (!a) return [];
    const out: Diagnostic[] = [];
    if (inputProblems && a.isRequest) {
      // The input's own errors (JSON syntax …): the first at each place (later ones are usually its echoes).
      const seen = new Set<number>();
      for (const part of a.lines?.length ? a.lines : [a]) {
        for (const p of part.problems) {
          if (p.severity !== 'error' || !p.range || seen.has(p.range.start)) continue;
          seen.add(p.range.start);
          out.push({ range: rangeOf(doc, p.range), severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, code: INPUT_PROBLEM_CODE, message: p.message });
        }
      }
    }
    if (!a.isRequest) return out;
    allDiagnostics(a).forEach((d, i) => out.push(toLspDiagnostic(doc, d, i)));
    return out;
  }

  function toLspDiagnostic(doc: TextDocument, d: CoreDiagnostic, index: number): Diagnostic {
    const v: Diagnostic = {
      range: rangeOf(doc, d.range),
      severity: severityOf(d.severity),
      source: DIAGNOSTIC_SOURCE,
      code: d.code,
      codeDescription: { href: `${docsBase}${d.code}.md` },
      message: d.message,
      data: { version: doc.version, index },
    };
    if (d.related?.length && caps.textDocument?.publishDiagnostics?.relatedInformation !== false) {
      v.relatedInformation = d.related.map((r) => ({ location: { uri: doc.uri, range: rangeOf(doc, r.range) }, message: r.message }));
    }
    return v;
  }

  connection.languages.diagnostics.on(
    guard('textDocument/diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] }, async (params, token) => {
      const e = await fresh(params.textDocument.uri, token);
      if (token.isCancellationRequested) throw cancelled();
      return { kind: DocumentDiagnosticReportKind.Full, items: e ? diagnosticsOf(e) : [] };
    }),
  );

  // ------------------------------------------------------------------------------------------------
  // Hover, code lenses, inlay hints

  /** The entry's analysis when it is of the document's current version (waiting for it briefly). */
  async function current(uri: string, token: CancellationToken, timeoutMs = 5000): Promise<{ entry: Entry; analysis: Analysis; doc: TextDocument } | undefined> {
    const e = await fresh(uri, token, timeoutMs);
    if (token.isCancellationRequested) throw cancelled();
    const doc = documents.get(uri);
    if (!e?.analysis || !e.analyzedDoc || !doc || e.analyzedVersion !== doc.version || !e.analysis.isRequest) return undefined;
    return { entry: e, analysis: e.analysis, doc: e.analyzedDoc };
  }

  connection.onHover(
    guard('hover', null, async (params, token) => {
      const c = await current(params.textDocument.uri, token, 3000);
      if (!c) return null;
      const md = hoverMarkdown(c.analysis, c.doc.offsetAt(params.position));
      if (!md) return null;
      return { contents: { kind: 'markdown', value: themeIcons ? md : stripCodicons(md) } };
    }),
  );

  const wantsLenses = () => settings.tokenCounts === 'codelens' && !!caps.textDocument?.codeLens;
  const wantsInlay = () => settings.tokenCounts === 'inline' || (settings.tokenCounts === 'codelens' && !caps.textDocument?.codeLens);

  connection.onCodeLens(
    guard('codeLens', [] as CodeLens[], async (params, token) => {
      const c = await current(params.textDocument.uri, token);
      if (!c) return [];
      const out: CodeLens[] = [];
      if (wantsLenses()) {
        for (const seg of labelledSegments(c.analysis, settings.tokenCountsForBlocks)) {
          const line = c.doc.positionAt(seg.range.start).line;
          out.push({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, command: { title: segmentCountLabel(seg), command: '' } });
        }
      }
      if (settings.breakpointLabels && settings.tokenCounts !== 'off') {
        for (const { part, bp } of allBreakpoints(c.analysis)) {
          if (!wantsLenses()) break;
          const line = c.doc.positionAt(bp.range.start).line;
          out.push({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, command: { title: breakpointLabel(bp, part.exact, part.cache), command: '' } });
        }
      }
      return out;
    }),
  );

  connection.languages.inlayHint.on(
    guard('inlayHint', [] as InlayHint[], async (params, token) => {
      const c = await current(params.textDocument.uri, token);
      if (!c) return [];
      const out: InlayHint[] = [];
      const from = c.doc.offsetAt(params.range.start);
      const to = c.doc.offsetAt(params.range.end);
      const eol = (offset: number) => {
        const line = c.doc.positionAt(offset).line;
        return c.doc.positionAt(c.doc.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }));
      };
      const inRange = (o: number) => o >= from && o <= to;
      if (wantsInlay()) {
        for (const seg of labelledSegments(c.analysis, settings.tokenCountsForBlocks)) {
          if (inRange(seg.range.start)) out.push({ position: eol(seg.range.start), label: segmentInlineLabel(seg), paddingLeft: true });
        }
      }
      if (settings.breakpointLabels && (wantsInlay() || !wantsLenses())) {
        for (const { part, bp } of allBreakpoints(c.analysis)) {
          if (inRange(bp.range.start)) out.push({ position: eol(bp.range.start), label: breakpointLabel(bp, part.exact, part.cache), paddingLeft: true });
        }
      }
      return out;
    }),
  );

  // ------------------------------------------------------------------------------------------------
  // Code actions

  function editOf(doc: TextDocument, edits: TextEdit[]): WorkspaceEdit {
    const lsp: LspTextEdit[] = edits.map((e) => ({ range: rangeOf(doc, e.range), newText: e.newText }));
    if (caps.workspace?.workspaceEdit?.documentChanges) return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: lsp }] };
    return { changes: { [doc.uri]: lsp } };
  }

  connection.onCodeAction(
    guard('codeAction', [] as CodeAction[], async (params: CodeActionParams, token: CancellationToken) => {
      const c = await current(params.textDocument.uri, token, 3000);
      if (!c) return [];
      const { doc } = c;
      const diags = allDiagnostics(c.analysis);
      const only = params.context.only;
      const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
      const out: CodeAction[] = [];
      if (only && wants(FIX_ALL_KIND)) {
        const a = fixAllAction(doc, diags, FIX_ALL_KIND, 'Fix all Prompt Cache problems');
        return a ? [a] : [];
      }
      if (wants(CodeActionKind.QuickFix)) {
        const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string');
        const byRule = new Map<string, Diagnostic[]>();
        for (const vd of ours) {
          const core = coreFor(diags, doc, vd);
          for (const fix of core?.fixes ?? []) {
            if (fix.kind !== 'quickfix') continue;
            out.push(fixAction(doc, fix, CodeActionKind.QuickFix, [vd]));
          }
          if (!core) continue;
          byRule.set(core.code, [...(byRule.get(core.code) ?? []), vd]);
        }
        for (const [name, vds] of byRule) {
          const ofRule = diags.filter((d) => d.code === name && primaryFix(d));
          if (ofRule.length > 1) {
            const a = fixAllAction(doc, ofRule, CodeActionKind.QuickFix, `Fix all ${name} problems`);
            if (a) out.push(a);
          }
          if (commentsAllowed(doc)) {
            const line = vds[0].range.start.line;
            const lineText = doc.getText({ start: { line, character: 0 }, end: { line, character: Number.MAX_SAFE_INTEGER } });
            const indent = /^\s*/.exec(lineText)?.[0] ?? '';
            out.push({
              title: `Disable ${name} for this line`,
              kind: CodeActionKind.QuickFix,
              diagnostics: [vds[0]],
              edit: insertEdit(doc, { line, character: 0 }, `${indent}// prompt-cache-disable-next-line ${name}${eolOf(doc)}`),
            });
          }
          const file = disableFileAction(doc, name, vds);
          if (file) out.push(file);
          out.push({ title: `Show documentation for ${name}`, kind: CodeActionKind.QuickFix, diagnostics: vds, command: { title: `Show documentation for ${name}`, command: COMMANDS.showRuleDocs, arguments: [name] } });
        }
        const fixable = diags.filter((d) => d.fixes?.some((f) => f.kind === 'quickfix'));
        if (ours.length && fixable.length > 1 && new Set(fixable.map((d) => d.code)).size > 1) {
          const a = fixAllAction(doc, diags, CodeActionKind.QuickFix, 'Fix all Prompt Cache problems');
          if (a) out.push(a);
        }
      }
      if (wants(REFACTOR_KIND) && c.entry.engineGeneration !== undefined && client) {
        const version = doc.version;
        const fixes: Fix[] = await Promise.race([
          client.refactorings(c.entry.uri, c.entry.engineGeneration, doc.offsetAt(params.range.start)),
          new Promise<Fix[]>((resolve) => token.onCancellationRequested(() => resolve([]))),
        ]);
        if (token.isCancellationRequested) throw cancelled();
        // every edit is in offsets of `version`: after a change none of them is right any more
        if (documents.get(doc.uri)?.version === version && doc.version === version) for (const f of fixes) out.push(fixAction(doc, f, REFACTOR_KIND));
      }
      return out;
    }),
  );

  function coreFor(diags: CoreDiagnostic[], doc: TextDocument, vd: Diagnostic): CoreDiagnostic | undefined {
    const data = vd.data as { version?: number; index?: number } | undefined;
    if (data && data.version === doc.version && typeof data.index === 'number') {
      const d = diags[data.index];
      if (d && d.code === vd.code) return d;
    }
    const start = doc.offsetAt(vd.range.start);
    const end = doc.offsetAt(vd.range.end);
    return diags.find((d) => d.code === vd.code && d.range.start === start && d.range.end === end);
  }

  function fixAction(doc: TextDocument, fix: Fix, kind: string, diagnostics?: Diagnostic[]): CodeAction {
    const a: CodeAction = { title: fix.title, kind, edit: editOf(doc, fix.edits) };
    if (diagnostics) a.diagnostics = diagnostics;
    if (fix.isPreferred) a.isPreferred = true;
    return a;
  }

  function fixAllAction(doc: TextDocument, diagnostics: CoreDiagnostic[], kind: string, title: string): CodeAction | undefined {
    const { edits, applied } = combineFixes(diagnostics);
    if (!edits.length) return undefined;
    return { title: `${title} (${applied.length})`, kind, edit: editOf(doc, edits) };
  }

  function insertEdit(doc: TextDocument, at: { line: number; character: number }, text: string): WorkspaceEdit {
    const edit: LspTextEdit = { range: { start: at, end: at }, newText: text };
    if (caps.workspace?.workspaceEdit?.documentChanges) return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: [edit] }] };
    return { changes: { [doc.uri]: [edit] } };
  }

  /** A `// prompt-cache-disable-file` comment (JSONC), else a line in the workspace folder's .promptcacheignore. */
  function disableFileAction(doc: TextDocument, name: string, vds: Diagnostic[]): CodeAction | undefined {
    const title = `Disable ${name} for this file`;
    if (commentsAllowed(doc)) return { title, kind: CodeActionKind.QuickFix, diagnostics: vds, edit: insertEdit(doc, { line: 0, character: 0 }, `// prompt-cache-disable-file ${name}${eolOf(doc)}`) };
    const fileName = fileNameOf(doc.uri);
    const folder = path.isAbsolute(fileName) ? folderOf(fileName) : undefined;
    if (!folder) return undefined;
    const rel = path.relative(folder, fileName).split(path.sep).join('/');
    const ignorePath = path.join(folder, IGNORE_FILE_NAME);
    const ignoreUri = pathToFileURL(ignorePath).href;
    const entryLine = `/${rel.replace(/\s/g, '?')} ${name}\n`;
    let existing: string | undefined;
    try {
      existing = fs.readFileSync(ignorePath, 'utf8');
    } catch {
      existing = undefined;
    }
    const canCreate = caps.workspace?.workspaceEdit?.documentChanges && caps.workspace.workspaceEdit.resourceOperations?.includes('create');
    let edit: WorkspaceEdit;
    if (existing === undefined) {
      if (!canCreate) return undefined;
      edit = {
        documentChanges: [
          { kind: 'create', uri: ignoreUri, options: { ignoreIfExists: true } },
          { textDocument: { uri: ignoreUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `# Prompt Cache: rules silenced per file or folder (GLOB [rule ...])\n${entryLine}` }] },
        ],
      };
    } else {
      const lines = existing.split('\n');
      const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
      const e: LspTextEdit = { range: { start: end, end }, newText: `${existing.length && !existing.endsWith('\n') ? '\n' : ''}${entryLine}` };
      edit = caps.workspace?.workspaceEdit?.documentChanges ? { documentChanges: [{ textDocument: { uri: ignoreUri, version: null }, edits: [e] }] } : { changes: { [ignoreUri]: [e] } };
    }
    // The engine reads .promptcacheignore from disk: re-analyse once the client has written it.
    return { title, kind: CodeActionKind.QuickFix, diagnostics: vds, edit, command: { title: 'Re-analyse', command: COMMANDS.analyzeAnyway, arguments: [doc.uri, { reanalyseOnly: true }] } };
  }

  // ------------------------------------------------------------------------------------------------
  // Commands, model choice, plan

  connection.onExecuteCommand(
    guard('executeCommand', null, async (params) => {
      const args = params.arguments ?? [];
      switch (params.command) {
        case COMMANDS.showRuleDocs: {
          const name = typeof args[0] === 'string' && /^[A-Za-z0-9-]+$/.test(args[0]) ? args[0] : 'README';
          const uri = `${docsBase}${name}.md`;
          if (caps.window?.showDocument?.support) await connection.window.showDocument({ uri, external: !uri.startsWith('file:') });
          else connection.window.showInformationMessage(`Prompt Cache rule ${name}: ${uri}`);
          return uri;
        }
        case COMMANDS.setModel:
          setModel(String(args[0] ?? ''), typeof args[1] === 'string' ? args[1] : null);
          return null;
        case COMMANDS.analyzeAnyway: {
          const uri = String(args[0] ?? '');
          const reanalyseOnly = !!(args[1] && typeof args[1] === 'object' && (args[1] as { reanalyseOnly?: boolean }).reanalyseOnly);
          if (!reanalyseOnly) allowedLarge.add(uri);
          ignoreCache.clear();
          const doc = documents.get(uri);
          if (doc) schedule(doc, 0);
          return null;
        }
        case COMMANDS.fixAll: {
          const uri = String(args[0] ?? '');
          const e = await fresh(uri);
          const doc = documents.get(uri);
          if (!e?.analysis || !e.analyzedDoc || !doc || e.analyzedVersion !== doc.version) return { applied: false, fixed: 0 };
          const { edits, applied } = combineFixes(allDiagnostics(e.analysis));
          if (!edits.length) return { applied: false, fixed: 0 };
          const r = await connection.workspace.applyEdit({ label: `Fix all Prompt Cache problems (${applied.length})`, edit: editOf(e.analyzedDoc, edits) });
          return { applied: r.applied, fixed: r.applied ? applied.length : 0 };
        }
        default:
          return null;
      }
    }),
  );

  function setModel(uri: string, model: string | null): void {
    if (!uri) return;
    if (model && model.trim()) modelChoices.set(uri, model.trim());
    else modelChoices.delete(uri);
    const doc = documents.get(uri);
    if (doc) schedule(doc, 0);
  }

  connection.onNotification(SET_MODEL_NOTIFICATION, (params: { uri?: string; model?: string | null }) =>
    safe('setModel', () => setModel(String(params?.uri ?? ''), typeof params?.model === 'string' ? params.model : null)),
  );

  connection.onRequest(
    PLAN_REQUEST,
    guard('plan', null as PlanResult | null, async (params: { textDocument?: { uri?: string } }, token: CancellationToken) => {
      const uri = String(params?.textDocument?.uri ?? '');
      const e = await fresh(uri, token);
      if (token.isCancellationRequested) throw cancelled();
      if (!e || e.analyzedVersion === undefined) return null;
      return { uri, version: e.analyzedVersion, status: e.status, error: e.error, analysis: e.analysis, modelChoice: modelChoices.get(uri) } satisfies PlanResult;
    }),
  );

  // How long the server's own thread was blocked (the bench's "no request blocks the server" figure).
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  connection.onRequest(STATS_REQUEST, (params: { reset?: boolean } | undefined) => {
    const out = { eventLoopDelayMaxMs: loop.max / 1e6, eventLoopDelayP99Ms: loop.percentile(99) / 1e6, worker: client ? { ...client.stats } : undefined };
    if (params?.reset) loop.reset();
    return out;
  });

  documents.listen(connection);
  connection.listen();
}

// ------------------------------------------------------------------------------------------------
// Helpers

/** The findings of every request in the document (JSONL: of every line; the top level holds only the first's). */
export function allDiagnostics(a: Analysis): CoreDiagnostic[] {
  return a.lines?.length ? a.lines.flatMap((l) => l.diagnostics) : a.diagnostics;
}

function severityOf(s: Severity): DiagnosticSeverity {
  switch (s) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'info':
      return DiagnosticSeverity.Information;
    default:
      return DiagnosticSeverity.Hint;
  }
}

function rangeOf(doc: TextDocument, r: { start: number; end: number }): Range {
  return { start: doc.positionAt(r.start), end: doc.positionAt(r.end) };
}

/** The file name the engine sees (dialect detection, suppression globs): the path for file URIs. */
export function fileNameOf(uri: string): string {
  try {
    if (uri.startsWith('file:')) return fileURLToPath(uri);
  } catch {
    /* fall through */
  }
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

function commentsAllowed(doc: TextDocument): boolean {
  return doc.languageId === 'jsonc' || /\.jsonc$/i.test(doc.uri);
}

function eolOf(doc: TextDocument): string {
  const head = doc.getText().slice(0, 64 * 1024);
  return head.includes('\r\n') ? '\r\n' : '\n';
}

function workspaceFolders(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const out: string[] = [];
  for (const u of uris) {
    try {
      if (u.startsWith('file:')) out.push(path.resolve(fileURLToPath(u)));
    } catch {
      /* not a local folder */
    }
  }
  if (!out.length && params.rootPath) out.push(path.resolve(params.rootPath));
  return out;
}

/** The rule pages next to the bundle (dist/server.js or dist/cli.js → ../docs/rules), as a file URI. */
function defaultDocsBase(): string {
  for (const dir of [path.join(__dirname, '..', 'docs', 'rules'), path.join(__dirname, '..', '..', 'docs', 'rules')]) {
    if (fs.existsSync(path.join(dir, 'README.md'))) return pathToFileURL(dir).href + '/';
  }
  return 'https://example.invalid/prompt-cache-lens/docs/rules/';
}
