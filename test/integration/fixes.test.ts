// Quick fixes as a person applies them (the lightbulb / Ctrl+. path, `editor.action.codeAction`, which goes
// through the workbench's bulk edit with "refactoring auto-save" honoured): the document changes and stays
// dirty, the file on disk is unchanged until the user saves, and one undo restores the text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { PromptCacheApi } from '../../src/extension/extension';
import { EXTENSION_ID } from './extensionId';

let api: PromptCacheApi;

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return f.uri;
}

function changed(doc: vscode.TextDocument, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no edit of ${doc.uri.path} within ${ms} ms`));
    }, ms);
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && e.contentChanges.length) {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  });
}

/** Opens a copy of an example under a new name and waits for its diagnostics. */
async function openCopy(example: string, as: string): Promise<{ editor: vscode.TextEditor; uri: vscode.Uri; original: string }> {
  const original = fs.readFileSync(vscode.Uri.joinPath(folder(), example).fsPath, 'utf8');
  const uri = vscode.Uri.joinPath(folder(), as);
  fs.writeFileSync(uri.fsPath, original);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await api.service.waitForAnalysis(uri, { minVersion: doc.version, timeoutMs: 30_000 });
  return { editor, uri, original };
}

async function diagnosticsOf(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ds = vscode.languages.getDiagnostics(uri).filter((d) => typeof d.code === 'object' && d.code.value === code);
    if (ds.length || Date.now() > deadline) return ds;
    await new Promise<void>((r) => {
      const sub = vscode.languages.onDidChangeDiagnostics(() => {
        sub.dispose();
        r();
      });
      setTimeout(() => {
        sub.dispose();
        r();
      }, 1000);
    });
  }
}

describe('quick fixes leave the document dirty and undoable (nothing is written to disk)', function () {
  this.timeout(120_000);
  const made: vscode.Uri[] = [];

  before(async () => {
    const ext = vscode.extensions.getExtension<PromptCacheApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    api = await ext.activate();
    // the default, stated: VS Code saves files a multi-file "refactoring" touched
    assert.equal(vscode.workspace.getConfiguration('files').get('refactoring.autoSave'), true);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const u of made) fs.rmSync(u.fsPath, { force: true });
  });

  const cases = [
    { example: 'anthropic-cache-mistakes.json', rule: 'breakpoint-below-minimum', as: 'fix-dirty-remove.json' },
    // a fix with two edits in one document (move the timestamp out of the prefix)
    { example: 'deepseek-multi-turn.json', rule: 'volatile-in-prefix', as: 'fix-dirty-move.json' },
  ];
  for (const c of cases) {
    it(`${c.rule}: the preferred quick fix through the lightbulb command (${c.example})`, async () => {
      const { editor, uri, original } = await openCopy(c.example, c.as);
      made.push(uri);
      const [d] = await diagnosticsOf(uri, c.rule);
      assert.ok(d, `no ${c.rule} diagnostic`);
      editor.selection = new vscode.Selection(d.range.start, d.range.start);
      const edit = changed(editor.document, 20_000);
      await vscode.commands.executeCommand('editor.action.codeAction', { kind: vscode.CodeActionKind.QuickFix.value, apply: 'first', preferred: true });
      await edit;
      assert.notEqual(editor.document.getText(), original, 'the fix changed nothing');
      // let a (wrong) auto-save happen if it were going to
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(editor.document.isDirty, true, 'the fixed document was saved');
      assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), original, 'the file on disk changed');
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), original, 'one undo restores the text');
      assert.equal(editor.document.isDirty, false);
    });
  }

  // Why the demo sets files.autoSave "off": VS Code for the web (code-server) defaults it to "afterDelay",
  // which saves any edit, a fix included, a second later. (Refactoring auto-save only saves the files of an
  // edit that touches more than one file, which no fix of a request does.)
  it('with files.autoSave "afterDelay" (the web default) the same fix is saved a moment later: the demo turns it off', async () => {
    const files = vscode.workspace.getConfiguration('files');
    const { editor, uri, original } = await openCopy('anthropic-cache-mistakes.json', 'fix-dirty-autosave.json');
    made.push(uri);
    const [d] = await diagnosticsOf(uri, 'breakpoint-below-minimum');
    editor.selection = new vscode.Selection(d.range.start, d.range.start);
    await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    try {
      const saved = new Promise<void>((resolve) => {
        const sub = vscode.workspace.onDidSaveTextDocument((doc) => {
          if (doc === editor.document) {
            sub.dispose();
            resolve();
          }
        });
      });
      await vscode.commands.executeCommand('editor.action.codeAction', { kind: vscode.CodeActionKind.QuickFix.value, apply: 'first', preferred: true });
      await Promise.race([saved, new Promise((_, rej) => setTimeout(() => rej(new Error('not saved within 10 s')), 10_000))]);
      assert.notEqual(fs.readFileSync(uri.fsPath, 'utf8'), original);
    } finally {
      // back to the test settings' value (removing it would fall back to the web default, "afterDelay")
      await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    }
    assert.equal(vscode.workspace.getConfiguration('files').get('autoSave'), 'off');
  });

  it('Fix all (source.fixAll.promptCache) through the source action command', async () => {
    const { editor, uri, original } = await openCopy('timestamp-before-breakpoint.json', 'fix-dirty-all.json');
    made.push(uri);
    assert.ok((await diagnosticsOf(uri, 'volatile-in-prefix')).length > 0);
    const edit = changed(editor.document, 20_000);
    await vscode.commands.executeCommand('editor.action.sourceAction', { kind: 'source.fixAll.promptCache', apply: 'first' });
    await edit;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(editor.document.isDirty, true);
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), original);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original);
  });

  it('the "Add cache_control" refactoring (refactor.rewrite.promptCache) through the refactor command', async () => {
    const { editor, uri, original } = await openCopy('anthropic-long-conversation.json', 'fix-dirty-refactor.json');
    made.push(uri);
    // on the first system / message block's text
    const at = editor.document.positionAt(original.indexOf('"text"') + 2);
    editor.selection = new vscode.Selection(at, at);
    const edit = changed(editor.document, 20_000);
    await vscode.commands.executeCommand('editor.action.refactor', { kind: 'refactor.rewrite.promptCache', apply: 'first' });
    await edit;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(editor.document.isDirty, true);
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), original);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original);
  });
});
