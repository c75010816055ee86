// Token counts per segment (top-level segments and their children), as CodeLens or end-of-line text,
// per `promptCache.tokenCounts.display` ("codelens" | "inline" | "off"). Numbers come from the engine.
import * as vscode from 'vscode';
import type { Analysis, Segment } from '../core/types';
import type { AnalysisService } from './analysisService';
import { breakpointDecorations } from './decorations';
import { requestParts, segmentCountLabel, segmentInlineLabel } from './text';

/**
 * Breakpoint lines longer than this also get their label as a CodeLens above the line: an end-of-line label
 * after a long prompt string sits off screen (word wrap off) or is clipped (word wrap on).
 */
export const LONG_LINE = 100;

/** Segments to label: top-level ones and (unless turned off) their children, in source order. */
export function labelledSegments(analysis: Analysis, withChildren: boolean): Segment[] {
  const out: Segment[] = [];
  for (const s of requestParts(analysis).flatMap((p) => p.segments)) {
    out.push(s);
    if (withChildren && s.children) {
      for (const c of s.children) {
        // A one-block message is already told by its parent's label.
        if (s.children.length === 1 && c.range.start === s.range.start) continue;
        out.push(c);
      }
    }
  }
  return out.filter((s) => s.range.end > s.range.start || s.kind === 'overhead');
}

/** The line a segment's count is shown on (the line where the segment starts). */
function segmentLine(document: vscode.TextDocument, seg: Segment): number {
  const len = document.getText().length;
  return document.positionAt(Math.max(0, Math.min(seg.range.start, len))).line;
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
      const lenses: vscode.CodeLens[] = [];
      if (cfg.tokenCounts === 'codelens') {
        for (const seg of labelledSegments(analysis, cfg.tokenCountsForBlocks)) {
          const line = segmentLine(document, seg);
          const range = new vscode.Range(line, 0, line, 0);
          lenses.push(new vscode.CodeLens(range, { title: segmentCountLabel(seg), command: '', tooltip: `${seg.id}${seg.estimateNote ? ` — ${seg.estimateNote}` : ''}` }));
        }
      }
      if (cfg.breakpointLabels) {
        for (const b of breakpointDecorations(document, analysis)) {
          if (document.lineAt(b.range.start.line).text.length <= LONG_LINE) continue;
          const range = new vscode.Range(b.range.start.line, 0, b.range.start.line, 0);
          lenses.push(new vscode.CodeLens(range, { title: `$(${b.belowMinimum || b.rejected ? 'warning' : 'bookmark'}) ${b.label}`, command: '', tooltip: 'Where the cacheable prefix closes (the label is also at the end of this line)' }));
        }
      }
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
    const byLine = new Map<number, string[]>();
    for (const seg of labelledSegments(analysis, this.service.config.tokenCountsForBlocks)) {
      const line = segmentLine(document, seg);
      const list = byLine.get(line) ?? [];
      list.push(segmentInlineLabel(seg));
      byLine.set(line, list);
    }
    const labels = [...byLine.entries()].sort((a, b) => a[0] - b[0]).map(([line, texts]) => ({ line, text: texts.join('   ') }));
    ed.setDecorations(
      this.inlineType,
      labels.map((l) => {
        const end = document.lineAt(l.line).range.end;
        return { range: new vscode.Range(end, end), renderOptions: { after: { contentText: l.text } } };
      }),
    );
    this.appliedInline.set(key, labels);
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
