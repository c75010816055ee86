// Fuzzing in CI: at least 20,000 mutated inputs per run across every dialect (OpenAI chat, Anthropic,
// OpenAI-format gateway, JSONL, prompt templates), built from examples/ and small synthetic seeds with
// seeded mutations (byte flips, deletions, duplications, type swaps, deep nesting, long strings). For each:
//   * analyze() does not fail ("could not analyze this file" is a caught exception);
//   * every range (segments, spans, markers, plan, diagnostics, fix edits, problems) lies in the document;
//   * the output is deterministic (two analyses of one text, the second from warm memos, are equal);
//   * on a JSON input that parses cleanly: every fix gives valid JSON, and the finding it targets is gone or
//     changed in the re-analysis of the fixed text (round trip).
// A failing input is written to test/data/fuzz/ only with FUZZ_SAVE=1; the saved fixtures are always replayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { parseTree, type ParseError } from 'jsonc-parser';
import { analyze } from '../../src/core';
import { applyFix } from '../../src/core/fixes';
import type { Analysis, OffsetRange, Segment } from '../../src/core/types';

const FUZZ_DIR = 'test/data/fuzz';
const CASES = Number(process.env.FUZZ_CASES ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

// ---------------------------------------------------------------------------------------------------
// Seeds: every example (long strings shortened: the per-input size, not the count, keeps this fast) and
// synthetic requests for shapes the examples lack.

function shrink(v: unknown, max: number): unknown {
  if (typeof v === 'string') return v.length > max ? v.slice(0, max) : v;
  if (Array.isArray(v)) return v.slice(0, 12).map((x) => shrink(x, max));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shrink(x, max)]));
  return v;
}

function jsoncValue(text: string): unknown {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  return root ? JSON.parse(JSON.stringify(nodeValue(root))) : undefined;
}
function nodeValue(n: NonNullable<ReturnType<typeof parseTree>>): unknown {
  if (n.type === 'object') return Object.fromEntries((n.children ?? []).filter((p) => p.children?.[1]).map((p) => [String(p.children![0].value), nodeValue(p.children![1])]));
  if (n.type === 'array') return (n.children ?? []).map(nodeValue);
  return n.value;
}

const PROSE = 'The handbook section explains how agents answer customers politely and precisely. ';
const cc = (ttl?: string) => (ttl ? { type: 'ephemeral', ttl } : { type: 'ephemeral' });

interface Seed {
  name: string;
  fileName: string;
  text: string;
}

