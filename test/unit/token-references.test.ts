// Every public reference data point (token-reference-cases.jsonl, 116 cases) as a table-driven test:
// countOpenAIChat(body).total must equal the billed prompt_tokens, or differ by exactly the delta
// recorded in KNOWN_DIFFERENCES (so any change in behaviour fails).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { countOpenAIChat, chatProfileFor } from '../../src/core/tokens/openai';
import type { EncodingName } from '../../src/core/tokens/encoding';

interface RefCase {
  id: string;
  model: string;
  encoding: EncodingName;
  body: any;
  prompt_tokens: number;
  notes?: string;
}

/** In the repository (test/data/README.md says where the cases come from). Missing or short = failure. */
const CASES_FILE = path.join(__dirname, '..', 'data', 'token-reference-cases.jsonl');
/** Lines in token-reference-cases.jsonl: one case per line. */
const EXPECTED_CASES = 116;
const cases: RefCase[] = fs.existsSync(CASES_FILE)
  ? fs.readFileSync(CASES_FILE, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l))
  : [];
/** Cases actually counted below (each case test increments it). */
let casesRun = 0;

/**
 * The snapshot each data point was measured on. The reference records it in the model column
 * ("… i.e. gpt-3.5-turbo-0613", "… => gpt-4-0613") or in the notes (the alias at the time).
 * Counting needs the snapshot, not the alias (token-references.md §3.9.1).
 */
const SNAPSHOT_FROM_NOTES: Record<string, string> = {
  'CB-03': 'gpt-3.5-turbo-0301', // "alias resolved to 0301 at the time (2023)"
  'CB-07': 'gpt-3.5-turbo-0125', // "alias = gpt-3.5-turbo-0125 at the time (2024)"
  'CB-10': 'gpt-4o-2024-08-06', // "alias = gpt-4o-2024-08-06 per notebook text"
};
function snapshotOf(c: RefCase): string {
  if (SNAPSHOT_FROM_NOTES[c.id]) return SNAPSHOT_FROM_NOTES[c.id];
  const m = /(?:i\.e\.|=>)\s*([\w.-]+)/.exec(c.model);
  return m ? m[1] : String(c.body?.model ?? c.model);
}

/** FV-*: the PNG bytes were not published; the reference gives the size (128×64). */
const imageSize = (url: string) => (url.includes('<ANY 128x64 PNG') ? { width: 128, height: 64 } : undefined);

/**
 * Cases the method cannot reproduce. delta = ours − billed; the test asserts exactly this delta.
 */
const KNOWN_DIFFERENCES: Record<string, { delta: number; reason: string }> = {
  'FV-13': {
    delta: 64,
    reason: 'o1-2024-12-17 image: billed 22 (low) / 44 (high) — far below the documented 75/150 o1 image cost; unexplained (§3.4 "o1 is anomalous")',
  },
  'FV-14': {
    delta: 192,
    reason: 'o1-2024-12-17 image at high detail: billed 44; documented formula gives 75 + 150·1 tile; unexplained',
  },
};

function familyOf(c: RefCase): string {
  const f = chatProfileFor(snapshotOf(c)).family;
  return f === 'other' ? 'cl100k (unrecorded 2024 deployment)' : f;
}

const summary = new Map<string, { exact: number; total: number }>();

for (const c of cases) {
  test(`${c.id} (${snapshotOf(c)}) = ${c.prompt_tokens}`, () => {
    casesRun++;
    const r = countOpenAIChat(c.body, snapshotOf(c), c.encoding, { imageSize });
    const delta = r.total - c.prompt_tokens;
    const fam = familyOf(c);
    const s = summary.get(fam) ?? { exact: 0, total: 0 };
    s.total++;
    if (delta === 0) s.exact++;
    summary.set(fam, s);
    // Attribution always sums to the total.
    const sum = r.messages.reduce((a, m) => a + m.tokens, 0) + (r.tools?.tokens ?? 0) + r.toolChoice + r.responseFormat + r.constant;
    assert.equal(sum, r.total, 'attribution sums to total');
    const known = KNOWN_DIFFERENCES[c.id];
    if (known) assert.equal(delta, known.delta, `known difference changed: ${known.reason}`);
    else assert.equal(r.total, c.prompt_tokens, `billed ${c.prompt_tokens}, counted ${r.total} (${r.notes.join('; ')})`);
  });
}

