// Fixes from the review of the diagnostic rules: each test failed before its fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree, type Node } from 'jsonc-parser';
import { analyze } from '../../../src/core/analyze';
import { applyEdits } from '../../../src/core/fixes';
import type { Analysis } from '../../../src/core/types';
import { anthropic, assertValidJson, expectFindings, json, prose, roundTrip } from './helpers';

const BP = { mode: 'explicit' };
const run = (text: string): Analysis => analyze(text, { fileName: 'req.json' });
const SYS = (extra: object = {}) => ({ role: 'system', content: [{ type: 'text', text: prose(1500), ...extra }] });
const chat = (extra: object, messages: unknown[]) => json({ model: 'gpt-5.6', messages, ...extra });

// ---------------------------------------------------------------------------------------------------
// 1. GPT-5.6+: a rejected plan (invalid breakpoint value, unknown mode) is reported, with a fix.

const INV = 'openai-invalid-cache-value';

test(`${INV}: a prompt_cache_breakpoint whose value is not {"mode": "explicit"}: error on the property, fix replaces the value`, () => {
  for (const bad of [{ mode: 'implicit' }, true, { type: 'ephemeral' }]) {
    const t = chat({}, [SYS({ prompt_cache_breakpoint: bad }), { role: 'user', content: 'Hi' }]);
    const a = run(t);
    assert.match(a.cache.rejected ?? '', /not \{"mode": "explicit"\}/, 'fixture: the plan rejects it');
    const ds = a.diagnostics.filter((d) => d.code === INV);
    assert.equal(ds.length, 1, `value ${JSON.stringify(bad)}: ${a.diagnostics.map((d) => d.code).join()}`);
    assert.equal(ds[0].severity, 'error');
    assert.match(t.slice(ds[0].range.start, ds[0].range.end), /^"prompt_cache_breakpoint": /);
    assert.match(ds[0].message, /expects \{"mode": "explicit"\}/);
    const { fixed } = roundTrip(t, INV);
    const after = run(fixed);
    assert.equal(after.cache.rejected, undefined, fixed);
    assert.ok(after.cache.cachedTokensOnRepeat > 1024, 'the fixed breakpoint caches the system prompt');
    assert.match(fixed, /"prompt_cache_breakpoint": \{"mode": "explicit"\}/);
  }
});

test(`${INV}: an unknown prompt_cache_options.mode: error on "mode", fix sets "implicit"`, () => {
  const t = chat({ prompt_cache_options: { mode: 'manual' } }, [SYS(), { role: 'user', content: 'Hi' }]);
  const a = run(t);
  assert.match(a.cache.rejected ?? '', /mode is "manual"/);
  const [d] = expectFindings(t, INV, ['"mode": "manual"']);
  assert.equal(d.severity, 'error');
  assert.match(d.message, /expects "implicit".*or "explicit"/);
  const { fixed } = roundTrip(t, INV);
  assert.match(fixed, /"mode": "implicit"/);
  assert.equal(run(fixed).cache.rejected, undefined);
  // The documented values are not reported.
  for (const mode of ['implicit', 'explicit']) expectFindings(chat({ prompt_cache_options: { mode } }, [SYS({ prompt_cache_breakpoint: BP }), { role: 'user', content: 'Hi' }]), INV, []);
});

test(`${INV}: Responses bodies too`, () => {
  const t = json({ model: 'gpt-5.6', input: [{ role: 'developer', content: [{ type: 'input_text', text: prose(1500), prompt_cache_breakpoint: { mode: 'on' } }] }, { role: 'user', content: 'Hi' }] });
  assert.equal(run(t).dialect, 'openai-responses');
  expectFindings(t, INV, ['"prompt_cache_breakpoint": {\n            "mode": "on"\n          }']);
  roundTrip(t, INV);
});

test('a breakpoint on assistant content with a wrong value still gets a diagnostic (on-assistant, error), and its fix un-rejects the request', () => {
  const t = chat({}, [SYS(), { role: 'user', content: 'Hi' }, { role: 'assistant', content: [{ type: 'text', text: 'Hello', prompt_cache_breakpoint: { mode: 'yes' } }] }, { role: 'user', content: 'More' }]);
  const a = run(t);
  assert.ok(a.cache.rejected);
  const ds = a.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(ds.map((d) => d.code), ['openai-breakpoint-on-assistant']);
  assert.match(ds[0].message, /its value is not \{"mode": "explicit"\}/);
  const { fixed } = roundTrip(t, 'openai-breakpoint-on-assistant');
  assert.equal(run(fixed).cache.rejected, undefined);
});

