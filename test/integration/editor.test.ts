// The editor features in a real VS Code extension host (code-server + headless Chromium): every example in
// examples/ shows the cacheable-prefix highlight, breakpoints, token counts (CodeLens), hover and status
// bar; package.json is left alone; settings apply without a reload; edits update and stale results are
// dropped; the model picker command changes the status bar.
//
// Waits are event-driven: the extension returns a test API from activate() (the analysis service with
// onDidAnalyze / waitForAnalysis, the decorations with onDidApply). No fixed sleeps.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PromptCacheApi } from '../../src/extension/extension';
import type { AppliedDecorations } from '../../src/extension/decorations';
import type { Analysis, Segment } from '../../src/core/types';
import { fmtTokens, fmtUsd } from '../../src/core/format';

import { EXTENSION_ID } from './extensionId';
const nf = new Intl.NumberFormat('en-US');

let api: PromptCacheApi;

function root(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder (the runner opens a copy of examples/)');
  return f.uri;
}

function file(name: string): vscode.Uri {
  return vscode.Uri.joinPath(root(), name);
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

/** Opens a file in an editor and waits until its analysis for the current text is applied as decorations. */
async function open(uri: vscode.Uri): Promise<{ editor: vscode.TextEditor; analysis: Analysis; applied: AppliedDecorations }> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return settled(editor);
}

/** Waits for the analysis of the editor's current version and for its decorations. */
async function settled(editor: vscode.TextEditor): Promise<{ editor: vscode.TextEditor; analysis: Analysis; applied: AppliedDecorations }> {
  const doc = editor.document;
  const analysis = await api.service.waitForAnalysis(doc.uri, { minVersion: doc.version, timeoutMs: 30_000 });
  const applied = await waitFor(
    api.decorations.onDidApply,
    () => {
      const a = api.decorations.getApplied(doc.uri);
      return a && a.version === doc.version && api.service.getAnalysis(doc.uri) === analysis ? a : undefined;
    },
    30_000,
    `decorations on ${path.basename(doc.uri.path)} v${doc.version}`,
  );
  return { editor, analysis, applied };
}

function allParts(a: Analysis): Analysis[] {
  return a.lines?.length ? a.lines : [a];
}

function offsetRanges(doc: vscode.TextDocument, ranges: readonly vscode.Range[]): { start: number; end: number }[] {
  return ranges.map((r) => ({ start: doc.offsetAt(r.start), end: doc.offsetAt(r.end) }));
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n')
    .replace(/\*\*/g, '')
    .replace(/\\(.)/g, '$1');
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return lenses.map((l) => l.command?.title ?? '').filter((t) => t.includes('Σ'));
}

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('promptCache').update(key, value, vscode.ConfigurationTarget.Global);
}

/** The examples the lead ships in examples/: every request/prompt file there. */
function exampleFiles(): string[] {
  return fs
    .readdirSync(root().fsPath)
    .filter((f) => /\.(json|jsonc|jsonl|prompty|prompt)$|\.prompt\.md$/.test(f))
    .sort();
}

before(async () => {
  const ext = vscode.extensions.getExtension<PromptCacheApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  api = await ext.activate();
  assert.ok(api?.service, 'activate() did not return the test API');
  await setSetting('debounceMs', 200);
});

after(async () => {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  for (const k of ['debounceMs', 'tokenCounts.display', 'highlights.enabled', 'maxFileSize', 'prices']) await setSetting(k, undefined);
});

describe('editor: activation', () => {
  it('activates cheaply, without loading the tokenizer', () => {
    const { activateMs, loadMs, tokenizerLoaded } = api.activation;
    // Report it where the runner keeps its results.
    const out = process.env.PCL_TEST_RESULT ? path.join(path.dirname(process.env.PCL_TEST_RESULT), 'activation.json') : undefined;
    if (out) fs.writeFileSync(out, JSON.stringify(api.activation, null, 2));
    console.log(`[prompt-cache-lens] activate() ${activateMs.toFixed(1)} ms, bundle load ${loadMs.toFixed(1)} ms`);
    assert.equal(tokenizerLoaded, false, 'the tokenizer was loaded during activation');
    assert.ok(activateMs < 250, `activate() took ${activateMs} ms`);
  });
});

