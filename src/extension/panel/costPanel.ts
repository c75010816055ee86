// The sidebar cost panel: a WebviewView in its own activity bar container that follows the active
// editor and shows what caching saves on its request. All figures come from src/core
// (core/cache/panelModel.ts over the shared AnalysisService's analysis); this file only decides
// WHICH document to show, gathers the analyses (the same text analyzed for the compared models),
// and talks the typed protocol (src/shared/protocol.ts) with the webview.
import * as vscode from 'vscode';
import { TraceSection } from './traceSection';
import type { TraceMessage } from '../../shared/protocol';
import type { Analysis } from '../../core/types';
import { buildPanelModel, panelModelOptions, pickComparisonModels, type ComparisonInput } from '../../core/cache/panelModel';
import {
  PROTOCOL_VERSION,
  isWebviewToExtension,
  sameUsage,
  sanitizeUsage,
  type ExtensionToWebview,
  type PanelUsage,
  type PanelView,
  type ReadyMessage,
  type WebviewToExtension,
} from '../../shared/protocol';
import type { AnalysisEvent, DocState } from '../analysisService';
import type { JobExtras, RunOptions } from '../runAnalysis';
import { runDocumentAnalysis } from '../runAnalysis';
import { TEST_HOOKS_ENABLED } from '../testHooks';
import { userMessage } from '../analysisService';
import { panelHtml } from './html';
import { NextTurnFeed } from './nextTurn';
import { callIndexAt, hasCallParts, partAt, partRange } from './followCall';

export const COST_VIEW_ID = 'promptCache.costPanel';
export const COST_CONTAINER_ID = 'promptCacheLens';
/** workspaceState key of the panel's inputs (N, rate, output estimate, compared models). */
export const PANEL_INPUTS_KEY = 'promptCache.panel.inputs';
/** Command ids the panel registers. */
export const PANEL_COMMANDS = {
  show: 'promptCache.showCostPanel',
  /** Test hook (not in the command palette): a snapshot of what the panel last did. */
  testState: 'promptCache.costPanel._testState',
  /** Test hook: deliver a message as if the webview had sent it. */
  testReceive: 'promptCache.costPanel._testReceive',
} as const;

/** What the panel needs from the shared analysis pipeline (src/extension/analysisService.ts). */
export interface CostPanelService {
  readonly onDidAnalyze: vscode.Event<AnalysisEvent>;
  readonly onDidClear: vscode.Event<vscode.Uri>;
  readonly onDidChangeState: vscode.Event<vscode.Uri>;
  readonly onDidChangeConfig: vscode.Event<unknown>;
  getAnalysis(uri: vscode.Uri): Analysis | undefined;
  getAnalyzedVersion(uri: vscode.Uri): number | undefined;
  getState(uri: vscode.Uri): DocState | undefined;
  isRelevant(document: vscode.TextDocument): boolean;
  optionsFor(document: vscode.TextDocument): RunOptions;
  /** Where the worker may read local files for this document (same as the editor's own analysis). */
  extrasFor?(document: vscode.TextDocument): JobExtras;
}

/** Snapshot for tests (returned by the testState command and `CostPanelProvider.testState()`). */
export interface CostPanelTestState {
  resolved: boolean;
  visible: boolean;
  ready: boolean;
  readyCount: number;
  lastReady?: ReadyMessage;
  inputs: PanelUsage;
  storedInputs?: PanelUsage;
  followed?: string;
  /** Source files: the index (in Analysis.lines) of the call the panel shows (the one under the cursor). */
  followedCall?: number;
  lastMessage?: ExtensionToWebview;
  lastUpdate?: ExtensionToWebview & { type: 'update' };
  posted: number;
  comparisonAnalyses: number;
  /** The trace section's last message (src/extension/panel/traceSection.ts). */
  trace?: TraceMessage;
}

const SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'memfs', 'vscode-test-web']);

