// The editor's wording (src/extension/text.ts): labels, hover and status bar text derived from the
// engine's Analysis. Pure functions, so they are tested here in Node without a VS Code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../src/core';
import type { Analysis, Breakpoint } from '../../src/core/types';
import * as format from '../../src/core/format';
import { formatTextReport } from '../../src/core/report';
import { buildPanelModel, type RequestPanelModel } from '../../src/core/cache/panelModel';
import * as webviewFormat from '../../src/webview/format';
import {
  breakpointLabel,
  flattenSegments,
  fmtInt,
  fmtTokens,
  fmtUsd,
  hoverMarkdown,
  locate,
  planSummary,
  requestParts,
  segmentAt,
  segmentCacheInfo,
  segmentCountLabel,
  statusBarText,
  statusTooltipLines,
} from '../../src/extension/text';
import { REJECTION, STAMP, SYS1, SYS2, TEXT, USER, analysis, belowMinimum, cutBeforeBreakpoint, rejected } from './frontFixtures';

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
  readTokensNextCall: 4812,
  ...over,
});

test('numbers, tokens and money: the editor uses the one core formatter', () => {
  assert.equal(fmtInt, format.fmtInt);
  assert.equal(fmtTokens, format.fmtTokens);
  assert.equal(fmtUsd, format.fmtUsd);
  assert.equal(fmtInt(4812), '4,812');
  assert.equal(fmtTokens(1), '1 token');
  assert.equal(fmtTokens(1203, false), '≈1,203 tokens');
  assert.equal(fmtUsd(0), '$0');
  assert.equal(fmtUsd(1.234), '$1.23');
  assert.equal(fmtUsd(0.0123), '$0.0123');
  assert.equal(fmtUsd(0.0041234), '$0.00412');
  assert.equal(fmtUsd(0.00004123), '$0.0000412');
});

test('one amount reads the same in the panel, the hover, the status bar and the CLI', () => {
  for (const amount of [0.0041234, 0.00004123, 0.0123, 0.41249, 1.234, 0]) {
    const a = analysis({}, { nextCall: amount });
    const expected = fmtUsd(amount);
    // status bar
    assert.ok(statusBarText(a).endsWith(` · ${expected}/call`), statusBarText(a));
    // status bar tooltip
    assert.ok(statusTooltipLines(a).some((l) => l.includes(`next call ${expected} ·`)), statusTooltipLines(a).join('\n'));
    // hover (footer: the request's next-call cost)
    assert.ok(hoverMarkdown(a, SYS2.range.start + 1)!.includes(`next call ${expected}`), hoverMarkdown(a, SYS2.range.start + 1));
    // CLI text report
    assert.ok(formatTextReport(a, { path: 'x.json', text: TEXT }).includes(` · next call ${expected} · `));
    // panel: the model carries the figure (no output estimate), the webview writes it with the core formatter
    const m = buildPanelModel({ analysis: a, usage: { calls: 10, rate: 2, rateUnit: 'minute', outputTokens: 0, compareModels: ['', '', ''] }, comparisons: [] }) as RequestPanelModel;
    assert.equal(m.perCall!.nextCall, amount);
    assert.equal(webviewFormat.usd(m.perCall!.nextCall), expected);
  }
  assert.equal(webviewFormat.usd(Number.NaN), '—');
  assert.equal(webviewFormat.tokens(4812), fmtInt(4812));
});

test('breakpoint labels', () => {
  assert.equal(breakpointLabel(bp({})), 'cache breakpoint · 5m · 4,812 tokens');
  assert.equal(breakpointLabel(bp({ readTokensNextCall: 1200 })), 'cache breakpoint · 5m · 4,812 tokens · next call reads 1,200');
  assert.equal(breakpointLabel(bp({ readTokensNextCall: 0 }), true, { rejected: 'too many breakpoints' }), 'cache breakpoint · 5m · 4,812 tokens · request rejected — not cached');
  assert.equal(breakpointLabel(bp({ ttl: '1h' }), false), 'cache breakpoint · 1h · ≈4,812 tokens');
  assert.equal(breakpointLabel(bp({ prefixTokens: 300, meetsMinimum: false, writeTokens: 0, readTokensOnRepeat: 0, readTokensNextCall: 0 })), 'cache breakpoint · 5m · 300 tokens · below 1,024 minimum — not cached');
  assert.equal(breakpointLabel(bp({ kind: 'implicit', prefixTokens: 1920 })), 'automatic prefix boundary · 5m · 1,920 tokens');
});

