// One truth: every figure two fronts show (tokens the next call reads, tokens an identical repeat reads,
// tokens written, the next call's cost) is computed once, in the engine's plan and cost, and appears the
// same in the CLI JSON, the CLI text, the status bar and its tooltip, the hover, the panel model and the
// rule messages. Checked on every example, on fixture bodies for each caching situation, and on a fuzz
// corpus of mutated requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import fc from 'fast-check';
import { analyze } from '../../src/core/analyze';
import { buildPanelModel } from '../../src/core/cache/panelModel';
import { DEFAULT_PANEL_USAGE } from '../../src/core/cache/panelModel.types';
import { fmtCount, fmtTokens, fmtUsd } from '../../src/core/format';
import { formatTextReport, toJsonReports } from '../../src/core/report';
import { leaves } from '../../src/core/request/units';
import type { Analysis } from '../../src/core/types';
import { hoverMarkdown, statusBarText, statusTooltipLines } from '../../src/extension/text';

const prose = (n: number, tag = 'p') => Array.from({ length: n }, (_, i) => `Rule ${tag}${i}: agents answer in plain sentences and quote the order timeline. `).join('');
const anthropic = (body: object, model = 'claude-sonnet-4-5') => JSON.stringify({ model, max_tokens: 100, messages: [{ role: 'user', content: 'Where is my order?' }], ...body }, null, 2);
const CC = { type: 'ephemeral' };

/** Bodies for every situation the plan distinguishes. */
export const FIXTURES: [string, string][] = [
  ['timestamp before the only breakpoint', anthropic({ system: [{ type: 'text', text: 'You are a helper.\nCurrent time: 2026-11-21T10:42:17Z' }, { type: 'text', text: prose(120), cache_control: CC }] })],
  ['timestamp between two breakpoints', anthropic({ system: [{ type: 'text', text: prose(80), cache_control: CC }, { type: 'text', text: `Session: 7f3c9a2e-4b1d-4e8a-9c6f-2d5e8b7a1c34. ${prose(60, 'q')}`, cache_control: CC }] })],
  ['{customer_name} placeholder', anthropic({ system: [{ type: 'text', text: prose(90), cache_control: CC }, { type: 'text', text: `Customer: {customer_name}. ${prose(20, 'c')}`, cache_control: CC }] })],
  ['breakpoint below the minimum', anthropic({ system: [{ type: 'text', text: 'Short.', cache_control: CC }, { type: 'text', text: prose(50) }] }, 'claude-haiku-4-5')],
  ['five breakpoints (rejected)', anthropic({ system: Array.from({ length: 5 }, (_, i) => ({ type: 'text', text: prose(30, `b${i}`), cache_control: CC })) })],
  ['1h after 5m (rejected)', anthropic({ system: [{ type: 'text', text: prose(60), cache_control: CC }, { type: 'text', text: prose(60, 'x'), cache_control: { type: 'ephemeral', ttl: '1h' } }] })],
  ['cache_control on a thinking block (rejected)', anthropic({ system: prose(80), messages: [{ role: 'user', content: 'Q1' }, { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 's', cache_control: CC }, { type: 'text', text: 'A1' }] }, { role: 'user', content: 'Q2' }] })],
  ['top-level automatic cache_control', anthropic({ system: prose(90), cache_control: CC })],
  ['no breakpoint', anthropic({ system: prose(90) })],
  ['OpenAI long system prompt', JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: prose(150) }, { role: 'user', content: 'Hi' }] })],
  ['OpenAI timestamp inside the prefix', JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'system', content: `${prose(40)} Today is 2026-11-21T10:42:17Z. ${prose(120, 't')}` }, { role: 'user', content: 'Hi' }] })],
  ['OpenAI below the minimum', JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello there' }] })],
  ['gateway to Claude', JSON.stringify({ model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'system', content: [{ type: 'text', text: prose(100), cache_control: CC }] }, { role: 'user', content: 'Hi' }] })],
];

const EXAMPLES: [string, string][] = readdirSync('examples').filter((f) => statSync(`examples/${f}`).isFile()).map((f) => [f, readFileSync(`examples/${f}`, 'utf8')]);

/** Every number in a string, as written ("4,837" → 4837). */
function numbers(s: string): number[] {
  return (s.match(/\d[\d,]*/g) ?? []).map((x) => Number(x.replace(/,/g, '')));
}

