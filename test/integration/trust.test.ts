// Issue 11 in the real extension host: one timestamp and one session id in a system block give ONE
// diagnostic (the rest as relatedInformation); with the cursor on the timestamp, the keyboard's
// "apply the preferred quick fix" (editor.action.autoFix, Shift+Alt+.) moves it out of the cached prefix
// and the warning goes; one undo brings it back. The code actions are grouped per rule (vscode-eslint).
// Event-driven: waits on languages.onDidChangeDiagnostics, never a fixed sleep.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const RULE = 'volatile-in-prefix';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Prompt Cache');
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
      system: [
        { type: 'text', text: 'You are the support assistant.\nCurrent time: 2025-03-04T10:15:30Z\nsession_id=sess-8841a9f0\nBe brief.' },
        { type: 'text', text: handbook, cache_control: { type: 'ephemeral' } },
      ],
      messages: [{ role: 'user', content: 'What is the refund window?' }],
    },
    null,
    2,
  ) + '\n';

describe('trust: one diagnostic per root cause, the preferred fix by keyboard', () => {
  let uri: vscode.Uri;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    uri = vscode.Uri.joinPath(folder.uri, 'trust-fixture.json');
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

  it('one diagnostic on the timestamp, the session id and the consequences as related information', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const ds = await waitForDiagnostics(uri, (x) => x.length > 0, 'a diagnostic');
    assert.deepEqual(ds.map((d) => [String((d.code as { value: string }).value), doc.getText(d.range)]), [[RULE, '2025-03-04T10:15:30Z']]);
    const related = ds[0].relatedInformation ?? [];
    assert.ok(related.some((r) => doc.getText(r.location.range) === 'sess-8841a9f0'), related.map((r) => r.message).join(' | '));
    assert.ok(related.some((r) => /^breakpoint-after-volatile: /.test(r.message)), related.map((r) => r.message).join(' | '));
  });

  it('code actions per rule: the fixes, fix/disable/documentation once', async () => {
    const [d] = ours(uri);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const titles = actions.map((a) => a.title);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, titles.join(' | '));
    assert.match(preferred[0].title, /^Move "Current time: 2025-03-04T10:15:30Z" \(and 1 more\) into a new system block after the last breakpoint/);
    assert.equal(titles.filter((t) => t === `Show documentation for ${RULE}`).length, 1, titles.join(' | '));
    assert.equal(titles.filter((t) => t === `Disable ${RULE} for this file`).length, 1, titles.join(' | '));
    // Plain JSON takes no comments: no per-line disable here.
    assert.ok(!titles.includes(`Disable ${RULE} for this line`), titles.join(' | '));
  });

  it('Shift+Alt+. (editor.action.autoFix) at the timestamp applies the preferred fix; the warning goes; one undo restores', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const at = doc.positionAt(doc.getText().indexOf('2025-03-04T10:15:30Z') + 3);
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('editor.action.autoFix');
    await waitForDiagnostics(uri, (ds) => ds.length === 0, 'the warning to go away');
    const body = JSON.parse(doc.getText());
    assert.equal(body.system[2].text, 'Current time: 2025-03-04T10:15:30Z\nsession_id=sess-8841a9f0');
    assert.equal(body.system[0].text, 'You are the support assistant.\nBe brief.');
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), FIXTURE, 'one undo did not restore the file');
    await waitForDiagnostics(uri, (ds) => ds.length === 1, 'the diagnostic to come back after undo');
  });

  it('"Disable … for this line" in a JSONC file writes the comment the engine honours; the warning goes', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const jsonc = vscode.Uri.joinPath(folder.uri, 'trust-fixture.jsonc');
    await vscode.workspace.fs.writeFile(jsonc, Buffer.from(FIXTURE, 'utf8'));
    try {
      const doc = await vscode.workspace.openTextDocument(jsonc);
      await vscode.window.showTextDocument(doc, { preview: false });
      const [d] = await waitForDiagnostics(jsonc, (x) => x.length === 1, 'a diagnostic in the JSONC file');
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', jsonc, d.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
      const disable = actions.find((a) => a.title === `Disable ${RULE} for this line`);
      assert.ok(disable?.edit, actions.map((a) => a.title).join(' | '));
      assert.ok(await vscode.workspace.applyEdit(disable!.edit!));
      assert.match(doc.getText(), new RegExp(`\\n\\s*// prompt-cache-disable-next-line ${RULE}\\n\\s*"text": "You are the support assistant`));
      await waitForDiagnostics(jsonc, (x) => x.length === 0, 'the warning to go after the disable comment');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(jsonc);
    }
  });

  it('"Disable … for this file" on plain JSON adds a .promptcacheignore line; the warning goes', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const ignore = vscode.Uri.joinPath(folder.uri, '.promptcacheignore');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const [d] = await waitForDiagnostics(uri, (x) => x.length === 1, 'the diagnostic');
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const disable = actions.find((a) => a.title === `Disable ${RULE} for this file`);
    assert.ok(disable?.edit && disable.command, actions.map((a) => a.title).join(' | '));
    try {
      assert.ok(await vscode.workspace.applyEdit(disable!.edit!));
      await vscode.commands.executeCommand(disable!.command!.command, ...(disable!.command!.arguments ?? []));
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(ignore));
      assert.match(text, new RegExp(`^/trust-fixture\\.json ${RULE}$`, 'm'));
      // The rule is silenced for the file; its consequences (static-after-dynamic …) are then reported by themselves.
      await waitForDiagnostics(uri, (x) => !x.some((d) => String((d.code as { value: string }).value) === RULE), `no ${RULE} after the .promptcacheignore line`);
    } finally {
      try {
        await vscode.workspace.fs.delete(ignore);
      } catch {
        /* not written */
      }
    }
  });
});
