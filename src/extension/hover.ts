// Hover on any message or block: its tokens, the cumulative total, whether the next call reads it from
// cache (and an identical repeat, when that differs), and why not if not. Everything is read off the
// engine's Analysis (see text.ts).
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { hoverMarkdown } from './text';

export class CacheHover implements vscode.HoverProvider, vscode.Disposable {
  private readonly registration: vscode.Disposable;

  constructor(
    private readonly service: AnalysisService,
    private readonly onError: (msg: string) => void,
  ) {
    this.registration = vscode.languages.registerHoverProvider([{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }], this);
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    try {
      if (!this.service.isTracked(document.uri)) return undefined;
      let analysis = this.service.getAnalysis(document.uri);
      if (this.service.getAnalyzedVersion(document.uri) !== document.version) {
        analysis = await this.service.waitForAnalysis(document.uri, { minVersion: document.version, timeoutMs: 3000 }).catch(() => undefined);
      }
      if (!analysis || !analysis.isRequest || token.isCancellationRequested) return undefined;
      const md = hoverMarkdown(analysis, document.offsetAt(position));
      if (!md) return undefined;
      const ms = new vscode.MarkdownString(md, true);
      ms.isTrusted = false;
      return new vscode.Hover(ms);
    } catch (err) {
      this.onError(`hover: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  dispose(): void {
    this.registration.dispose();
  }
}
