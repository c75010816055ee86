// Prompts in code (issue 13), what the editor adds for SDK calls in Python / TypeScript / JavaScript files:
//  * a CodeLens on each recognised call: its tokens, what the next call reads from the cache, its cost;
//    clicking it shows that call in the cost panel;
//  * the dynamic spans (values the file cannot resolve: a function call, an import, a clock) as their own
//    decoration, with a hover saying they are unknown at edit time and how they are counted; a per-request
//    value (datetime.now(), uuid4(), Date.now() …) in a stronger outline.
// The highlight of the cacheable prefix, breakpoints, diagnostics, fixes and the segment hover come from the
// shared providers (decorations.ts, diagnostics.ts, codeActions.ts, hover.ts): the engine's ranges are already
// source offsets inside the string literals.
//
// Everything reads the shared AnalysisService; kept in its own file so the language server (issue 15) can
// re-wire it (the lenses move to LSP CodeLens, the decorations stay in the client).
import * as vscode from 'vscode';
import type { OffsetRange } from '../core/types';
import type { AnalysisService } from './analysisService';
import { breaksCache, callLensTitle, callParts, dynamicSpanHover, REVEAL_CALL_COMMAND } from './sourceText';

export { REVEAL_CALL_COMMAND };

/** What was last applied to a document (tests). */
export interface AppliedDynamicSpans {
  uri: string;
  version: number;
  unknown: { range: vscode.Range; hover: string }[];
  perRequest: { range: vscode.Range; hover: string }[];
}

function toRange(document: vscode.TextDocument, r: OffsetRange, len: number): vscode.Range | undefined {
  const s = Math.max(0, Math.min(r.start, len));
  const e = Math.max(s, Math.min(r.end, len));
  return e > s ? new vscode.Range(document.positionAt(s), document.positionAt(e)) : undefined;
}

/** The dynamic-span decorations (two types: unknown values, per-request values). Theme colours only. */
export class DynamicSpanDecorations implements vscode.Disposable {
  private unknownType = createUnknownType();
  private perRequestType = createPerRequestType();
  private readonly applied = new Map<string, AppliedDynamicSpans>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly applyEmitter = new vscode.EventEmitter<AppliedDynamicSpans>();
  readonly onDidApply = this.applyEmitter.event;

  constructor(
    private readonly service: AnalysisService,
    private readonly onError: (msg: string) => void,
  ) {
    this.disposables.push(
      this.applyEmitter,
      service.onDidAnalyze((e) => this.safe(() => this.refresh(e.document.uri))),
      service.onDidClear((uri) => this.safe(() => this.refresh(uri))),
      service.onDidChangeConfig(() =>
        this.safe(() => {
          this.unknownType.dispose();
          this.perRequestType.dispose();
          this.unknownType = createUnknownType();
          this.perRequestType = createPerRequestType();
          this.applied.clear();
          for (const ed of vscode.window.visibleTextEditors) this.apply(ed);
        }),
      ),
      vscode.window.onDidChangeVisibleTextEditors((eds) => this.safe(() => eds.forEach((ed) => this.apply(ed)))),
    );
    for (const ed of vscode.window.visibleTextEditors) this.safe(() => this.apply(ed));
  }

  getApplied(uri: vscode.Uri): AppliedDynamicSpans | undefined {
    return this.applied.get(uri.toString());
  }

  private refresh(uri: vscode.Uri): void {
    for (const ed of vscode.window.visibleTextEditors) if (ed.document.uri.toString() === uri.toString()) this.apply(ed);
  }

  apply(ed: vscode.TextEditor): void {
    const document = ed.document;
    const key = document.uri.toString();
    const analysis = this.service.getAnalysis(document.uri);
    const calls = callParts(analysis);
    if (!calls.length || !this.service.config.highlights) {
      if (this.applied.has(key)) {
        ed.setDecorations(this.unknownType, []);
        ed.setDecorations(this.perRequestType, []);
        this.applied.delete(key);
      }
      return;
    }
    // ranges of another text would land on the wrong characters; the next analysis re-applies them
    if (this.service.getAnalyzedVersion(document.uri) !== document.version) return;
    const len = document.getText().length;
    const unknown: AppliedDynamicSpans['unknown'] = [];
    const perRequest: AppliedDynamicSpans['perRequest'] = [];
    const seen = new Set<string>();
    for (const part of calls) {
      for (const span of part.dynamicSpans ?? []) {
        const id = `${span.range.start}:${span.range.end}`;
        if (seen.has(id)) continue; // a constant used by two calls is one place in the file
        seen.add(id);
        const range = toRange(document, span.range, len);
        if (!range) continue;
        // the strong outline only where it costs cache reads; a per-request value after the cached part is plain
        (breaksCache(span, part) ? perRequest : unknown).push({ range, hover: dynamicSpanHover(span, part) });
      }
    }
    const opts = (x: { range: vscode.Range; hover: string }): vscode.DecorationOptions => {
      const md = new vscode.MarkdownString(x.hover, true);
      md.isTrusted = false;
      return { range: x.range, hoverMessage: md };
    };
    ed.setDecorations(this.unknownType, unknown.map(opts));
    ed.setDecorations(this.perRequestType, perRequest.map(opts));
    const applied: AppliedDynamicSpans = { uri: key, version: document.version, unknown, perRequest };
    this.applied.set(key, applied);
    this.applyEmitter.fire(applied);
  }

