// "Prompt Cache: Compare with…": compare the active request with another file, the clipboard, the previous
// line of a JSONL trace, or the file as it is in git HEAD (the built-in git extension's API, else `git show`).
// Opens a diff view on the divergence with both sides highlighted and a notification with the figures.
// The engine computes everything (src/core/compare); this file only picks the sources and presents.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compareRequests, type CompareSide, type Comparison, type SideRange } from '../core/compare';
import { fmtInt } from '../core/format';

export const COMPARE_COMMAND = 'promptCache.compareWith';
const SCHEME = 'promptcache-compare';

/** What to compare with; the command's second argument (tests and keybindings), else a quick pick. */
export type CompareSource = 'file' | 'clipboard' | 'previousLine' | 'gitHead' | { kind: 'file'; uri: vscode.Uri } | { kind: 'text'; text: string; label?: string };

interface GitRepository {
  rootUri: vscode.Uri;
  show(ref: string, path: string): Promise<string>;
}
interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
  repositories: GitRepository[];
}

/** Texts shown on the left of the diff, by URI. */
class CompareContent implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
  dispose(): void {
    this.changed.dispose();
  }
}

async function gitHeadText(uri: vscode.Uri): Promise<string> {
  const ext = vscode.extensions.getExtension<{ getAPI(v: 1): GitApi }>('vscode.git');
  if (ext) {
    try {
      const api = (ext.isActive ? ext.exports : await ext.activate()).getAPI(1);
      let repo = api.getRepository(uri);
      // A repository created after the git extension scanned the folder: wait a little for it to appear.
      for (let i = 0; !repo && i < 20; i++) {
        await new Promise((r) => setTimeout(r, 100));
        repo = api.getRepository(uri);
      }
      if (repo) return await repo.show('HEAD', uri.fsPath);
    } catch {
      // fall through to the git command line
    }
  }
  return new Promise((resolve, reject) => {
    const dir = path.dirname(uri.fsPath);
    execFile('git', ['-C', dir, 'show', `HEAD:./${path.basename(uri.fsPath)}`], { maxBuffer: 64 * 1024 * 1024 }, (err, out) => (err ? reject(new Error(`git show HEAD failed: ${err.message}`)) : resolve(out)));
  });
}

/** The request line at or before `line` (0-based) and the request line before it, 1-based; undefined when there is none. */
function previousLines(doc: vscode.TextDocument, line: number): [number, number] | undefined {
  const isReq = (i: number) => doc.lineAt(i).text.trim().startsWith('{');
  let cur = line;
  while (cur >= 0 && !isReq(cur)) cur--;
  let prev = cur - 1;
  while (prev >= 0 && !isReq(prev)) prev--;
  return cur >= 0 && prev >= 0 ? [prev + 1, cur + 1] : undefined;
}

interface Picked {
  other: CompareSide;
  label: string;
  /** The current document's side (a JSONL line for previousLine). */
  line?: number;
}

async function pickSource(doc: vscode.TextDocument, source: CompareSource | undefined, cursorLine: number): Promise<Picked | undefined> {
  let s = source;
  if (!s) {
    const items: (vscode.QuickPickItem & { value: CompareSource })[] = [
      { label: '$(file) Another file…', value: 'file' },
      { label: '$(clippy) The clipboard', value: 'clipboard' },
      ...(doc.fileName.endsWith('.jsonl') ? [{ label: '$(arrow-up) The previous line of this trace', value: 'previousLine' as const }] : []),
      { label: '$(git-commit) The file in git HEAD', value: 'gitHead' },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: 'Prompt Cache: Compare with…', placeHolder: 'Which request was sent first?' });
    if (!pick) return undefined;
    s = pick.value;
  }
  const fileName = doc.fileName;
  if (typeof s === 'object') {
    if (s.kind === 'text') return { other: { text: s.text, fileName }, label: s.label ?? 'text' };
    const bytes = await vscode.workspace.fs.readFile(s.uri);
    return { other: { text: new TextDecoder().decode(bytes), fileName: s.uri.fsPath }, label: path.basename(s.uri.fsPath) };
  }
  switch (s) {
    case 'file': {
      const uris = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Compare', filters: { Requests: ['json', 'jsonc', 'jsonl'] } });
      return uris?.[0] ? pickSource(doc, { kind: 'file', uri: uris[0] }, cursorLine) : undefined;
    }
    case 'clipboard':
      return { other: { text: await vscode.env.clipboard.readText(), fileName }, label: 'clipboard' };
    case 'previousLine': {
      const lines = previousLines(doc, cursorLine);
      if (!lines) throw new Error('no request line before this one in the trace');
      return { other: { text: doc.getText(), fileName, line: lines[0] }, label: `line ${lines[0]}`, line: lines[1] };
    }
    case 'gitHead':
      return { other: { text: await gitHeadText(doc.uri), fileName }, label: 'HEAD' };
  }
}

