// The supervised analysis worker in a real VS Code extension host (code-server + headless Chromium):
//  • a slow file beside a normal one: the normal one still gets its diagnostics promptly, while the slow one
//    runs; the slow one then exceeds the lowered time limit (promptCache.analysisTimeLimit) and is shown as
//    "not analysed: …" (a diagnostic, a notice) instead of holding anything up;
//  • the worker crashing in the middle of an analysis: a notice names the file, the file shows "not
//    analysed", and the extension keeps working (a later edit is analysed, other files too);
//  • a UTF-16 (BOM) request file is analysed like its UTF-8 copy.
// Slow and crashing analyses come from test-only hooks, registered only because the runner starts VS Code
// with PCL_TEST_HOOKS=1. Waits are event-driven (onDidChangeDiagnostics, the service's onDidAnalyze).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PromptCacheApi } from '../../src/extension/extension';

import { EXTENSION_ID } from './extensionId';
const HOOK = 'promptCache._testWorkerHook';
const KILL = 'promptCache._testKillWorker';

let api: PromptCacheApi;

function file(name: string): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return vscode.Uri.joinPath(f.uri, name);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Prompt Cache');
}

function notAnalysed(uri: vscode.Uri): vscode.Diagnostic | undefined {
  return ours(uri).find((d) => d.code === 'not-analysed');
}

/** Resolves when `check()` returns a value, re-checked on every `event`; rejects after `ms`. */
function waitFor<E, T>(event: vscode.Event<E>, check: () => T | undefined | false, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const first = check();
    if (first) return resolve(first);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const sub = event(() => {
      const v = check();
      if (v) {
        clearTimeout(timer);
        sub.dispose();
        resolve(v);
      }
    });
  });
}

async function write(name: string, content: string | Uint8Array): Promise<vscode.Uri> {
  const uri = file(name);
  await vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  return uri;
}

async function request(label: string): Promise<string> {
  // a request with findings (so its analysis shows as diagnostics), made unique per test
  const base = new TextDecoder().decode(await vscode.workspace.fs.readFile(file('anthropic-cache-mistakes.json')));
  const body = JSON.parse(base) as { system?: unknown };
  return JSON.stringify({ ...body, metadata: { user_id: label } }, null, 2);
}

