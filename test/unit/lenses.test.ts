// What the CodeLens rows say (src/extension/lenses.ts, pure): one summary lens per JSONL request line that
// fits the editor, the segments on demand, and in `inline` mode no breakpoint lens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core';
import { codeLensItems, inlineLabels, LONG_LINE, MAX_SEGMENT_LENSES, requestSummaryLabel, segmentPickItems, textLensDocument } from '../../src/extension/lenses';

const JSONL = readFileSync(join(__dirname, '../../examples/batch-requests.jsonl'), 'utf8');
const SUPPORT = readFileSync(join(__dirname, '../../examples/openai-support-agent.json'), 'utf8');
const ON = { display: 'codelens', blocks: true, breakpointLabels: true } as const;

/** The widest a lens row may get: the sum of its titles plus VS Code's " | " separators. */
function rowWidths(items: { line: number; title: string }[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const it of items) m.set(it.line, (m.has(it.line) ? m.get(it.line)! + 3 : 0) + it.title.replace(/\$\([a-z-]+\) /g, '  ').length);
  return m;
}

test('JSONL: one summary lens and one "segments" lens per request line, each row short enough to fit', () => {
  const a = analyze(JSONL, { fileName: 'batch-requests.jsonl' });
  assert.ok(a.lines && a.lines.length === 3, 'three requests');
  const items = codeLensItems(a, ON, textLensDocument(JSONL));
  assert.deepEqual(
    items.map((i) => [i.kind, i.line]),
    [
      ['request', 0],
      ['segments', 0],
      ['request', 1],
      ['segments', 1],
      ['request', 2],
      ['segments', 2],
    ],
  );
  const first = items[0];
  assert.equal(first.title, `request 1 · ${a.lines![0].inputTokens.toLocaleString('en-US')} tokens · next call reads ${a.lines![0].cache.cachedTokensNextCall.toLocaleString('en-US')}`);
  for (const [line, width] of rowWidths(items)) assert.ok(width <= 80, `line ${line}: ${width} characters of lenses`);
  // the summary's tooltip carries what no longer fits on the row
  assert.match(items[0].tooltip, /The next call reads/);
  assert.match(items[0].tooltip, /automatic prefix boundary/);
});

test('JSONL: a line\'s segments on demand, with their counts and whether the next call reads them', () => {
  const a = analyze(JSONL, { fileName: 'batch-requests.jsonl' });
  const picks = segmentPickItems(a, 1);
  assert.equal(picks.length, a.lines![1].segments.length);
  assert.match(picks[0].label, /^system message 1 · 1,195 tokens · Σ 1,195$/);
  assert.equal(picks[0].description, `first ${a.lines![1].cache.cachedTokensNextCall.toLocaleString('en-US')} tokens read on the next call`);
  assert.equal(picks[2].description, 'not read on the next call');
  // the ranges point into the second line of the file
  const line2 = JSONL.indexOf('\n') + 1;
  assert.ok(picks.every((p) => p.start >= line2 && p.end <= JSONL.indexOf('\n', line2)));
  assert.deepEqual(segmentPickItems(a, 7), []);
});

test('JSONL inline mode: the request summary at the end of each line, not every segment', () => {
  const a = analyze(JSONL, { fileName: 'batch-requests.jsonl' });
  const labels = inlineLabels(a, true, textLensDocument(JSONL));
  assert.deepEqual(labels.map((l) => l.line), [0, 1, 2]);
  assert.equal(labels[1].text, requestSummaryLabel(a.lines![1], 1));
  assert.ok(!labels.some((l) => l.text.includes('Σ')), 'no per-segment labels');
});

test('a pretty-printed request keeps one lens per segment on its own line', () => {
  const a = analyze(SUPPORT, { fileName: 'openai-support-agent.json' });
  const items = codeLensItems(a, ON, textLensDocument(SUPPORT));
  const segs = items.filter((i) => i.kind === 'segment');
  assert.ok(segs.length >= 3, `${segs.length} segment lenses`);
  assert.equal(items.filter((i) => i.kind === 'request').length, 0);
  const perLine = new Map<number, number>();
  for (const s of segs) perLine.set(s.line, (perLine.get(s.line) ?? 0) + 1);
  assert.ok([...perLine.values()].every((n) => n <= MAX_SEGMENT_LENSES));
});

test('a one-line (minified) request gets the summary instead of a row of segment lenses', () => {
  const one = JSON.stringify(JSON.parse(SUPPORT));
  const a = analyze(one, { fileName: 'min.json' });
  const items = codeLensItems(a, ON, textLensDocument(one));
  assert.deepEqual(items.map((i) => i.kind).filter((k) => k !== 'breakpoint'), ['request', 'segments']);
  assert.doesNotMatch(items[0].title, /^request \d/, 'a single request is not numbered');
});

test('breakpoint labels: a lens above a long line in codelens mode, none in inline mode (the label stays at the end of the line)', () => {
  const system = `Handbook: ${'Agents answer politely and precisely. '.repeat(200)}`;
  // the block on one line, as hand-written requests often have it
  const block = JSON.stringify({ type: 'text', text: system, cache_control: { type: 'ephemeral' } });
  const text = `{\n  "model": "claude-sonnet-4-5",\n  "max_tokens": 100,\n  "system": [\n    ${block}\n  ],\n  "messages": [{"role": "user", "content": "Hi"}]\n}\n`;
  const a = analyze(text, { fileName: 'bp.json' });
  const doc = textLensDocument(text);
  const bpLine = doc.lineOf(a.cache.breakpoints[0].range.start);
  assert.ok(doc.lineLength(bpLine) > LONG_LINE);
  const lens = codeLensItems(a, ON, doc).filter((i) => i.kind === 'breakpoint');
  assert.equal(lens.length, 1);
  assert.match(lens[0].title, /cache breakpoint · 5m/);
  assert.deepEqual(codeLensItems(a, { ...ON, display: 'inline' }, doc), []);
  assert.equal(codeLensItems(a, { ...ON, breakpointLabels: false }, doc).filter((i) => i.kind === 'breakpoint').length, 0);
});

test('textLensDocument: lines and their lengths (CRLF counted without the CR)', () => {
  const d = textLensDocument('ab\r\ncde\nf');
  assert.deepEqual([0, 3, 4, 7, 8, 9].map((o) => d.lineOf(o)), [0, 0, 1, 1, 2, 2]);
  assert.deepEqual([0, 1, 2, 3].map((l) => d.lineLength(l)), [2, 3, 1, 0]);
});
