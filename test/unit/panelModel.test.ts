// The cost panel's figures (src/core/cache/panelModel.ts) and its message protocol (src/shared/protocol.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../src/core/analyze';
import { costOfCalls } from '../../src/core/cache/cost';
import { compareTtls } from '../../src/core/cache/ttlCompare';
import { buildPanelModel, callsPerMinute, panelModelOptions, pickComparisonModels, tokenSplit, type PanelUsage, type RequestPanelModel } from '../../src/core/cache/panelModel';
import { resolveModel } from '../../src/core/models';
import { isExtensionToWebview, isWebviewToExtension, openSettingUri, sameUsage, sanitizeUsage } from '../../src/shared/protocol';
import { REJECTION, STAMP, SYS1, SYS2, USER, analysis as built, belowMinimum, cutBeforeBreakpoint, rejected } from './frontFixtures';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const usage: PanelUsage = { calls: 100, rate: 2, rateUnit: 'minute', outputTokens: 500, compareModels: ['', '', ''] };

function load(name: string) {
  const text = fs.readFileSync(path.join(EXAMPLES, name), 'utf8');
  return { text, analysis: analyze(text, { fileName: name }) };
}

function model(name: string, u = usage): RequestPanelModel {
  const { text, analysis } = load(name);
  const picks = pickComparisonModels(analysis, u.compareModels);
  const comparisons = picks.map((pick) => ({ pick, analysis: pick.isCurrent ? analysis : analyze(text, { fileName: name, model: pick.model }) }));
  const m = buildPanelModel({ analysis, usage: u, comparisons });
  assert.equal(m.kind, 'request');
  return m as RequestPanelModel;
}

