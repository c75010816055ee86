// Rules in the real extension host: a diagnostic appears for a fixture request, its quick fix is applied
// through the code action API, the diagnostic goes away, and one undo restores the file (and the
// diagnostic). Event-driven: waits on languages.onDidChangeDiagnostics, never a fixed sleep.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const RULE = 'invalid-breakpoint-target';

function ours(uri: vscode.Uri, rule = RULE): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Prompt Cache' && typeof d.code === 'object' && d.code.value === rule);
}

function waitForDiagnostics(uri: vscode.Uri, check: (ds: vscode.Diagnostic[]) => boolean, what: string, ms = 30_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const now = ours(uri);
    if (check(now)) return resolve(now);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}; have: ${JSON.stringify(ours(uri).map((d) => d.message))}`));
    }, ms);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const ds = ours(uri);
      if (check(ds)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(ds);
      }
    });
  });
}

const handbook = 'The handbook section explains how agents answer customers politely and precisely. '.repeat(150);
const FIXTURE =
  JSON.stringify(
    {
      model: 'claude-sonnet-4-5',
      max_tokens: 512,
      system: [{ type: 'text', text: handbook, cache_control: { type: 'ephemeral', ttl: '60m' } }],
      messages: [{ role: 'user', content: 'What is the refund window?' }],
    },
    null,
    2,
  ) + '\n';

describe('rules: diagnostics and quick fixes', () => {
  let uri: vscode.Uri;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    uri = vscode.Uri.joinPath(folder.uri, 'rules-fixture.json');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(FIXTURE, 'utf8'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    try {
      await vscode.workspace.fs.delete(uri);
    } catch {
      /* already gone */
    }
  });

  it('reports the rule on the exact characters, with source, code and docs link', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const [d] = await waitForDiagnostics(uri, (ds) => ds.length === 1, `a ${RULE} diagnostic`);
    assert.equal(doc.getText(d.range), '"60m"');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    const code = d.code as { value: string; target: vscode.Uri };
    assert.match(code.target.path, /docs\/rules\/invalid-breakpoint-target\.md$/);
  });

  it('offers the fix, "show documentation" and the refactoring through the code action API', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const [d] = ours(uri);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Use "ttl": "1h"'), titles.join(' | '));
    assert.ok(titles.includes(`Show documentation for ${RULE}`), titles.join(' | '));
    const at = doc.positionAt(doc.getText().indexOf('What is the refund'));
    const refactors = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(at, at), vscode.CodeActionKind.Refactor.value)) ?? [];
    assert.ok(refactors.some((a) => /^Add cache_control to user message 1/.test(a.title)), refactors.map((a) => a.title).join(' | '));
  });

  it('applying the quick fix removes the diagnostic; one undo brings both back', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const [d] = ours(uri);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const fix = actions.find((a) => a.title === 'Use "ttl": "1h"');
    assert.ok(fix?.edit, 'quick fix without an edit');
    assert.equal(fix!.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix!.edit!));
    assert.match(doc.getText(), /"ttl": "1h"/);
    await waitForDiagnostics(uri, (ds) => ds.length === 0, 'the diagnostic to go away');

    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString());
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), FIXTURE, 'one undo did not restore the file');
    await waitForDiagnostics(uri, (ds) => ds.length === 1, 'the diagnostic to come back after undo');
  });

  it('source.fixAll.promptCache fixes the file in one edit', async () => {
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.promptCache')) ?? [];
    const all = actions.find((a) => a.kind?.value === 'source.fixAll.promptCache');
    assert.ok(all?.edit, actions.map((a) => `${a.kind?.value}:${a.title}`).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(all!.edit!));
    await waitForDiagnostics(uri, (ds) => ds.length === 0, 'no diagnostics after fix all');
  });
});