export class CostPanelProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view?: vscode.WebviewView;
  private viewDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private inputs: PanelUsage;
  private followed?: vscode.TextDocument;
  /** Source files: which call (index in Analysis.lines) the panel shows; follows the cursor. */
  private followedCall?: number;
  private seq = 0;
  private generation = 0;
  private refreshTimer?: ReturnType<typeof setTimeout>;
  /** Analyses of the followed text for compared models, keyed by uri|version|options|model. */
  private readonly comparisonCache = new Map<string, Promise<Analysis>>();
  private readyCount = 0;
  private lastReady?: ReadyMessage;
  private lastMessage?: ExtensionToWebview;
  private lastUpdate?: ExtensionToWebview & { type: 'update' };
  private readonly nextTurn = new NextTurnFeed();
  private posted = 0;
  private comparisonAnalyses = 0;
  private readonly updateEmitter = new vscode.EventEmitter<ExtensionToWebview>();
  /** Fires after every message posted to the webview (tests wait on it instead of sleeping). */
  readonly onDidPost = this.updateEmitter.event;
  /** The trace section (src/extension/panel/traceSection.ts), for trace files. */
  readonly trace = new TraceSection((m) => this.view?.webview.postMessage(m));

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly service: CostPanelService,
  ) {
    this.inputs = sanitizeUsage(context.workspaceState.get<unknown>(PANEL_INPUTS_KEY));
    this.followed = pickDocument(vscode.window.activeTextEditor);
    this.disposables.push(
      this.updateEmitter,
      this.trace,
      vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor)),
      // A source file with several SDK calls: the panel shows the call under the cursor.
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document !== this.followed) return;
        if (this.updateFollowedCall(e.textEditor)) this.scheduleRefresh(0);
      }),
      service.onDidAnalyze((e) => {
        if (!this.isFollowed(e.document.uri)) return;
        // the calls may have moved or changed in number: find the one under the cursor again
        this.updateFollowedCall(vscode.window.visibleTextEditors.find((ed) => ed.document === e.document));
        this.scheduleRefresh(0);
      }),
      service.onDidChangeState((uri) => {
        if (this.isFollowed(uri)) this.scheduleRefresh(0);
      }),
      service.onDidClear((uri) => {
        if (this.isFollowed(uri)) this.scheduleRefresh(0);
      }),
      service.onDidChangeConfig(() => {
        this.comparisonCache.clear();
        this.scheduleRefresh(0);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        for (const k of [...this.comparisonCache.keys()]) if (k.startsWith(`${d.uri.toString()}|`)) this.comparisonCache.delete(k);
        if (this.followed === d) {
          this.followed = undefined;
          this.scheduleRefresh(0);
        }
      }),
    );
  }

  // ---------------------------------------------------------------------------------------------
  // WebviewViewProvider

  resolveWebviewView(view: vscode.WebviewView): void {
    for (const d of this.viewDisposables) d.dispose();
    this.view = view;
    this.ready = false;
    const ext = this.context.extensionUri;
    view.webview.options = {
      enableScripts: true,
      // only the "open settings" links (promptCache.prices, defaultModel, include)
      enableCommandUris: ['workbench.action.openSettings'],
      localResourceRoots: [vscode.Uri.joinPath(ext, 'dist'), vscode.Uri.joinPath(ext, 'media')],
    };
    view.webview.html = panelHtml(view.webview, ext);
    this.viewDisposables = [
      view.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      view.onDidChangeVisibility(() => {
        if (view.visible) this.scheduleRefresh(0);
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
      }),
    ];
  }

  // ---------------------------------------------------------------------------------------------
  // messages from the webview

  /** Handles a message from the webview (untrusted: validated). Public for the test hook. */
  async receive(m: unknown): Promise<void> {
    if (!isWebviewToExtension(m)) return;
    const msg: WebviewToExtension = m;
    switch (msg.type) {
      case 'ready': {
        this.ready = true;
        this.readyCount++;
        this.lastReady = msg;
        // The extension's stored inputs win; the webview's restored ones fill in when nothing is stored
        // (e.g. workspaceState was cleared but the view kept its state).
        if (this.context.workspaceState.get(PANEL_INPUTS_KEY) === undefined && msg.restored) {
          this.inputs = sanitizeUsage(msg.restored);
          await this.context.workspaceState.update(PANEL_INPUTS_KEY, this.inputs);
        }
        const opts = panelModelOptions();
        await this.post({ type: 'init', protocol: PROTOCOL_VERSION, inputs: this.inputs, models: opts.models, tableAsOf: opts.tableAsOf });
        await this.refresh();
        return;
      }
      case 'setInputs': {
        const next = sanitizeUsage(msg.inputs, this.inputs);
        if (sameUsage(next, this.inputs)) return;
        this.inputs = next;
        await this.context.workspaceState.update(PANEL_INPUTS_KEY, next);
        await this.refresh();
        return;
      }
      case 'revealSegment':
        await this.reveal(msg.uri, msg.segmentId);
        return;
      case 'revealLine':
        await this.trace.reveal(msg.uri, msg.line);
        return;
    }
  }

  private async reveal(uriString: string, segmentId: string): Promise<void> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uriString);
    if (!doc) return;
    const whole = this.service.getAnalysis(doc.uri);
    // a source file's calls each have their own segments (the same ids): look in the call shown first
    const analysis = whole && partAt(whole, doc === this.followed ? this.followedCall : undefined);
    const seg = analysis && (findSegment(analysis.segments, segmentId) ?? findSegment(whole.segments, segmentId));
    if (!seg || seg.range.end > doc.getText().length) return;
    const range = new vscode.Range(doc.positionAt(seg.range.start), doc.positionAt(seg.range.end));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn, selection: new vscode.Selection(range.start, range.start), preserveFocus: false });
    const editor = vscode.window.activeTextEditor;
    editor?.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  // ---------------------------------------------------------------------------------------------
  // following the active editor

  private follow(editor: vscode.TextEditor | undefined): void {
    const doc = pickDocument(editor);
    if (doc) {
      if (doc === this.followed) return;
      this.followed = doc;
      this.followedCall = undefined;
      this.updateFollowedCall(editor);
      this.scheduleRefresh(0);
      return;
    }
    // Focus left the editors (panel, output, a webview): keep showing the last document while it is
    // still visible; say "no editor" only when no text editor is left.
    if (this.followed && !this.followed.isClosed && vscode.window.visibleTextEditors.some((e) => e.document === this.followed)) return;
    const other = vscode.window.visibleTextEditors.map((e) => pickDocument(e)).find((d) => !!d);
    this.followed = other;
    this.scheduleRefresh(0);
  }

  /**
   * Which call of the followed source file is under the editor's cursor (followCall.ts). True when that
   * changed. Documents without calls (request files, JSONL) keep showing their whole analysis.
   */
  private updateFollowedCall(editor: vscode.TextEditor | undefined): boolean {
    const doc = this.followed;
    if (!doc || !editor || editor.document !== doc) return false;
    const analysis = this.service.getAnalysis(doc.uri);
    if (!analysis || this.service.getAnalyzedVersion(doc.uri) !== doc.version) return false;
    const index = callIndexAt(analysis, doc.offsetAt(editor.selection.active));
    if (index === this.followedCall) return false;
    this.followedCall = index;
    return true;
  }

  private isFollowed(uri: vscode.Uri): boolean {
    return !!this.followed && this.followed.uri.toString() === uri.toString();
  }

  private scheduleRefresh(delayMs: number): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, delayMs);
  }

  /** Recompute the view for the followed document and post it (only when the webview is there). */
  async refresh(): Promise<void> {
    if (!this.view || !this.ready || !this.view.visible) return;
    const gen = ++this.generation;
    let view: PanelView;
    try {
      view = await this.computeView();
    } catch (err) {
      view = {
        kind: 'unavailable',
        fileName: this.followed ? fileLabel(this.followed) : '',
        title: 'The panel could not compute this request',
        detail: userMessage(err),
      };
    }
    if (gen !== this.generation) return; // a newer refresh is on its way
    await this.post({ type: 'update', seq: ++this.seq, inputs: this.inputs, view });
    const doc = this.followed;
    if (doc && !doc.isClosed && view.kind === 'request' && view.version === doc.version) await this.post(this.nextTurn.messageFor(doc, this.service.optionsFor(doc)));
    this.trace.show(this.followed);
  }

  private async computeView(): Promise<PanelView> {
    const doc = this.followed;
    if (!doc || doc.isClosed) return { kind: 'no-editor' };
    const fileName = fileLabel(doc);
    const uri = doc.uri;
    const state = this.service.getState(uri);
    const whole = this.service.getAnalysis(uri);
    if (!whole) {
      if (state?.status === 'too-large') {
        return {
          kind: 'unavailable',
          fileName,
          title: 'This file is too large to analyze as you type',
          detail: `It has ${state.size?.toLocaleString('en-US') ?? 'many'} characters, more than promptCache.maxFileSize. Use “Analyze anyway” from the notification or the command palette.`,
        };
      }
      if (state?.status === 'failed') {
        return { kind: 'unavailable', fileName, title: 'Not analysed', detail: `${state.error ?? 'The analysis failed.'} Details are in the “Prompt Cache Lens” output channel.` };
      }
      if (state?.status === 'pending') return { kind: 'pending', fileName };
      if (!this.service.isRelevant(doc)) {
        return {
          kind: 'not-request',
          fileName,
          uri: uri.toString(),
          version: doc.version,
          reasons: [`${fileName} (${doc.languageId}) does not look like an LLM request, and no promptCache.include glob matches it.`],
          included: false,
        };
      }
      return { kind: 'pending', fileName };
    }
    const version = this.service.getAnalyzedVersion(uri) ?? doc.version;
    // A source file: the call under the cursor (its index in whole.lines); other files: the whole analysis.
    const callIndex = hasCallParts(whole) ? (this.followedCall ?? 0) : undefined;
    const analysis = partAt(whole, callIndex);
    const base = { fileName: callIndex === undefined ? fileName : `${fileName} · ${callLabel(doc, whole, callIndex)}`, uri: uri.toString(), version };
    if (!analysis.isRequest) {
      return { ...base, ...buildPanelModel({ analysis, usage: this.inputs, comparisons: [] }) };
    }
    const options = this.service.optionsFor(doc);
    const picks = pickComparisonModels(analysis, this.inputs.compareModels);
    const text = doc.getText();
    const comparisons: ComparisonInput[] = await Promise.all(
      picks.map(async (pick) => ({ pick, analysis: pick.isCurrent ? analysis : partAt(await this.analyzeFor(doc, version, text, options, pick.model), callIndex) })),
    );
    return { ...base, ...buildPanelModel({ analysis, usage: this.inputs, comparisons, priceOverrides: options.priceOverrides }) };
  }

  /** The same text analyzed for another model: analyze(text, {...options, model}), memoized per version. */
  private analyzeFor(doc: vscode.TextDocument, version: number, text: string, options: RunOptions, model: string): Promise<Analysis> {
    const key = `${doc.uri.toString()}|${version}|${JSON.stringify(options)}|${model}`;
    let p = this.comparisonCache.get(key);
    if (!p) {
      // keep the cache small: only the newest version of each document
      for (const k of [...this.comparisonCache.keys()]) {
        if (k.startsWith(`${doc.uri.toString()}|`) && !k.startsWith(`${doc.uri.toString()}|${version}|`)) this.comparisonCache.delete(k);
      }
      this.comparisonAnalyses++;
      // one worker key per compared model: analyses started together under one key would supersede each other
      p = runDocumentAnalysis(`${options.fileName ?? doc.uri.toString()}#compare:${model}`, text, { ...options, model }, this.service.extrasFor?.(doc)).then((r) => r.analysis);
      p.catch(() => this.comparisonCache.delete(key));
      this.comparisonCache.set(key, p);
    }
    return p;
  }

  private async post(message: ExtensionToWebview): Promise<void> {
    if (!this.view) return;
    this.lastMessage = message;
    if (message.type === 'update') this.lastUpdate = message;
    this.posted++;
    try {
      await this.view.webview.postMessage(message);
    } finally {
      this.updateEmitter.fire(message);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // tests

  testState(): CostPanelTestState {
    return {
      resolved: !!this.view,
      visible: !!this.view?.visible,
      ready: this.ready,
      readyCount: this.readyCount,
      lastReady: this.lastReady,
      inputs: this.inputs,
      storedInputs: this.context.workspaceState.get<PanelUsage>(PANEL_INPUTS_KEY),
      followed: this.followed?.uri.toString(),
      followedCall: this.followedCall,
      lastMessage: this.lastMessage,
      lastUpdate: this.lastUpdate,
      posted: this.posted,
      comparisonAnalyses: this.comparisonAnalyses,
      trace: this.trace.last,
    };
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.viewDisposables) d.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function pickDocument(editor: vscode.TextEditor | undefined): vscode.TextDocument | undefined {
  const doc = editor?.document;
  if (!doc || !SCHEMES.has(doc.uri.scheme)) return undefined;
  return doc;
}

/** "call 2 of 3, line 41": which call of a source file the panel shows. */
function callLabel(doc: vscode.TextDocument, whole: Analysis, index: number): string {
  const count = whole.lines?.length ?? 1;
  const i = Math.min(Math.max(0, index), count - 1);
  const r = whole.lines && partRange(whole.lines[i]);
  const line = r ? doc.positionAt(r.start).line + 1 : undefined;
  return `call ${i + 1} of ${count}${line ? `, line ${line}` : ''}`;
}

function fileLabel(doc: vscode.TextDocument): string {
  const path = doc.uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

function findSegment(segments: Analysis['segments'], id: string): Analysis['segments'][number] | undefined {
  for (const s of segments) {
    if (s.id === id) return s;
    const c = s.children && findSegment(s.children, id);
    if (c) return c;
  }
  return undefined;
}

/**
 * Registers the cost panel view, its "show" command and its test hooks. Called once from activate().
 * Returns the provider (tests in the same module instance can use it directly).
 */
export function registerCostPanel(context: vscode.ExtensionContext, service: CostPanelService): CostPanelProvider {
  const provider = new CostPanelProvider(context, service);
  context.subscriptions.push(
    provider,
    vscode.window.registerWebviewViewProvider(COST_VIEW_ID, provider),
    vscode.commands.registerCommand(PANEL_COMMANDS.show, () => vscode.commands.executeCommand(`${COST_VIEW_ID}.focus`)),
  );
  // Test hooks: only when the test runner starts VS Code with PCL_TEST_HOOKS=1 (never in normal use).
  if (TEST_HOOKS_ENABLED) {
    context.subscriptions.push(
      vscode.commands.registerCommand(PANEL_COMMANDS.testState, () => provider.testState()),
      vscode.commands.registerCommand(PANEL_COMMANDS.testReceive, (m: unknown) => provider.receive(m)),
    );
  }
  return provider;
}
