// A scripted LSP client over stdio for the language server tests and the bench: spawns
// `node dist/cli.js lsp --stdio` (or dist/server.js), speaks JSON-RPC through vscode-jsonrpc, keeps its own
// copy of every open document (incremental changes applied with vscode-languageserver-textdocument), answers
// the server's requests (workspace/configuration, workspace/applyEdit, progress creation) and records every
// publishDiagnostics.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, CancellationTokenSource, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, PublishDiagnosticsParams, TextEdit, WorkspaceEdit, Range } from 'vscode-languageserver/node';

export const ROOT = resolve(__dirname, '..', '..');

export interface ClientOptions {
  /** The command line (default: node dist/cli.js lsp --stdio). */
  args?: string[];
  /** What workspace/configuration answers for section "promptCache". */
  settings?: Record<string, unknown>;
  /** Declare pull-diagnostics support. */
  pull?: boolean;
  initializationOptions?: Record<string, unknown>;
  /** Declare code lens support (default true; Helix and Zed have none). */
  codeLens?: boolean;
  /** Extra client capabilities merged into the defaults. */
  capabilities?: Record<string, unknown>;
}

export class LspTestClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly docs = new Map<string, TextDocument>();
  /** Every publishDiagnostics, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly appliedEdits: WorkspaceEdit[] = [];
  settings: Record<string, unknown>;
  stderr = '';
  private waiters: { test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private notificationWaiters: { method: string; test: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];

  constructor(private readonly opts: ClientOptions = {}) {
    const cli = join(ROOT, 'dist', 'cli.js');
    if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
    this.settings = opts.settings ?? {};
    this.proc = spawn(process.execPath, opts.args ?? [cli, 'lsp', '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    this.conn.onNotification((method: string, p: unknown) => {
      this.notificationWaiters = this.notificationWaiters.filter((w) => {
        if (w.method !== method || !w.test(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'promptCache' ? this.settings : null)));
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/diagnostic/refresh', () => null);
    this.conn.onRequest('window/showDocument', () => ({ success: true }));
    this.conn.onRequest('workspace/applyEdit', (p: { edit: WorkspaceEdit }) => {
      this.appliedEdits.push(p.edit);
      this.applyWorkspaceEdit(p.edit);
      return { applied: true };
    });
    this.conn.listen();
  }

  async initialize(): Promise<Record<string, unknown>> {
    const capabilities = {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] }, applyEdit: true, diagnostics: { refreshSupport: true } },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } },
        ...(this.opts.codeLens === false ? {} : { codeLens: {} }),
        inlayHint: {},
        ...(this.opts.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
      },
      window: { workDoneProgress: true, showDocument: { support: true } },
      ...(this.opts.capabilities ?? {}),
    };
    const r = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(ROOT).href,
      workspaceFolders: [{ uri: pathToFileURL(ROOT).href, name: 'root' }],
      capabilities,
      initializationOptions: this.opts.initializationOptions,
    });
    await this.conn.sendNotification('initialized', {});
    return r as Record<string, unknown>;
  }

  uriOf(relPath: string): string {
    return pathToFileURL(join(ROOT, relPath)).href;
  }

  /** Open a document (text from the file unless given). */
  open(relPathOrUri: string, text?: string, languageId = 'json'): TextDocument {
    const uri = relPathOrUri.includes('://') ? relPathOrUri : this.uriOf(relPathOrUri);
    const t = text ?? readFileSync(join(ROOT, relPathOrUri), 'utf8');
    const doc = TextDocument.create(uri, languageId, 1, t);
    this.docs.set(uri, doc);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: t } });
    return doc;
  }

  /** Apply incremental changes to our copy and send them. */
  change(uri: string, changes: { range: Range; text: string }[]): TextDocument {
    const doc = this.docs.get(uri)!;
    const next = TextDocument.update(doc, changes, doc.version + 1);
    this.docs.set(uri, next);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: next.version }, contentChanges: changes });
    return next;
  }

  close(uri: string): void {
    this.docs.delete(uri);
    // forget what was published for it: a reopened document starts again at version 1
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i].uri === uri) this.published.splice(i, 1);
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Apply a WorkspaceEdit's edits to our open documents (as an editor would) and send them as changes. */
  applyWorkspaceEdit(edit: WorkspaceEdit): void {
    const perDoc = new Map<string, TextEdit[]>();
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) perDoc.set(uri, edits);
    for (const dc of edit.documentChanges ?? []) if ('textDocument' in dc) perDoc.set(dc.textDocument.uri, [...(perDoc.get(dc.textDocument.uri) ?? []), ...(dc.edits as TextEdit[])]);
    for (const [uri, edits] of perDoc) {
      const doc = this.docs.get(uri);
      if (!doc) continue;
      // Later edits first, so earlier ranges stay valid (the edits of one fix are disjoint).
      const sorted = [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start));
      let cur = doc;
      const changes: { range: Range; text: string }[] = [];
      for (const e of sorted) changes.push({ range: e.range, text: e.newText });
      cur = TextDocument.update(cur, changes, doc.version + 1);
      this.docs.set(uri, cur);
      void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: cur.version }, contentChanges: changes });
    }
  }

  /** The next (or an already received) publishDiagnostics for `uri` at `version` (or later). */
  diagnostics(uri: string, version?: number, timeoutMs = 30_000): Promise<Diagnostic[]> {
    const ok = (p: PublishDiagnosticsParams) => p.uri === uri && (version === undefined || (p.version ?? -1) >= version);
    const seen = [...this.published].reverse().find(ok);
    if (seen) return Promise.resolve(seen.diagnostics);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms; stderr: ${this.stderr.slice(-2000)}`)), timeoutMs);
      this.waiters.push({ test: ok, resolve: (p) => (clearTimeout(timer), resolve(p.diagnostics)) });
    });
  }

  notification<T>(method: string, test: (p: T) => boolean, timeoutMs = 30_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
      this.notificationWaiters.push({ method, test: test as (p: unknown) => boolean, resolve: (p) => (clearTimeout(timer), resolve(p as T)) });
    });
  }

  request<T>(method: string, params: unknown, token?: CancellationTokenSource): Promise<T> {
    return token ? this.conn.sendRequest(method, params, token.token) : this.conn.sendRequest(method, params);
  }

  async shutdown(): Promise<number | null> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      void this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    const exited = new Promise<number | null>((r) => {
      if (this.proc.exitCode !== null) r(this.proc.exitCode);
      else this.proc.once('exit', (c) => r(c));
    });
    const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
    if (this.proc.exitCode === null) this.proc.kill();
    this.conn.dispose();
    return code;
  }
}


export { CancellationTokenSource };
