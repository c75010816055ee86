// compareRequests: each category, each dialect, with exact ranges (offsets and line/character) and the
// figure the second request reads under the provider's rules (issue 14).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compareRequests, type Comparison } from '../../../src/core/compare';

const prose = (n: number, tag = '') => Array.from({ length: n }, (_, i) => `Rule ${i}${tag}: answer politely, cite the handbook section, and never promise refunds outside policy.`).join(' ');
const J = (v: unknown) => JSON.stringify(v, null, 2);
const CC = { type: 'ephemeral' };

/** Offset of the n-th occurrence (0-based) of `needle` in `text`, asserting it exists. */
function at(text: string, needle: string, from = 0): number {
  const i = text.indexOf(needle, from);
  assert.ok(i >= 0, `"${needle}" not in text`);
  return i;
}

function cmp(a: string, b: string, fa = 'a.json', fb = 'b.json', opts = {}): Comparison {
  return compareRequests({ text: a, fileName: fa }, { text: b, fileName: fb }, opts);
}

// ---- OpenAI Chat (automatic: 1,024 minimum, 128-token steps)
const chatTools = [
  { type: 'function', function: { name: 'lookup_order', description: 'Find an order by id.', parameters: { type: 'object', properties: { id: { type: 'string' } } } } },
  { type: 'function', function: { name: 'create_return', description: 'Open a return.', parameters: { type: 'object', properties: { id: { type: 'string' } } } } },
];
const chat = (system: string, tools: unknown[] = chatTools, msgs: unknown[] = [{ role: 'user', content: 'Where is my order?' }], model = 'gpt-4o') => J({ model, messages: [{ role: 'system', content: system }, ...msgs], tools });
const SYS = prose(80);

test('compare: identical requests share everything; the second reads its own identical-repeat figure', () => {
  const a = chat(SYS);
  const c = cmp(a, a);
  assert.equal(c.category, 'identical');
  assert.equal(c.firstDifference, undefined);
  assert.ok(c.cachedTokensOnSecond > 1024);
  assert.equal(c.cachedTokensOnSecond, c.cachedTokensIfUnchanged);
});

test('compare (chat): a one-character system change: exact range, tokens before it, 128-token steps', () => {
  const a = chat(SYS);
  const b = chat(SYS.replace('Rule 70:', 'Rule 71:'));
  const c = cmp(a, b);
  assert.equal(c.category, 'system-changed');
  const d = c.firstDifference!;
  assert.equal(d.unit, 'system message 1');
  const off = at(a, 'Rule 70:') + 'Rule 7'.length;
  assert.deepEqual([d.range.a.start, d.range.a.end, d.range.a.text], [off, off + 1, '0']);
  assert.deepEqual([d.range.b.start, d.range.b.end, d.range.b.text], [off, off + 1, '1']);
  assert.deepEqual(d.range.a.startPos, { line: 5, character: off - at(a, '"content"') + '      '.length });
  assert.ok(c.sharedPrefixTokens > 1024 && c.sharedPrefixTokens < c.inputTokens.a, String(c.sharedPrefixTokens));
  assert.equal(c.cachedTokensOnSecond, 1024 + Math.floor((c.sharedPrefixTokens - 1024) / 128) * 128);
});

test('compare (chat): tools reordered, a tool description changed, a tool added', () => {
  const a = chat(SYS);
  const r = cmp(a, chat(SYS, [chatTools[1], chatTools[0]]));
  assert.equal(r.category, 'tools-reordered');
  assert.equal(r.firstDifference!.unit, 'tool 1 (lookup_order → create_return)');
  assert.equal(r.firstDifference!.section, 'tools');
  const t2 = [chatTools[0], { ...chatTools[1], function: { ...chatTools[1].function, description: 'Open a return request.' } }];
  const b = chat(SYS, t2);
  const c = cmp(a, b);
  assert.equal(c.category, 'tool-changed');
  assert.equal(c.firstDifference!.unit, 'tool 2 (create_return) description');
  assert.equal(c.firstDifference!.detail, 'function.description');
  const off = at(b, 'Open a return') + 'Open a return'.length;
  assert.deepEqual([c.firstDifference!.range.b.start, c.firstDifference!.range.b.text], [off, ' request']);
  assert.equal(c.firstDifference!.range.a.text, '');
  const added = cmp(a, chat(SYS, [...chatTools, { type: 'function', function: { name: 'refund', parameters: {} } }]));
  assert.equal(added.category, 'tool-changed');
});

