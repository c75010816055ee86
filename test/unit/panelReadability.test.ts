// What the cost panel needs to read well (issue 16): the "nothing is cached" state from the engine's plan
// (src/core/cache/panelNothingCached.ts), segment rows that say what a block adds (src/core/cache/panelModel.ts),
// the hover's tint legend (src/extension/text.ts tintLegendLine) and where a name may wrap (src/webview/dom.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../src/core/analyze';
import { buildPanelModel, pickComparisonModels, segmentRows, type PanelUsage, type RequestPanelModel } from '../../src/core/cache/panelModel';
import { nothingCachedState } from '../../src/core/cache/panelNothingCached';
import { hoverMarkdown, tintLegendLine } from '../../src/extension/text';
import { breakPoints } from '../../src/webview/dom';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const usage: PanelUsage = { calls: 100, rate: 2, rateUnit: 'minute', outputTokens: 500, compareModels: ['', '', ''] };

function load(name: string) {
  const text = fs.readFileSync(path.join(EXAMPLES, name), 'utf8');
  return { text, analysis: analyze(text, { fileName: name }) };
}

function model(name: string): RequestPanelModel {
  const { text, analysis } = load(name);
  const picks = pickComparisonModels(analysis, usage.compareModels);
  const comparisons = picks.map((pick) => ({ pick, analysis: pick.isCurrent ? analysis : analyze(text, { fileName: name, model: pick.model }) }));
  const m = buildPanelModel({ analysis, usage, comparisons });
  assert.equal(m.kind, 'request');
  return m as RequestPanelModel;
}

const EXAMPLE_FILES = fs.readdirSync(EXAMPLES).filter((f) => fs.statSync(path.join(EXAMPLES, f)).isFile()).sort();

