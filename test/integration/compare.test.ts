// "Prompt Cache: Compare with…" in a real extension host: against git HEAD after an edit (the workspace's
// compare/ folder made a git repository), and against the previous line of a JSONL trace. The source is
// passed as the command's argument, so no quick pick is needed. Waits are event-driven.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Comparison } from '../../src/core/compare';

function folder(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return f.uri.fsPath;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=t@x', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'ignore' });
}

/** The active tab's diff input, once it is the one whose modified side is `uri`. */
function activeDiff(uri: vscode.Uri): vscode.TabInputTextDiff | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputTextDiff && input.modified.toString() === uri.toString() ? input : undefined;
}

describe('compare: Compare with…', function () {
  this.timeout(120_000);

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('against git HEAD after an edit: a diff view whose both sides land on the divergence', async () => {
    const dir = path.join(folder(), 'compare');
    const file = path.join(dir, 'system-one-char-a.json');
    assert.ok(fs.existsSync(file), 'the workspace copy of examples/ has compare/system-one-char-a.json');
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'examples');
    const uri = vscode.Uri.file(file);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const at = doc.getText().indexOf('within 30 days') + 'within 3'.length;
    assert.ok(at > 100);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 1)), '1');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await doc.save();

    const c = await vscode.commands.executeCommand<Comparison>('promptCache.compareWith', uri, 'gitHead');
    assert.ok(c, 'the command returned no comparison');
    assert.equal(c.category, 'system-changed');
    assert.equal(c.sharedPrefixTokens, 1024);
    assert.equal(c.firstDifference?.range.a.text, '0');
    assert.equal(c.firstDifference?.range.b.text, '1');
    const diff = activeDiff(uri);
    assert.ok(diff, `the active tab is not the diff of ${uri.fsPath}: ${vscode.window.tabGroups.activeTabGroup.activeTab?.label}`);
    assert.equal(diff.original.scheme, 'promptcache-compare');
    const pos = doc.positionAt(at);
    const right = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const left = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === diff.original.toString());
    assert.ok(right && left, 'both sides of the diff are visible');
    for (const ed of [left, right]) {
      assert.deepEqual([ed.selection.start.line, ed.selection.start.character, ed.selection.end.character], [pos.line, pos.character, pos.character + 1], ed.document.uri.toString());
      assert.ok(ed.visibleRanges.some((r) => r.start.line <= pos.line && pos.line <= r.end.line), `line ${pos.line + 1} is not visible in ${ed.document.uri.toString()}`);
    }
    assert.equal(left.document.getText().slice(at, at + 1), '0', 'the left side is the file as committed');
  });

  it('against the previous line of a JSONL trace', async () => {
    const sys = 'You are a careful assistant. '.repeat(300);
    const line = (u: string) => JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: sys }, { role: 'user', content: u }] });
    const file = path.join(folder(), 'compare', 'trace.jsonl');
    fs.writeFileSync(file, `${line('first question')}\n${line('second question')}\n`);
    const uri = vscode.Uri.file(file);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const c = await vscode.commands.executeCommand<Comparison>('promptCache.compareWith', uri, 'previousLine');
    assert.ok(c);
    assert.equal(c.category, 'history-rewritten');
    assert.equal(c.firstDifference?.range.b.startPos.line, 1);
    assert.equal(c.firstDifference?.range.a.startPos.line, 0);
    assert.ok(c.cachedTokensOnSecond >= 1024, String(c.cachedTokensOnSecond));
  });

  it('the cost panel shows the next turn line for the request', async () => {
    const VIEW_ID = 'promptCache.costPanel';
    const uri = vscode.Uri.file(path.join(folder(), 'anthropic-long-conversation.json'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    const deadline = Date.now() + 30_000;
    type State = { lastMessage?: { type: string; uri?: string; summary?: string; hits?: boolean } };
    let last: State | undefined;
    for (;;) {
      last = await vscode.commands.executeCommand<State>('promptCache.costPanel._testState');
      const m = last?.lastMessage;
      if (m?.type === 'nextTurn' && m.uri === uri.toString()) {
        assert.equal(m.hits, true);
        assert.match(m.summary ?? '', /^Next turn: reads 4,375 of 4,411 tokens from cache: the breakpoints still hit\.$/);
        break;
      }
      if (Date.now() > deadline) throw new Error(`no nextTurn message for ${uri.fsPath}; last: ${JSON.stringify(last?.lastMessage)?.slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});