// ---------------------------------------------------------------------------------------------------
// 2. openai-breakpoint-on-assistant: no "Move it to …" that adds a second prompt_cache_breakpoint key.

/** Objects that hold the same key twice. */
function duplicateKeys(text: string): string[] {
  const out: string[] = [];
  const walk = (n: Node | undefined) => {
    if (!n) return;
    if (n.type === 'object') {
      const keys = (n.children ?? []).map((p) => String(p.children?.[0]?.value));
      for (const k of keys) if (keys.indexOf(k) !== keys.lastIndexOf(k) && !out.includes(k)) out.push(k);
    }
    for (const c of n.children ?? []) walk(c);
  };
  walk(parseTree(text));
  return out;
}

test('openai-breakpoint-on-assistant: the move is not offered when the target block already has a breakpoint (no duplicate key)', () => {
  const R = 'openai-breakpoint-on-assistant';
  const reply = { role: 'assistant', content: [{ type: 'text', text: 'Hello', prompt_cache_breakpoint: BP }] };
  const user = (bp: boolean) => ({ role: 'user', content: [{ type: 'text', text: 'Hi there', ...(bp ? { prompt_cache_breakpoint: BP } : {}) }] });
  // Without a breakpoint on the user block, the move is offered (so the check below is not vacuous).
  const free = chat({}, [SYS(), user(false), reply, { role: 'user', content: 'More' }]);
  const [d0] = expectFindings(free, R, ['"prompt_cache_breakpoint": {\n            "mode": "explicit"\n          }']);
  assert.ok(d0.fixes!.some((f) => /^Move it to /.test(f.title)), d0.fixes!.map((f) => f.title).join(' | '));
  const taken = chat({}, [SYS(), user(true), reply, { role: 'user', content: 'More' }]);
  const [d] = expectFindings(taken, R, ['"prompt_cache_breakpoint": {\n            "mode": "explicit"\n          }']);
  for (const f of d.fixes ?? []) {
    const fixed = applyEdits(taken, f.edits);
    assertValidJson(fixed);
    assert.deepEqual(duplicateKeys(fixed), [], `"${f.title}":\n${fixed}`);
  }
  assert.deepEqual(d.fixes!.map((f) => f.title), ['Remove this breakpoint']);
});

// ---------------------------------------------------------------------------------------------------
// 3. breakpoint-below-minimum: the move-fix title says where the breakpoint goes (the last stable block).

test('breakpoint-below-minimum: the move fix is titled as what it does (the last stable block, not the first past the minimum)', () => {
  const R = 'breakpoint-below-minimum';
  const CC = { type: 'ephemeral' };
  // Block 2 is the first past the minimum; the fix targets block 3, the last stable block.
  const t = anthropic({ system: [{ type: 'text', text: 'You are a concise assistant.', cache_control: CC }, { type: 'text', text: prose(1500, 'a') }, { type: 'text', text: prose(600, 'b') }] });
  const a = run(t);
  const d = a.diagnostics.find((x) => x.code === R)!;
  const move = d.fixes!.find((f) => /^Move/.test(f.title))!;
  assert.ok(move, d.fixes!.map((f) => f.title).join(' | '));
  const fixed = applyEdits(t, move.edits);
  const after = run(fixed);
  const bp = after.cache.breakpoints.find((b) => b.kind === 'explicit')!;
  assert.equal(bp.segmentId, 'system[2]', 'fixture: the fix moves the breakpoint to the third block');
  assert.doesNotMatch(move.title, /first block past/);
  assert.equal(move.title, `Move the breakpoint to system block 3 (the last stable block: a ${bp.prefixTokens.toLocaleString('en-US')}-token prefix)`);
});

// ---------------------------------------------------------------------------------------------------
// 4. lookback-exceeded: not on a breakpoint below the minimum (it writes nothing, so nothing is "written again").

