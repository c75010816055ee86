// The editor's wording (src/extension/text.ts): labels, hover and status bar text derived from the
// engine's Analysis. Pure functions, so they are tested here in Node without a VS Code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../src/core';
import type { Analysis, Breakpoint } from '../../src/core/types';
import {
  breakpointLabel,
  flattenSegments,
  fmtInt,
  fmtTokens,
  fmtUsd,
  hoverMarkdown,
  locate,
  requestParts,
  segmentAt,
  segmentCacheInfo,
  segmentCountLabel,
  statusBarText,
} from '../../src/extension/text';

const sentence = (i: number) => `Rule ${i}: agents answer in plain sentences and quote the order timeline instead of guessing. `;
const longText = (n: number) => Array.from({ length: n }, (_, i) => sentence(i)).join('');
const example = (name: string): Analysis => analyze(readFileSync(`examples/${name}`, 'utf8'), { fileName: `examples/${name}` });

const bp = (over: Partial<Breakpoint>): Breakpoint => ({
  segmentId: 'system[0]',
  kind: 'explicit',
  ttl: '5m',
  range: { start: 0, end: 1 },
  prefixTokens: 4812,
  minimumTokens: 1024,
  meetsMinimum: true,
  positionsSincePrevious: 1,
  withinLookback: true,
  writeTokens: 4812,
  readTokensOnRepeat: 4812,
  ...over,
});

test('numbers, tokens and money', () => {
  assert.equal(fmtInt(4812), '4,812');
  assert.equal(fmtTokens(1), '1 token');
  assert.equal(fmtTokens(1203, false), '≈1,203 tokens');
  assert.equal(fmtUsd(0), '$0');
  assert.equal(fmtUsd(1.234), '$1.23');
  assert.equal(fmtUsd(0.0123), '$0.012');
  assert.match(fmtUsd(0.00004123), /^\$0\.0000412?$/);
});

test('breakpoint labels', () => {
  assert.equal(breakpointLabel(bp({})), 'cache breakpoint · 5m · 4,812 tokens');
  assert.equal(breakpointLabel(bp({ ttl: '1h' }), false), 'cache breakpoint · 1h · ≈4,812 tokens');
  assert.equal(breakpointLabel(bp({ prefixTokens: 300, meetsMinimum: false })), 'cache breakpoint · 5m · 300 tokens · below 1,024 minimum — not cached');
  assert.equal(breakpointLabel(bp({ kind: 'implicit', prefixTokens: 1920 })), 'cache boundary (implicit) · 5m · 1,920 tokens');
});

test('segment count labels and status bar text come from the analysis', () => {
  const a = analyze(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: longText(40) }, { role: 'user', content: 'Hi' }] }, null, 2));
  const sys = a.segments[0];
  assert.equal(segmentCountLabel(sys), `${sys.label} · ${fmtInt(sys.tokens)} tokens · Σ ${fmtInt(sys.cumulativeTokens)}`);
  const sb = statusBarText(a);
  assert.ok(sb.startsWith('$(database) gpt-4o · '), sb);
  assert.ok(sb.includes(`${fmtInt(a.inputTokens)} in`));
  assert.ok(sb.includes(`${fmtInt(a.cache.cachedTokensOnRepeat)} cached`));
  assert.match(sb, /\/repeat$/);
});

test('segmentAt finds the innermost segment, children before parents', () => {
  const a = example('anthropic-cached-document.json');
  const msg = a.segments.find((s) => s.children?.length)!;
  const child = msg.children![0];
  const hit = segmentAt(a.segments, child.range.start + 1)!;
  assert.equal(hit.segment.id, child.id);
  assert.deepEqual(hit.parents.map((p) => p.id), [msg.id]);
  assert.equal(segmentAt(a.segments, msg.range.start)!.segment.id, msg.id);
  assert.equal(segmentAt(a.segments, 0), undefined);
});

test('cache info: cached, partly cached and not cached with reasons', () => {
  const cached = example('anthropic-cached-document.json');
  const first = cached.segments.find((s) => s.tokens > 0)!;
  assert.equal(segmentCacheInfo(cached, first).status, 'cached');

  const mistakes = example('anthropic-cache-mistakes.json');
  for (const s of mistakes.segments.filter((x) => x.tokens > 0)) {
    const info = segmentCacheInfo(mistakes, s);
    assert.equal(info.status, 'not-cached');
    assert.ok(info.reasons.length > 0);
  }
  const [b1, b2] = mistakes.segments;
  assert.match(segmentCacheInfo(mistakes, b1).reasons.join(' '), /below the 4,096-token minimum/);
  assert.match(segmentCacheInfo(mistakes, b2).reasons.join(' '), /after the last cache breakpoint/);

  // OpenAI: below the 1,024-token minimum nothing is cached.
  const small = analyze(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello there' }] }));
  assert.match(segmentCacheInfo(small, small.segments[0]).reasons.join(' '), /below the 1,024-token minimum/);

  // Anthropic without any cache_control.
  const none = analyze(JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, system: longText(80), messages: [{ role: 'user', content: 'Hi' }] }));
  assert.match(segmentCacheInfo(none, none.segments.find((s) => s.kind === 'system')!).reasons.join(' '), /no cache_control breakpoint/);
});

test('hover markdown: tokens, cumulative, repeat status and why not', () => {
  const a = example('anthropic-cache-mistakes.json');
  const seg = a.segments[1];
  const md = hoverMarkdown(a, seg.range.start + 1)!;
  assert.match(md, /\*\*Tokens:\*\* ≈[\d,]+/);
  assert.match(md, /\*\*Cumulative:\*\*/);
  assert.match(md, /not cached/);
  assert.match(md, /\*\*Why not:\*\* after the last cache breakpoint/);
  assert.equal(hoverMarkdown(a, 0), undefined);
});

test('JSONL: every line is its own request', () => {
  const a = example('batch-requests.jsonl');
  const parts = requestParts(a);
  assert.ok(parts.length >= 2);
  const last = parts[parts.length - 1];
  const seg = last.segments.find((s) => s.range.end > s.range.start)!;
  assert.equal(locate(a, seg.range.start + 1)!.part, last);
  assert.match(hoverMarkdown(a, seg.range.start + 1)!, new RegExp(`request ${parts.length} of ${parts.length}`));
  assert.ok(flattenSegments(last.segments).length >= last.segments.length);
});
