// The cost panel in the real extension host (code-server + headless Chromium, so the webview really
// loads, runs src/webview/main.ts and talks the protocol back). Checks that the panel follows the
// active editor and keeps its inputs across hide/show and a reload of the webview.
//
// The panel's module exposes a test hook command (promptCache.costPanel._testState) returning what it
// last posted to the webview and what the webview said in its `ready` handshake. Waits are
// condition-based (re-checked on a short interval, bounded by a timeout), never fixed sleeps.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { EXTENSION_ID } from './extensionId';
const VIEW_ID = 'promptCache.costPanel';
const TEST_STATE = 'promptCache.costPanel._testState';
const TEST_RECEIVE = 'promptCache.costPanel._testReceive';

interface Usage {
  calls: number;
  rate: number;
  rateUnit: 'minute' | 'hour';
  outputTokens: number;
  compareModels: string[];
}
interface UpdateMsg {
  type: 'update';
  seq: number;
  inputs: Usage;
  view: { kind: string; uri?: string; fileName?: string; model?: { name?: string }; split?: { input: number }; comparisons?: { model: string }[] };
}
interface PanelState {
  resolved: boolean;
  visible: boolean;
  ready: boolean;
  readyCount: number;
  lastReady?: { type: 'ready'; restored?: Usage };
  inputs: Usage;
  storedInputs?: Usage;
  followed?: string;
  lastUpdate?: UpdateMsg;
  posted: number;
}

async function panelState(): Promise<PanelState> {
  return (await vscode.commands.executeCommand<PanelState>(TEST_STATE))!;
}