describe('supervised analysis worker', function () {
  this.timeout(120_000);

  before(async () => {
    const ext = vscode.extensions.getExtension<PromptCacheApi>(EXTENSION_ID);
    assert.ok(ext);
    api = ext.isActive ? ext.exports : await ext.activate();
    assert.ok((await vscode.commands.getCommands(true)).includes(HOOK), 'test hooks are registered (PCL_TEST_HOOKS=1)');
  });

  afterEach(async () => {
    await vscode.workspace.getConfiguration('promptCache').update('analysisTimeLimit', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a slow file does not hold up a normal one; past the time limit it is shown as not analysed', async () => {
    await vscode.workspace.getConfiguration('promptCache').update('analysisTimeLimit', 9, vscode.ConfigurationTarget.Workspace);
    const slow = await write('supervisor-slow.json', await request('slow'));
    const normal = await write('supervisor-normal.json', await request('normal'));
    // the slow file's next analysis keeps its worker busy for 60 s (far past the 9 s limit)
    await vscode.commands.executeCommand(HOOK, slow.toString(), { delayMs: 60_000 });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(slow), { preview: false });
    await waitFor(api.service.onDidChangeState, () => api.service.getState(slow)?.status === 'pending', 10_000, 'the slow analysis to start');
    const t = Date.now();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(normal), { preview: false });
    await waitFor(vscode.languages.onDidChangeDiagnostics, () => ours(normal).length > 0, 30_000, 'diagnostics on the normal file');
    const normalMs = Date.now() - t;
    assert.equal(api.service.getState(slow)?.status, 'pending', 'the normal file was analysed while the slow one still ran');
    console.log(`normal file analysed ${normalMs} ms after opening, beside a slow one`);
    const d = await waitFor(vscode.languages.onDidChangeDiagnostics, () => notAnalysed(slow), 30_000, 'the slow file to be shown as not analysed');
    assert.match(d.message, /not analysed: the analysis took longer than 9 s/);
    assert.doesNotMatch(d.message, /\n\s+at /, 'no stack trace in the UI');
    assert.ok(Date.now() - t < 30_000);
    assert.ok(api.service.notices.some((n) => n.uri === slow.toString() && n.kind === 'timeout' && /supervisor-slow\.json was not analysed/.test(n.message)));
    // an edit is analysed again (no hook now): its diagnostics replace the "not analysed" one
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(slow), { preview: false });
    await editor.edit((e) => e.insert(new vscode.Position(0, 1), '\n'));
    await api.service.waitForAnalysis(slow, { minVersion: editor.document.version, timeoutMs: 30_000 });
    await waitFor(vscode.languages.onDidChangeDiagnostics, () => ours(slow).length > 0 && !notAnalysed(slow), 10_000, 'diagnostics after the edit');
  });

  it('the worker crashing mid-analysis: a notice names the file, and the extension keeps working', async () => {
    const victim = await write('supervisor-crash.json', await request('crash'));
    const other = await write('supervisor-other.json', await request('other'));
    await vscode.commands.executeCommand(HOOK, victim.toString(), { delayMs: 300, crash: 'exit' });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(victim), { preview: false });
    const d = await waitFor(vscode.languages.onDidChangeDiagnostics, () => notAnalysed(victim), 30_000, 'the crashed file to be shown as not analysed');
    assert.match(d.message, /not analysed: the analysis worker crashed while analyzing this file/);
    assert.equal(api.service.getState(victim)?.failure, 'crash');
    assert.ok(api.service.notices.some((n) => n.uri === victim.toString() && n.kind === 'crash' && /crashed on supervisor-crash\.json and was restarted/.test(n.message)));
    // a new worker takes the next requests: another file, and an edit of the crashed one
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(other), { preview: false });
    await waitFor(vscode.languages.onDidChangeDiagnostics, () => ours(other).length > 0, 30_000, 'diagnostics on another file after the crash');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(victim), { preview: false });
    await editor.edit((e) => e.insert(new vscode.Position(0, 1), '\n'));
    await api.service.waitForAnalysis(victim, { minVersion: editor.document.version, timeoutMs: 30_000 });
    await waitFor(vscode.languages.onDidChangeDiagnostics, () => ours(victim).length > 0 && !notAnalysed(victim), 10_000, 'diagnostics after the edit');
  });

  it('the worker killed from outside while it analyses: a notice, then the next edit is analysed', async () => {
    const victim = await write('supervisor-kill.json', await request('kill'));
    await vscode.commands.executeCommand(HOOK, victim.toString(), { delayMs: 30_000 });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(victim), { preview: false });
    await waitFor(api.service.onDidChangeState, () => api.service.getState(victim)?.status === 'pending', 10_000, 'the analysis to start');
    // kill it once the analysis is in the worker (a fresh worker may still be starting: ask again until it is)
    const deadline = Date.now() + 20_000;
    while (!(await vscode.commands.executeCommand<boolean>(KILL, victim.toString()))) {
      assert.ok(Date.now() < deadline, 'the analysis never reached a worker');
      await new Promise((r) => setTimeout(r, 50));
    }
    const d = await waitFor(vscode.languages.onDidChangeDiagnostics, () => notAnalysed(victim), 30_000, 'the killed file to be shown as not analysed');
    assert.match(d.message, /crashed while analyzing this file \(terminated by a test\)/);
    assert.ok(api.service.notices.some((n) => n.uri === victim.toString() && n.kind === 'crash'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(victim), { preview: false });
    await editor.edit((e) => e.insert(new vscode.Position(0, 1), '\n'));
    await api.service.waitForAnalysis(victim, { minVersion: editor.document.version, timeoutMs: 30_000 });
  });

  it('a UTF-16 LE file with a BOM is analysed like its UTF-8 copy', async () => {
    const text = await request('utf16');
    const utf8 = await write('supervisor-utf8.json', text);
    const utf16 = await write('supervisor-utf16.json', new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...text].flatMap((c) => { const u = c.codePointAt(0)!; return u > 0xffff ? [0xd800 + ((u - 0x10000) >> 10), 0xdc00 + ((u - 0x10000) & 0x3ff)] : [u]; })).buffer)]));
    const a = await vscode.workspace.openTextDocument(utf8);
    const b = await vscode.workspace.openTextDocument(utf16);
    assert.equal(b.getText(), a.getText(), 'VS Code decodes the BOM');
    await vscode.window.showTextDocument(b, { preview: false });
    const [x, y] = await Promise.all([api.service.analyzeNow(a), api.service.waitForAnalysis(utf16, { timeoutMs: 30_000 })]);
    assert.ok(x && y.isRequest);
    assert.equal(y.inputTokens, x.inputTokens);
  });
});