export function seeds(): Seed[] {
  const out: Seed[] = [];
  for (const f of readdirSync('examples').filter((x) => statSync(`examples/${x}`).isFile()).sort()) {
    const raw = readFileSync(`examples/${f}`, 'utf8');
    if (/\.jsonc?$/.test(f)) {
      const v = jsoncValue(raw);
      out.push({ name: `${f}:short`, fileName: f.replace(/\.jsonc$/, '.json'), text: JSON.stringify(shrink(v, 160), null, 2) });
      out.push({ name: `${f}:long`, fileName: f.endsWith('.jsonc') ? f : 'x.jsonc', text: JSON.stringify(shrink(v, 1200)) });
    } else if (f.endsWith('.jsonl')) {
      const lines = raw.split('\n').filter((l) => l.trim()).slice(0, 4);
      out.push({ name: f, fileName: f, text: lines.map((l) => JSON.stringify(shrink(JSON.parse(l), 200))).join('\n') + '\n' });
    } else {
      out.push({ name: f, fileName: f, text: raw.slice(0, 2500) });
    }
  }
  // Only a few seeds clear the 1,024-token minimum (a mutation inside a long string re-counts it: most of the cost).
  const big = PROSE.repeat(90);
  const mid = PROSE.repeat(8);
  const synthetic: [string, string, unknown][] = [
    ['anthropic-tools', 'a.json', { model: 'claude-sonnet-4-5', max_tokens: 64, tools: [{ name: 'lookup', description: 'Find an order', input_schema: { type: 'object', properties: { id: { type: 'string' } } }, cache_control: cc() }], system: [{ type: 'text', text: big, cache_control: cc('1h') }, { type: 'text', text: 'Today is 2025-03-04T10:15:30Z.' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi {{name}}' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] }, { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 'x' }, { type: 'text', text: 'ok', cache_control: cc() }] }, { role: 'user', content: [] }] }],
    ['anthropic-many-breakpoints', 'a.json', { model: 'claude-haiku-4-5', max_tokens: 8, system: [{ type: 'text', text: mid, cache_control: cc() }], messages: Array.from({ length: 8 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: [{ type: 'text', text: `turn ${i} ${PROSE}`, cache_control: cc(i === 6 ? '1h' : undefined) }] })), cache_control: cc() }],
    ['anthropic-lookback', 'a.json', { model: 'claude-sonnet-4-5', max_tokens: 8, system: [{ type: 'text', text: mid, cache_control: cc() }], messages: Array.from({ length: 26 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: i === 25 ? [{ type: 'text', text: 'last', cache_control: cc() }] : i % 5 === 3 ? [] : `turn ${i}` })) }],
    ['anthropic-string-system', 'a.json', { model: 'claude-opus-4-1', max_tokens: 8, system: `${mid} Session ID: 3f2504e0-4f89-11d3-9a0c-0305e82c3301`, messages: [{ role: 'user', content: 'Where is my order?' }] }],
    ['openai-tools', 'o.json', { model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'lookup', description: 'Find', parameters: { type: 'object', properties: { id: { type: 'string', enum: ['a', 'b'] } }, required: ['id'] } } }], messages: [{ role: 'system', content: `${mid} Current time: ${'2025-03-04 10:15'}` }, { role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } }] }] }],
    ['gateway', 'g.json', { model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'system', content: [{ type: 'text', text: mid, cache_control: cc() }] }, ...Array.from({ length: 6 }, (_, i) => ({ role: 'user', content: [{ type: 'text', text: `q${i} ${PROSE}`, cache_control: cc() }] }))], tools: [['x'], { type: 'function', function: { name: 'f', parameters: {} } }] }],
  ];
  for (const [name, fileName, body] of synthetic) out.push({ name, fileName, text: JSON.stringify(body, null, name.length % 2 ? 2 : undefined) });
  out.push({ name: 'template-md', fileName: 'p.prompt.md', text: `---\nmodel: claude-sonnet-4-5\n---\nsystem:\n${PROSE.repeat(20)}\n{% if vip %}VIP {{ name }}{% endif %}\nuser:\nHello {{ user.name | upper }}, today is \${today}. {order_id} %(x)s {{! note }}\n` });
  out.push({ name: 'template-prompt', fileName: 'q.prompt', text: `system:\n${PROSE.repeat(5)}{{{raw}}} {{- trim -}} {#c#} <%= erb %>\nassistant:\nok\n` });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Seeded mutations

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const INSERTS = ['{', '}', '[', ']', '"', ',', ':', '\\', '\\u00', '\\u0065', '"cache_control":{"type":"ephemeral"}', '"cache_control":{"type":"ephemeral","ttl":"1h"}', '"cache_control":[]', '"ttl":"2h"', '{{x}}', '{%', '${', '\u0000', '\uD800', '"model":"claude-haiku-4-5"', '"model":"gpt-4o"', '"messages":[]', '"content":[]', '"type":{}', '"role":{}', 'null', '1e999', '-0', '//c\n', '/*', ',}', '2025-03-04T10:15:30Z', '\r\n', '\t', 'é', '😀'];
const VALUES = ['{}', '[]', '1', '-1.5e3', 'null', 'true', '""', '"x"', '{"type":"text","text":"t"}', '[{"type":"text","text":"t"}]', '{"type":{}}'];

