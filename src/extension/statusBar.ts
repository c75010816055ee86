// Status bar item for the active request/prompt file: model, input tokens, what the next call reads from
// cache and the next call's cost. Click → choose the model for this file. Input problems, failures and a
// request the API would reject show here too.
import * as vscode from 'vscode';
import type { Analysis } from '../core/types';
import type { AnalysisService } from './analysisService';
import { COMMANDS } from './commands';
import { escapeMd, fmtInt, fmtTokens, planSummary, statusBarText, statusTooltipLines } from './text';
import { callIndexAt, partAt } from './panel/followCall';

export const CONTEXT_TRACKED = 'promptCache.activeFileTracked';

function tooltip(analysis: Analysis, choice: string | undefined, call?: { index: number; count: number }): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  const m = analysis.model;
  const source = choice ? 'chosen for this file' : m.source === 'file' ? "the file's model" : m.source === 'default' ? 'default model' : m.source === 'option' ? 'option' : 'none';
  md.appendMarkdown(`**Prompt Cache Lens**\n\n`);
  md.appendMarkdown(`- **Model:** ${m.name ?? 'none'} (${source}${m.known ? '' : ', not in the model table'})\n`);
  if (m.fallback) md.appendMarkdown(`- **Rules and prices used:** ${escapeMd(m.fallback.usedName)} (${escapeMd(m.fallback.usedId)}): ${escapeMd(m.fallback.rules)}\n`);
  md.appendMarkdown(`- **Input:** ${fmtTokens(analysis.inputTokens, analysis.exact)} · ${analysis.tokenizer}\n`);
  for (const line of statusTooltipLines(analysis)) md.appendMarkdown(`${line}\n`);
  if (analysis.cost) md.appendMarkdown(`- **Prices:** ${analysis.cost.overridden ? 'your overrides' : `as of ${analysis.cost.pricesAsOf}`}\n`);
  if (call) md.appendMarkdown(`- **SDK calls in file:** ${fmtInt(call.count)} (figures for call ${fmtInt(call.index + 1)}, the one at the cursor)\n`);
  else if (analysis.lines && analysis.lines.length > 1) md.appendMarkdown(`- **Requests in file:** ${fmtInt(analysis.lines.length)} (figures for the first)\n`);
  // Why the next call reads nothing (the figures above already say what it reads otherwise).
  if (analysis.cache.cachedTokensNextCall === 0 && !analysis.cache.rejected) md.appendMarkdown(`\n${escapeMd(planSummary(analysis))}\n`);
  for (const p of analysis.problems) md.appendMarkdown(`\n$(warning) ${escapeMd(p.message)}\n`);
  md.appendMarkdown(`\n_Click to choose the model for this file._`);
  return md;
}

export class CacheStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: AnalysisService) {
    this.item = vscode.window.createStatusBarItem('promptCache.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Prompt Cache Lens';
    const refresh = (uri?: vscode.Uri) => {
      const active = vscode.window.activeTextEditor?.document.uri;
      if (!uri || (active && active.toString() === uri.toString())) this.update();
    };
    this.disposables.push(
      this.item,
      service.onDidAnalyze((e) => refresh(e.document.uri)),
      service.onDidClear((u) => refresh(u)),
      service.onDidChangeState((u) => refresh(u)),
      service.onDidChangeConfig(() => refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => refresh()),
      // a source file with several SDK calls: the figures of the call under the cursor
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor && this.shownCall !== undefined && this.callAtCursor() !== this.shownCall) this.update();
      }),
    );
    this.update();
  }

  /** The text currently shown (empty when hidden). */
  get text(): string {
    return this.visible ? this.item.text : '';
  }

  private visible = false;
  /** Source files: the index (Analysis.lines) of the call whose figures are shown. */
  private shownCall?: number;

  private callAtCursor(): number | undefined {
    const ed = vscode.window.activeTextEditor;
    const whole = ed && this.service.getAnalysis(ed.document.uri);
    if (!ed || !whole || this.service.getAnalyzedVersion(ed.document.uri) !== ed.document.version) return this.shownCall;
    return callIndexAt(whole, ed.document.offsetAt(ed.selection.active));
  }

  update(): void {
    try {
      this.render();
    } catch {
      this.hide();
    }
  }

  private context: boolean | undefined;

  private setContext(value: boolean): void {
    if (this.context === value) return;
    this.context = value;
    void vscode.commands.executeCommand('setContext', CONTEXT_TRACKED, value);
  }

  private hide(): void {
    this.visible = false;
    this.item.hide();
    this.setContext(false);
  }

  private render(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !this.service.isTracked(doc.uri)) return this.hide();
    this.setContext(true);
    if (!this.service.config.statusBar) {
      this.visible = false;
      this.item.hide();
      return;
    }
    const state = this.service.getState(doc.uri);
    const whole = this.service.getAnalysis(doc.uri);
    this.shownCall = whole ? this.callAtCursor() : undefined;
    const analysis = whole && partAt(whole, this.shownCall);
    const call = whole?.lines && this.shownCall !== undefined ? { index: this.shownCall, count: whole.lines.length } : undefined;
    const item = this.item;
    item.backgroundColor = undefined;
    item.command = { title: 'Choose model', command: COMMANDS.chooseModel, arguments: [doc.uri] };
    if (state?.status === 'too-large') {
      item.text = `$(warning) Prompt Cache: large file (${fmtInt(Math.round((state.size ?? 0) / 1024))} KB)`;
      item.tooltip = `Larger than promptCache.maxFileSize: not analyzed. Click to analyze anyway.`;
      item.command = { title: 'Analyze anyway', command: COMMANDS.analyzeAnyway, arguments: [doc.uri] };
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else if (state?.status === 'failed') {
      item.text = `$(error) Prompt Cache: not analysed`;
      item.tooltip = `${state.error ?? 'not analysed'}\n\nClick to open the log.`;
      item.command = { title: 'Show log', command: COMMANDS.showLog };
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else if (!analysis) {
      item.text = `$(sync~spin) Prompt Cache`;
      item.tooltip = 'Analyzing…';
    } else if (!analysis.isRequest) {
      const p = analysis.problems[0];
      item.text = `$(warning) Prompt Cache: ${p ? shorten(p.message, 60) : 'not a request'}`;
      item.tooltip = p ? analysis.problems.map((x) => x.message).join('\n') : 'This file was not recognised as a request body or a prompt template.';
      item.backgroundColor = p?.severity === 'error' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    } else {
      const errors = analysis.problems.filter((p) => p.severity === 'error');
      // A request the API would reject: statusBarText already leads with $(warning) and says nothing is cached.
      item.text = errors.length ? `$(warning) ${statusBarText(analysis).replace(/^\$\(database\) /, '')}` : statusBarText(analysis);
      item.tooltip = tooltip(analysis, this.service.getModelChoice(doc.uri), call);
      if (errors.length || analysis.cache.rejected) item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
    item.accessibilityInformation = { label: item.text.replace(/\$\([^)]*\)\s*/g, '') };
    this.visible = true;
    item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function shorten(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
