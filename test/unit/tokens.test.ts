import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  countTokens,
  encodeTokens,
  isEncodingLoaded,
  prefixOffsetForTokens,
  decodeTokenBytes,
  type EncodingName,
} from '../../src/core/tokens/encoding';
import { countOpenAIChat, imageSizeFromBytes, imageSizeFromDataUrl, openAIImageTokens, renderFunctionsNamespace } from '../../src/core/tokens/openai';
import { claudeFactsForModel, claudeImageTokens, claudeImageTokensLegacy, countAnthropicMessages, estimateClaudeTokens } from '../../src/core/tokens/anthropic';
import { resolveModel } from '../../src/core/models';

/** The encoding the engine counts a model with: its table row's tiktoken encoding (unknown names: gpt-4o's, o200k). */
function encodingOf(model: string): EncodingName {
  const tk = resolveModel(model)?.tokenizer;
  return tk?.kind === 'tiktoken' ? tk.encoding : 'o200k_base';
}

test('the tokenizer is not loaded at import', () => {
  assert.equal(isEncodingLoaded('o200k_base'), false);
  assert.equal(isEncodingLoaded('cl100k_base'), false);
});

test('tiktoken encodings come from the model table', () => {
  for (const m of ['gpt-4o', 'gpt-4o-mini-2024-07-18', 'chatgpt-4o-latest', 'gpt-4.1-nano', 'o1', 'o3-mini', 'o4-mini-2025-04-16', 'gpt-5', 'gpt-5.4-mini', 'openai/gpt-4o'])
    assert.deepEqual(resolveModel(m)?.tokenizer, { kind: 'tiktoken', encoding: 'o200k_base' }, m);
  for (const m of ['gpt-4', 'gpt-4-0613', 'gpt-4-turbo', 'gpt-4-turbo-2024-04-09', 'gpt-4-32k', 'gpt-3.5-turbo', 'gpt-3.5-turbo-0301', 'gpt-35-turbo', 'ft:gpt-3.5-turbo:org::abc'])
    assert.deepEqual(resolveModel(m)?.tokenizer, { kind: 'tiktoken', encoding: 'cl100k_base' }, m);
  for (const m of ['gpt-4.5-preview', 'unknown-model', '']) assert.equal(encodingOf(m), 'o200k_base', m);
});

test('known counts (cookbook printed values)', () => {
  assert.equal(countTokens('tiktoken is great!', 'o200k_base'), 6);
  assert.equal(countTokens('tiktoken is great!', 'cl100k_base'), 6);
  assert.deepEqual([...encodeTokens('tiktoken is great!', 'o200k_base')], [83, 8251, 2488, 382, 2212, 0]);
  assert.equal(countTokens('antidisestablishmentarianism', 'cl100k_base'), 6);
  assert.equal(countTokens('2 + 2 = 4', 'o200k_base'), 7);
  assert.equal(countTokens('お誕生日おめでとう', 'cl100k_base'), 9);
  assert.equal(countTokens('お誕生日おめでとう', 'o200k_base'), 8);
  assert.equal(countTokens('', 'o200k_base'), 0);
  assert.ok(isEncodingLoaded('o200k_base'));
});

test('special tokens in user text are plain text, never an error', () => {
  for (const enc of ['o200k_base', 'cl100k_base'] as const) {
    const n = countTokens('<|endoftext|>', enc);
    assert.ok(n > 1, `${enc}: counted as several ordinary tokens (${n})`);
    assert.ok(countTokens('a <|im_start|>system<|im_sep|> <|fim_prefix|> b', enc) > 5);
    const bytes = decodeTokenBytes(encodeTokens('<|endoftext|>', enc), enc);
    assert.equal(Buffer.from(bytes).toString('utf8'), '<|endoftext|>');
  }
});

test('memoized counts are stable', () => {
  const s = 'The quick brown fox '.repeat(50);
  const a = countTokens(s, 'o200k_base');
  const b = countTokens(s, 'o200k_base');
  assert.equal(a, b);
});

