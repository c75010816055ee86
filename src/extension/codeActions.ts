// Code actions for Prompt Cache diagnostics, grouped as vscode-eslint does: the rules' fixes as quick fixes
// (one WorkspaceEdit each, so one undo step), then once per rule "Fix all <rule> problems", "Disable <rule>
// for this line" (JSONC comment), "Disable <rule> for this file" (comment, or a `.promptcacheignore` line),
// "Show documentation for <rule>"; "Fix all Prompt Cache problems", `source.fixAll.promptCache` (for
// editor.codeActionsOnSave), and the
// "Add cache_control" refactoring on any cacheable block. The quick fixes come with the diagnostics of the
// analysis; the refactorings are asked of the analysis worker, which answers from the request model it built
// for that analysis (no second parse of the document on the extension host).
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import type { Analysis, Diagnostic as CoreDiagnostic, Fix, TextEdit } from '../core/types';
import * as fs from 'node:fs';
import { combineFixes, primaryFix } from '../core/fixes';
import { coreDiagnostic, DIAGNOSTIC_SOURCE, ruleDocsUri } from './diagnostics';
import { allDiagnostics } from './requestDiagnostics';

export const SHOW_RULE_DOCS_COMMAND = 'promptCache.showRuleDocs';
/** Internal: re-analyse a document after `.promptcacheignore` changed (run by "Disable … for this file"). */
export const REANALYZE_COMMAND = 'promptCache.reanalyzeAfterIgnore';
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('promptCache');
export const REFACTOR_KIND = vscode.CodeActionKind.RefactorRewrite.append('promptCache');

function workspaceEdit(document: vscode.TextDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(document.uri, new vscode.Range(document.positionAt(e.range.start), document.positionAt(e.range.end)), e.newText);
  return we;
}

function sameRange(document: vscode.TextDocument, vd: vscode.Diagnostic, d: CoreDiagnostic): boolean {
  return document.offsetAt(vd.range.start) === d.range.start && document.offsetAt(vd.range.end) === d.range.end;
}