test('segment count labels and status bar text come from the analysis', () => {
  const a = analyze(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: longText(40) }, { role: 'user', content: 'Hi' }] }, null, 2));
  const sys = a.segments[0];
  assert.equal(segmentCountLabel(sys), `${sys.label} · ${fmtInt(sys.tokens)} tokens · Σ ${fmtInt(sys.cumulativeTokens)}`);
  const sb = statusBarText(a);
  assert.ok(sb.startsWith('$(database) gpt-4o · '), sb);
  assert.ok(sb.includes(`${fmtInt(a.inputTokens)} in`));
  assert.ok(sb.includes(`${fmtInt(a.cache.cachedTokensNextCall)} cached`));
  assert.ok(sb.endsWith(`${fmtUsd(a.cost!.nextCall)}/call`), sb);
});

test('a cut before the only breakpoint: the next call reads nothing, an identical repeat reads 4,000', () => {
  const a = cutBeforeBreakpoint();
  assert.equal(statusBarText(a), `$(database) claude-sonnet-4-5 · 4,005 in · 0 cached · ${fmtUsd(a.cost!.nextCall)}/call`);
  const tip = statusTooltipLines(a).join('\n');
  assert.ok(tip.includes(`**Next call reads from cache:** 0 tokens — stops before the timestamp "${STAMP}" in system block 1`), tip);
  assert.ok(tip.includes('**Identical repeat reads:** 4,000 tokens'), tip);
  assert.ok(tip.includes('**Written on the first call:** 4,000 tokens'), tip);
  assert.ok(tip.includes(`first call ${fmtUsd(a.cost!.firstCall)} · next call ${fmtUsd(a.cost!.nextCall)} · identical repeat ${fmtUsd(a.cost!.repeatCall)} · uncached ${fmtUsd(a.cost!.uncachedCall)}`), tip);
  assert.ok(tip.indexOf('Next call reads') < tip.indexOf('Identical repeat reads'));
  assert.equal(planSummary(a), `The next call reads nothing from cache; it stops before the timestamp "${STAMP}" in system block 1.`);

  const info = segmentCacheInfo(a, SYS2);
  assert.equal(info.status, 'not-cached');
  assert.equal(info.repeatStatus, 'cached');
  assert.equal(info.writeOnly, true);
  assert.match(info.reasons[0], new RegExp(`^after the timestamp "${STAMP}" in system block 1, which changes on every call`));
  const inside = segmentCacheInfo(a, SYS1);
  assert.match(inside.reasons[0], new RegExp(`^the timestamp "${STAMP}" in system block 1 changes on every call`));

  const md = hoverMarkdown(a, SYS2.range.start + 1)!;
  assert.ok(md.includes('**On the next call:** $(circle-slash) not cached'), md);
  assert.ok(md.includes('**Identical repeat:** cached'), md);
  assert.ok(md.includes('**Written but never read:**'), md);
  assert.ok(md.includes(`**Why not:** after the timestamp "${STAMP}" in system block 1`), md);
  assert.ok(md.includes('first call writes 4,000, the next call reads 0 (an identical repeat reads 4,000)'), md);
  assert.ok(md.indexOf('On the next call') < md.indexOf('Identical repeat'));
  assert.equal(breakpointLabel(a.cache.breakpoints[0]), 'cache breakpoint · 5m · 4,000 tokens · next call reads 0');
});

