// The per-model Chat Completions format facts (src/core/models/chatFormats.ts), resolved through the model
// layer with resolveModel's name rules. The expected values below are the ones the counter used before the
// facts moved into the data table (a regex ladder in tokens/openai.ts); the 116 reference cases
// (token-references.test.ts) check the counts themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHAT_FORMATS, DEFAULT_CHAT_FORMAT, MODEL_TABLE, chatFormatFor } from '../../src/core/models';
import { chatProfileFor } from '../../src/core/tokens/openai';

test('every chat-format row has a source and at least one name', () => {
  for (const r of CHAT_FORMATS) {
    assert.ok(r.source && r.source.length > 10, `row ${r.match.join(',')} has a source`);
    assert.ok(r.match.length + (r.aliases?.length ?? 0) > 0, 'row has a name');
  }
});

test('snapshot-specific formats', () => {
  const f = (name: string) => {
    const c = chatFormatFor(name);
    return `${c.family} ${c.perMessage}/${c.perName} ${c.toolVariant} ${c.verified ? 'verified' : 'unverified'} adj ${c.requestAdjust}`;
  };
  assert.equal(f('gpt-3.5-turbo-0301'), 'gpt-3.5 4/-1 v2023 verified adj 0');
  assert.equal(f('gpt-35-turbo-0301'), 'gpt-3.5 4/-1 v2023 verified adj 0');
  assert.equal(f('gpt-3.5-turbo-0613'), 'gpt-3.5 3/1 v2023 verified adj 0');
  assert.equal(f('ft:gpt-3.5-turbo-0613:org::x'), 'gpt-3.5 3/1 v2023 verified adj 0');
  assert.equal(f('gpt-3.5-turbo-16k-0613'), 'gpt-3.5 3/1 v2023 verified adj 0');
  assert.equal(f('gpt-3.5-turbo'), 'gpt-3.5 3/1 v2024 verified adj 0');
  assert.equal(f('gpt-3.5-turbo-0125'), 'gpt-3.5 3/1 v2024 verified adj 0');
  assert.equal(f('azure/gpt-35-turbo'), 'gpt-3.5 3/1 v2024 verified adj 0');
  assert.equal(f('gpt-4'), 'gpt-4 3/1 v2023 verified adj 0');
  assert.equal(f('gpt-4-0613'), 'gpt-4 3/1 v2023 verified adj 0');
  assert.equal(f('gpt-4-32k'), 'gpt-4 3/1 v2023 verified adj 0');
  assert.equal(f('gpt-4-0314'), 'gpt-4 3/1 v2024 verified adj 0');
  assert.equal(f('gpt-4-turbo-2024-04-09'), 'gpt-4 3/1 v2024 verified adj 0');
  assert.equal(f('gpt-4-1106-preview'), 'gpt-4 3/1 v2024 verified adj 0');
  assert.equal(f('gpt-4-base'), 'gpt-4 3/1 v2024 unverified adj 0');
  assert.equal(f('gpt-4o-2024-08-06'), 'gpt-4o 3/1 v2024 verified adj 0');
  assert.equal(f('chatgpt-4o-latest'), 'gpt-4o 3/1 v2024 verified adj 0');
  assert.equal(f('gpt-4o-mini-2024-07-18'), 'gpt-4o-mini 3/1 v2024 verified adj 0');
  assert.equal(f('gpt-4.1-2025-04-14'), 'gpt-4.1 3/1 v2024 unverified adj 0');
  assert.equal(f('gpt-4.5-preview'), 'gpt-4.5 3/1 v2024 unverified adj 0');
  assert.equal(f('o1-2024-12-17'), 'o-series 3/1 v2024 unverified adj -1');
  assert.equal(f('o3-mini'), 'o-series 3/1 v2024 unverified adj -1');
  assert.equal(f('o4-mini-2025-04-16'), 'o-series 3/1 v2024 unverified adj -1');
  assert.equal(f('gpt-5-2025-08-07'), 'gpt-5 3/1 v2024 unverified adj 0');
  assert.equal(f('gpt-oss-120b'), 'other 3/1 v2024 unverified adj 0');
  assert.equal(f(''), 'other 3/1 v2024 unverified adj 0');
});

test('image rules by model', () => {
  const img = (name: string) => JSON.stringify(chatFormatFor(name).image);
  const tile = (base: number, t: number) => JSON.stringify({ kind: 'tile', base, tile: t });
  const patch = (multiplier: number, maxPatches: number, verified: boolean) => JSON.stringify({ kind: 'patch', multiplier, maxPatches, extra: 1, verified });
  assert.equal(img('gpt-4o'), tile(85, 170));
  assert.equal(img('gpt-4o-mini'), tile(2833, 5667));
  assert.equal(img('gpt-4.1'), tile(85, 170));
  assert.equal(img('gpt-4.1-mini'), patch(1.62, 1536, true));
  assert.equal(img('gpt-4.1-nano'), patch(2.46, 1536, true));
  assert.equal(img('o1'), tile(75, 150));
  assert.equal(img('o3-pro'), tile(75, 150));
  assert.equal(img('o4-mini'), patch(1.72, 1536, true));
  assert.equal(img('gpt-5'), tile(70, 140));
  assert.equal(img('gpt-5.1-codex'), tile(70, 140));
  assert.equal(img('gpt-5-mini'), patch(1.2, 1536, false));
  assert.equal(img('gpt-5-nano'), patch(1.5, 1536, false));
  assert.equal(img('gpt-5.4-mini'), patch(1.2, 2500, false));
  assert.equal(img('gpt-5.6-sol'), patch(1.2, 2500, false));
  assert.equal(img('computer-use-preview'), tile(65, 129));
});

// The old ladder differed here, on unusual spellings only: it did not read "gpt-5-4" as gpt-5.4 (the
// table does) and kept ":…" suffixes ("gpt-4:latest" was an unverified gpt-4).
test('names resolve like resolveModel: dots and dashes, prefixes, suffixes, fine-tunes', () => {
  const same = (a: string, b: string) => assert.deepEqual(chatFormatFor(a), chatFormatFor(b), `${a} = ${b}`);
  same('gpt-4.1-mini', 'gpt-4-1-mini');
  same('gpt-5.4', 'gpt-5-4');
  same('openai/gpt-4o', 'gpt-4o');
  same('GPT-4O', 'gpt-4o');
  same('ft:gpt-4o-mini-2024-07-18:org::id', 'gpt-4o-mini');
  same('gpt-4:latest', 'gpt-4');
});

test('every OpenAI model in MODEL_TABLE has a chat format of its own family', () => {
  for (const row of MODEL_TABLE.filter((r) => r.provider === 'openai')) {
    for (const name of [row.id, ...row.match, ...(row.aliases ?? [])]) {
      assert.notEqual(chatFormatFor(name).family, DEFAULT_CHAT_FORMAT.family, `${name} (${row.id})`);
    }
  }
});

test('the counter takes its profile from the model layer', () => {
  for (const name of ['gpt-3.5-turbo-0301', 'gpt-4o', 'o3', 'gpt-5.4', 'unknown']) assert.deepEqual(chatProfileFor(name), chatFormatFor(name));
});