export class PromptCacheCodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, REFACTOR_KIND, FIX_ALL_KIND];

  constructor(private readonly service: AnalysisService) {}

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token?: vscode.CancellationToken,
  ): vscode.CodeAction[] | Promise<vscode.CodeAction[]> {
    const analyzed = this.service.getVersionedAnalysis(document);
    if (!analyzed || token?.isCancellationRequested) return [];
    // every request's findings (a source file's calls, a JSONL file's lines), as published
    const analysis = analyzed.lines?.length ? { ...analyzed, diagnostics: allDiagnostics(analyzed) } : analyzed;
    const only = context.only;
    const wants = (kind: vscode.CodeActionKind) => !only || only.contains(kind);
    const out: vscode.CodeAction[] = [];

    if (wants(FIX_ALL_KIND) && only) {
      // source.fixAll is only produced on explicit request (save, "Fix All" command)
      const a = this.fixAll(document, analysis, FIX_ALL_KIND);
      if (a) out.push(a);
      return out;
    }

    if (wants(vscode.CodeActionKind.QuickFix)) {
      const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
      // As vscode-eslint: each diagnostic's fixes, then per rule (once, however many of its diagnostics
      // are under the cursor): fix all of this rule, disable for this line / this file, documentation.
      const byRule = new Map<string, vscode.Diagnostic[]>();
      for (const vd of ours) {
        const d = coreDiagnostic(vd) ?? analysis.diagnostics.find((x) => x.code === codeValue(vd) && sameRange(document, vd, x));
        for (const fix of d?.fixes ?? []) {
          if (fix.kind !== 'quickfix') continue;
          out.push(this.action(document, fix, vscode.CodeActionKind.QuickFix, [vd]));
        }
        const name = codeValue(vd);
        if (name) byRule.set(name, [...(byRule.get(name) ?? []), vd]);
      }
      for (const [name, vds] of byRule) {
        const ofRule = analysis.diagnostics.filter((d) => d.code === name && primaryFix(d));
        if (ofRule.length > 1) {
          const a = this.fixAll(document, { ...analysis, diagnostics: ofRule }, vscode.CodeActionKind.QuickFix, `Fix all ${name} problems`);
          if (a) out.push(a);
        }
        const line = this.disableLine(document, name, vds[0]);
        if (line) out.push(line);
        const file = this.disableFile(document, name, vds);
        if (file) out.push(file);
        const docs = new vscode.CodeAction(`Show documentation for ${name}`, vscode.CodeActionKind.QuickFix);
        docs.command = { command: SHOW_RULE_DOCS_COMMAND, title: docs.title, arguments: [name] };
        docs.diagnostics = vds;
        out.push(docs);
      }
      const fixable = analysis.diagnostics.filter((d) => d.fixes?.some((f) => f.kind === 'quickfix'));
      if (ours.length && fixable.length > 1 && new Set(fixable.map((d) => d.code)).size > 1) {
        const a = this.fixAll(document, analysis, vscode.CodeActionKind.QuickFix);
        if (a) out.push(a);
      }
    }

    if (wants(REFACTOR_KIND)) return this.withRefactorings(document, range, out, token);
    return out;
  }

  /** `out` plus the refactorings at the range's start, from the worker; a refactoring never breaks the lightbulb. */
  private async withRefactorings(
    document: vscode.TextDocument,
    range: vscode.Range,
    out: vscode.CodeAction[],
    token: vscode.CancellationToken | undefined,
  ): Promise<vscode.CodeAction[]> {
    const version = document.version;
    let fixes: Fix[] = [];
    let sub: vscode.Disposable | undefined;
    try {
      const request = this.service.refactorings(document, document.offsetAt(range.start));
      // A cancelled request (the cursor moved on) stops waiting for the worker at once.
      const cancelled = new Promise<Fix[]>((resolve) => {
        sub = token?.onCancellationRequested(() => resolve([]));
      });
      fixes = await Promise.race([request, cancelled]);
    } catch {
      /* the service never rejects; belt and braces */
    } finally {
      sub?.dispose();
    }
    if (token?.isCancellationRequested) return [];
    // Every edit above is in offsets of `version`: after a change none of them is right any more.
    if (document.isClosed || document.version !== version) return [];
    for (const fix of fixes) out.push(this.action(document, fix, REFACTOR_KIND));
    return out;
  }

  private action(document: vscode.TextDocument, fix: Fix, kind: vscode.CodeActionKind, diagnostics?: vscode.Diagnostic[]): vscode.CodeAction {
    const a = new vscode.CodeAction(fix.title, kind);
    a.edit = workspaceEdit(document, fix.edits);
    if (diagnostics) a.diagnostics = diagnostics;
    if (fix.isPreferred) a.isPreferred = true;
    return a;
  }

  private fixAll(document: vscode.TextDocument, analysis: Analysis, kind: vscode.CodeActionKind, title = 'Fix all Prompt Cache problems'): vscode.CodeAction | undefined {
    const { edits, applied } = combineFixes(analysis.diagnostics);
    if (!edits.length) return undefined;
    const a = new vscode.CodeAction(`${title} (${applied.length})`, kind);
    a.edit = workspaceEdit(document, edits);
    return a;
  }

  /** "Disable <rule> for this line": a `// prompt-cache-disable-next-line` comment, where comments are allowed (JSONC). */
  private disableLine(document: vscode.TextDocument, name: string, vd: vscode.Diagnostic): vscode.CodeAction | undefined {
    if (!commentsAllowed(document)) return undefined;
    const line = document.lineAt(vd.range.start.line);
    const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
    const a = new vscode.CodeAction(`Disable ${name} for this line`, vscode.CodeActionKind.QuickFix);
    a.edit = new vscode.WorkspaceEdit();
    a.edit.insert(document.uri, line.range.start, `${indent}// prompt-cache-disable-next-line ${name}${eol(document)}`);
    a.diagnostics = [vd];
    return a;
  }

  /**
   * "Disable <rule> for this file": a `// prompt-cache-disable-file` comment at the top of a JSONC file, else
   * a line in the workspace folder's `.promptcacheignore` (plain JSON stays valid JSON for the API).
   */
  private disableFile(document: vscode.TextDocument, name: string, vds: vscode.Diagnostic[]): vscode.CodeAction | undefined {
    const a = new vscode.CodeAction(`Disable ${name} for this file`, vscode.CodeActionKind.QuickFix);
    a.diagnostics = vds;
    a.edit = new vscode.WorkspaceEdit();
    if (commentsAllowed(document)) {
      a.edit.insert(document.uri, new vscode.Position(0, 0), `// prompt-cache-disable-file ${name}${eol(document)}`);
      return a;
    }
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder || folder.uri.scheme !== 'file') return undefined;
    const rel = vscode.workspace.asRelativePath(document.uri, false).replace(/\\/g, '/');
    const ignore = vscode.Uri.joinPath(folder.uri, '.promptcacheignore');
    const entry = `/${rel.replace(/\s/g, '?')} ${name}\n`;
    let existing: string | undefined;
    try {
      existing = fs.readFileSync(ignore.fsPath, 'utf8');
    } catch {
      existing = undefined;
    }
    if (existing === undefined) {
      // No `contents` on createFile: a code action's edit crosses to the workbench, which cannot revive it.
      a.edit.createFile(ignore, { ignoreIfExists: true });
      a.edit.insert(ignore, new vscode.Position(0, 0), `# Prompt Cache: rules silenced per file or folder (GLOB [rule ...])\n${entry}`);
    }
    else {
      const lines = existing.split('\n');
      const end = new vscode.Position(lines.length - 1, lines[lines.length - 1].length);
      a.edit.insert(ignore, end, `${existing.length && !existing.endsWith('\n') ? '\n' : ''}${entry}`);
    }
    a.command = { command: REANALYZE_COMMAND, title: 'Re-analyze', arguments: [document.uri, ignore] };
    return a;
  }
}