test('prefixOffsetForTokens: ASCII, multibyte, emoji, CJK, clamping', () => {
  const enc = 'o200k_base';
  assert.equal(prefixOffsetForTokens('', enc, 3), 0);
  assert.equal(prefixOffsetForTokens('hello world', enc, 0), 0);
  assert.equal(prefixOffsetForTokens('hello world', enc, -5), 0);
  assert.equal(prefixOffsetForTokens('hello world', enc, 1), 5);
  assert.equal(prefixOffsetForTokens('hello world', enc, 2), 11);
  assert.equal(prefixOffsetForTokens('hello world', enc, 99), 11);
  for (const text of ['héllo 😀 世界 wörld', '😀😀😀👩‍👩‍👧‍👦 family', 'お誕生日おめでとう、世界！', '\u{1F600}'.repeat(20), 'a\uD800b lone surrogate']) {
    for (const e of ['o200k_base', 'cl100k_base'] as const) {
      const n = encodeTokens(text, e).length;
      let prev = 0;
      for (let k = 0; k <= n + 1; k++) {
        const off = prefixOffsetForTokens(text, e, k);
        assert.ok(off >= prev && off <= text.length, `monotone and clamped (${text}, ${k})`);
        // Never inside a surrogate pair.
        const c = text.charCodeAt(off - 1);
        if (off > 0 && off < text.length) assert.ok(!(c >= 0xd800 && c <= 0xdbff && text.charCodeAt(off) >= 0xdc00 && text.charCodeAt(off) <= 0xdfff), 'not mid-pair');
        // The first k tokens fit in text[0, off).
        if (k <= n && k > 0) assert.ok(Buffer.byteLength(text.slice(0, off)) >= decodeTokenBytes(encodeTokens(text, e).subarray(0, k), e).length);
        prev = off;
      }
      assert.equal(prefixOffsetForTokens(text, e, n), text.length);
    }
  }
});

// ---- image headers --------------------------------------------------------------------------------

function png(w: number, h: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, w);
  new DataView(b.buffer).setUint32(20, h);
  return b;
}
function gif(w: number, h: number): Uint8Array {
  const b = new Uint8Array(13);
  b.set([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]);
  new DataView(b.buffer).setUint16(6, w, true);
  new DataView(b.buffer).setUint16(8, h, true);
  return b;
}
function jpeg(w: number, h: number): Uint8Array {
  // SOI, APP0 (JFIF, 16 bytes), a COM segment, SOF0.
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const com = [0xff, 0xfe, 0x00, 0x05, 0x68, 0x69, 0x21];
  const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, h >> 8, h & 0xff, w >> 8, w & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return new Uint8Array([0xff, 0xd8, ...app0, ...com, ...sof, 0xff, 0xd9]);
}
function webpVp8x(w: number, h: number): Uint8Array {
  const b = new Uint8Array(30);
  b.set([0x52, 0x49, 0x46, 0x46, 22, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x58, 10, 0, 0, 0, 0, 0, 0, 0]);
  const W = w - 1;
  const H = h - 1;
  b.set([W & 0xff, (W >> 8) & 0xff, (W >> 16) & 0xff, H & 0xff, (H >> 8) & 0xff, (H >> 16) & 0xff], 24);
  return b;
}
function webpVp8l(w: number, h: number): Uint8Array {
  const b = new Uint8Array(30);
  b.set([0x52, 0x49, 0x46, 0x46, 22, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x4c, 10, 0, 0, 0, 0x2f]);
  const bits = ((w - 1) & 0x3fff) | (((h - 1) & 0x3fff) << 14);
  b.set([bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff, (bits >>> 24) & 0xff], 21);
  return b;
}
function webpVp8(w: number, h: number): Uint8Array {
  const b = new Uint8Array(30);
  b.set([0x52, 0x49, 0x46, 0x46, 22, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x20, 10, 0, 0, 0, 0, 0, 0, 0x9d, 0x01, 0x2a]);
  b.set([w & 0xff, (w >> 8) & 0x3f, h & 0xff, (h >> 8) & 0x3f], 26);
  return b;
}
const dataUrl = (mime: string, b: Uint8Array) => `data:${mime};base64,${Buffer.from(b).toString('base64')}`;

