// The language server (`prompt-cache lsp --stdio`, built dist/cli.js) driven by a scripted LSP client over
// stdio: every example's diagnostics equal the CLI's JSON report, a quick fix through codeAction and one
// through workspace/applyEdit followed by didChange, hover, code lenses, inlay hints, promptCache/plan,
// settings through workspace/configuration, model per document, pull diagnostics, cancellation and a
// malformed file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { CodeAction, Diagnostic, Hover, CodeLens, InlayHint } from 'vscode-languageserver/node';
import { CancellationTokenSource, LspTestClient, ROOT } from './lspClient';
import { runCliInProcess } from './cliRun';
import type { PlanResult } from '../../src/server/server';

const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => /\.(json|jsonc|jsonl|prompty|prompt)$/.test(f)).sort();

interface Simple {
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
const SEV = ['', 'error', 'warning', 'info', 'hint'];
const key = (d: Simple) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.severity} ${d.message}`;
const fromLsp = (ds: Diagnostic[]) => ds.filter((d) => d.code !== 'input-problem').map((d) => key({ code: String(d.code), severity: SEV[d.severity ?? 0], message: String(d.message), range: d.range })).sort();
function cliDiagnostics(rel: string): string[] {
  const r = runCliInProcess(['analyze', rel, '--format', 'json', '--fail-on', 'none']);
  const json = JSON.parse(r.stdout) as { files: { diagnostics: Simple[] }[] };
  return json.files.flatMap((f) => f.diagnostics).map(key).sort();
}
function cliReport(rel: string) {
  return JSON.parse(runCliInProcess(['analyze', rel, '--format', 'json', '--fail-on', 'none']).stdout) as { files: { inputTokens: number; model?: string }[] };
}
const languageOf = (f: string) => (f.endsWith('.jsonc') ? 'jsonc' : f.endsWith('.jsonl') ? 'jsonl' : f.endsWith('.prompty') ? 'prompty' : 'json');

describe('language server over stdio (push diagnostics)', () => {
  let c: LspTestClient;
  before(async () => {
    c = new LspTestClient({ settings: { debounceMs: 0 } });
    const init = (await c.initialize()) as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
    assert.equal(init.serverInfo.name, 'prompt-cache-lens');
    assert.deepEqual(init.capabilities.textDocumentSync, { openClose: true, change: 2 }, 'incremental sync');
    assert.equal(init.capabilities.diagnosticProvider, undefined, 'a client without pull support gets pushed diagnostics');
  });
  after(async () => {
    assert.equal(await c.shutdown(), 0, `server exits cleanly after shutdown/exit; stderr: ${c.stderr}`);
  });

  test(`every example (${EXAMPLES.length}) gets the diagnostics the CLI reports`, async () => {
    assert.ok(EXAMPLES.length >= 10);
    let withFindings = 0;
    for (const f of EXAMPLES) {
      const doc = c.open(`examples/${f}`, undefined, languageOf(f));
      const got = await c.diagnostics(doc.uri, 1);
      const want = cliDiagnostics(`examples/${f}`);
      assert.deepEqual(fromLsp(got), want, f);
      if (want.length) withFindings++;
      for (const d of got) {
        assert.equal(d.source, 'Prompt Cache');
        if (d.code !== 'input-problem') assert.match(d.codeDescription?.href ?? '', new RegExp(`docs/rules/${d.code}\\.md$`), `${f}: codeDescription links the rule page`);
      }
      c.close(doc.uri);
    }
    assert.ok(withFindings >= 5, 'the comparison covers examples with findings');
  });

  test('related information is carried over', async () => {
    // anthropic-cache-mistakes: some finding names other places of the same cause
    const doc = c.open('examples/anthropic-cache-mistakes.json');
    const ds = await c.diagnostics(doc.uri, 1);
    const cli = runCliInProcess(['analyze', 'examples/anthropic-cache-mistakes.json', '--format', 'sarif', '--fail-on', 'none']);
    const sarifRelated = (JSON.parse(cli.stdout).runs[0].results as { relatedLocations?: unknown[] }[]).filter((r) => r.relatedLocations?.length).length;
    assert.equal(ds.filter((d) => d.relatedInformation?.length).length, sarifRelated);
    c.close(doc.uri);
  });

  test('a quick fix from codeAction, applied and sent as didChange, updates the diagnostics', async () => {
    const rel = 'examples/anthropic-cache-mistakes.json';
    const doc = c.open(rel);
    const ds = await c.diagnostics(doc.uri, 1);
    let fixed: { diag: Diagnostic; action: CodeAction } | undefined;
    for (const d of ds) {
      const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: d.range, context: { diagnostics: [d] } });
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes(`Show documentation for ${d.code}`), `documentation action for ${d.code}: ${titles.join(' | ')}`);
      assert.ok(titles.includes(`Disable ${d.code} for this file`), `disable-for-file action: ${titles.join(' | ')}`);
      const q = actions.find((a) => a.kind === 'quickfix' && a.edit && a.isPreferred);
      if (q && !fixed) fixed = { diag: d, action: q };
    }
    assert.ok(fixed, 'some diagnostic of this example has a preferred quick fix');
    const before = ds.filter((d) => d.code === fixed!.diag.code).length;
    c.applyWorkspaceEdit(fixed.action.edit!);
    const after = await c.diagnostics(doc.uri, 2);
    assert.ok(after.filter((d) => d.code === fixed!.diag.code).length < before, `${fixed.diag.code} fixed: ${after.map((d) => d.code).join(', ')}`);
    // the server saw exactly the text we hold: a fresh CLI run of that text agrees
    const text = c.docs.get(doc.uri)!.getText();
    assert.notEqual(text, readFileSync(join(ROOT, rel), 'utf8'));
    c.close(doc.uri);
  });

  test('the fix-all command edits through workspace/applyEdit; the follow-up didChange leaves nothing fixable', async () => {
    const doc = c.open('examples/anthropic-cache-mistakes.json');
    const ds = await c.diagnostics(doc.uri, 1);
    const fixableBefore = ds.length;
    const r = await c.request<{ applied: boolean; fixed: number }>('workspace/executeCommand', { command: 'promptCacheLsp.fixAll', arguments: [doc.uri] });
    assert.equal(r.applied, true);
    assert.ok(r.fixed >= 1);
    assert.equal(c.appliedEdits.length, 1, 'the server asked the client to apply one edit');
    const after = await c.diagnostics(doc.uri, 2);
    assert.ok(after.length < fixableBefore);
    // the server analysed exactly the text the edit produced: the CLI on that text agrees
    const dir = mkdtempSync(join(tmpdir(), 'pcl-lsp-'));
    const file = join(dir, 'anthropic-cache-mistakes.json');
    writeFileSync(file, c.docs.get(doc.uri)!.getText());
    try {
      assert.deepEqual(fromLsp(after), cliDiagnostics(file));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    c.close(doc.uri);
  });

  test('source.fixAll.promptCache on request only', async () => {
    const doc = c.open('examples/anthropic-cache-mistakes.json');
    const ds = await c.diagnostics(doc.uri, 1);
    const all = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: ds[0].range, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.equal(all.length, 1);
    assert.match(all[0].title, /^Fix all Prompt Cache problems \(\d+\)$/);
    assert.equal(all[0].kind, 'source.fixAll.promptCache');
    c.close(doc.uri);
  });

  test('JSONC: disable for this line / file are comments', async () => {
    const doc = c.open(c.uriOf('examples/anthropic-cache-mistakes-copy.jsonc'), readFileSync(join(ROOT, 'examples/anthropic-cache-mistakes.json'), 'utf8'), 'jsonc');
    const ds = (await c.diagnostics(doc.uri, 1)).filter((d) => d.code !== 'input-problem');
    assert.ok(ds.length >= 1, 'a finding to disable');
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: ds[0].range, context: { diagnostics: [ds[0]] } });
    const line = actions.find((a) => a.title === `Disable ${ds[0].code} for this line`);
    assert.ok(line?.edit, actions.map((a) => a.title).join(' | '));
    c.applyWorkspaceEdit(line.edit);
    const after = await c.diagnostics(doc.uri, 2);
    assert.ok(after.filter((d) => d.code === ds[0].code).length < ds.filter((d) => d.code === ds[0].code).length, 'the comment silences it');
    c.close(doc.uri);
  });

  test('hover shows tokens, running total and cache status (no VS Code codicons)', async () => {
    const doc = c.open('examples/anthropic-cached-document.json');
    await c.diagnostics(doc.uri, 1);
    const plan = await c.request<PlanResult>('promptCache/plan', { textDocument: { uri: doc.uri } });
    const seg = plan.analysis!.segments.find((x) => x.range.end - x.range.start > 4)!;
    const at = doc.positionAt(Math.floor((seg.range.start + seg.range.end) / 2));
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: at });
    assert.ok(h, 'a hover on the system prompt');
    const md = (h.contents as { value: string }).value;
    assert.match(md, /\*\*Tokens:\*\*/);
    assert.match(md, /\*\*Cumulative:\*\*/);
    assert.match(md, /\*\*On the next call:\*\*/);
    assert.doesNotMatch(md, /\$\([a-z-]+\)/);
    const none = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: { line: 0, character: 0 } });
    assert.equal(none, null, 'no hover outside any segment');
    c.close(doc.uri);
  });

  test('code lenses carry the token counts and breakpoint labels', async () => {
    const doc = c.open('examples/anthropic-cached-document.json');
    await c.diagnostics(doc.uri, 1);
    const plan = await c.request<PlanResult>('promptCache/plan', { textDocument: { uri: doc.uri } });
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: doc.uri } });
    const titles = lenses.map((l) => l.command?.title ?? '');
    const top = plan.analysis!.segments[0];
    assert.ok(titles.some((t) => t.startsWith(`${top.label} · `) && t.includes('Σ')), titles.join(' | '));
    assert.equal(titles.filter((t) => /^cache breakpoint/.test(t)).length, plan.analysis!.cache.breakpoints.filter((b) => b.kind === 'explicit').length);
    c.close(doc.uri);
  });

  test('promptCache/plan returns the engine analysis of the current version', async () => {
    const rel = 'examples/openai-support-agent.json';
    const doc = c.open(rel);
    const plan = await c.request<PlanResult>('promptCache/plan', { textDocument: { uri: doc.uri } });
    assert.equal(plan.version, 1);
    assert.equal(plan.status, 'ready');
    assert.equal(plan.analysis!.inputTokens, cliReport(rel).files[0].inputTokens);
    assert.ok(plan.analysis!.cache.prefixTokens > 0);
    // after a change the plan is of the new version
    c.change(doc.uri, [{ range: { start: doc.positionAt(1), end: doc.positionAt(1) }, text: ' ' }]);
    const p2 = await c.request<PlanResult>('promptCache/plan', { textDocument: { uri: doc.uri } });
    assert.equal(p2.version, 2);
    c.close(doc.uri);
  });

  test('model per document (promptCache/setModel) re-analyses with that model', async () => {
    const doc = c.open('examples/openai-support-agent.json');
    const p1 = await c.request<PlanResult>('promptCache/plan', { textDocument: { uri: doc.uri } });
    const seen = c.notification<{ uri: string }>('promptCache/didAnalyze', (p) => p.uri === doc.uri);
    void c.conn.sendNotification('promptCache/setModel', { uri: doc.uri, model: 'claude-sonnet-4-5' });
    await seen;
    const p2 = await c.request<PlanResult>('promptCache/plan', { textDocument: { uri: doc.uri } });
    assert.notEqual(p1.analysis!.model.name, p2.analysis!.model.name);
    assert.match(p2.analysis!.model.name ?? '', /claude/i);
    assert.equal(p2.modelChoice, 'claude-sonnet-4-5');
    c.close(doc.uri);
  });

  test('settings through workspace/configuration: a rule turned off disappears after didChangeConfiguration', async () => {
    const doc = c.open('examples/anthropic-cache-mistakes.json');
    const ds = await c.diagnostics(doc.uri, 1);
    const rule = String(ds[0].code);
    const count = c.published.length;
    c.settings = { debounceMs: 0, rules: { [rule]: 'off' } };
    void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const next = await new Promise<Diagnostic[]>((resolve, reject) => {
      const t = setInterval(() => {
        const p = c.published.slice(count).find((x) => x.uri === doc.uri);
        if (p) {
          clearInterval(t);
          resolve(p.diagnostics);
        }
      }, 20);
      setTimeout(() => (clearInterval(t), reject(new Error('no re-analysis after the settings changed'))), 20_000);
    });
    assert.equal(next.filter((d) => d.code === rule).length, 0);
    assert.ok(ds.filter((d) => d.code === rule).length > 0);
    c.settings = { debounceMs: 0 };
    c.close(doc.uri);
  });

  test('rapid changes: only the newest text is reported; a stale request can be cancelled', async () => {
    c.settings = { debounceMs: 400 };
    void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await new Promise((r) => setTimeout(r, 200));
    const doc = c.open('examples/openai-support-agent.json');
    await c.diagnostics(doc.uri, 1);
    for (let i = 0; i < 5; i++) c.change(doc.uri, [{ range: { start: doc.positionAt(1), end: doc.positionAt(1) }, text: ' ' }]);
    // a plan request for the pending text, cancelled before the analysis ends
    const cts = new CancellationTokenSource();
    const pending = c.request<PlanResult>('promptCache/plan', { textDocument: { uri: doc.uri } }, cts);
    setTimeout(() => cts.cancel(), 50);
    await assert.rejects(pending, (err: { code?: number }) => err.code === -32800, 'RequestCancelled');
    await c.diagnostics(doc.uri, 6);
    const versions = c.published.filter((p) => p.uri === doc.uri).map((p) => p.version);
    assert.deepEqual(versions.filter((v) => v !== 1 && v !== undefined), [6], `published versions: ${versions.join(',')}`);
    c.settings = { debounceMs: 0 };
    void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    c.close(doc.uri);
  });

  test('a malformed file gives a clear problem, and the server keeps answering', async () => {
    const broken = c.open('file:///tmp-nowhere/broken.json', '{"model": "claude-sonnet-4-5", "messages": [{"role": "user", ', 'json');
    const ds = await c.diagnostics(broken.uri, 1);
    assert.ok(ds.some((d) => d.code === 'input-problem' && /JSON syntax error/.test(String(d.message)) && d.severity === 1), JSON.stringify(ds));
    const binary = c.open('file:///tmp-nowhere/binary.json', '\u0000\u0001\u0002{"messages"', 'json');
    await c.diagnostics(binary.uri, 1);
    const hover = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: broken.uri }, position: { line: 0, character: 3 } });
    assert.equal(hover, null);
    // unknown documents and garbage parameters are answered, not fatal
    assert.equal(await c.request('promptCache/plan', { textDocument: { uri: 'file:///nope.json' } }), null);
    assert.deepEqual(await c.request('textDocument/codeLens', { textDocument: { uri: 'file:///nope.json' } }), []);
    assert.equal(await c.request('promptCache/plan', null), null);
    const ok = c.open('examples/openai-support-agent.json');
    assert.ok(Array.isArray(await c.diagnostics(ok.uri, 1)));
    c.close(broken.uri);
    c.close(binary.uri);
    c.close(ok.uri);
  });

  test('a file above promptCache.maxFileSize says so until analyzeAnyway', async () => {
    c.settings = { debounceMs: 0, maxFileSize: 1 };
    void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await new Promise((r) => setTimeout(r, 200));
    const doc = c.open('examples/anthropic-long-conversation.json');
    const ds = await c.diagnostics(doc.uri, 1);
    assert.equal(ds.length, 1);
    assert.equal(ds[0].code, 'too-large');
    const count = c.published.length;
    await c.request('workspace/executeCommand', { command: 'promptCacheLsp.analyzeAnyway', arguments: [doc.uri] });
    const plan = await c.request<PlanResult>('promptCache/plan', { textDocument: { uri: doc.uri } });
    assert.equal(plan.status, 'ready');
    assert.ok(c.published.slice(count).some((p) => p.uri === doc.uri && !p.diagnostics.some((d) => d.code === 'too-large')));
    c.settings = { debounceMs: 0 };
    void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    c.close(doc.uri);
  });
});

describe('language server: pull diagnostics and inlay hints (a client like Helix/Zed)', () => {
  let c: LspTestClient;
  before(async () => {
    // no codeLens capability: token counts come as inlay hints
    c = new LspTestClient({ pull: true, args: [join(ROOT, 'dist', 'server.js'), '--stdio'], codeLens: false });
    const caps = c.initialize();
    const init = (await caps) as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.diagnosticProvider, 'pull diagnostics offered to a client that supports them');
  });
  after(async () => {
    await c.shutdown();
  });

  test('textDocument/diagnostic answers what the CLI reports; nothing is pushed', async () => {
    const rel = 'examples/anthropic-cache-mistakes.json';
    const doc = c.open(rel);
    const r = await c.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: doc.uri } });
    assert.equal(r.kind, 'full');
    assert.deepEqual(fromLsp(r.items), cliDiagnostics(rel));
    assert.ok(r.items.length > 0);
    assert.equal(c.published.length, 0);
  });

  test('inlay hints instead of code lenses when the client has no code lens', async () => {
    const doc = c.open('examples/anthropic-cached-document.json');
    const end = doc.positionAt(doc.getText().length);
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: doc.uri }, range: { start: { line: 0, character: 0 }, end } });
    const labels = hints.map((h) => String(h.label));
    assert.ok(labels.some((l) => / tok · Σ /.test(l)), labels.join(' | '));
    assert.ok(labels.some((l) => /^cache breakpoint/.test(l)), labels.join(' | '));
    assert.deepEqual(await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: doc.uri } }), []);
  });
});

test('settings from initializationOptions (a client without workspace/configuration, e.g. Helix config)', async () => {
  const c = new LspTestClient({ capabilities: { workspace: { workspaceEdit: { documentChanges: true } } }, initializationOptions: { promptCache: { rules: { 'volatile-in-prefix': 'off' }, debounceMs: 0 } } });
  try {
    await c.initialize();
    const doc = c.open('examples/anthropic-cache-mistakes.json');
    const ds = await c.diagnostics(doc.uri, 1);
    const cli = cliDiagnostics('examples/anthropic-cache-mistakes.json');
    assert.ok(cli.some((k) => k.includes(' volatile-in-prefix ')), 'the CLI reports the rule');
    assert.ok(ds.length > 0);
    assert.equal(ds.filter((d) => d.code === 'volatile-in-prefix').length, 0, 'turned off by initializationOptions');
  } finally {
    await c.shutdown();
  }
});

test('prompt-cache lsp without a transport prints its usage and exits 2', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'lsp'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /lsp needs a transport \(--stdio\)/);
});