function checkOne(a: Analysis, whole: Analysis, text: string, path: string, where: string): void {
  const plan = a.cache;
  const next = plan.cachedTokensNextCall;
  const repeat = plan.cachedTokensOnRepeat;
  // The plan itself: next ≤ repeat; written means written; a rejected request caches nothing.
  assert.ok(next <= repeat, `${where}: next ${next} > repeat ${repeat}`);
  assert.equal(plan.writeOnlyTokens, plan.writtenTokens - next, `${where}: write-only = written − next`);
  if (plan.rejected) assert.deepEqual([next, repeat, plan.writtenTokens], [0, 0, 0], `${where}: rejected but caches`);
  for (const b of plan.breakpoints) if (!b.meetsMinimum && b.kind !== 'implicit') assert.equal(b.writeTokens, 0, `${where}: a below-minimum breakpoint writes`);
  if (plan.writtenTokens === 0) assert.deepEqual(plan.writeOnlyRanges, [], `${where}: write-only tint with nothing written`);

  // CLI JSON: the same figures, not recomputed.
  const reports = toJsonReports(whole, { path, text });
  const report = whole.lines ? reports[whole.lines.indexOf(a)] : reports[0];
  assert.equal(report.cache.cachedTokensNextCall, next, `${where}: CLI JSON next call`);
  assert.equal(report.cache.cachedTokensOnRepeat, repeat, `${where}: CLI JSON identical repeat`);
  assert.equal(report.cache.writtenTokens, plan.writtenTokens, `${where}: CLI JSON written`);
  if (a.cost) assert.equal(report.cost!.nextCall, Math.round(a.cost.nextCall * 1e6) / 1e6, `${where}: CLI JSON next-call cost`);

  // CLI text.
  const cli = formatTextReport(whole, { path, text });
  assert.ok(cli.includes(`Next call reads from cache: ${fmtCount(next, a.exact)}`), `${where}: CLI text next call`);
  if (a.cost) assert.ok(cli.includes(`next call ${fmtUsd(a.cost.nextCall)}`), `${where}: CLI text next-call cost`);

  // Status bar text and tooltip (first request of a JSONL file).
  if (a === whole || a === whole.lines?.[0]) {
    const status = statusBarText(whole);
    if (!plan.rejected) assert.ok(status.includes(`${fmtCount(next, a.exact)} cached`), `${where}: status bar "${status}"`);
    else assert.match(status, /nothing cached/, `${where}: status bar rejected`);
    if (a.cost && !plan.rejected) assert.ok(status.includes(`${fmtUsd(a.cost.nextCall)}/call`), `${where}: status bar cost`);
    const tip = statusTooltipLines(whole).join('\n');
    assert.ok(tip.includes(`**Next call reads from cache:** ${fmtTokens(next, a.exact)}`), `${where}: tooltip next call`);
    assert.ok(tip.includes(`**Identical repeat reads:** ${fmtTokens(repeat, a.exact)}`), `${where}: tooltip labels the identical repeat`);
  }

  // Panel model.
  const panel = buildPanelModel({ analysis: a, usage: DEFAULT_PANEL_USAGE, comparisons: [] });
  if (panel.kind === 'request') {
    assert.equal(panel.split.readNextCall, next, `${where}: panel read from cache`);
    assert.equal(panel.split.readOnRepeat, repeat, `${where}: panel identical repeat`);
    assert.equal(panel.split.writtenNotRead, plan.writeOnlyTokens, `${where}: panel written, not read`);
    if (a.cost && panel.perCall) assert.equal(panel.perCall.nextCall, a.cost.nextCall + panel.perCall.outputCost, `${where}: panel next-call cost`);
  }

  // Hover: each unit's "On the next call" status follows the next-call figure.
  for (const u of leaves(a.segments)) {
    if (u.range.end <= u.range.start || u.kind === 'overhead') continue;
    const md = hoverMarkdown(whole, u.range.start + 1);
    if (!md || !md.includes(u.label)) continue;
    const line = md.split('\n').find((l) => l.includes('**On the next call:**'));
    assert.ok(line, `${where}: hover of ${u.id} has no next-call line`);
    // A 0-token unit (a Responses reasoning item) is cached when the read passes its position.
    const status = u.tokens === 0 ? (u.startTokens < next ? 'cached' : 'not cached') : u.cumulativeTokens <= next ? 'cached' : u.startTokens < next ? 'partly cached' : 'not cached';
    assert.ok(line!.includes(status) && (status !== 'cached' || !line!.includes('partly') && !line!.includes('not cached')), `${where}: hover of ${u.id} says "${line}", the plan says ${status}`);
    if (md.includes('Write-only')) assert.ok(plan.writeOnlyRanges.some((r) => r.start < u.range.end && u.range.start < r.end), `${where}: hover says write-only outside the write-only ranges`);
  }

  // Rule messages: the token figures they give are the plan's.
  // What the per-request values cost adds up to what the plan says the next call loses.
  if (a.dialect !== 'prompt-template') {
    const costs = a.diagnostics.filter((d) => d.code === 'volatile-in-prefix' || d.code === 'template-variable-in-prefix').map((d) => /cannot read ([\d,]+) tokens/.exec(d.message)).filter((m): m is RegExpExecArray => !!m);
    const sum = costs.reduce((n, m) => n + Number(m[1].replace(/,/g, '')), 0);
    assert.equal(sum, repeat - next, `${where}: the per-value costs add up to ${sum}, the plan loses ${repeat - next}`);
  }
  for (const d of a.diagnostics) {
    if (d.code === 'breakpoint-after-volatile') {
      assert.equal(next, 0, `${where}: breakpoint-after-volatile while the next call reads ${next}`);
      assert.ok(numbers(d.message).includes(plan.writtenTokens), `${where}: breakpoint-after-volatile gives ${numbers(d.message)}, the plan writes ${plan.writtenTokens}`);
    }
    if (d.code === 'breakpoint-below-minimum') assert.doesNotMatch(d.message, /\$/, `${where}: a saving promised on a below-minimum prefix`);
    if (plan.rejected && /per call more than a cache read/.test(d.message)) assert.fail(`${where}: ${d.code} promises a saving on a rejected request`);
  }
}

