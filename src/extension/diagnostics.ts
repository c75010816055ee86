// Diagnostics: one DiagnosticCollection fed by the shared analysis pipeline. Each diagnostic has source
// "Prompt Cache", code = { value: rule name, target: the bundled docs page }, the severity from the
// settings (applied by the engine), the other places of the same root cause as relatedInformation, and is
// cleared when the document is closed or no longer analyzed.
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import type { Diagnostic as CoreDiagnostic, Severity } from '../core/types';
import { allDiagnostics } from './requestDiagnostics';

export const DIAGNOSTIC_SOURCE = 'Prompt Cache';

/** The engine diagnostic behind each VS Code diagnostic (code actions read its fixes). */
const coreOf = new WeakMap<vscode.Diagnostic, CoreDiagnostic>();

export function coreDiagnostic(d: vscode.Diagnostic): CoreDiagnostic | undefined {
  return coreOf.get(d);
}

export function toVsSeverity(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
    default:
      return vscode.DiagnosticSeverity.Hint;
  }
}

/** The docs page of a rule inside the installed extension. */
export function ruleDocsUri(extensionUri: vscode.Uri, name: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${name}.md`);
}

export function toVsDiagnostic(document: vscode.TextDocument, d: CoreDiagnostic, extensionUri: vscode.Uri): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(d.range.start), document.positionAt(d.range.end));
  const v = new vscode.Diagnostic(range, d.message, toVsSeverity(d.severity));
  v.source = DIAGNOSTIC_SOURCE;
  v.code = { value: d.code, target: ruleDocsUri(extensionUri, d.code) };
  if (d.related?.length) {
    v.relatedInformation = d.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, new vscode.Range(document.positionAt(r.range.start), document.positionAt(r.range.end))), r.message),
    );
  }
  coreOf.set(v, d);
  return v;
}

/** The code of the one diagnostic a document that could not be analysed gets. */
export const NOT_ANALYSED_CODE = 'not-analysed';

/** "Prompt Cache Lens: not analysed: …" on the first line (no stack trace: the detail is in the log). */
export function notAnalysedDiagnostic(document: vscode.TextDocument, error: string): vscode.Diagnostic {
  const line = document.lineCount > 0 ? document.lineAt(0).range : new vscode.Range(0, 0, 0, 0);
  const d = new vscode.Diagnostic(line, `Prompt Cache Lens: ${error}. Details: Prompt Cache: Show Log.`, vscode.DiagnosticSeverity.Information);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = NOT_ANALYSED_CODE;
  return d;
}

let current: vscode.DiagnosticCollection | undefined;

/** The collection (for tests and the code action provider). */
export function diagnosticCollection(): vscode.DiagnosticCollection | undefined {
  return current;
}

export function registerDiagnostics(context: vscode.ExtensionContext, service: AnalysisService): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection('promptCache');
  current = collection;
  const publish = (document: vscode.TextDocument, diagnostics: CoreDiagnostic[]) => {
    if (document.isClosed) return;
    collection.set(document.uri, diagnostics.map((d) => toVsDiagnostic(document, d, context.extensionUri)));
  };
  context.subscriptions.push(
    collection,
    service.onDidAnalyze(({ document, analysis }) => publish(document, allDiagnostics(analysis))),
    service.onDidClear((uri) => collection.delete(uri)),
    // A document that could not be analysed (time limit, out of memory, worker crash) says so on its first line.
    service.onDidChangeState((uri) => {
      const st = service.getState(uri);
      if (st?.status !== 'failed') return;
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (document && !document.isClosed) collection.set(uri, [notAnalysedDiagnostic(document, st.error ?? 'not analysed')]);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
    { dispose: () => (current = undefined) },
  );
  // documents analyzed before registration
  for (const document of vscode.workspace.textDocuments) {
    const a = service.getVersionedAnalysis(document);
    if (a) publish(document, allDiagnostics(a));
  }
  return collection;
}
