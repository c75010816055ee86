// Smoke test in the real extension host: the extension is there, activates on a request file from
// examples/, and analyses it (puts its diagnostics on at least one example). The workspace is a
// throwaway copy of examples/ made by the runner.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { EXTENSION_ID } from './extensionId';

/** The one piece of the extension's API (src/extension/extension.ts `PromptCacheApi`) this test uses. */
interface AnalysisWaiter {
  waitForAnalysis(uri: vscode.Uri, opts: { timeoutMs?: number }): Promise<unknown>;
}

/** Resolves once `check()` is true, re-checking on every `event`; rejects after `ms`. No fixed sleeps. */
function waitFor<T>(event: vscode.Event<T> | undefined, check: () => boolean, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const subs: vscode.Disposable[] = [];
    const done = (err?: Error) => {
      clearTimeout(timer);
      clearInterval(poll);
      subs.forEach((s) => s.dispose());
      err ? reject(err) : resolve();
    };
    const timer = setTimeout(() => done(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    // activation has no event: fall back to a cheap poll for conditions without one
    const poll = setInterval(() => check() && done(), event ? 1000 : 100);
    if (event) subs.push(event(() => check() && done()));
  });
}

async function exampleRequests(): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles('**/*.json', '**/node_modules/**');
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  // the built-in JSON language service reports with source "json"; anything else on these files is ours
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source !== undefined && d.source !== 'json');
}

describe('smoke', () => {
  it('the extension is installed', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} not found`);
  });

  it('activates when a JSON request file from examples/ is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const files = await exampleRequests();
    assert.ok(files.length > 0, 'no *.json request files in the workspace (a copy of examples/)');
    const doc = await vscode.workspace.openTextDocument(files[0]);
    await vscode.window.showTextDocument(doc);
    await waitFor(undefined, () => ext.isActive, 30_000, `${EXTENSION_ID} to activate`);
    assert.equal(ext.isActive, true);
  });

  it('analyses an example request', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const [uri] = await exampleRequests();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    if (!ext.isActive) await ext.activate();
    // the extension's API (what activate() returns) says when an analysis is published: no sleeps
    const service = (ext.exports as { service?: AnalysisWaiter } | undefined)?.service;
    if (typeof service?.waitForAnalysis === 'function') {
      const analysis = await service.waitForAnalysis(uri, { timeoutMs: 30_000 });
      assert.ok(analysis && typeof analysis === 'object', `no analysis published for ${uri.path}`);
      return;
    }
    // without that API: the analysis shows as diagnostics on at least one example
    const files = await exampleRequests();
    for (const f of files) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(f), { preview: false });
    const withFindings = () => files.filter((f) => ourDiagnostics(f).length > 0);
    await waitFor(vscode.languages.onDidChangeDiagnostics, () => withFindings().length > 0, 30_000, 'diagnostics on an example');
  });

  it('a diagnostic\'s code link opens its rule page inside the installed extension', async () => {
    const [uri] = (await vscode.workspace.findFiles('**/timestamp-before-breakpoint.json')).sort();
    assert.ok(uri, 'timestamp-before-breakpoint.json not in the workspace');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    await waitFor(vscode.languages.onDidChangeDiagnostics, () => ourDiagnostics(uri).length > 0, 30_000, 'a diagnostic on timestamp-before-breakpoint.json');
    const [d] = ourDiagnostics(uri);
    const target = (d.code as { value: string; target: vscode.Uri }).target;
    assert.equal(String((d.code as { value: string }).value), 'volatile-in-prefix');
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.ok(target.path.startsWith(ext.extensionUri.path), `${target.toString()} is not inside ${ext.extensionUri.toString()}`);
    const page = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(page, /^# volatile-in-prefix/m);
    // "Show documentation for <rule>" opens the same page.
    await vscode.commands.executeCommand('promptCache.showRuleDocs', 'volatile-in-prefix');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
