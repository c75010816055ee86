// Prompts in code (issue 13) in a real VS Code extension host: examples/python-agent.py and
// examples/typescript-app.ts get a CodeLens per recognised SDK call, the cacheable-prefix highlight inside the
// string literals, the dynamic spans (the f-string date as a per-request value) with their hover, diagnostics
// on the exact source characters, a quick fix that edits the code (and undo restores it), and the cost panel
// follows the call under the cursor. A Python file without an SDK import gets nothing at all; typing the
// import starts the analysis, deleting it clears everything again.
//
// Event-driven waits only (onDidAnalyze / onDidClear / onDidApply, the panel's test state), no fixed sleeps.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PromptCacheApi } from '../../src/extension/extension';
import type { Analysis, OffsetRange } from '../../src/core/types';
import type { AppliedDynamicSpans } from '../../src/extension/sourceCalls';
import { callParts, type CallPart } from '../../src/extension/sourceText';

import { EXTENSION_ID } from './extensionId';
const VIEW_ID = 'promptCache.costPanel';
const TEST_STATE = 'promptCache.costPanel._testState';
const CALL_LENS = '$(symbol-method)';

let api: PromptCacheApi;

function file(name: string): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder (the runner opens a copy of examples/)');
  return vscode.Uri.joinPath(f.uri, name);
}

function exists(name: string): boolean {
  return fs.existsSync(file(name).fsPath);
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

/** The analysis of the editor's current text, once its decorations (and dynamic spans) are applied. */
async function settled(editor: vscode.TextEditor): Promise<{ analysis: Analysis; spans: AppliedDynamicSpans | undefined }> {
  const doc = editor.document;
  const analysis = await api.service.waitForAnalysis(doc.uri, { minVersion: doc.version, timeoutMs: 30_000 });
  await waitFor(api.decorations.onDidApply, () => api.decorations.getApplied(doc.uri)?.version === doc.version, 30_000, `decorations of ${path.basename(doc.uri.path)}`);
  let spans: AppliedDynamicSpans | undefined;
  if (api.sourceSpans && callParts(analysis).some((p) => p.dynamicSpans?.length)) {
    spans = await waitFor(api.sourceSpans.onDidApply, () => {
      const a = api.sourceSpans!.getApplied(doc.uri);
      return a && a.version === doc.version ? a : undefined;
    }, 30_000, 'dynamic-span decorations');
  }
  return { analysis, spans };
}

async function open(name: string): Promise<{ editor: vscode.TextEditor; analysis: Analysis; spans: AppliedDynamicSpans | undefined }> {
  const doc = await vscode.workspace.openTextDocument(file(name));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { editor, ...(await settled(editor)) };
}

async function callLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return lenses.filter((l) => l.command?.title.startsWith(CALL_LENS));
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Prompt Cache');
}

function overlaps(doc: vscode.TextDocument, range: vscode.Range, r: OffsetRange): boolean {
  return doc.offsetAt(range.start) < r.end && r.start < doc.offsetAt(range.end);
}

function offsets(doc: vscode.TextDocument, ranges: readonly vscode.Range[]): OffsetRange[] {
  return ranges.map((r) => ({ start: doc.offsetAt(r.start), end: doc.offsetAt(r.end) }));
}