/** JSONC documents take `//` comments (the engine honours prompt-cache-disable comments in them). */
function commentsAllowed(document: vscode.TextDocument): boolean {
  return document.languageId === 'jsonc' || /\.jsonc$/i.test(document.uri.path);
}

function eol(document: vscode.TextDocument): string {
  return document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
}

function codeValue(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

export async function showRuleDocs(extensionUri: vscode.Uri, name: string): Promise<void> {
  const uri = ruleDocsUri(extensionUri, name);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(uri, { preview: true });
  }
}

export function registerCodeActions(context: vscode.ExtensionContext, service: AnalysisService): void {
  const selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }, { scheme: 'vscode-vfs' }, { scheme: 'memfs' }];
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(selector, new PromptCacheCodeActions(service), {
      providedCodeActionKinds: PromptCacheCodeActions.providedCodeActionKinds,
      documentation: [{ kind: vscode.CodeActionKind.QuickFix, command: { command: SHOW_RULE_DOCS_COMMAND, title: 'Prompt Cache rule documentation', arguments: ['README'] } }],
    }),
    vscode.commands.registerCommand(REANALYZE_COMMAND, async (uri: vscode.Uri, ignore: vscode.Uri) => {
      // The edit may have gone into an open buffer of .promptcacheignore: save it, the engine reads the disk.
      const ig = vscode.workspace.textDocuments.find((d) => d.uri.toString() === ignore?.toString());
      if (ig?.isDirty) await ig.save();
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri?.toString());
      if (doc) await service.analyzeNow(doc);
    }),
    vscode.commands.registerCommand(SHOW_RULE_DOCS_COMMAND, (name?: string) => showRuleDocs(context.extensionUri, typeof name === 'string' && name ? name : 'README')),
  );
}