test('cookbook 124 (gpt-4o messages) and 101 (gpt-4o tools) explicitly', () => {
  const messages = [
    { role: 'system', content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.' },
    { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
    { role: 'system', name: 'example_assistant', content: 'Things working well together will increase revenue.' },
    { role: 'system', name: 'example_user', content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage." },
    { role: 'system', name: 'example_assistant', content: "Let's talk later when we're less busy about how to do better." },
    { role: 'user', content: "This late pivot means we don't have time to boil the ocean for the client deliverable." },
  ];
  const r1 = countOpenAIChat({ model: 'gpt-4o', messages }, 'gpt-4o', 'o200k_base');
  assert.equal(r1.total, 124);
  assert.equal(r1.exact, true);
  const tools = [
    {
      type: 'function',
      function: {
        name: 'get_current_weather',
        description: 'Get the current weather in a given location',
        parameters: {
          type: 'object',
          properties: {
            location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
            unit: { type: 'string', description: 'The unit of temperature to return', enum: ['celsius', 'fahrenheit'] },
          },
          required: ['location'],
        },
      },
    },
  ];
  const body = {
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'You are a helpful assistant that can answer to questions about the weather.' },
      { role: 'user', content: "What's the weather like in San Francisco?" },
    ],
    tools,
  };
  const r2 = countOpenAIChat(body, 'gpt-4o', 'o200k_base');
  assert.equal(r2.total, 101);
  assert.equal(r2.exact, true);
  assert.equal(r2.tools?.insertedIntoMessage, 0);
  assert.equal(countOpenAIChat(body, 'gpt-4', 'cl100k_base').total, 105);
});

test('reference file present and complete', () => {
  assert.ok(fs.existsSync(CASES_FILE), `missing ${path.relative(process.cwd(), CASES_FILE)}`);
  assert.equal(cases.length, EXPECTED_CASES, `expected ${EXPECTED_CASES} cases in ${path.relative(process.cwd(), CASES_FILE)}`);
  assert.equal(new Set(cases.map((c) => c.id)).size, cases.length, 'case ids are unique');
});

/** Exact matches per model family (exact/total). Any change in behaviour or data changes this table. */
const EXPECTED_SUMMARY: Record<string, { exact: number; total: number }> = {
  'cl100k (unrecorded 2024 deployment)': { exact: 31, total: 31 },
  'gpt-3.5': { exact: 42, total: 42 },
  'gpt-4': { exact: 9, total: 9 },
  'gpt-4.1': { exact: 6, total: 6 },
  'gpt-4.5': { exact: 2, total: 2 },
  'gpt-4o': { exact: 12, total: 12 },
  'gpt-4o-mini': { exact: 8, total: 8 },
  'o-series': { exact: 4, total: 6 },
};

test('summary per model family', () => {
  const rows = [...summary.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  let e = 0;
  let t = 0;
  const lines = rows.map(([f, s]) => {
    e += s.exact;
    t += s.total;
    return `  ${f.padEnd(38)} ${String(s.exact).padStart(3)}/${s.total}`;
  });
  // eslint-disable-next-line no-console
  console.log(`\nOpenAI prompt_tokens reference match (exact/total):\n${lines.join('\n')}\n  ${'all'.padEnd(38)} ${String(e).padStart(3)}/${t}\n`);
  assert.equal(casesRun, EXPECTED_CASES, 'every reference case was counted');
  assert.equal(t, EXPECTED_CASES);
  assert.deepEqual(Object.fromEntries(rows), EXPECTED_SUMMARY);
});