/** The per-request dynamic span of the date in the Python example's f-string. */
function dateSpan(analysis: Analysis): { part: CallPart; span: NonNullable<CallPart['dynamicSpans']>[number] } {
  for (const part of callParts(analysis)) {
    const span = part.dynamicSpans?.find((s) => s.perRequest && /clock|datetime|date\.|now\(/i.test(`${s.expression} ${s.reason}`));
    if (span) return { part, span };
  }
  throw new Error(`no per-request date span: ${JSON.stringify(callParts(analysis).map((p) => p.dynamicSpans))}`);
}

/** Lens checks shared by both examples: one lens per call, on the line where the call starts, with its tokens. */
async function assertCallLenses(doc: vscode.TextDocument, analysis: Analysis): Promise<CallPart[]> {
  const calls = callParts(analysis);
  assert.ok(calls.length > 0, `no recognised call: ${JSON.stringify(analysis.problems)}`);
  const lenses = await callLenses(doc.uri);
  assert.equal(lenses.length, calls.length, lenses.map((l) => l.command?.title).join(' | '));
  const nf = new Intl.NumberFormat('en-US');
  calls.forEach((c, i) => {
    const lens = lenses[i];
    assert.equal(lens.range.start.line, doc.positionAt(c.callRange!.start).line, `lens ${i} not on its call's line`);
    const title = lens.command!.title;
    assert.ok(title.includes(`${nf.format(c.inputTokens)} token`), `${title} vs ${c.inputTokens}`);
    if (!c.exact || c.approximate) assert.ok(title.includes('≈'), `an approximate count without ≈: ${title}`);
    assert.match(title, /next call reads (nothing|≈?[\d,]+ tokens?) from cache|nothing cached/);
    if (c.callLabel) assert.ok(title.includes(c.callLabel), title);
  });
  return calls;
}

describe('prompts in code', function () {
  before(async () => {
    const ext = vscode.extensions.getExtension<PromptCacheApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    api = await ext.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  describe('python-agent.py', function () {
    this.timeout(120_000);

    it('a CodeLens per call, the highlight inside the literals, the f-string date as a per-request span with its diagnostic', async function () {
      if (!exists('python-agent.py')) this.skip();
      const { editor, analysis, spans } = await open('python-agent.py');
      const doc = editor.document;
      assert.equal(api.service.isTracked(doc.uri), true);
      await assertCallLenses(doc, analysis);

      // highlight: exactly the engine's read ranges, and each inside the file (string literals, not JSON)
      const applied = api.decorations.getApplied(doc.uri)!;
      const parts = analysis.lines?.length ? analysis.lines : [analysis];
      assert.deepEqual(offsets(doc, applied.cachedPrefix), parts.flatMap((p) => p.cache.readRanges).filter((r) => r.end > r.start));

      // the date in the f-string: a per-request dynamic span, decorated on its exact characters, with a hover
      const { span } = dateSpan(analysis);
      assert.ok(doc.getText(new vscode.Range(doc.positionAt(span.range.start), doc.positionAt(span.range.end))).includes(span.expression.trim().slice(0, 8)), `span text vs ${span.expression}`);
      assert.ok(spans, 'no dynamic-span decorations applied');
      const shown = spans!.perRequest.find((x) => doc.offsetAt(x.range.start) === span.range.start && doc.offsetAt(x.range.end) === span.range.end);
      assert.ok(shown, `the date span is not decorated: ${JSON.stringify(offsets(doc, spans!.perRequest.map((x) => x.range)))}`);
      assert.match(shown!.hover, /unknown at edit time/);
      assert.match(shown!.hover, /Counted as ≥/);
      assert.match(shown!.hover, /Changes on every request/);

      // a diagnostic on the date's characters (not on line 1, not on the whole call)
      const diags = ours(doc.uri).filter((d) => overlaps(doc, d.range, span.range));
      assert.ok(diags.length > 0, `no diagnostic at the date: ${ours(doc.uri).map((d) => `${d.code && typeof d.code === 'object' ? d.code.value : d.code}@${d.range.start.line}`).join(', ')}`);
      for (const d of diags) assert.ok(doc.getText(d.range).length < 200, `diagnostic range too wide: ${doc.getText(d.range)}`);
    });

    it('a quick fix edits the code, the re-analysis drops its diagnostic, undo restores the text', async function () {
      if (!exists('python-agent.py')) this.skip();
      const { editor, analysis } = await open('python-agent.py');
      const doc = editor.document;
      const original = doc.getText();
      const fixable = ours(doc.uri).filter((d) => analysis.diagnostics.some((c) => c.fixes?.some((f) => f.kind === 'quickfix') && doc.offsetAt(d.range.start) === c.range.start));
      assert.ok(fixable.length > 0, `no diagnostic with a quick fix: ${analysis.diagnostics.map((d) => d.code).join(', ')}`);
      const target = fixable[0];
      const code = typeof target.code === 'object' ? String(target.code.value) : String(target.code);
      const before = analysis.diagnostics.filter((d) => d.code === code).length;
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, target.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
      const fix = actions.find((a) => !!a.edit && !/^(Disable|Show documentation|Fix all)/.test(a.title));
      assert.ok(fix, `no quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix!.edit!), 'the edit was not applied');
      assert.notEqual(doc.getText(), original);
      const { analysis: fixed } = await settled(editor);
      assert.ok(fixed.diagnostics.filter((d) => d.code === code).length < before, `${code} still reported ${before} time(s) after "${fix!.title}"`);

      await vscode.window.showTextDocument(doc, { preview: false });
      await vscode.commands.executeCommand('undo');
      assert.equal(doc.getText(), original, 'undo did not restore the text');
      const { analysis: back } = await settled(editor);
      assert.equal(back.diagnostics.filter((d) => d.code === code).length, before);
      if (doc.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert');
    });
  });

  describe('typescript-app.ts', function () {
    this.timeout(120_000);

    it('a CodeLens per call (OpenAI SDK and Vercel AI SDK)', async function () {
      if (!exists('typescript-app.ts')) this.skip();
      const { editor, analysis } = await open('typescript-app.ts');
      const calls = await assertCallLenses(editor.document, analysis);
      assert.ok(calls.length >= 2, `expected at least two calls, got ${calls.length}`);
    });

    it('the cost panel follows the call under the cursor', async function () {
      if (!exists('typescript-app.ts')) this.skip();
      const { editor, analysis } = await open('typescript-app.ts');
      const doc = editor.document;
      const calls = callParts(analysis);
      assert.ok(calls.length >= 2);
      await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
      await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
      type View = { kind: string; uri?: string; fileName?: string; split?: { input: number }; model?: { name?: string } };
      type State = { ready: boolean; followed?: string; followedCall?: number; lastUpdate?: { view: View } };
      const state = async () => (await vscode.commands.executeCommand<State>(TEST_STATE))!;
      const until = async (what: string, check: (s: State) => boolean, ms = 30_000): Promise<State> => {
        const deadline = Date.now() + ms;
        for (;;) {
          const s = await state();
          if (check(s)) return s;
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify({ ...s, lastUpdate: s.lastUpdate?.view.fileName })}`);
          await new Promise((r) => setTimeout(r, 50)); // polling the panel's test state (no event crosses to the test)
        }
      };
      await until('the panel webview', (s) => s.ready);
      const shows = (i: number) => (s: State) =>
        s.followed === doc.uri.toString() && s.followedCall === i && s.lastUpdate?.view.kind === 'request' && !!s.lastUpdate.view.fileName?.includes(`call ${i + 1} of ${calls.length}`);
      for (const i of [1, 0, 1]) {
        const pos = doc.positionAt(calls[i].callRange!.start + 1);
        editor.selection = new vscode.Selection(pos, pos);
        const s = await until(`the panel to show call ${i + 1}`, shows(i));
        assert.equal(s.lastUpdate!.view.split?.input, calls[i].inputTokens);
        assert.equal(s.lastUpdate!.view.model?.name, calls[i].model.name);
      }
      // the status bar follows too
      assert.ok(api.statusBar.text.length > 0);
    });
  });

  describe('code without an SDK import', function () {
    this.timeout(120_000);

    it('gets nothing; typing the import starts the analysis, deleting it clears everything', async () => {
      const plain = ['import os', '', 'SYSTEM = "You are terse."', '', 'def main():', '    print(SYSTEM, os.getcwd())', ''].join('\n');
      const doc = await vscode.workspace.openTextDocument({ language: 'python', content: plain });
      const editor = await vscode.window.showTextDocument(doc);
      assert.equal(api.service.isRelevant(doc), false);
      assert.equal(await api.service.analyzeNow(doc), undefined);
      assert.equal(api.service.isTracked(doc.uri), false);
      assert.deepEqual(await callLenses(doc.uri), []);
      assert.equal(api.decorations.getApplied(doc.uri), undefined);
      assert.equal(api.statusBar.text, '');
      assert.deepEqual(ours(doc.uri), []);

      // type an SDK import and a call: analysed (tracked, a lens, the status bar)
      const call = ['import anthropic', 'client = anthropic.Anthropic()', ''].join('\n');
      const use = ['', 'reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=256, system=SYSTEM, messages=[{"role": "user", "content": "Hello"}])', ''].join('\n');
      await editor.edit((e) => {
        e.insert(new vscode.Position(0, 0), call);
        e.insert(doc.positionAt(doc.getText().length), use);
      });
      const analysis = await api.service.waitForAnalysis(doc.uri, { minVersion: doc.version, timeoutMs: 30_000 });
      assert.equal(api.service.isTracked(doc.uri), true);
      assert.equal(callParts(analysis).length, 1, JSON.stringify(analysis.problems));
      assert.equal((await callLenses(doc.uri)).length, 1);
      assert.ok(api.statusBar.text.length > 0, 'no status bar for an analysed source file');

      // delete the import line: everything goes
      const cleared = new Promise<void>((resolve) => {
        const sub = api.service.onDidClear((uri) => {
          if (uri.toString() === doc.uri.toString()) {
            sub.dispose();
            resolve();
          }
        });
      });
      await editor.edit((e) => e.delete(new vscode.Range(0, 0, 1, 0)));
      await cleared;
      assert.equal(api.service.isTracked(doc.uri), false);
      assert.deepEqual(await callLenses(doc.uri), []);
      assert.equal(api.decorations.getApplied(doc.uri), undefined);
      assert.equal(api.sourceSpans?.getApplied(doc.uri), undefined);
      assert.deepEqual(ours(doc.uri), []);
      assert.equal(api.statusBar.text, '');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });
});