test('lookback-exceeded: a breakpoint below the minimum is not reported (breakpoint-below-minimum is)', () => {
  const CC = { type: 'ephemeral' };
  const turn = (calls: number, systemTokens: number, resultTokens = 0) => {
    const uses = Array.from({ length: calls }, (_, k) => ({ type: 'tool_use', id: `toolu_${k}`, name: 'read_file', input: { path: `src/f${k}.ts` } }));
    const results = Array.from({ length: calls }, (_, k) => ({ type: 'tool_result', tool_use_id: `toolu_${k}`, content: `ok ${k} ${resultTokens ? prose(resultTokens, `r${k}`) : ''}`, ...(k === calls - 1 ? { cache_control: CC } : {}) }));
    return anthropic({
      system: [{ type: 'text', text: prose(systemTokens) }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Review every file.' }] }, { role: 'assistant', content: uses }, { role: 'user', content: results }],
    });
  };
  // The same turn with a long system prompt: the breakpoint clears the minimum, and the rule fires.
  const long = run(turn(11, 1500));
  assert.ok(long.cache.breakpoints.at(-1)!.meetsMinimum);
  assert.equal(long.diagnostics.filter((d) => d.code === 'lookback-exceeded').length, 1);
  const short = run(turn(11, 20));
  const bp = short.cache.breakpoints.at(-1)!;
  assert.equal(bp.meetsMinimum, false, 'fixture: below the minimum');
  assert.equal(bp.withinLookback, false, 'fixture: 22 blocks after the previous turn');
  assert.deepEqual(short.diagnostics.filter((d) => d.code === 'lookback-exceeded').map((d) => d.message), []);
  assert.equal(short.diagnostics.filter((d) => d.code === 'breakpoint-below-minimum').length, 1);
  // The breakpoint clears the minimum but the previous turn ended below it: no entry was written there, so
  // nothing is "written again" either.
  const grown = run(turn(11, 20, 150));
  const last = grown.cache.breakpoints.at(-1)!;
  assert.equal(last.meetsMinimum, true, 'fixture: this breakpoint clears the minimum');
  assert.equal(last.withinLookback, false);
  const from = grown.segments.flatMap((s) => [s, ...(s.children ?? [])]).find((s) => s.id === last.lookbackFrom)!;
  assert.ok(from.cumulativeTokens < grown.cache.minimumTokens, 'fixture: the previous turn ended below the minimum');
  assert.deepEqual(grown.diagnostics.filter((d) => d.code === 'lookback-exceeded').map((d) => d.message), []);
});

// ---------------------------------------------------------------------------------------------------
// 5. image-detail-unpinned runs on OpenAI Responses bodies (input_image parts).

test('image-detail-unpinned: an input_image in the prefix of a Responses body without detail (fix pins "auto")', () => {
  const R = 'image-detail-unpinned';
  const img = (detail?: string) => ({ type: 'input_image', image_url: 'https://example.com/a.png', ...(detail ? { detail } : {}) });
  const body = (first: object) =>
    json({ model: 'gpt-4.1', input: [{ role: 'user', content: [first, { type: 'input_text', text: 'Describe it' }] }, { role: 'assistant', content: [{ type: 'output_text', text: 'A plan.' }] }, { role: 'user', content: 'More?' }] });
  const t = body(img());
  assert.equal(run(t).dialect, 'openai-responses');
  const [d] = expectFindings(t, R, ['"type": "input_image"']);
  assert.match(d.message, /without an explicit "detail"/);
  const { fixed } = roundTrip(t, R);
  assert.match(fixed, /"image_url": "https:\/\/example.com\/a.png",\n\s+"detail": "auto"/);
  // Pinned, or in the newest block: nothing.
  expectFindings(body(img('low')), R, []);
  expectFindings(json({ model: 'gpt-4.1', input: [{ role: 'user', content: [{ type: 'input_text', text: 'Describe it' }, img()] }] }), R, []);
  // GPT-5.6+ Responses bodies too.
  expectFindings(json({ model: 'gpt-5.6', input: [{ role: 'user', content: [img(), { type: 'input_text', text: 'Describe it' }] }, { role: 'user', content: 'More?' }] }), R, ['"type": "input_image"']);
});