test('image sizes from PNG / JPEG / GIF / WebP headers', () => {
  assert.deepEqual(imageSizeFromBytes(png(1126, 488)), { width: 1126, height: 488 });
  assert.deepEqual(imageSizeFromBytes(gif(320, 200)), { width: 320, height: 200 });
  assert.deepEqual(imageSizeFromBytes(jpeg(640, 480)), { width: 640, height: 480 });
  assert.deepEqual(imageSizeFromBytes(webpVp8x(4000, 3000)), { width: 4000, height: 3000 });
  assert.deepEqual(imageSizeFromBytes(webpVp8l(17, 9)), { width: 17, height: 9 });
  assert.deepEqual(imageSizeFromBytes(webpVp8(300, 150)), { width: 300, height: 150 });
  assert.deepEqual(imageSizeFromDataUrl(dataUrl('image/png', png(128, 64))), { width: 128, height: 64 });
  assert.deepEqual(imageSizeFromDataUrl(dataUrl('image/jpeg', jpeg(1024, 768))), { width: 1024, height: 768 });
  assert.deepEqual(imageSizeFromDataUrl(dataUrl('image/webp', webpVp8x(77, 55))), { width: 77, height: 55 });
  // The 1×1 PNG of the pamelafox cases.
  assert.deepEqual(imageSizeFromDataUrl('data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z/C/HgAGgwJ/lK3Q6wAAAABJRU5ErkJggg=='), { width: 1, height: 1 });
  assert.equal(imageSizeFromDataUrl('https://example.com/a.png'), undefined);
  assert.equal(imageSizeFromDataUrl('data:image/png;base64,!!!!'), undefined);
  assert.equal(imageSizeFromBytes(new Uint8Array([1, 2, 3])), undefined);
});

test('OpenAI image costs (docs examples)', () => {
  assert.equal(openAIImageTokens(1024, 1024, 'high', 'gpt-4o'), 765);
  assert.equal(openAIImageTokens(2048, 4096, 'high', 'gpt-4o'), 1105);
  assert.equal(openAIImageTokens(4000, 4000, 'low', 'gpt-4o'), 85);
  assert.equal(openAIImageTokens(1126, 488, 'auto', 'gpt-4o'), 85 + 170 * 3); // never enlarged (PF-I07)
  assert.equal(openAIImageTokens(1, 1, undefined, 'gpt-4o-mini'), 2833 + 5667);
});

test('OpenAI: unknown image size is flagged, never exact', () => {
  const r = countOpenAIChat({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] }, 'gpt-4o', 'o200k_base');
  assert.equal(r.exact, false);
  assert.match(r.messages[0].parts![0].note ?? '', /image size unknown/);
});