function checkAll(text: string, fileName: string, where: string): void {
  const whole = analyze(text, { fileName });
  if (!whole.isRequest || !whole.segments.length) return;
  for (const a of whole.lines ?? [whole]) if (a.isRequest && a.segments.length) checkOne(a, whole, text, fileName, where);
}

test('one truth on every example', () => {
  assert.ok(EXAMPLES.length >= 7);
  for (const [f, text] of EXAMPLES) checkAll(text, f, f);
});

test('one truth on a fixture for every caching situation', () => {
  for (const [name, text] of FIXTURES) checkAll(text, 'fixture.json', name);
});

test('the timestamp before the breakpoint: every front says the next call reads 0, the identical repeat labelled', () => {
  const text = readFileSync('examples/timestamp-before-breakpoint.json', 'utf8');
  const a = analyze(text, { fileName: 'timestamp-before-breakpoint.json' });
  assert.equal(a.cache.cachedTokensNextCall, 0);
  assert.ok(a.cache.cachedTokensOnRepeat > 4000);
  assert.equal(a.cache.nextCallCut?.value, '2026-11-21T10:42:17Z');
  assert.deepEqual(a.cache.readRanges, [], 'nothing before the timestamp is marked as read');
  assert.match(statusBarText(a), / ≈0 cached /);
  const tip = statusTooltipLines(a).join('\n');
  assert.match(tip, /Next call reads from cache:\*\* ≈0 tokens/);
  assert.ok(tip.includes(`Identical repeat reads:** ${fmtTokens(a.cache.cachedTokensOnRepeat, false)}`));
  const cli = formatTextReport(a, { path: 'x', text });
  assert.match(cli, /Next call reads from cache: ≈0 of ≈[\d,]+ tokens/);
  assert.match(cli, /Identical repeat reads: ≈[\d,]+ tokens/);
  const panel = buildPanelModel({ analysis: a, usage: DEFAULT_PANEL_USAGE, comparisons: [] });
  assert.equal(panel.kind === 'request' && panel.split.readNextCall, 0);
});

test('one truth on a fuzz corpus of mutated requests', () => {
  const seeds = [...EXAMPLES.filter(([f]) => /\.jsonc?$/.test(f)).map(([, t]) => t.slice(0, 6000)), ...FIXTURES.map(([, t]) => t)];
  let checked = 0;
  fc.assert(
    fc.property(
      fc.record({
        seed: fc.integer({ min: 0, max: seeds.length - 1 }),
        ops: fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 30 }), ins: fc.constantFrom('', ' x', '"cache_control":{"type":"ephemeral"},', ' 2026-11-21T10:42:17Z ', ' {{name}} ', ',', '"ttl":"1h",') }), { maxLength: 4 }),
      }),
      ({ seed, ops }) => {
        let text = seeds[seed];
        for (const op of ops) {
          const at = op.at % (text.length + 1);
          text = text.slice(0, at) + op.ins + text.slice(at + op.del);
        }
        try { checkAll(text, 'fuzz.json', `fuzz seed ${seed}`); } catch (e) { if (process.env.ONE_TRUTH_DEBUG) console.error(String(e), JSON.stringify(text).slice(0, 3000)); throw e; }
        checked++;
      },
    ),
    { seed: 7, numRuns: 150 },
  );
  assert.equal(checked, 150);
});