test('compare (chat): history rewritten vs extended (a next turn)', () => {
  const m1 = [{ role: 'user', content: 'Where is my order?' }, { role: 'assistant', content: 'It ships today.' }, { role: 'user', content: 'Thanks' }];
  const a = chat(SYS, chatTools, m1);
  const ext = cmp(a, chat(SYS, chatTools, [...m1, { role: 'assistant', content: 'You are welcome.' }, { role: 'user', content: 'Bye' }]));
  assert.equal(ext.category, 'extended');
  assert.equal(ext.firstDifference!.unit, 'message 5 (assistant)');
  assert.equal(ext.cachedTokensOnSecond, 1024 + Math.floor((ext.sharedPrefixTokens - 1024) / 128) * 128);
  const rw = cmp(a, chat(SYS, chatTools, [m1[0], { role: 'assistant', content: 'It ships tomorrow.' }, m1[2]]));
  assert.equal(rw.category, 'history-rewritten');
  assert.equal(rw.firstDifference!.unit, 'message 3 (assistant)');
  assert.deepEqual([rw.firstDifference!.range.a.text, rw.firstDifference!.range.b.text], ['day', 'morrow']);
});

test('compare (chat): image changed; model changed reads nothing', () => {
  const img = (u: string) => [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: u, detail: 'low' } }] }];
  const c = cmp(chat(SYS, chatTools, img('https://x/a.png')), chat(SYS, chatTools, img('https://x/b.png')));
  assert.equal(c.category, 'image-changed');
  const m = cmp(chat(SYS), chat(SYS, chatTools, undefined, 'gpt-4.1'));
  assert.equal(m.category, 'model-or-parameters-changed');
  assert.equal(m.cachedTokensOnSecond, 0);
  assert.equal(m.firstDifference!.section, 'model');
  assert.equal(m.firstDifference!.range.b.text, '"gpt-4.1"');
});

test('compare (chat): below the minimum reads nothing; TTL from the gap', () => {
  const small = chat('Be brief.');
  assert.equal(cmp(small, small).cachedTokensOnSecond, 0);
  const a = chat(SYS);
  const late = cmp(a, a, 'a.json', 'b.json', { gapSeconds: 3 * 3600 });
  assert.equal(late.category, 'ttl-expired');
  assert.equal(late.cachedTokensOnSecond, 0);
  assert.equal(late.ttl!.expired, true);
  const soon = compareRequests({ text: a, timestamp: 0 }, { text: a, timestamp: 60_000 });
  assert.deepEqual([soon.category, soon.ttl!.gapSeconds, soon.ttl!.expired], ['identical', 60, false]);
});

// ---- Anthropic Messages (breakpoints, lookback)
const anth = (system: string, msgs: unknown[], extra: Record<string, unknown> = {}) =>
  J({ model: 'claude-sonnet-4-5', max_tokens: 100, ...extra, system: [{ type: 'text', text: system, cache_control: CC }], messages: msgs });
const ASYS = prose(80);
const turn = (i: number, cc = false) => [
  { role: 'user', content: [{ type: 'text', text: `Question ${i}: ${prose(1)}`, ...(cc ? { cache_control: CC } : {}) }] },
];

test('compare (anthropic): extended conversation reads the entry the first wrote at its last breakpoint', () => {
  const m1 = [...turn(1), { role: 'assistant', content: [{ type: 'text', text: 'Answer 1' }] }, ...turn(2, true)];
  const a = anth(ASYS, m1);
  const m2 = [...turn(1), { role: 'assistant', content: [{ type: 'text', text: 'Answer 1' }] }, ...turn(2), { role: 'assistant', content: [{ type: 'text', text: 'Answer 2' }] }, ...turn(3, true)];
  const c = cmp(a, anth(ASYS, m2));
  assert.equal(c.category, 'extended');
  const firstRead = compareRequests(a, a).cachedTokensOnSecond;
  assert.ok(firstRead > 1024);
  assert.equal(c.cachedTokensOnSecond, firstRead, 'reads the previous turn end through the lookback');
});