test('OpenAI: tool attribution, new system message, tool_choice', () => {
  const tools = [
    { type: 'function', function: { name: 'a', description: 'first', parameters: { type: 'object', properties: { x: { type: 'string', description: 'x' } } } } },
    { type: 'function', function: { name: 'b', description: 'second' } },
  ];
  const r = countOpenAIChat({ messages: [{ role: 'user', content: 'hi' }], tools, tool_choice: { type: 'function', function: { name: 'a' } } }, 'gpt-4o', 'o200k_base');
  assert.equal(r.tools?.insertedIntoMessage, -1);
  assert.equal(r.tools?.perTool.length, 2);
  assert.ok(r.tools!.perTool.every((n) => n > 0));
  assert.equal(r.toolChoice, 7 + 1);
  assert.equal(r.total, r.messages.reduce((a, m) => a + m.tokens, 0) + r.tools!.tokens + r.toolChoice + r.responseFormat + r.constant);
  assert.match(r.tools!.rendered, /^# Tools\n\n## functions\n\nnamespace functions \{/);
});

test('OpenAI: nested rendering variants', () => {
  const fn = { name: 'f', parameters: { type: 'object', properties: { o: { type: 'object', description: 'outer', properties: { i: { type: 'string', description: 'inner' } } } } } };
  const v23 = renderFunctionsNamespace([fn], 'v2023').text;
  const v24 = renderFunctionsNamespace([fn], 'v2024').text;
  assert.ok(v23.includes('o?: {\n  i?: string,\n},') && !v23.includes('inner'));
  assert.ok(v24.includes('o?: {\n// inner\ni?: string,\n},'));
});

test('OpenAI: response_format is counted and flagged as unverified', () => {
  const body = {
    messages: [{ role: 'system', content: 'S' }, { role: 'user', content: 'U' }],
    response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object', properties: { a: { type: 'string' } } } } },
  };
  const r = countOpenAIChat(body, 'gpt-4o', 'o200k_base');
  assert.ok(r.responseFormat > 5);
  assert.equal(r.exact, false);
});

// ---- Claude -----------------------------------------------------------------------------------------

test('Claude estimates: sanity and published examples', () => {
  assert.equal(estimateClaudeTokens(''), 0);
  const prose = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
  const o = countTokens(prose, 'o200k_base');
  const est = estimateClaudeTokens(prose, 'claude-sonnet-4-5');
  assert.ok(est > o && est < o * 1.25, `prose factor ~1.16 (${est} vs ${o})`);
  assert.ok(estimateClaudeTokens(prose, 'claude-opus-4-8') > est * 1.25, 'newer tokenizer ≈ +33 %');
  const newer = (m: string) => claudeFactsForModel(m).tokenizerGeneration === '4.7+';
  assert.ok(newer('claude-opus-4-7') && newer('claude-sonnet-5') && !newer('claude-sonnet-4-6') && !newer('claude-3-5-sonnet-20241022'));
  // Anthropic's count_tokens documentation examples (claude-opus-4-20250514) — the constants were fitted on these.
  const M = 'claude-opus-4-20250514';
  assert.equal(countAnthropicMessages({ system: 'You are a scientist', messages: [{ role: 'user', content: 'Hello, Claude' }] }, M).total, 14);
  const weather = {
    tools: [{ name: 'get_weather', description: 'Get the current weather in a given location', input_schema: { type: 'object', properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' } }, required: ['location'] } }],
    messages: [{ role: 'user', content: "What's the weather like in San Francisco?" }],
  };
  assert.equal(countAnthropicMessages(weather, M).total, 403);
});

test('Claude image formula (vision docs examples)', () => {
  const std: [number, number, number][] = [[200, 200, 64], [1000, 1000, 1296], [1092, 1092, 1521], [1920, 1080, 1560], [2000, 1500, 1564], [3840, 2160, 1560]];
  for (const [w, h, t] of std) assert.equal(claudeImageTokens(w, h, 'claude-sonnet-4-6'), t, `${w}x${h}`);
  const hi: [number, number, number][] = [[1920, 1080, 2691], [2000, 1500, 3888], [3840, 2160, 4784]];
  for (const [w, h, t] of hi) assert.equal(claudeImageTokens(w, h, 'claude-opus-4-8'), t, `${w}x${h} high-res`);
  assert.equal(claudeImageTokensLegacy(200, 200), 54);
  assert.equal(claudeImageTokensLegacy(1000, 1000), 1334);
});

test('Claude: attribution sums to total; thinking of earlier turns stripped on older models', () => {
  const body = {
    system: [{ type: 'text', text: 'You are helpful.', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'More rules.' }],
    tools: [{ name: 't', description: 'd', input_schema: { type: 'object' } }],
    tool_choice: { type: 'any' },
    messages: [
      { role: 'user', content: 'Question one?' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'long reasoning '.repeat(30), signature: 's' }, { type: 'text', text: 'Answer.' }] },
      { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: Buffer.from(png(1000, 1000)).toString('base64') } }, { type: 'text', text: 'And this?' }] },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'current turn thinking', signature: 's' }, { type: 'tool_use', id: 'x', name: 't', input: { a: 1 } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'x', content: [{ type: 'text', text: 'result' }] }] },
    ],
  };
  for (const model of ['claude-sonnet-4-5', 'claude-opus-4-5', 'claude-3-7-sonnet-20250219']) {
    const r = countAnthropicMessages(body, model);
    const sum = r.tools.reduce((a, t) => a + t.tokens, 0) + r.toolOverhead + r.system.reduce((a, s) => a + s.tokens, 0) + r.messages.reduce((a, m) => a + m.tokens, 0) + r.overhead;
    assert.equal(sum, r.total, model);
    assert.equal(r.system.length, 2);
    assert.equal(r.messages.length, 5);
    for (const m of r.messages) assert.equal(m.tokens, 3 + m.parts.reduce((a, p) => a + p.tokens, 0));
    assert.equal(r.messages[2].parts[0].tokens, 1296);
    const earlierThinking = r.messages[1].parts[0].tokens;
    if (model === 'claude-opus-4-5') assert.ok(earlierThinking > 0, 'Opus 4.5 keeps thinking');
    else assert.equal(earlierThinking, 0, `${model} strips earlier thinking`);
    assert.ok(r.messages[3].parts[0].tokens > 0, 'current-turn thinking counts');
  }
  assert.equal(countAnthropicMessages({ messages: [] }, 'claude-sonnet-4-5').toolOverhead, 0);
  assert.equal(countAnthropicMessages({ tools: [{ name: 'a', input_schema: {} }], messages: [] }, 'claude-sonnet-4-5').toolOverhead, 496);
});