export function summarize(c: Comparison): string {
  if (c.category === 'not-comparable') return `Prompt Cache: cannot compare: ${c.problems.join(' ')}`;
  const where = c.firstDifference ? ` First difference: ${c.firstDifference.unit}, ${fmtInt(c.sharedPrefixTokens)} tokens in.` : '';
  return `Prompt Cache: ${c.category}: reads ${fmtInt(c.cachedTokensOnSecond)} of ${fmtInt(c.inputTokens.b)} tokens from cache (unchanged: ${fmtInt(c.cachedTokensIfUnchanged)}).${where}`;
}

/** Both editors of the diff view, once they are visible (at most ~2 s after the diff opened). */
function diffEditors(left: vscode.Uri, right: vscode.Uri): Promise<[vscode.TextEditor | undefined, vscode.TextEditor | undefined]> {
  const find = (): [vscode.TextEditor | undefined, vscode.TextEditor | undefined] => {
    const eds = vscode.window.visibleTextEditors;
    return [eds.find((e) => e.document.uri.toString() === left.toString()), eds.find((e) => e.document.uri.toString() === right.toString())];
  };
  return new Promise((resolve) => {
    const now = find();
    if (now[0] && now[1]) return resolve(now);
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(find());
    }, 2000);
    const sub = vscode.window.onDidChangeVisibleTextEditors(() => {
      const f = find();
      if (f[0] && f[1]) {
        clearTimeout(timer);
        sub.dispose();
        resolve(f);
      }
    });
  });
}

const toRange = (r: SideRange) => new vscode.Range(r.startPos.line, r.startPos.character, r.endPos.line, r.endPos.character);

export function registerCompare(context: vscode.ExtensionContext): void {
  const content = new CompareContent();
  const highlight = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
    border: '1px solid',
    borderColor: new vscode.ThemeColor('editorWarning.foreground'),
  });
  let n = 0;
  context.subscriptions.push(
    content,
    highlight,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, content),
    vscode.commands.registerCommand(COMPARE_COMMAND, async (uri?: vscode.Uri, source?: CompareSource): Promise<Comparison | undefined> => {
      const editor = vscode.window.activeTextEditor;
      const target = uri instanceof vscode.Uri ? uri : editor?.document.uri;
      if (!target) {
        void vscode.window.showWarningMessage('Prompt Cache: open a request file to compare.');
        return undefined;
      }
      const doc = await vscode.workspace.openTextDocument(target);
      let picked: Picked | undefined;
      try {
        picked = await pickSource(doc, source, editor?.document === doc ? editor.selection.active.line : doc.lineCount - 1);
      } catch (err) {
        void vscode.window.showErrorMessage(`Prompt Cache: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
      if (!picked) return undefined;
      const current: CompareSide = { text: doc.getText(), fileName: doc.fileName, line: picked.line };
      const c = compareRequests(picked.other, current);
      const left = vscode.Uri.from({ scheme: SCHEME, path: `/${++n}/${path.basename(doc.fileName)}`, query: picked.label });
      content.set(left, picked.other.text);
      const title = `${path.basename(doc.fileName)} (${picked.label} ↔ current): ${c.category}`;
      await vscode.commands.executeCommand('vscode.diff', left, doc.uri, title, { preview: false });
      const d = c.firstDifference;
      if (d) {
        const reveal = (ed: vscode.TextEditor, r: SideRange) => {
          const range = toRange(r);
          ed.setDecorations(highlight, [range]);
          ed.selection = new vscode.Selection(range.start, range.end);
          ed.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        };
        const [l, r] = await diffEditors(left, doc.uri);
        if (l) reveal(l, d.range.a);
        if (r) reveal(r, d.range.b);
      }
      void vscode.window.showInformationMessage(summarize(c));
      return c;
    }),
  );
}