test('no cut: the identical-repeat line only appears when it differs', () => {
  const a = analysis();
  const md = hoverMarkdown(a, SYS2.range.start + 1)!;
  assert.ok(md.includes('**On the next call:** $(check) cached'), md);
  assert.ok(!md.includes('Identical repeat'), md);
  assert.ok(md.includes('first call writes 4,000, the next call reads 4,000'), md);
  assert.ok(!md.includes('an identical repeat reads'), md);
  assert.ok(!md.includes('Written but never read'), md);
  assert.equal(planSummary(a), 'The next call reads 4,000 tokens of 4,005 tokens from cache.');
  const user = segmentCacheInfo(a, USER);
  assert.equal(user.status, 'not-cached');
  assert.match(user.reasons[0], /after the last cache breakpoint/);
});

test('a breakpoint below the minimum writes nothing and caches nothing (never "write-only", never "writes 0")', () => {
  const a = belowMinimum();
  const md = hoverMarkdown(a, SYS2.range.start + 1)!;
  assert.ok(md.includes('closes a prefix of 4,000 tokens; below the 4,096-token minimum: writes nothing, caches nothing'), md);
  assert.ok(!/write-only/i.test(md), md);
  assert.ok(!md.includes('writes 0'), md);
  assert.ok(md.includes('**On the next call:** $(circle-slash) not cached'), md);
  assert.ok(!md.includes('Identical repeat'), md);
  assert.match(segmentCacheInfo(a, SYS2).reasons.join(' '), /below the 4,096-token minimum for claude-sonnet-4-5, so it writes and caches nothing/);
  assert.equal(segmentCacheInfo(a, SYS2).writeOnly, false);
  assert.equal(breakpointLabel(a.cache.breakpoints[0]), 'cache breakpoint · 5m · 4,000 tokens · below 4,096 minimum — not cached');
  assert.equal(statusBarText(a), `$(database) claude-sonnet-4-5 · 4,005 in · 0 cached · ${fmtUsd(a.cost!.nextCall)}/call`);
  assert.equal(planSummary(a), a.cache.notes[0]);
});