describe('editor: every example shows highlight, breakpoints, counts, hover and status bar', function () {
  this.timeout(120_000);

  it('examples/ has the request and prompt files', () => {
    const files = exampleFiles();
    assert.ok(files.length >= 4, `expected the examples, found: ${files.join(', ')}`);
    assert.ok(files.some((f) => f.endsWith('.prompty') || f.endsWith('.prompt') || f.endsWith('.prompt.md')), 'no prompt template among the examples');
  });

  for (const name of ['openai-support-agent.json', 'anthropic-cached-document.json', 'openrouter-gateway-claude.jsonc', 'order-status.prompty', 'support-triage.prompt', 'batch-requests.jsonl', 'anthropic-cache-mistakes.json', 'timestamp-before-breakpoint.json']) {
    it(name, async function () {
      if (!exampleFiles().includes(name)) this.skip();
      const { editor, analysis, applied } = await open(file(name));
      const doc = editor.document;
      assert.equal(analysis.isRequest, true, `${name} not recognised: ${JSON.stringify(analysis.problems)}`);
      const parts = allParts(analysis);

      // Highlight: exactly the engine's read ranges (and write-only ranges), in editor coordinates.
      const expectRead = parts.flatMap((p) => p.cache.readRanges).filter((r) => r.end > r.start);
      const expectWriteOnly = parts.flatMap((p) => p.cache.writeOnlyRanges).filter((r) => r.end > r.start);
      assert.deepEqual(offsetRanges(doc, applied.cachedPrefix), expectRead);
      assert.deepEqual(offsetRanges(doc, applied.writeOnly), expectWriteOnly);
      if (parts[0].cache.cachedTokensNextCall > 0) {
        assert.ok(applied.cachedPrefix.length > 0, 'the next call reads from cache but nothing is highlighted');
        // The prefix-end marker sits on the last character before the engine's prefixEnd (where the next call's read ends).
        assert.ok(applied.prefixEnds.length > 0);
        assert.ok(doc.offsetAt(applied.prefixEnds[0].end) <= parts[0].cache.prefixEnd);
      } else if (parts.every((p) => p.cache.cachedTokensNextCall === 0)) {
        assert.equal(applied.cachedPrefix.length, 0, 'the next call reads nothing but something is highlighted');
        assert.equal(applied.prefixEnds.length, 0);
      }

      // Breakpoints: one gutter/label decoration per line holding a breakpoint, with the label text.
      const bps = parts.flatMap((p) => p.cache.breakpoints);
      assert.ok(bps.length > 0, `${name}: the engine reports no breakpoint`);
      const lines = new Set(bps.map((b) => doc.positionAt(b.range.start).line));
      assert.equal(applied.breakpoints.length, lines.size);
      for (const b of applied.breakpoints) {
        assert.match(b.label, /^(cache breakpoint|automatic breakpoint|managed breakpoint|automatic prefix boundary) · (5m|1h|30m|24h) · ≈?[\d,]+ tokens?/);
        assert.ok(lines.has(b.range.start.line));
        assert.equal(b.range.start.character, doc.lineAt(b.range.start.line).range.end.character, 'label not at end of line');
      }
      const first = bps[0];
      const firstLabel = applied.breakpoints.find((b) => b.range.start.line === doc.positionAt(first.range.start).line)!;
      assert.ok(firstLabel.label.includes(`${nf.format(first.prefixTokens)} token`), `${firstLabel.label} vs ${first.prefixTokens}`);
      if (!first.meetsMinimum) {
        assert.match(firstLabel.label, /below [\d,]+ minimum — not cached/);
        assert.doesNotMatch(firstLabel.label, /writes/);
      }

      // JSONL: one summary lens per request line ("request 2 · 1,208 tokens · next call reads 1,152") and a
      // "segments" lens that opens the list; no per-segment lenses on those lines.
      if (analysis.lines) {
        const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100)) ?? [];
        parts.forEach((p, i) => {
          const line = doc.positionAt(p.segments[0].range.start).line;
          const onLine = lenses.filter((l) => l.range.start.line === line);
          assert.equal(onLine.length, 2, `line ${line + 1}: ${onLine.map((l) => l.command?.title).join(' | ')}`);
          assert.equal(onLine[0].command?.title, `request ${i + 1} · ${p.exact ? '' : '≈'}${nf.format(p.inputTokens)} tokens · ${p.cache.cachedTokensNextCall > 0 ? `next call reads ${p.exact ? '' : '≈'}${nf.format(p.cache.cachedTokensNextCall)}` : 'next call reads nothing'}`);
          assert.equal(onLine[1].command?.command, 'promptCache.showSegments');
          assert.deepEqual(onLine[1].command?.arguments?.[1], i);
        });
        assert.deepEqual(await lensTitles(doc.uri), [], 'no per-segment lens on a JSONL line');
      }
      // Token counts: a CodeLens per top-level segment (label · tokens · Σ cumulative).
      const titles = await lensTitles(doc.uri);
      for (const seg of analysis.lines ? [] : parts.flatMap((p) => p.segments).filter((s) => s.tokens > 0)) {
        const expected = `${seg.label} · ${seg.exact ? '' : '≈'}${nf.format(seg.tokens)} token`;
        assert.ok(
          titles.some((t) => t.startsWith(expected) && t.includes(`Σ ${seg.exact ? '' : '≈'}${nf.format(seg.cumulativeTokens)}`)),
          `no CodeLens "${expected} … Σ ${seg.cumulativeTokens}" among: ${titles.join(' | ')}`,
        );
      }
      if (!analysis.exact && !analysis.lines) assert.ok(titles.some((t) => t.includes('≈')), 'estimated counts without ≈');

      // Hover inside the first segment with text: tokens, cumulative, cached or not.
      const seg = parts[0].segments.find((s) => s.range.end > s.range.start + 2)!;
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(seg.range.start + 1));
      const text = hoverText(hovers);
      assert.match(text, /Tokens:/);
      assert.match(text, /Cumulative:/);
      assert.match(text, /On the next call: .*(cached|not cached|partly cached)/);
      assert.doesNotMatch(text, /On a repeat/);

      // Status bar: model, input tokens, what the next call reads, the next call's cost.
      const sb = api.statusBar.text;
      const approx = analysis.exact ? '' : '≈';
      assert.ok(sb.includes(analysis.model.name ?? 'no model'), `status bar: ${sb}`);
      assert.ok(sb.includes(`${approx}${nf.format(analysis.inputTokens)} in`), `status bar: ${sb}`);
      if (analysis.cache.rejected) assert.match(sb, /nothing cached — rejected/);
      else {
        assert.ok(sb.includes(`${approx}${nf.format(analysis.cache.cachedTokensNextCall)} cached`), `status bar: ${sb}`);
        if (analysis.cost) assert.ok(sb.endsWith(` · ${fmtUsd(analysis.cost.nextCall)}/call`), `status bar: ${sb}`);
      }
      // Tooltip: the next call first, the identical repeat labelled.
      const tip = api.statusBar.item.tooltip;
      const tipText = (typeof tip === 'string' ? tip : tip?.value ?? '').replace(/\*\*/g, '').replace(/\\(.)/g, '$1');
      assert.ok(tipText.includes(`Next call reads from cache: ${fmtTokens(analysis.cache.cachedTokensNextCall, analysis.exact)}`), tipText);
      assert.ok(tipText.includes(`Identical repeat reads: ${fmtTokens(analysis.cache.cachedTokensOnRepeat, analysis.exact)}`), tipText);
      assert.ok(tipText.indexOf('Next call reads') < tipText.indexOf('Identical repeat reads'), tipText);
    });
  }

  it('hover explains why a part is not cached (after the last breakpoint / below the minimum)', async function () {
    if (!exampleFiles().includes('anthropic-cache-mistakes.json')) this.skip();
    const { editor, analysis } = await open(file('anthropic-cache-mistakes.json'));
    const notCached = analysis.segments.filter((s) => s.range.end > s.range.start && s.cumulativeTokens > analysis.cache.cachedTokensNextCall);
    assert.ok(notCached.length > 0);
    for (const seg of notCached) {
      const pos = editor.document.positionAt(seg.range.start + 1);
      const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos));
      assert.match(text, /On the next call: .*(not cached|partly cached)/, text);
      assert.match(text, /Why not: .+/, text);
      // a below-minimum breakpoint writes nothing: never "write-only" next to it, never "writes 0"
      if (analysis.cache.breakpoints.some((b) => b.segmentId === seg.id && !b.meetsMinimum)) {
        assert.match(text, /below the [\d,]+-token minimum: writes nothing, caches nothing/, text);
        assert.doesNotMatch(text, /Written but never read|writes 0/, text);
      }
    }
  });

  it('a timestamp before the only breakpoint: the next call reads nothing, the repeat is labelled', async function () {
    if (!exampleFiles().includes('timestamp-before-breakpoint.json')) this.skip();
    const { editor, analysis, applied } = await open(file('timestamp-before-breakpoint.json'));
    const plan = analysis.cache;
    assert.ok(plan.nextCallCut, 'the engine reports the cut');
    assert.ok(plan.cachedTokensNextCall < plan.cachedTokensOnRepeat);
    // highlight: what the next call reads; the rest it writes but cannot read has the other tint
    assert.deepEqual(offsetRanges(editor.document, applied.writeOnly), plan.writeOnlyRanges.filter((r) => r.end > r.start));
    assert.ok(applied.writeOnly.length > 0);
    const bpSeg = analysis.segments.find((s) => plan.breakpoints.some((b) => b.segmentId === s.id))!;
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.document.positionAt(bpSeg.range.start + 1)));
    assert.match(text, /On the next call: .*not cached/, text);
    assert.match(text, /Identical repeat: cached/, text);
    assert.match(text, /Written but never read:/, text);
    assert.ok(text.includes(`Why not: after the timestamp "${plan.nextCallCut!.value}"`), text);
    assert.match(text, /first call writes ≈?[\d,]+, the next call reads ≈?0 \(an identical repeat reads ≈?[\d,]+\)/, text);
    const sb = api.statusBar.text;
    assert.ok(sb.includes(`${analysis.exact ? '' : '≈'}${nf.format(plan.cachedTokensNextCall)} cached`), sb);
    assert.ok(sb.endsWith(`${fmtUsd(analysis.cost!.nextCall)}/call`), sb);
    const bp = applied.breakpoints[0];
    assert.match(bp.label, /· next call reads ≈?0$/, bp.label);
  });

  it('hover on a message the next call reads says it is read from cache', async () => {
    const { editor, analysis } = await open(file('anthropic-cached-document.json'));
    const cached = analysis.segments.find((s: Segment) => s.range.end > s.range.start && s.cumulativeTokens <= analysis.cache.cachedTokensNextCall && s.tokens > 0)!;
    assert.ok(cached);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.document.positionAt(cached.range.start + 1)));
    assert.match(text, /On the next call: .*cached — read from cache/);
    assert.ok(text.includes(cached.label), text);
  });
});