/** Re-evaluates `check` every 50 ms until it returns a value; fails with the last state after `ms`. */
async function until<T>(what: string, check: (s: PanelState) => T | undefined | false, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: PanelState | undefined;
  for (;;) {
    last = await panelState();
    const v = check(last);
    if (v) return v;
    if (Date.now() > deadline) {
      const { lastUpdate, ...rest } = last;
      throw new Error(`timed out waiting for ${what}; panel: ${JSON.stringify({ ...rest, lastUpdate: lastUpdate && { seq: lastUpdate.seq, inputs: lastUpdate.inputs, view: { kind: lastUpdate.view.kind, uri: lastUpdate.view.uri } } })}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** The panel's latest update for `uri` once it shows a request (the analysis is in). */
function requestShownFor(uri: vscode.Uri) {
  return (s: PanelState) => {
    const u = s.lastUpdate;
    return u && u.view.uri === uri.toString() && u.view.kind === 'request' ? u : undefined;
  };
}

describe('cost panel', function () {
  this.timeout(90_000);
  let requests: vscode.Uri[] = [];

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} not found`);
    const files = (await vscode.workspace.findFiles('**/*.json', '**/node_modules/**')).sort((a, b) => a.path.localeCompare(b.path));
    assert.ok(files.length >= 2, 'the workspace (a copy of examples/) needs at least two JSON request files');
    await open(files[0]);
    await ext.activate();
    // the view is contributed in its own activity bar container; focusing it resolves the webview
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    await until('the webview to load and send ready', (s) => s.resolved && s.ready && s.readyCount > 0);
    // requests among the examples: the panel shows kind 'request' for them
    for (const f of files) {
      await open(f);
      const shown = await until(`the panel to show ${f.path}`, (s) => {
        const u = s.lastUpdate;
        return u && u.view.uri === f.toString() && u.view.kind !== 'pending' ? u : undefined;
      });
      if (shown.view.kind === 'request') requests.push(f);
      if (requests.length >= 2) break;
    }
    assert.ok(requests.length >= 2, `need two example requests, the panel showed ${requests.length}`);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('follows the active editor: each example in turn, then back', async () => {
    const [a, b] = requests;
    const docA = await open(a);
    const ua = await until('the panel to show the first example', requestShownFor(a));
    assert.equal(ua.view.fileName, a.path.split('/').pop());
    assert.ok((ua.view.split?.input ?? 0) > 0, 'the first example has input tokens');
    assert.ok((ua.view.comparisons?.length ?? 0) > 0, 'models are compared');

    await open(b);
    const ub = await until('the panel to follow to the second example', requestShownFor(b));
    assert.ok(ub.seq > ua.seq, 'a newer update was posted');
    assert.equal(ub.view.fileName, b.path.split('/').pop());

    await vscode.window.showTextDocument(docA, { preview: false });
    const back = await until('the panel to follow back to the first example', requestShownFor(a));
    assert.ok(back.seq > ub.seq);
    assert.equal((await panelState()).followed, a.toString());
  });

  it('says what to do for a file that is not a request (never blank)', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'Just some notes, not an LLM request.\n' });
    await vscode.window.showTextDocument(doc, { preview: false });
    const u = await until('the panel to show the plain text file', (s) => (s.lastUpdate?.view.uri === doc.uri.toString() ? s.lastUpdate : undefined));
    assert.equal(u.view.kind, 'not-request');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('follows edits of the active request', async () => {
    const [a] = requests;
    const doc = await open(a);
    const before = await until('the panel to show the example', requestShownFor(a));
    const text = doc.getText();
    // lengthen the first prompt string: more input tokens
    const m = /"(content|text)"\s*:\s*"/.exec(text);
    assert.ok(m, 'the example has a content/text string');
    const editor = vscode.window.activeTextEditor!;
    const extra = 'Please also summarise the weather for every city in the list. '.repeat(20);
    const ok = await editor.edit((e) => e.insert(doc.positionAt(m.index + m[0].length), extra));
    assert.ok(ok);
    try {
      const after = await until('the panel to show the edited request', (s) => {
        const u = s.lastUpdate;
        return u && u.view.uri === a.toString() && u.view.kind === 'request' && (u.view.split?.input ?? 0) !== (before.view.split?.input ?? 0) ? u : undefined;
      });
      assert.ok((after.view.split?.input ?? 0) > 0);
    } finally {
      await vscode.commands.executeCommand('undo');
    }
  });

  it('keeps its inputs across hide/show and a reload of the webview', async () => {
    const [a] = requests;
    await open(a);
    await until('the panel to show the example', requestShownFor(a));
    const chosen: Usage = { calls: 1234, rate: 7, rateUnit: 'hour', outputTokens: 321, compareModels: ['gpt-4o', '', ''] };
    // exactly the message the webview sends when the user edits the fields
    await vscode.commands.executeCommand(TEST_RECEIVE, { type: 'setInputs', inputs: chosen });
    const applied = await until('the update computed with the new inputs', (s) =>
      s.lastUpdate && s.lastUpdate.inputs.calls === 1234 && s.lastUpdate.view.kind === 'request' ? s.lastUpdate : undefined,
    );
    assert.deepEqual(applied.inputs, chosen);
    assert.equal(applied.view.comparisons?.[0]?.model, 'gpt-4o', 'the chosen model is the first column');
    assert.deepEqual((await panelState()).storedInputs, chosen, 'inputs are stored in workspaceState');

    // hide the panel (close the side bar) …
    const readyBefore = (await panelState()).readyCount;
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await until('the panel to be hidden', (s) => !s.visible);
    // … and show it again
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    const shown = await until('the panel to be visible again with an update', (s) => (s.visible && s.ready && s.lastUpdate ? s : undefined));
    if (shown.readyCount > readyBefore) {
      // the webview was recreated: it restored the inputs from its own state and said so in `ready`
      assert.deepEqual(shown.lastReady?.restored, chosen, 'the webview restored its inputs (getState)');
    }
    const afterShow = await until('an update after showing', (s) => (s.lastUpdate && s.lastUpdate.view.uri === a.toString() && s.lastUpdate.view.kind === 'request' ? s.lastUpdate : undefined));
    assert.deepEqual(afterShow.inputs, chosen);

    // reload the webview itself: a new page, same inputs (from getState and from workspaceState)
    const readyBeforeReload = (await panelState()).readyCount;
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    const reloaded = await until('the webview to reload and send ready', (s) => (s.readyCount > readyBeforeReload && s.lastUpdate ? s : undefined));
    assert.deepEqual(reloaded.lastReady?.restored, chosen, 'the reloaded webview restored its inputs');
    assert.deepEqual(reloaded.inputs, chosen);

    // put the defaults back for other suites
    await vscode.commands.executeCommand(TEST_RECEIVE, { type: 'setInputs', inputs: { calls: 100, rate: 2, rateUnit: 'minute', outputTokens: 500, compareModels: ['', '', ''] } });
  });
});