test('a rejected request: a warning, the reason, and nothing cached', () => {
  const a = rejected();
  const sb = statusBarText(a);
  assert.ok(sb.startsWith('$(warning) claude-sonnet-4-5 · 4,005 in · nothing cached — rejected: '), sb);
  assert.ok(REJECTION.startsWith(sb.slice(sb.indexOf('rejected: ') + 10).replace(/…$/, '')), sb);
  const tip = statusTooltipLines(a);
  const md = (t: string) => t.replace(/_/g, '\\_'); // markdown-escaped
  assert.equal(tip[0], `- $(warning) **Rejected by the API:** ${md(REJECTION)} — nothing is cached`);
  assert.equal(planSummary(a), `Rejected by the API: ${REJECTION} — nothing is cached.`);
  const hover = hoverMarkdown(a, SYS2.range.start + 1)!;
  assert.ok(hover.includes(`**Rejected by the API:** ${md(REJECTION)} — nothing is cached`), hover);
  assert.ok(hover.includes('**On the next call:** $(circle-slash) not cached'), hover);
  assert.ok(hover.includes('the request is rejected: writes nothing, caches nothing'), hover);
  assert.ok(!hover.includes('first call writes'), hover);
  const info = segmentCacheInfo(a, SYS1);
  assert.equal(info.status, 'not-cached');
  assert.equal(info.rejected, REJECTION);
  assert.match(info.reasons[0], /the API would reject this request/);
  assert.equal(breakpointLabel(a.cache.breakpoints[0], true, a.cache), 'cache breakpoint · 5m · 4,000 tokens · request rejected — not cached');
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
  assert.equal(typeof cached.cache.cachedTokensNextCall, 'number', 'the engine fills cachedTokensNextCall');
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

test('hover markdown: tokens, cumulative, next-call status and why not', () => {
  const a = example('anthropic-cache-mistakes.json');
  const seg = a.segments[1];
  const md = hoverMarkdown(a, seg.range.start + 1)!;
  assert.match(md, /\*\*Tokens:\*\* ≈[\d,]+/);
  assert.match(md, /\*\*Cumulative:\*\*/);
  assert.match(md, /\*\*On the next call:\*\* .*not cached/);
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

test('long-context pricing is shown where costs are shown', () => {
  const a = analysis();
  a.cost = { ...a.cost!, longContext: { thresholdTokens: 200_000, applied: true, source: 'pricing page' } } as typeof a.cost;
  assert.ok(statusTooltipLines(a).includes('- **Long context:** the input is above 200,000 tokens, so all of it is priced at long-context rates'), statusTooltipLines(a).join('\n'));
  assert.ok(hoverMarkdown(a, SYS2.range.start + 1)!.includes(`next call ${fmtUsd(a.cost!.nextCall)} (long-context rates)`));
  const m = buildPanelModel({ analysis: a, usage: { calls: 10, rate: 2, rateUnit: 'minute', outputTokens: 0, compareModels: ['', '', ''] }, comparisons: [] }) as RequestPanelModel;
  assert.deepEqual(m.longContext, { thresholdTokens: 200_000, applied: true, source: 'pricing page', text: 'The input is above 200,000 tokens, so all of it is priced at long-context rates.' });
});

test('real analyses: a timestamp before the only breakpoint, and a request id in an OpenAI prefix', () => {
  const anthropic = analyze(
    JSON.stringify(
      {
        model: 'claude-sonnet-4-5',
        max_tokens: 100,
        system: [
          { type: 'text', text: `Now: ${STAMP}. ${longText(5)}` },
          { type: 'text', text: longText(120), cache_control: { type: 'ephemeral' } },
        ],
        messages: [{ role: 'user', content: 'Where is my order?' }],
      },
      null,
      2,
    ),
  );
  const plan = anthropic.cache;
  assert.equal(plan.cachedTokensNextCall, 0);
  assert.ok(plan.cachedTokensOnRepeat > 1024);
  assert.equal(plan.nextCallCut?.value, STAMP);
  const sys2 = anthropic.segments.find((s) => s.id === 'system[1]')!;
  const md = hoverMarkdown(anthropic, sys2.range.start + 1)!;
  assert.ok(md.includes('**On the next call:** $(circle-slash) not cached'), md);
  assert.ok(md.includes('**Identical repeat:** cached'), md);
  assert.ok(md.includes('**Written but never read:**'), md);
  assert.match(md, new RegExp(`\\*\\*Why not:\\*\\* after the timestamp "${STAMP}" in system block 1`));
  assert.match(md, /first call writes ≈[\d,]+, the next call reads ≈0 \(an identical repeat reads ≈[\d,]+\)/);
  assert.ok(statusBarText(anthropic).includes(' · ≈0 cached · '), statusBarText(anthropic));
  assert.ok(statusBarText(anthropic).endsWith(`${fmtUsd(anthropic.cost!.nextCall)}/call`));
  assert.ok(statusTooltipLines(anthropic)[0].includes(`stops before the timestamp "${STAMP}" in system block 1`), statusTooltipLines(anthropic)[0]);

  const openai = analyze(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: `${longText(20)} Request id: req_8f3a2b1c9d. ${longText(60)}` }, { role: 'user', content: 'Hi' }] }, null, 2));
  assert.equal(openai.cache.cachedTokensNextCall, 0);
  assert.ok(openai.cache.cachedTokensOnRepeat > 0);
  const sys = openai.segments[0];
  const omd = hoverMarkdown(openai, sys.range.start + 1)!;
  assert.match(omd, /\*\*Why not:\*\* the per-request id "req\\_8f3a2b1c9d" in system message 1 changes on every call: the next call reads nothing from cache/);
  // the automatic boundary sits before the id, below the minimum; the first call still writes what a repeat reads
  assert.match(omd, /below the 1,024-token minimum: the next call reads nothing \(an identical repeat reads [\d,]+\)/);
  assert.ok(!omd.includes('writes 0'), omd);
});
