// "Show analysis as text": the CLI's text report (formatTextReport) in a read-only virtual document
// (scheme promptcache-report) that follows the source document's analysis.
import * as vscode from 'vscode';
import { formatTextReport } from '../core/report';
import type { AnalysisService } from './analysisService';

export const REPORT_SCHEME = 'promptcache-report';

/** promptcache-report:/<name> (analysis)?<source uri> */
export function reportUriFor(source: vscode.Uri): vscode.Uri {
  const name = source.path.slice(source.path.lastIndexOf('/') + 1) || 'untitled';
  return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name} (prompt cache).txt`, query: source.toString() });
}

export class ReportProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: AnalysisService) {
    this.disposables.push(
      this.emitter,
      vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this),
      service.onDidAnalyze((e) => {
        const uri = reportUriFor(e.document.uri);
        if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) this.emitter.fire(uri);
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    try {
      const source = vscode.Uri.parse(uri.query);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.toString()) ?? (await vscode.workspace.openTextDocument(source));
      let analysis = this.service.getVersionedAnalysis(doc);
      if (!analysis) analysis = await this.service.analyzeNow(doc);
      if (!analysis) {
        const st = this.service.getState(doc.uri);
        if (st?.status === 'too-large') return `${doc.uri.fsPath}\n\nLarger than promptCache.maxFileSize: not analyzed. Run "Prompt Cache: Analyze Anyway".\n`;
        return `${doc.uri.fsPath}\n\nNot analyzed: not a request or prompt file${st?.error ? ` (${st.error})` : ''}.\n`;
      }
      const path = vscode.workspace.asRelativePath(doc.uri, false);
      return formatTextReport(analysis, { path, text: doc.getText() });
    } catch (err) {
      return `Prompt Cache Lens could not build the report: ${err instanceof Error ? err.message : String(err)}\n`;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