describe('panel model', () => {
  it('splits the input into disjoint parts that add up, plus the output estimate', () => {
    const { analysis } = load('anthropic-cached-document.json');
    const s = tokenSplit(analysis, 500);
    assert.equal(typeof analysis.cache.cachedTokensNextCall, 'number', 'the engine fills cachedTokensNextCall');
    assert.equal(s.readNextCall + s.writtenNotRead + s.neverCached, s.input);
    assert.equal(s.input, analysis.inputTokens);
    assert.equal(s.readNextCall, analysis.cache.cachedTokensNextCall);
    assert.equal(s.readOnRepeat, analysis.cache.cachedTokensOnRepeat);
    assert.equal(s.writtenNotRead, analysis.cache.writeOnlyTokens);
    assert.equal(s.writtenOnFirstCall, analysis.cache.writtenTokens);
    const shares = s.shares.readNextCall + s.shares.writtenNotRead + s.shares.neverCached + s.shares.output;
    assert.ok(Math.abs(shares - 1) < 1e-9);
  });

  it('takes N-call figures and the TTL comparison from the engine cost model', () => {
    const m = model('anthropic-cached-document.json');
    const { analysis } = load('anthropic-cached-document.json');
    const profile = resolveModel(analysis.model.name)!;
    const opts = { profile, plan: analysis.cache, inputTokens: analysis.inputTokens, outputTokens: 500, calls: 100, callsPerMinute: 2, modelName: analysis.model.name };
    const c = costOfCalls(opts);
    assert.equal(m.calls!.withCache, c.withCache);
    assert.equal(m.calls!.withoutCache, c.withoutCache);
    assert.equal(m.calls!.breakEvenCalls, c.breakEvenCalls ?? null);
    assert.equal(m.perCall!.firstCall, c.perCall.firstCall);
    assert.equal(m.perCall!.nextCall, analysis.cost!.nextCall + c.perCall.outputCost);
    assert.equal(m.perCall!.repeatCall, analysis.cost!.repeatCall + c.perCall.outputCost);
    const t = compareTtls(opts)!;
    assert.equal(m.ttl!.oneHour.withCache, t.oneHour.withCache);
    assert.equal(m.ttl!.summary, t.summary);
  });

  it('has no TTL comparison for automatic caching (OpenAI)', () => {
    const m = model('openai-support-agent.json');
    assert.equal(m.ttl, undefined);
    assert.ok(m.calls);
  });

  it('a cut before the only breakpoint: the panel reads the next-call figure, the repeat only labelled', () => {
    const a = cutBeforeBreakpoint();
    const m = buildPanelModel({ analysis: a, usage, comparisons: [] }) as RequestPanelModel;
    assert.equal(m.split.readNextCall, 0);
    assert.equal(m.split.readOnRepeat, 4000);
    assert.equal(m.split.writtenNotRead, 4000);
    assert.equal(m.split.neverCached, 5);
    assert.equal(m.split.shares.readNextCall, 0);
    assert.equal(m.perCall!.nextCall, a.cost!.nextCall + m.perCall!.outputCost);
    assert.equal(m.perCall!.repeatCall, a.cost!.repeatCall + m.perCall!.outputCost);
    assert.equal(m.nextCallNote, `The next call stops before the timestamp "${STAMP}" in system block 1, which changes on every call: it reads 0 of the 4,000 tokens an identical repeat reads.`);
    assert.equal(m.rejected, undefined);
    const row = (id: string) => m.segments.find((r) => r.id === id)!;
    assert.equal(row(SYS1.id).cache, 'write-only');
    assert.equal(row(SYS2.id).cache, 'write-only');
    assert.equal(row(SYS2.id).cachedTokens, 0);
    assert.equal(row(USER.id).cache, 'none');
    // the N-call projection is the engine's costOfCalls over the same plan
    const profile = resolveModel('claude-sonnet-4-5')!;
    const c = costOfCalls({ profile, plan: a.cache, inputTokens: a.inputTokens, outputTokens: usage.outputTokens, calls: usage.calls, callsPerMinute: 2, modelName: a.model.name });
    assert.equal(m.calls!.withCache, c.withCache);
  });

  it('no cut: read rows, no next-call note', () => {
    const m = buildPanelModel({ analysis: built(), usage, comparisons: [] }) as RequestPanelModel;
    assert.equal(m.split.readNextCall, 4000);
    assert.equal(m.split.readOnRepeat, 4000);
    assert.equal(m.nextCallNote, undefined);
    assert.equal(m.segments.find((r) => r.id === SYS2.id)!.cache, 'read');
  });

  it('a breakpoint below the minimum: nothing read, nothing write-only', () => {
    const m = buildPanelModel({ analysis: belowMinimum(), usage, comparisons: [] }) as RequestPanelModel;
    assert.equal(m.split.readNextCall, 0);
    assert.equal(m.split.writtenNotRead, 0);
    assert.equal(m.split.neverCached, 4005);
    for (const r of m.segments) assert.equal(r.cache, 'none', r.id);
    assert.deepEqual(m.segments.find((r) => r.id === SYS2.id)!.breakpoint, { kind: 'explicit', ttl: '5m', meetsMinimum: false });
    assert.equal(m.ttl, undefined);
  });

  it('a rejected request: the reason, nothing cached, no TTL comparison', () => {
    const a = rejected();
    const m = buildPanelModel({ analysis: a, usage, comparisons: [{ pick: { slot: 0, requested: '', auto: true, role: 'current model', model: 'claude-sonnet-4-5', isCurrent: true }, analysis: a }] }) as RequestPanelModel;
    assert.equal(m.rejected, REJECTION);
    assert.equal(m.split.readNextCall, 0);
    assert.equal(m.split.readOnRepeat, 0);
    assert.equal(m.ttl, undefined);
    assert.equal(m.nextCallNote, undefined);
    assert.equal(m.comparisons[0].rejected, REJECTION);
    assert.equal(m.comparisons[0].cachedTokensNextCall, 0);
  });

  it('comparison columns carry the next-call figures', () => {
    const a = cutBeforeBreakpoint();
    const m = buildPanelModel({ analysis: a, usage, comparisons: [{ pick: { slot: 0, requested: '', auto: true, role: 'current model', model: 'claude-sonnet-4-5', isCurrent: true }, analysis: a }] }) as RequestPanelModel;
    const col = m.comparisons[0];
    assert.equal(col.cachedTokensNextCall, 0);
    assert.equal(col.cachedTokensOnRepeat, 4000);
    assert.equal(col.cost!.nextCall, m.perCall!.nextCall);
    assert.equal(col.cost!.repeatCall, m.perCall!.repeatCall);
  });

  it('converts a rate per hour', () => {
    assert.equal(callsPerMinute({ rate: 6, rateUnit: 'hour' }), 0.1);
    assert.equal(callsPerMinute({ rate: 3, rateUnit: 'minute' }), 3);
  });

  it('picks sensible default columns: current, cheaper same provider, another provider', () => {
    const { analysis } = load('anthropic-cached-document.json');
    const picks = pickComparisonModels(analysis, ['', '', '']);
    assert.equal(picks.length, 3);
    const [cur, cheaper, other] = picks.map((p) => resolveModel(p.model)!);
    assert.equal(cur.id, analysis.model.profileId);
    assert.equal(picks[0].isCurrent, true);
    assert.equal(cheaper.provider, cur.provider);
    assert.ok(cheaper.prices.input < cur.prices.input);
    assert.notEqual(other.provider, cur.provider);
  });

  it('keeps the user picks in their slots and does not repeat them in automatic slots', () => {
    const { analysis } = load('anthropic-cached-document.json');
    const picks = pickComparisonModels(analysis, ['', 'gpt-4o', '']);
    assert.equal(picks[1].model, 'gpt-4o');
    assert.equal(picks[1].auto, false);
    assert.equal(picks[0].isCurrent, true);
    assert.ok(picks.filter((p) => resolveModel(p.model)?.id === 'gpt-4o').length === 1);
  });

  it('segments: one row per top-level segment, cumulative counts, a cache state', () => {
    const m = model('anthropic-cached-document.json');
    const { analysis } = load('anthropic-cached-document.json');
    for (const seg of analysis.segments) {
      const row = m.segments.find((r) => r.id === seg.id);
      assert.ok(row, seg.id);
      assert.equal(row.cumulativeTokens, seg.cumulativeTokens);
    }
    assert.ok(m.segments.some((r) => r.cache === 'read'));
  });

  it('an unknown model gives token figures and a warning, no prices', () => {
    const text = JSON.stringify({ model: 'my-own-model', messages: [{ role: 'user', content: 'Hello there' }] });
    const analysis = analyze(text, { fileName: 'x.json' });
    const m = buildPanelModel({ analysis, usage, comparisons: [] });
    if (m.kind === 'request') {
      assert.equal(m.perCall, undefined);
      assert.ok(m.warning);
    }
  });

  it('model options list the table and its date', () => {
    const o = panelModelOptions();
    assert.ok(o.models.length > 10);
    assert.match(o.tableAsOf, /^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('panel protocol', () => {
  it('sanitizes inputs from the webview', () => {
    const u = sanitizeUsage({ calls: '-5', rate: 'x', rateUnit: 'day', outputTokens: 1e12, compareModels: ['a', 3] });
    assert.equal(u.calls, 1);
    assert.equal(u.rate, 2);
    assert.equal(u.rateUnit, 'minute');
    assert.equal(u.outputTokens, 10_000_000);
    assert.deepEqual(u.compareModels, ['a', '', '']);
    assert.ok(sameUsage(sanitizeUsage(undefined), sanitizeUsage({})));
  });

  it('validates messages both ways', () => {
    assert.ok(isWebviewToExtension({ type: 'ready', protocol: 2 }));
    assert.ok(isWebviewToExtension({ type: 'setInputs', inputs: {} }));
    assert.ok(!isWebviewToExtension({ type: 'runCommand', command: 'x' }));
    assert.ok(!isWebviewToExtension(null));
    assert.ok(isExtensionToWebview({ type: 'update', seq: 1, inputs: {}, view: { kind: 'no-editor' } }));
    assert.ok(!isExtensionToWebview({ type: 'update', seq: 'x' }));
  });

  it('links to a setting with a command URI', () => {
    assert.equal(openSettingUri('promptCache.prices'), 'command:workbench.action.openSettings?%5B%22promptCache.prices%22%5D');
  });
});