  private safe(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.onError(`dynamic spans: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    this.unknownType.dispose();
    this.perRequestType.dispose();
    for (const d of this.disposables) d.dispose();
    this.applied.clear();
  }
}

function createUnknownType(): vscode.TextEditorDecorationType {
  return vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('promptCache.dynamicSpanBackground'),
    border: '1px dotted',
    borderColor: new vscode.ThemeColor('promptCache.dynamicSpanBorder'),
    borderRadius: '2px',
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
}

function createPerRequestType(): vscode.TextEditorDecorationType {
  return vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('promptCache.dynamicSpanBackground'),
    border: '1px dashed',
    borderColor: new vscode.ThemeColor('promptCache.perRequestSpanBorder'),
    borderRadius: '2px',
    overviewRulerColor: new vscode.ThemeColor('promptCache.perRequestSpanBorder'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
}

/** One CodeLens per recognised call, above the line where the call starts. */
export class CallLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly last = new Map<string, vscode.CodeLens[]>();

  constructor(
    private readonly service: AnalysisService,
    private readonly onError: (msg: string) => void,
  ) {
    const selector: vscode.DocumentSelector = ['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({ language }));
    this.disposables.push(
      this.emitter,
      vscode.languages.registerCodeLensProvider(selector, this),
      service.onDidAnalyze(() => this.emitter.fire()),
      service.onDidClear((uri) => {
        this.last.delete(uri.toString());
        this.emitter.fire();
      }),
      service.onDidChangeConfig(() => this.emitter.fire()),
    );
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    try {
      const key = document.uri.toString();
      // untracked code (no SDK import) costs nothing here
      if (!this.service.isTracked(document.uri) || this.service.config.tokenCounts === 'off') return [];
      let analysis = this.service.getAnalysis(document.uri);
      if (this.service.getAnalyzedVersion(document.uri) !== document.version) {
        const fresh = await Promise.race([
          this.service.waitForAnalysis(document.uri, { minVersion: document.version, timeoutMs: 10_000 }).catch(() => undefined),
          new Promise<undefined>((r) => token.onCancellationRequested(() => r(undefined))),
        ]);
        if (!fresh || token.isCancellationRequested) return this.last.get(key) ?? [];
        analysis = fresh;
      }
      const len = document.getText().length;
      const lenses = callParts(analysis).map((part) => {
        const index = analysis!.lines!.indexOf(part);
        const start = document.positionAt(Math.max(0, Math.min(part.callRange!.start, len)));
        const range = new vscode.Range(start.line, 0, start.line, 0);
        return new vscode.CodeLens(range, {
          title: callLensTitle(part),
          command: REVEAL_CALL_COMMAND,
          arguments: [document.uri.toString(), index],
          tooltip: 'Show this call in the Prompt Cache cost panel',
        });
      });
      this.last.set(key, lenses);
      return lenses;
    } catch (err) {
      this.onError(`call lenses: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Registers the call lenses, the dynamic-span decorations and the "show this call in the panel" command. */
export function registerSourceCalls(context: vscode.ExtensionContext, service: AnalysisService, onError: (msg: string) => void): DynamicSpanDecorations {
  const spans = new DynamicSpanDecorations(service, onError);
  const lenses = new CallLenses(service, onError);
  context.subscriptions.push(
    spans,
    lenses,
    vscode.commands.registerCommand(REVEAL_CALL_COMMAND, async (uri: string, index: number) => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === String(uri));
      const part = doc && callParts(service.getAnalysis(doc.uri)).find((p) => service.getAnalysis(doc.uri)?.lines?.indexOf(p) === index);
      if (!doc || !part?.callRange) return;
      const pos = doc.positionAt(Math.min(part.callRange.start, doc.getText().length));
      const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc);
      // the cursor on the call: the panel follows it (costPanel.ts, followCall.ts)
      await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn, selection: new vscode.Selection(pos, pos) });
      await vscode.commands.executeCommand('promptCache.showCostPanel');
    }),
  );
  return spans;
}