export function mutate(text: string, r: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const at = () => Math.floor(r() * (text.length + 1));
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const op = r();
    const i = at();
    if (op < 0.18) {
      // byte flip
      text = text.slice(0, i) + String.fromCharCode(Math.floor(r() * 128)) + text.slice(i + 1);
    } else if (op < 0.32) {
      // deletion
      text = text.slice(0, i) + text.slice(i + 1 + Math.floor(r() * 60));
    } else if (op < 0.44) {
      // duplication of a span
      const len = Math.floor(r() * 200);
      text = text.slice(0, i) + text.slice(i, i + len) + text.slice(i);
    } else if (op < 0.62) {
      // type swap: a string literal or a bracket's value replaced by another type
      const q = text.indexOf('"', i);
      if (q < 0) continue;
      const e = text.indexOf('"', q + 1);
      if (e < 0) continue;
      const after = text.slice(e + 1).match(/^\s*:/);
      if (after) continue; // a key: leave it
      text = text.slice(0, q) + pick(VALUES) + text.slice(e + 1);
    } else if (op < 0.8) {
      text = text.slice(0, i) + pick(INSERTS) + text.slice(i);
    } else if (op < 0.86) {
      // deep nesting around a position
      const d = r() < 0.2 ? 520 + Math.floor(r() * 200) : 1 + Math.floor(r() * 40);
      text = text.slice(0, i) + '['.repeat(d) + ']'.repeat(d) + text.slice(i);
    } else if (op < 0.92) {
      // a long string (words and punctuation, kept small: tiktoken's cost on one long piece is not the point here)
      const len = 200 + Math.floor(r() * 800);
      const unit = pick(['word ', 'ab', '=', '{%', 'é ', '日本語', '0']);
      text = text.slice(0, i) + unit.repeat(Math.ceil(len / unit.length)).slice(0, unit === '=' || unit === '{%' ? 300 : len) + text.slice(i);
    } else {
      // swap two lines (JSONL, templates, pretty JSON)
      const lines = text.split('\n');
      if (lines.length > 2) {
        const a = Math.floor(r() * lines.length);
        const b = Math.floor(r() * lines.length);
        [lines[a], lines[b]] = [lines[b], lines[a]];
        text = lines.join('\n');
      }
    }
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------
// Checks

function allRanges(a: Analysis): OffsetRange[] {
  const out: OffsetRange[] = [];
  const walk = (segs: Segment[]) =>
    segs.forEach((s) => {
      out.push(s.range, ...s.spans.map((x) => x.range));
      if (s.cacheControl) out.push(s.cacheControl.range);
      if (s.children) walk(s.children);
    });
  for (const part of a.lines?.length ? [a, ...a.lines] : [a]) {
    walk(part.segments);
    out.push(...part.cache.readRanges, ...part.cache.writeOnlyRanges, ...part.cache.breakpoints.map((b) => b.range));
    for (const d of part.diagnostics) out.push(d.range, ...(d.fixes ?? []).flatMap((f) => f.edits.map((e) => e.range)));
    for (const p of part.problems) if (p.range) out.push(p.range);
    if (part.model.range) out.push(part.model.range);
  }
  return out;
}

function jsonErrors(text: string): number {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors.length;
}

const failedRule = (a: Analysis) => a.problems.find((p) => /could not analyze this file|A diagnostic rule failed/.test(p.message));

/** Undefined when the input passes every check, else what failed. */
export function check(text: string, fileName: string, roundTrip: boolean, twice = true): string | undefined {
  const a = analyze(text, { fileName });
  const crash = failedRule(a);
  if (crash) return `exception: ${crash.message}`;
  for (const r of allRanges(a)) if (!(r.start >= 0 && r.start <= r.end && r.end <= text.length)) return `range outside the document: ${JSON.stringify(r)} (length ${text.length})`;
  for (const part of a.lines?.length ? a.lines : [a]) {
    const leaves = (segs: Segment[]): Segment[] => segs.flatMap((x) => (x.children?.length ? leaves(x.children) : [x]));
    for (const l of leaves(part.segments)) if (!(l.tokens >= 0 && Number.isFinite(l.tokens))) return `bad token count ${l.tokens} on ${l.id}`;
  }
  if (twice && JSON.stringify(a) !== JSON.stringify(analyze(text, { fileName }))) return 'not deterministic: two analyses differ';
  if (!roundTrip || !/\.jsonc?$/.test(fileName) || jsonErrors(text) > 0) return undefined;
  for (const d of a.diagnostics) {
    for (const f of d.fixes ?? []) {
      const fixed = applyFix(text, f);
      if (jsonErrors(fixed) > 0) return `fix "${f.title}" (${d.code}) gives invalid JSON`;
      const after = analyze(fixed, { fileName });
      const crashAfter = failedRule(after);
      if (crashAfter) return `fix "${f.title}" (${d.code}): the fixed text fails: ${crashAfter.message}`;
      if (after.diagnostics.some((x) => x.code === d.code && x.message === d.message)) return `fix "${f.title}" leaves its finding (${d.code}: ${d.message.slice(0, 160)})`;
    }
  }
  return undefined;
}

interface Saved {
  name: string;
  fileName: string;
  text: string;
  failure: string;
}

function save(c: Saved): void {
  mkdirSync(FUZZ_DIR, { recursive: true });
  const id = createHash('sha1').update(c.fileName + '\0' + c.text).digest('hex').slice(0, 12);
  writeFileSync(`${FUZZ_DIR}/${id}.json`, JSON.stringify(c, null, 2) + '\n');
}

test('fuzz: saved failing inputs (test/data/fuzz) pass every check', () => {
  const files = existsSync(FUZZ_DIR) ? readdirSync(FUZZ_DIR).filter((f) => f.endsWith('.json')) : [];
  for (const f of files) {
    const c = JSON.parse(readFileSync(`${FUZZ_DIR}/${f}`, 'utf8')) as Saved;
    assert.equal(check(c.text, c.fileName, true), undefined, `${f} (${c.name}; was: ${c.failure})`);
  }
});

if (process.env.FUZZ_CASES !== '0') test(`fuzz: ${CASES} mutated inputs across every dialect never throw, keep ranges inside, are deterministic, and round-trip their fixes`, () => {
  const all = seeds();
  const dialects = new Set(all.map((s) => analyze(s.text, { fileName: s.fileName }).dialect ?? 'none'));
  for (const d of ['openai-chat', 'anthropic-messages', 'openai-gateway', 'prompt-template']) assert.ok(dialects.has(d as never), `a seed of ${d} (${[...dialects].join(', ')})`);
  assert.ok(all.some((s) => s.fileName.endsWith('.jsonl')));
  const r = rng(SEED);
  const failures: Saved[] = [];
  let roundTrips = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < CASES; i++) {
    const seed = all[i % all.length];
    const text = mutate(seed.text, r);
    // Every input: no exception, ranges inside. One in 2: determinism (a second analysis); one in 8: the fix
    // round trip (a re-analysis per fix). Keeps the run near 60 s on a 2-core machine.
    const rt = i % 8 === 0;
    if (rt) roundTrips++;
    const failure = check(text, seed.fileName, rt, i % 2 === 0);
    if (failure) {
      failures.push({ name: `${seed.name} #${i}`, fileName: seed.fileName, text, failure });
      if (failures.length >= 20) break;
    }
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (process.env.FUZZ_SAVE === '1') failures.forEach(save);
  console.log(`fuzz: ${CASES} inputs from ${all.length} seeds (${[...dialects].join(', ')}), ${roundTrips} with fix round trips, ${(ms / 1000).toFixed(1)} s (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU), ${failures.length} failures`);
  assert.deepEqual(
    failures.map((f) => `${f.name}: ${f.failure}`),
    [],
    `failing inputs${process.env.FUZZ_SAVE === '1' ? ` saved in ${FUZZ_DIR}` : ' (FUZZ_SAVE=1 saves them)'}`,
  );
});
