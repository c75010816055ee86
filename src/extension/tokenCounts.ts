// Token counts per segment (top-level segments and their children), as CodeLens or end-of-line text,
// (what they say: src/extension/lenses.ts, pure; a JSONL line gets one summary lens and a "segments" list)
// per `promptCache.tokenCounts.display` ("codelens" | "inline" | "off"). Numbers come from the engine.
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { codeLensItems, inlineLabels, type LensDocument, segmentPickItems } from './lenses';

export { LONG_LINE, labelledSegments } from './lenses';

/** Opens the list of a request's segments (the "segments" lens of a JSONL line or a crowded line). */
export const SHOW_SEGMENTS_COMMAND = 'promptCache.showSegments';

function lensDocument(document: vscode.TextDocument): LensDocument {
  const len = document.getText().length;
  return {
    lineOf: (offset) => document.positionAt(Math.max(0, Math.min(offset, len))).line,
    lineLength: (line) => (line >= 0 && line < document.lineCount ? document.lineAt(line).text.length : 0),
  };
}

export class TokenCounts implements vscode.Disposable, vscode.CodeLensProvider {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly lensEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensEmitter.event;
  private inlineType: vscode.TextEditorDecorationType;
  private readonly lastLenses = new Map<string, vscode.CodeLens[]>();
  private readonly appliedInline = new Map<string, { line: number; text: string }[]>();

  constructor(
    private readonly service: AnalysisService,
    private readonly onError: (msg: string) => void,
  ) {
    this.inlineType = this.createInlineType();
    this.disposables.push(
      this.lensEmitter,
      vscode.languages.registerCodeLensProvider([{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }], this),
      service.onDidAnalyze((e) => this.safe(() => this.refresh(e.document.uri))),
      service.onDidClear((uri) => this.safe(() => this.refresh(uri))),
      service.onDidChangeConfig(() =>
        this.safe(() => {
          this.inlineType.dispose();
          this.inlineType = this.createInlineType();
          this.appliedInline.clear();
          this.lensEmitter.fire();
          for (const ed of vscode.window.visibleTextEditors) this.applyInline(ed);
        }),
      ),
      vscode.window.onDidChangeVisibleTextEditors((eds) => this.safe(() => eds.forEach((ed) => this.applyInline(ed)))),
      vscode.commands.registerCommand(SHOW_SEGMENTS_COMMAND, (uri?: vscode.Uri, request?: number) => this.showSegments(uri, request)),
    );
  }

  private createInlineType(): vscode.TextEditorDecorationType {
    return vscode.window.createTextEditorDecorationType({
      after: { color: new vscode.ThemeColor('promptCache.tokenCountForeground'), margin: '0 0 0 2.5em' },
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
  }

  /** Inline labels last applied to a document (for tests). */
  getAppliedInline(uri: vscode.Uri): { line: number; text: string }[] | undefined {
    return this.appliedInline.get(uri.toString());
  }

  private refresh(uri: vscode.Uri): void {
    this.lensEmitter.fire();
    for (const ed of vscode.window.visibleTextEditors) if (ed.document.uri.toString() === uri.toString()) this.applyInline(ed);
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    try {
      const cfg = this.service.config;
      const key = document.uri.toString();
      if ((cfg.tokenCounts !== 'codelens' && !cfg.breakpointLabels) || !this.service.isTracked(document.uri)) {
        this.lastLenses.delete(key);
        return [];
      }
      let analysis = this.service.getAnalysis(document.uri);
      if (this.service.getAnalyzedVersion(document.uri) !== document.version) {
        // Typing: wait for the debounced analysis of this text instead of placing old counts on new lines.
        const fresh = await Promise.race([
          this.service.waitForAnalysis(document.uri, { minVersion: document.version, timeoutMs: 10_000 }).catch(() => undefined),
          new Promise<undefined>((r) => token.onCancellationRequested(() => r(undefined))),
        ]);
        if (!fresh || token.isCancellationRequested) return this.lastLenses.get(key) ?? [];
        analysis = fresh;
      }
      if (!analysis || !analysis.isRequest) return [];
      const items = codeLensItems(analysis, { display: cfg.tokenCounts, blocks: cfg.tokenCountsForBlocks, breakpointLabels: cfg.breakpointLabels }, lensDocument(document));
      const lenses = items.map((it) => {
        const range = new vscode.Range(it.line, 0, it.line, 0);
        const command = it.kind === 'segments' ? SHOW_SEGMENTS_COMMAND : '';
        const args = it.kind === 'segments' ? [document.uri, it.request] : undefined;
        return new vscode.CodeLens(range, { title: it.title, command, tooltip: it.tooltip, arguments: args });
      });
      this.lastLenses.set(key, lenses);
      return lenses;
    } catch (err) {
      this.onError(`codelens: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    }
  }

  private applyInline(ed: vscode.TextEditor): void {
    const document = ed.document;
    const key = document.uri.toString();
    const analysis = this.service.getAnalysis(document.uri);
    if (this.service.config.tokenCounts !== 'inline' || !analysis || !analysis.isRequest) {
      if (this.appliedInline.has(key) || this.service.isTracked(document.uri)) ed.setDecorations(this.inlineType, []);
      this.appliedInline.delete(key);
      return;
    }
    if (this.service.getAnalyzedVersion(document.uri) !== document.version) return;
    const labels = inlineLabels(analysis, this.service.config.tokenCountsForBlocks, lensDocument(document));
    ed.setDecorations(
      this.inlineType,
      labels.map((l) => {
        const end = document.lineAt(l.line).range.end;
        return { range: new vscode.Range(end, end), renderOptions: { after: { contentText: l.text } } };
      }),
    );
    this.appliedInline.set(key, labels);
  }

  /** The segments of one request (a JSONL line) in a pick list; picking one selects it in the editor. */
  async showSegments(uri?: vscode.Uri, request?: number): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const target = uri ?? editor?.document.uri;
    if (!target) return;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
    const analysis = this.service.getAnalysis(target);
    if (!document || !analysis || !analysis.isRequest) return;
    let index = request;
    if (typeof index !== 'number') {
      // From the command palette: the request on the cursor's line.
      const line = editor && editor.document === document ? editor.selection.active.line : 0;
      const parts = analysis.lines ?? [analysis];
      index = Math.max(0, parts.findIndex((p) => p.segments.some((s) => document.positionAt(s.range.start).line === line)));
    }
    const items = segmentPickItems(analysis, index, this.service.config.tokenCountsForBlocks).map((it) => ({
      label: `${it.depth ? '$(blank) ' : ''}${it.label}`,
      description: it.description,
      start: it.start,
      end: it.end,
    }));
    const title = analysis.lines ? `Segments of request ${index + 1} (line ${document.positionAt(items[0]?.start ?? 0).line + 1})` : 'Segments of this request';
    const picked = await vscode.window.showQuickPick(items, { title, matchOnDescription: true });
    if (!picked) return;
    const ed = await vscode.window.showTextDocument(document, { preserveFocus: false });
    const range = new vscode.Range(document.positionAt(picked.start), document.positionAt(picked.end));
    ed.selection = new vscode.Selection(range.start, range.end);
    ed.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private safe(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.onError(`token counts: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    this.inlineType.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