describe('nothing is cached: why, and what would make it cacheable', () => {
  const expected: Record<string, { cause: string; why: RegExp; fix: RegExp }> = {
    'anthropic-cache-mistakes.json': { cause: 'below-minimum', why: /4,096/, fix: /2,728 more tokens of stable prefix/ },
    'bedrock-invoke-legacy-automatic.json': { cause: 'rejected', why: /Rejected by the API/, fix: /Move cache_control to user message 1/ },
    'deepseek-multi-turn.json': { cause: 'per-request-value', why: /stops before the date "2026-11-21"/, fix: /Move "Today's date/ },
    'openai-chat-gpt-5.6-explicit-no-breakpoint.json': { cause: 'no-breakpoint', why: /Explicit mode/, fix: /Add a prompt_cache_breakpoint/ },
    'timestamp-before-breakpoint.json': { cause: 'per-request-value', why: /timestamp "2026-11-21T10:42:17Z"/, fix: /Move "Current time/ },
  };

  for (const [file, e] of Object.entries(expected)) {
    it(`${file}: ${e.cause}, with the engine's reason and a way out`, () => {
      const m = model(file);
      const n = m.nothingCached;
      assert.ok(n, 'the state is set');
      assert.equal(n.cause, e.cause);
      assert.ok(n.why.some((w) => e.why.test(w)), n.why.join(' | '));
      assert.ok(n.fixes.some((f) => e.fix.test(f)), n.fixes.join(' | '));
      // a fix that only removes the useless breakpoint makes nothing cacheable: not offered as one
      assert.ok(!n.fixes.some((f) => /^Remove\b/.test(f)), n.fixes.join(' | '));
      // no TTL comparison when nothing is read on the next call; the notes list does not repeat the box
      assert.equal(m.ttl, undefined);
      for (const used of n.usedNotes) assert.ok(!m.notes.includes(used), `"${used}" is in the box and in the notes`);
    });
  }

  it('every other example reads something on the next call and has no such state', () => {
    let checked = 0;
    for (const file of EXAMPLE_FILES) {
      if (expected[file]) continue;
      const { analysis } = load(file);
      if (!analysis.isRequest) continue;
      assert.ok(analysis.cache.cachedTokensNextCall > 0, `${file} reads something`);
      assert.equal(nothingCachedState(analysis), undefined, file);
      checked++;
    }
    assert.ok(checked >= 8, `${checked} examples checked`);
  });

  it('N calls: "costs more" only when the writes cost more (write premium), "the same" without one', () => {
    const ts = model('timestamp-before-breakpoint.json');
    assert.ok(ts.calls && ts.calls.savings < 0);
    assert.ok(ts.nothingCached?.writesEveryCall);
    assert.match(ts.nothingCached!.callsNote, /100 calls cost \$0\.\d+ more than without caching/);
    const ds = model('deepseek-multi-turn.json');
    assert.ok(ds.nothingCached?.writesEveryCall);
    assert.match(ds.nothingCached!.callsNote, /no write premium/);
    const below = model('anthropic-cache-mistakes.json');
    assert.equal(below.nothingCached?.writesEveryCall, false);
    assert.match(below.nothingCached!.callsNote, /Nothing is written or read/);
  });

  it('below the minimum: names a compared model that does cache this text', () => {
    const { analysis } = load('anthropic-cache-mistakes.json');
    const n = nothingCachedState(analysis, [
      { displayName: 'Claude Haiku 4.5', cachedTokensNextCall: 0, isCurrent: true },
      { displayName: 'Claude Sonnet 4.5', cachedTokensNextCall: 1_280, isCurrent: false },
    ]);
    assert.ok(n?.fixes.some((f) => /on Claude Sonnet 4\.5 the next call reads 1,280 tokens/.test(f)), n?.fixes.join(' | '));
  });
});

describe('segment rows: a block says what it adds', () => {
  it('an expanded message: its blocks and its framing add up to it, in cache order, and end where it ends', () => {
    const { analysis } = load('anthropic-cached-document.json');
    const rows = segmentRows(analysis);
    const parents = rows.filter((r) => r.expanded);
    assert.ok(parents.length > 0, 'the example expands a message (the breakpoint is on its block)');
    for (const p of parents) {
      const i = rows.indexOf(p);
      const kids: typeof rows = [];
      for (let j = i + 1; j < rows.length && rows[j].depth > p.depth; j++) if (rows[j].depth === p.depth + 1) kids.push(rows[j]);
      assert.ok(kids.some((k) => k.rowKind === 'framing'), `${p.label}: the role/framing tokens get a row`);
      assert.equal(kids.reduce((s, k) => s + k.tokens, 0), p.tokens, `${p.label}: blocks + framing = the message`);
      assert.equal(kids[kids.length - 1].cumulativeTokens, p.cumulativeTokens, `${p.label}: the last block ends where the message ends`);
      for (let k = 1; k < kids.length; k++) assert.ok(kids[k].cumulativeTokens > kids[k - 1].cumulativeTokens, 'cumulative figures grow');
      for (const k of kids.filter((x) => x.rowKind === 'framing')) assert.equal(k.revealId, p.id, 'a framing row reveals its message');
    }
  });

  it('a message that is not expanded has no framing row', () => {
    const rows = segmentRows(load('openai-support-agent.json').analysis);
    assert.ok(rows.length > 0);
    for (const r of rows) if (!r.expanded && r.depth === 0) assert.ok(!rows.some((x) => x.id.startsWith(`${r.id}#framing`)), r.id);
  });
});

describe('the highlight legend in the hover', () => {
  it('names both tints and the one this text shows', () => {
    assert.match(tintLegendLine({ status: 'cached', writeOnly: false }), /green = read on the next call · amber = written but never read .*\(here: green\)/);
    assert.match(tintLegendLine({ status: 'not-cached', writeOnly: true }), /\(here: amber\)/);
    assert.match(tintLegendLine({ status: 'not-cached', writeOnly: false }), /\(here: none\)/);
    assert.match(tintLegendLine({ status: 'partial', writeOnly: true }), /\(here: green, then amber\)/);
  });

  it('the hover of a written-but-never-read block says amber; of a read block, green', () => {
    const ts = load('timestamp-before-breakpoint.json').analysis;
    const sys2 = ts.segments.find((s) => s.label === 'system block 2')!;
    assert.match(hoverMarkdown(ts, sys2.range.start + 1)!, /\*\*Highlight:\*\*.*\(here: amber\)/);
    const doc = load('anthropic-cached-document.json').analysis;
    const block = doc.segments.find((s) => s.label === 'system block 2')!;
    assert.match(hoverMarkdown(doc, block.range.start + 1)!, /\*\*Highlight:\*\*.*\(here: green\)/);
  });
});

describe('where a name may wrap in the panel', () => {
  const at = (s: string) => breakPoints(s).map((i) => s.slice(0, i));
  it('after _ . / : and -, and at camelCase; never inside a number', () => {
    assert.deepEqual(at('tool check_trail_conditions'), ['tool check_', 'tool check_trail_']);
    assert.deepEqual(breakPoints('usageMetadata.cachedContentTokenCount').map((i) => 'usageMetadata.cachedContentTokenCount'.slice(i, i + 3)), ['Met', 'cac', 'Con', 'Tok', 'Cou']);
    assert.deepEqual(breakPoints('2026-10-08'), []);
    assert.deepEqual(breakPoints('4,096 v4.5'), []);
    assert.deepEqual(at('src/a.ts'), ['src/', 'src/a.']);
    assert.deepEqual(breakPoints('recommend'), [], 'no break inside a plain word');
  });
});
