// The panel's trace section in the real extension host: opening a trace file (examples/traces/
// support-session.jsonl: 10 calls with usage, one TTL miss, one tools-reordered miss) shows every call with
// its predicted and billed read, and a click on a row (delivered through the test hook, as the webview
// sends it) reveals the call's line. Waits are condition-based, never fixed sleeps.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { EXTENSION_ID } from './extensionId';
const TEST_STATE = 'promptCache.costPanel._testState';
const TEST_RECEIVE = 'promptCache.costPanel._testReceive';

interface TraceState {
  trace?: { type: 'trace'; seq: number; trace?: { uri: string; running: boolean; rows: { line: number; kind: string; predictedRead: number; billedRead?: number; agrees?: boolean; providerReason?: string }[]; totals: { calls: number; agreeing: number; billedCalls: number; lostUsd: number } } };
  ready: boolean;
}

async function until<T>(what: string, check: (s: TraceState) => T | undefined | false, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = (await vscode.commands.executeCommand<TraceState>(TEST_STATE))!;
    const v = check(s);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; trace: ${JSON.stringify(s.trace)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('trace section', function () {
  this.timeout(120_000);

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists the calls of an open trace with predicted and billed reads, and reveals a call\'s line', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const [file] = await vscode.workspace.findFiles('**/traces/support-session.jsonl');
    assert.ok(file, 'the workspace (a copy of examples/) holds traces/support-session.jsonl');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc, { preview: false });
    await ext.activate();
    await vscode.commands.executeCommand('promptCache.costPanel.focus');
    const t = await until('the trace section to finish', (s) => (s.trace?.trace && s.trace.trace.uri === file.toString() && !s.trace.trace.running ? s.trace.trace : undefined));
    assert.equal(t.totals.calls, 10);
    assert.equal(t.totals.billedCalls, 10);
    assert.equal(t.totals.agreeing, 10);
    assert.ok(t.totals.lostUsd > 0);
    assert.deepEqual(t.rows.map((r) => r.kind), ['first', 'hit', 'hit', 'hit', 'ttl-expired', 'hit', 'prefix-changed', 'hit', 'hit', 'hit']);
    assert.equal(t.rows[6].providerReason, 'anthropic tools_changed');
    assert.ok(t.rows[1].predictedRead > 0 && (t.rows[1].billedRead ?? 0) > 0);

    // A click on the 7th call's row: the editor moves to its line.
    await vscode.window.showTextDocument(doc, { preview: false, selection: new vscode.Range(0, 0, 0, 0) });
    await vscode.commands.executeCommand(TEST_RECEIVE, { type: 'revealLine', uri: file.toString(), line: t.rows[6].line });
    const deadline = Date.now() + 20_000;
    while (vscode.window.activeTextEditor?.selection.active.line !== 6) {
      if (Date.now() > deadline) throw new Error(`the editor did not move to line 7 (at ${vscode.window.activeTextEditor?.selection.active.line})`);
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), file.toString());

    // Another file that is not a trace hides the section.
    const [plain] = (await vscode.workspace.findFiles('*.json')).sort((a, b) => a.path.localeCompare(b.path));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(plain), { preview: false });
    await until('the section to hide for a request file', (s) => (s.trace && !s.trace.trace ? true : undefined));
  });
});