// ---- never throws -------------------------------------------------------------------------------------

test('never throws on garbage (fast-check)', () => {
  const models = fc.constantFrom('gpt-4o', 'gpt-3.5-turbo-0301', 'gpt-3.5-turbo-0613', 'o3', 'gpt-4.1-mini', 'gpt-5', 'x', 'claude-opus-4-8', 'claude-3-haiku-20240307');
  fc.assert(
    fc.property(fc.anything({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 5 }), models, (a, j, model) => {
      for (const body of [a, j, { messages: a, tools: j }, { messages: [a, j], functions: [a], tool_choice: a, response_format: j }, { system: a, messages: [{ role: 'user', content: [a, j] }], tools: [j] }]) {
        const r = countOpenAIChat(body, model, encodingOf(model));
        assert.ok(Number.isFinite(r.total));
        const c = countAnthropicMessages(body, model);
        assert.ok(Number.isFinite(c.total));
      }
    }),
    { numRuns: 300 },
  );
});

test('never throws on odd message shapes', () => {
  const odd: any[] = [
    null,
    42,
    'str',
    { role: 'tool', content: 'x' },
    { role: 'assistant', tool_calls: [{ id: 'a', function: { name: 'f', arguments: '{"a":"é"}' } }, { id: 'b', function: { name: 'g', arguments: 'not json' } }] },
    { role: 'tool', tool_call_id: 'a', content: 'résumé' },
    { role: 'user', content: [{ type: 'input_audio' }, { type: 'file' }, { type: 'weird', x: 1 }, 'bare', null] },
    { role: 'user', content: { not: 'an array' } },
  ];
  const r = countOpenAIChat({ messages: odd, tools: [{ type: 'web_search' }], tool_choice: 'required' }, 'gpt-4o', 'o200k_base');
  assert.equal(r.messages.length, odd.length);
  assert.equal(r.exact, false);
});