test('compare (anthropic): a system change reads nothing; a breakpoint moved reads less; lookback exceeded', () => {
  const m = [...turn(1, true)];
  const a = anth(ASYS, m);
  const sys = cmp(a, anth(ASYS.replace('Rule 3:', 'Rule 4:'), m));
  assert.equal(sys.category, 'system-changed');
  assert.equal(sys.firstDifference!.unit, 'system block 1');
  assert.equal(sys.cachedTokensOnSecond, 0);
  // Same content, the system breakpoint dropped and the message one kept: the system entry is never looked up
  // from the message breakpoint only if it is > 20 positions away; here the first wrote at the system block
  // and the message; the second has its only breakpoint elsewhere (no marker at all) → reads nothing.
  const noMarkers = J({ model: 'claude-sonnet-4-5', max_tokens: 100, system: [{ type: 'text', text: ASYS }], messages: turn(1) });
  const moved = cmp(a, noMarkers);
  assert.equal(moved.category, 'breakpoint-moved');
  assert.equal(moved.cachedTokensOnSecond, 0);
  // 30 short blocks between the first's entry (system) and the second's only breakpoint: beyond 20 positions.
  const many = Array.from({ length: 30 }, (_, i) => ({ type: 'text', text: `note ${i}` }));
  const a2 = J({ model: 'claude-sonnet-4-5', max_tokens: 100, system: [{ type: 'text', text: ASYS, cache_control: CC }], messages: [{ role: 'user', content: many.slice(0, 1) }] });
  const b2 = J({ model: 'claude-sonnet-4-5', max_tokens: 100, system: [{ type: 'text', text: ASYS }], messages: [{ role: 'user', content: [...many.slice(0, 29), { ...many[29], cache_control: CC }] }] });
  const lb = cmp(a2, b2);
  assert.equal(lb.category, 'lookback-exceeded');
  assert.equal(lb.cachedTokensOnSecond, 0);
  assert.ok(lb.notes.some((n) => /beyond the 20-position lookback/.test(n)), lb.notes.join('\n'));
});

test('compare (anthropic): thinking budget changed invalidates the messages cache, not the system entry', () => {
  const m = [...turn(1), { role: 'assistant', content: [{ type: 'text', text: 'Answer 1' }] }, ...turn(2, true)];
  const a = anth(ASYS, m, { thinking: { type: 'enabled', budget_tokens: 2000 } });
  const b = anth(ASYS, m, { thinking: { type: 'enabled', budget_tokens: 4000 } });
  const c = cmp(a, b);
  assert.equal(c.category, 'model-or-parameters-changed');
  assert.equal(c.firstDifference!.section, 'parameters');
  assert.equal(c.firstDifference!.range.b.text, '"thinking": {\n    "type": "enabled",\n    "budget_tokens": 4000\n  }');
  const systemEntry = compareRequests(anth(ASYS, turn(1)), anth(ASYS, turn(1))).cachedTokensOnSecond;
  assert.equal(c.cachedTokensOnSecond, systemEntry, 'the system block entry is still read');
});

test('compare (anthropic): tools reordered before every breakpoint reads nothing (the example pair)', () => {
  const a = readFileSync('examples/compare/tools-reordered-a.json', 'utf8');
  const b = readFileSync('examples/compare/tools-reordered-b.json', 'utf8');
  const c = cmp(a, b);
  assert.equal(c.category, 'tools-reordered');
  assert.equal(c.cachedTokensOnSecond, 0);
  assert.equal(c.sharedPrefixTokens, 496, 'only the API-added tool-use system prompt is shared');
  assert.deepEqual(c.firstDifference!.range.a.startPos, { line: 5, character: 15 });
});

test('compare: the one-character example pair', () => {
  const a = readFileSync('examples/compare/system-one-char-a.json', 'utf8');
  const b = readFileSync('examples/compare/system-one-char-b.json', 'utf8');
  const c = cmp(a, b);
  assert.equal(c.category, 'system-changed');
  assert.deepEqual([c.firstDifference!.range.a.text, c.firstDifference!.range.b.text], ['0', '1']);
  assert.equal(c.firstDifference!.range.a.start, at(a, 'within 30 days') + 'within 3'.length);
  assert.equal(c.sharedPrefixTokens, 1024);
  assert.equal(c.cachedTokensOnSecond, 1024);
  assert.equal(c.cachedTokensIfUnchanged, 1664);
});