describe('editor: files that are not requests are left alone', () => {
  it('package.json and tsconfig.json get no analysis, no decorations, no CodeLens, no status bar', async () => {
    // A package.json that even contains request-like keys: excluded by promptCache.exclude.
    const pkg = file('package.json');
    await vscode.workspace.fs.writeFile(pkg, Buffer.from(JSON.stringify({ name: 'demo', version: '1.0.0', model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], scripts: { test: 'node test.js' } }, null, 2)));
    const tsconfig = file('tsconfig.json');
    await vscode.workspace.fs.writeFile(tsconfig, Buffer.from(JSON.stringify({ compilerOptions: { strict: true } }, null, 2)));
    for (const uri of [pkg, tsconfig]) {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false });
      assert.equal(api.service.isRelevant(doc), false);
      assert.equal(await api.service.analyzeNow(doc), undefined);
      assert.equal(api.service.isTracked(uri), false);
      assert.equal(api.decorations.getApplied(uri), undefined);
      assert.deepEqual(await lensTitles(uri), []);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 4));
      assert.ok(!hoverText(hovers).includes('On the next call'));
      assert.equal(api.statusBar.text, '');
      const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source !== 'json' && d.source !== undefined);
      assert.deepEqual(ours, []);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of [pkg, tsconfig]) await vscode.workspace.fs.delete(uri);
  });

  it('an untitled JSON buffer becomes a request while it is typed', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: '{\n}' });
    const editor = await vscode.window.showTextDocument(doc);
    assert.equal(api.service.isTracked(doc.uri), false);
    const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Hi' }] }, null, 2);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), body));
    const analysis = await api.service.waitForAnalysis(doc.uri, { minVersion: doc.version });
    assert.equal(analysis.isRequest, true);
    assert.ok(analysis.inputTokens > 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

describe('editor: edits and stale results', function () {
  this.timeout(120_000);

  it('an edit updates counts and decorations for the new text', async () => {
    const { editor, analysis: before } = await open(file('openai-support-agent.json'));
    const doc = editor.document;
    // Append to the last user message's text (analyses posted back from the worker carry no span text).
    const question = 'ship to my office instead?';
    const at = doc.getText().lastIndexOf(question);
    assert.ok(at > 0, 'example text changed');
    const insertAt = doc.positionAt(at + question.length);
    await editor.edit((e) => e.insert(insertAt, ' Please also tell me when the replacement will ship and whether I can keep the original boots.'));
    const { analysis: after, applied } = await settled(editor);
    assert.ok(after.inputTokens > before.inputTokens, `${after.inputTokens} ≤ ${before.inputTokens}`);
    assert.equal(applied.version, doc.version);
    assert.ok(api.statusBar.text.includes(`${nf.format(after.inputTokens)} in`) || api.statusBar.text.includes(`≈${nf.format(after.inputTokens)} in`), api.statusBar.text);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await settled(editor);
  });

  it('typing is debounced: a burst of edits is analyzed once or twice, not per keystroke', async () => {
    const { editor } = await open(file('anthropic-cached-document.json'));
    const doc = editor.document;
    const runs = api.service.stats.runs;
    const pos = doc.lineAt(doc.lineCount - 1).range.end;
    for (const ch of ' typed'.split('')) await editor.edit((e) => e.insert(doc.lineAt(doc.lineCount - 1).range.end, ch), { undoStopBefore: false, undoStopAfter: false });
    assert.ok(pos);
    await settled(editor);
    const extra = api.service.stats.runs - runs;
    assert.ok(extra >= 1 && extra <= 3, `${extra} engine runs for 6 keystrokes`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await settled(editor);
  });

  it('a result computed for text that changed meanwhile is dropped, and the newest text wins', async () => {
    const { editor } = await open(file('openrouter-gateway-claude.jsonc'));
    const doc = editor.document;
    const dropped = api.service.stats.dropped;
    let once = true;
    api.service.testHooks.beforeRun = async (d) => {
      if (d !== doc || !once) return;
      once = false;
      // The text changes while the engine is "busy" with the old version.
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// edited while analyzing\n'));
    };
    try {
      const staleVersion = doc.version;
      const result = await api.service.analyzeNow(doc);
      assert.ok(doc.version > staleVersion);
      assert.equal(api.service.stats.dropped, dropped + 1, 'the stale result was not dropped');
      assert.ok(result, 'analyzeNow did not resolve with the newest analysis');
      assert.equal(api.service.getAnalyzedVersion(doc.uri), doc.version);
      const { applied } = await settled(editor);
      assert.equal(applied.version, doc.version);
    } finally {
      api.service.testHooks.beforeRun = undefined;
    }
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await settled(editor);
  });
});

describe('editor: settings apply without a reload', function () {
  this.timeout(120_000);

  it('tokenCounts.display switches between CodeLens, inline text and off', async () => {
    const { editor } = await open(file('anthropic-cached-document.json'));
    const uri = editor.document.uri;
    assert.ok((await lensTitles(uri)).length > 0);

    await setSetting('tokenCounts.display', 'inline');
    const inline = await waitFor(api.service.onDidAnalyze, () => (api.tokenCounts.getAppliedInline(uri)?.length ? api.tokenCounts.getAppliedInline(uri) : undefined), 20_000, 'inline counts');
    assert.ok(inline.some((l) => /· ≈?[\d,]+ tok · Σ/.test(l.text)), JSON.stringify(inline));
    assert.deepEqual(await lensTitles(uri), []);

    await setSetting('tokenCounts.display', 'off');
    assert.deepEqual(await lensTitles(uri), []);
    assert.equal(api.tokenCounts.getAppliedInline(uri), undefined);

    await setSetting('tokenCounts.display', undefined);
    assert.ok((await lensTitles(uri)).length > 0);
  });

  it('Toggle Cache Highlights removes and restores the highlight', async () => {
    const { editor } = await open(file('anthropic-cached-document.json'));
    const uri = editor.document.uri;
    assert.ok(api.decorations.getApplied(uri)!.cachedPrefix.length > 0);
    await vscode.commands.executeCommand('promptCache.toggleHighlights');
    await waitFor(api.decorations.onDidApply, () => api.decorations.getApplied(uri)?.cachedPrefix.length === 0, 20_000, 'highlight off');
    assert.ok(api.decorations.getApplied(uri)!.breakpoints.length > 0, 'breakpoints stay when highlights are off');
    await vscode.commands.executeCommand('promptCache.toggleHighlights');
    await waitFor(api.decorations.onDidApply, () => (api.decorations.getApplied(uri)?.cachedPrefix.length ?? 0) > 0, 20_000, 'highlight on');
  });

  it('price overrides change the next-call cost in the status bar', async () => {
    const { editor, analysis } = await open(file('anthropic-cached-document.json'));
    const model = analysis.model.name!;
    assert.ok(analysis.cost);
    const before = api.statusBar.text;
    await setSetting('prices', { [model]: { input: 100, cacheRead: 50, cacheWrite5m: 125, cacheWrite1h: 200 } });
    const a = await api.service.waitForAnalysis(editor.document.uri, { predicate: (x) => !!x.cost?.overridden, timeoutMs: 20_000 });
    assert.ok(a.cost!.nextCall > analysis.cost!.nextCall);
    assert.notEqual(api.statusBar.text, before);
    assert.ok(api.statusBar.text.endsWith(` · ${fmtUsd(a.cost!.nextCall)}/call`), api.statusBar.text);
    await setSetting('prices', undefined);
    await api.service.waitForAnalysis(editor.document.uri, { predicate: (x) => !x.cost?.overridden, timeoutMs: 20_000 });
  });

  it('files above maxFileSize are not analyzed until "Analyze anyway"', async () => {
    const { editor } = await open(file('anthropic-cached-document.json'));
    const uri = editor.document.uri;
    await setSetting('maxFileSize', 1); // KB
    await waitFor(api.service.onDidChangeState, () => api.service.getState(uri)?.status === 'too-large', 20_000, 'too-large state');
    assert.equal(api.service.getAnalysis(uri), undefined);
    assert.match(api.statusBar.text, /large file/);
    assert.equal(api.decorations.getApplied(uri), undefined);
    const a = await vscode.commands.executeCommand<Analysis>('promptCache.analyzeAnyway', uri);
    assert.ok(a?.isRequest);
    await settled(editor);
    assert.match(api.statusBar.text, / cached/);
    await setSetting('maxFileSize', undefined);
  });
});

describe('editor: commands', function () {
  this.timeout(120_000);

  it('Choose Model changes the model for this file, the status bar follows, and it persists', async () => {
    const { editor, analysis } = await open(file('openai-support-agent.json'));
    const uri = editor.document.uri;
    const other = analysis.model.name === 'gpt-4.1-mini' ? 'gpt-4o-mini' : 'gpt-4.1-mini';
    await vscode.commands.executeCommand('promptCache.chooseModel', uri, other);
    const a = await api.service.waitForAnalysis(uri, { predicate: (x) => x.model.name === other });
    assert.equal(a.model.source, 'option');
    assert.ok(api.statusBar.text.includes(other), api.statusBar.text);
    assert.equal(api.service.getModelChoice(uri), other);
    // back to the file's own model
    await vscode.commands.executeCommand('promptCache.chooseModel', uri, '$file');
    await api.service.waitForAnalysis(uri, { predicate: (x) => x.model.name === analysis.model.name });
    assert.ok(api.statusBar.text.includes(analysis.model.name!), api.statusBar.text);
    assert.equal(api.service.getModelChoice(uri), undefined);
  });

  it('the status bar item opens the model picker', async () => {
    await open(file('openai-support-agent.json'));
    const cmd = api.statusBar.item.command;
    assert.equal(typeof cmd === 'string' ? cmd : cmd?.command, 'promptCache.chooseModel');
  });

  it('Show Analysis as Text opens the CLI report in a read-only document', async () => {
    const { editor, analysis } = await open(file('anthropic-cached-document.json'));
    const reportUri = await vscode.commands.executeCommand<vscode.Uri>('promptCache.showReport', editor.document.uri);
    assert.ok(reportUri);
    assert.equal(reportUri.scheme, 'promptcache-report');
    const report = await vscode.workspace.openTextDocument(reportUri);
    assert.match(report.getText(), /Input tokens:/);
    assert.ok(report.getText().includes(analysis.model.name!), report.getText().slice(0, 400));
  });

  it('the commands are contributed under one category', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string; category?: string }[] } };
    const cats = new Set(pkg.contributes.commands.map((c) => c.category));
    assert.deepEqual([...cats], ['Prompt Cache']);
    const all = await vscode.commands.getCommands(true);
    for (const id of ['promptCache.chooseModel', 'promptCache.toggleHighlights', 'promptCache.showReport', 'promptCache.analyzeAnyway']) assert.ok(all.includes(id), id);
  });
});