// ---- Other dialects
test('compare (responses): instructions changed; GPT-5.6 exact-match breakpoints', () => {
  const resp = (ins: string, input: unknown[]) => J({ model: 'gpt-5.6-terra', instructions: ins, input });
  const inp = [{ role: 'user', content: [{ type: 'input_text', text: prose(80), prompt_cache_breakpoint: { mode: 'explicit' } }] }, { role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }];
  const a = resp('Be helpful.', inp);
  const c = cmp(a, resp('Be helpful!', inp));
  assert.equal(c.category, 'system-changed');
  assert.equal(c.firstDifference!.unit, 'instructions');
  assert.equal(c.cachedTokensOnSecond, 0);
  const ext = cmp(a, resp('Be helpful.', [...inp, { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello' }] }, { role: 'user', content: [{ type: 'input_text', text: 'More' }] }]));
  assert.equal(ext.category, 'extended');
  assert.equal(ext.family, 'openai-breakpoints');
  assert.ok(ext.cachedTokensOnSecond > 1024, String(ext.cachedTokensOnSecond));
});

test('compare (gemini): implicit caching on contents; a part changed', () => {
  const gem = (t: string) => J({ model: 'gemini-2.5-flash', systemInstruction: { parts: [{ text: prose(120) }] }, contents: [{ role: 'user', parts: [{ text: t }] }] });
  const c = cmp(gem('First question'), gem('Second question'));
  assert.equal(c.category, 'history-rewritten');
  assert.equal(c.firstDifference!.unit, 'message 1 (user), part 1');
  assert.ok(c.cachedTokensOnSecond > 0 && c.cachedTokensOnSecond <= c.sharedPrefixTokens);
});

test('compare (bedrock converse): cachePoint elements are markers, not content', () => {
  const conv = (sys: string, cp = true) => J({ modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', system: [{ text: sys }, ...(cp ? [{ cachePoint: { type: 'default' } }] : [])], messages: [{ role: 'user', content: [{ text: 'Hello' }] }] });
  const same = cmp(conv(ASYS), conv(ASYS));
  assert.equal(same.category, 'identical');
  assert.ok(same.cachedTokensOnSecond > 1024);
  const sys = cmp(conv(ASYS), conv(ASYS.replace('Rule 5:', 'Rule 6:')));
  assert.equal(sys.category, 'system-changed');
  assert.equal(sys.cachedTokensOnSecond, 0);
  const moved = cmp(conv(ASYS), conv(ASYS, false));
  assert.equal(moved.category, 'breakpoint-moved');
});

test('compare (gateway): OpenRouter to Claude with cache_control', () => {
  const gw = (sys: string) => J({ model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'system', content: [{ type: 'text', text: sys, cache_control: CC }] }, { role: 'user', content: 'Hi' }] });
  const c = cmp(gw(ASYS), gw(ASYS));
  assert.equal(c.dialect.b, 'openai-gateway');
  assert.equal(c.category, 'identical');
  assert.ok(c.cachedTokensOnSecond > 1024);
  assert.equal(cmp(gw(ASYS), gw(ASYS + ' One more rule.')).category, 'system-changed');
});

test('compare (JSONL): request lines by line number, ranges in the whole file', () => {
  const l1 = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: SYS }, { role: 'user', content: 'A' }] });
  const l2 = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: SYS }, { role: 'user', content: 'B' }] });
  const text = `${l1}\n${l2}\n`;
  const c = compareRequests({ text, fileName: 't.jsonl', line: 1 }, { text, fileName: 't.jsonl', line: 2 });
  assert.equal(c.category, 'history-rewritten');
  assert.equal(c.firstDifference!.range.b.start, l1.length + 1 + l2.lastIndexOf('"B"') + 1);
  assert.equal(c.firstDifference!.range.b.startPos.line, 1);
  const bad = compareRequests({ text, fileName: 't.jsonl', line: 9 }, { text, fileName: 't.jsonl', line: 2 });
  assert.equal(bad.category, 'not-comparable');
});

test('compare: not a request on either side never throws', () => {
  const c = cmp('{ not json', chat(SYS));
  assert.equal(c.category, 'not-comparable');
  assert.ok(c.problems[0].startsWith('a.json is not a request'), c.problems[0]);
});

test('compare (prompt template): a character inserted in the system section of a .prompty file', () => {
  const a = readFileSync('examples/order-status.prompty', 'utf8');
  const at0 = at(a, 'This handbook governs') + 'This '.length;
  const b = a.slice(0, at0) + 'X' + a.slice(at0);
  const c = cmp(a, b, 'a.prompty', 'b.prompty');
  assert.equal(c.category, 'system-changed');
  assert.equal(c.firstDifference!.unit, 'system message');
  assert.deepEqual([c.firstDifference!.range.a.start, c.firstDifference!.range.a.end, c.firstDifference!.range.a.text], [at0, at0, '']);
  assert.deepEqual([c.firstDifference!.range.b.start, c.firstDifference!.range.b.end, c.firstDifference!.range.b.text], [at0, at0 + 1, 'X']);
  assert.ok(c.sharedPrefixTokens > 0 && c.sharedPrefixTokens < 1024);
  assert.equal(c.cachedTokensOnSecond, 0);
});
