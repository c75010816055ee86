import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  MODEL_TABLE,
  MODEL_TABLE_AS_OF,
  applyPriceOverrides,
  listModels,
  normalizeModelName,
  providerFromModelName,
  resolveModel,
} from '../../src/core/models';

const idOf = (name: string | undefined): string | undefined => resolveModel(name)?.id;

describe('MODEL_TABLE rows', () => {
  it('has unique ids', () => {
    const ids = MODEL_TABLE.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  for (const row of MODEL_TABLE) {
    it(`${row.id}: source, asOf and sane values`, () => {
      assert.ok(row.source && row.source.length > 10, 'source');
      assert.match(row.asOf, /^\d{4}-\d{2}-\d{2}$/);
      const d = new Date(row.asOf + 'T00:00:00Z');
      assert.ok(!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === row.asOf, 'valid date');
      assert.ok(row.asOf >= '2024-01-01' && row.asOf <= MODEL_TABLE_AS_OF);
      assert.ok(row.displayName);
      assert.ok(row.ttls.length >= 1);
      assert.ok(Number.isInteger(row.minimumTokens) && row.minimumTokens > 0);

      const p = row.prices;
      for (const v of [p.input, p.cacheWrite5m, p.cacheRead, p.output, p.cacheWrite1h ?? 0]) {
        assert.ok(Number.isFinite(v) && v >= 0, 'finite, non-negative');
      }
      assert.ok(p.input > 0 && p.input <= 200, 'input in a plausible range');
      assert.ok(p.output >= p.input, 'output at least input');
      assert.ok(p.cacheRead <= p.input, 'read never above input');
      assert.ok(p.cacheWrite5m >= p.input, 'write never below input');

      if (row.cachingSupported === false) {
        assert.equal(p.cacheRead, p.input);
        assert.equal(p.cacheWrite5m, p.input);
      } else {
        assert.ok(p.cacheRead < p.input, 'caching gives a discount');
      }

      if (row.provider === 'anthropic') {
        assert.equal(row.family, 'breakpoints');
        assert.equal(row.maxBreakpoints, 4);
        assert.equal(row.lookback, 20);
        assert.deepEqual(row.ttls, ['5m', '1h']);
        assert.deepEqual(row.tokenizer, { kind: 'estimate', method: 'claude' });
        assert.ok([512, 1024, 2048, 4096].includes(row.minimumTokens));
        // Multipliers 1.25x / 2x / 0.1x, except documented exceptions.
        const readExceptions: Record<string, number> = {
          'claude-fable-5-1': 0.025,
          'claude-mythos-5-1': 0.025,
          'claude-fable-5-2': 0.025,
          'claude-mythos-5-2': 0.025,
          // 3rd-party only (unverified, see the row's notes)
          'claude-sonnet-5-5': 0.05,
          'claude-opus-5-5': 0.05,
        };
        if (row.id === 'claude-3-haiku') {
          assert.deepEqual(p, { input: 0.25, cacheWrite5m: 0.3, cacheWrite1h: 0.5, cacheRead: 0.03, output: 1.25 });
        } else {
          assert.ok(Math.abs(p.cacheWrite5m - p.input * 1.25) < 1e-9, '5m write 1.25x');
          assert.ok(Math.abs((p.cacheWrite1h ?? NaN) - p.input * 2) < 1e-9, '1h write 2x');
          const readMul = readExceptions[row.id] ?? 0.1;
          assert.ok(Math.abs(p.cacheRead - p.input * readMul) < 1e-9, `read ${readMul}x`);
        }
      } else if (row.family === 'openai-breakpoints') {
        // GPT-5.6 and later: prompt_cache_breakpoint, no 128-token rounding, 1,024 minimum, 30 min TTL.
        assert.equal(row.provider, 'openai');
        assert.equal(row.incrementTokens, 1);
        assert.equal(row.minimumTokens, 1024);
        assert.equal(row.cacheLifetimeMinutes, 30);
      } else {
        assert.equal(row.family, 'automatic');
        assert.ok(row.incrementTokens !== undefined && row.incrementTokens >= 1);
        assert.ok((row.cacheLifetimeMinutes ?? 0) > 0 || row.cachingSupported === false, 'lifetime');
      }

      if (row.provider === 'openai') {
        assert.equal(row.tokenizer.kind, 'tiktoken');
        if (row.family === 'openai-breakpoints') {
          assert.ok(Math.abs(p.cacheWrite5m - p.input * 1.25) < 1e-9, 'GPT-5.6 writes 1.25x');
        } else {
          assert.equal(p.cacheWrite5m, p.input, 'no write fee before GPT-5.6');
        }
      }
      if (row.provider === 'google') {
        assert.deepEqual(row.tokenizer, { kind: 'estimate', method: 'gemini' });
        assert.equal(p.cacheWrite5m, p.input, 'no write fee');
        if (row.provider === 'google') assert.ok(row.cacheStorage && row.cacheStorage.perMTokHour > 0 && /provider-rules\.md/.test(row.cacheStorage.source), 'Gemini rows carry the explicit-cache storage price with its source');
      }
      if (row.provider === 'deepseek' || row.provider === 'xai' || row.provider === 'alibaba' || row.provider === 'moonshot') {
        // counted with tiktoken, but the provider's own tokenizer is another: an estimate, named
        assert.equal(row.tokenizer.kind, 'tiktoken');
        assert.ok(row.tokenizer.kind === 'tiktoken' && row.tokenizer.estimateOf, 'estimateOf names the provider tokenizer');
        assert.equal(p.cacheWrite5m, p.input, 'no write fee (implicit / automatic)');
      }
      if (row.markerMode) {
        const e = row.markerMode;
        assert.equal(e.family, 'breakpoints');
        assert.ok(Math.abs(e.prices.cacheWrite5m - e.prices.input * 1.25) < 1e-9 && Math.abs(e.prices.cacheRead - e.prices.input * 0.1) < 1e-9, 'explicit 1.25x / 0.1x');
        assert.equal(e.prices.input, p.input);
      }
      for (const k of [...row.match, ...(row.aliases ?? [])]) assert.equal(k, k.toLowerCase());

      if (row.contextWindow !== undefined) {
        assert.ok(Number.isInteger(row.contextWindow) && row.contextWindow > 0, 'contextWindow positive');
        assert.ok(row.contextWindow > row.minimumTokens, 'contextWindow above the cache minimum');
        assert.match(row.source, /context window/, 'source cites the context window');
      }
      const lc = row.longContext;
      if (lc) {
        assert.ok(lc.source && lc.source.length > 10 && /provider-rules\.md §/.test(lc.source), 'longContext source');
        assert.ok(Number.isInteger(lc.thresholdTokens) && lc.thresholdTokens > 0, 'threshold positive');
        if (row.contextWindow !== undefined) assert.ok(lc.thresholdTokens < row.contextWindow, 'threshold inside the window');
        const q = lc.prices;
        for (const v of [q.input, q.cacheWrite5m, q.cacheRead, q.output, q.cacheWrite1h ?? 0]) {
          assert.ok(Number.isFinite(v) && v >= 0, 'long-context prices finite, non-negative');
        }
        assert.ok(q.input >= p.input && q.cacheWrite5m >= p.cacheWrite5m && q.cacheRead >= p.cacheRead && q.output >= p.output, 'long-context prices at least base');
        assert.equal(q.cacheWrite1h !== undefined, p.cacheWrite1h !== undefined, 'cacheWrite1h where the row has one');
        if (q.cacheWrite1h !== undefined) assert.ok(q.cacheWrite1h >= (p.cacheWrite1h ?? 0));
        assert.ok(q.cacheRead <= q.input && q.cacheWrite5m >= q.input, 'read ≤ input ≤ write');
        if (row.provider === 'anthropic') {
          // cache multipliers on top of the long-context input price
          assert.ok(Math.abs(q.cacheWrite5m - q.input * 1.25) < 1e-9, '5m write 1.25x');
          assert.ok(Math.abs((q.cacheWrite1h ?? NaN) - q.input * 2) < 1e-9, '1h write 2x');
          assert.ok(Math.abs(q.cacheRead - q.input * 0.1) < 1e-9, 'read 0.1x');
        }
      }
    });
  }

  it('context windows and long-context tiers from the reference', () => {
    for (const id of ['claude-sonnet-4-5', 'claude-sonnet-4', 'claude-sonnet-4-6', 'claude-opus-4-8', 'claude-opus-5']) {
      assert.equal(resolveModel(id)!.contextWindow, 1_000_000, id);
    }
    for (const id of ['claude-haiku-4-5', 'claude-3-5-sonnet', 'gpt-4o']) assert.equal(resolveModel(id)!.contextWindow, undefined, id);
    const sonnet = resolveModel('claude-sonnet-4-5')!;
    assert.deepEqual(sonnet.longContext?.prices, { input: 6, cacheWrite5m: 7.5, cacheWrite1h: 12, cacheRead: 0.6, output: 22.5 });
    assert.equal(sonnet.longContext?.thresholdTokens, 200_000);
    assert.equal(resolveModel('gemini-2.5-pro')!.longContext?.prices.input, 2.5);
    assert.equal(resolveModel('gemini-3.1-pro-preview')!.longContext?.prices.input, 4);
    // "Claude 4.6 and later models charge the same rate across the full 1M-token window"
    assert.equal(resolveModel('claude-sonnet-4-6')!.longContext, undefined);
    const withTier = MODEL_TABLE.filter((r) => r.longContext).map((r) => r.id).sort();
    assert.deepEqual(withTier, ['claude-sonnet-4', 'claude-sonnet-4-5', 'gemini-2.5-pro', 'gemini-3.1-pro-preview']);
    // resolveModel returns a copy of the tier too
    sonnet.longContext!.prices.input = 999;
    assert.equal(resolveModel('claude-sonnet-4-5')!.longContext?.prices.input, 6);
  });

  it('covers the models the analyzer must know', () => {
    const required = [
      'gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'gpt-5.1', 'gpt-5.2', 'gpt-5.4', 'gpt-5.5', 'gpt-5.6-sol',
      'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4o', 'gpt-4o-mini', 'o1', 'o3', 'o3-mini', 'o4-mini',
      'gpt-4-turbo', 'gpt-4', 'gpt-3.5-turbo',
      'claude-opus-4-8', 'claude-opus-4-7', 'claude-opus-4-6', 'claude-opus-4-5', 'claude-opus-4-1', 'claude-opus-4',
      'claude-sonnet-4-6', 'claude-sonnet-4-5', 'claude-sonnet-4', 'claude-haiku-4-5', 'claude-3-7-sonnet',
      'claude-3-5-sonnet', 'claude-3-5-haiku', 'claude-3-haiku', 'claude-3-opus', 'claude-sonnet-5', 'claude-opus-5',
      'claude-fable-5-1', 'claude-mythos-5-1', 'claude-fable-5-2', 'claude-mythos-5-2', 'claude-haiku-5-5', 'claude-sonnet-5-5',
      'gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-3.5-flash', 'gemini-3.1-pro-preview',
      'deepseek-flash', 'deepseek-v4-pro', 'deepseek-chat', 'grok-4.7',
    ];
    const ids = new Set(MODEL_TABLE.map((r) => r.id));
    for (const id of required) assert.ok(ids.has(id), id);
  });

  it('uses the right tiktoken encodings and Anthropic minimums', () => {
    assert.deepEqual(resolveModel('gpt-4o')!.tokenizer, { kind: 'tiktoken', encoding: 'o200k_base' });
    assert.deepEqual(resolveModel('gpt-5.4')!.tokenizer, { kind: 'tiktoken', encoding: 'o200k_base' });
    assert.deepEqual(resolveModel('gpt-4')!.tokenizer, { kind: 'tiktoken', encoding: 'cl100k_base' });
    assert.deepEqual(resolveModel('gpt-3.5-turbo')!.tokenizer, { kind: 'tiktoken', encoding: 'cl100k_base' });
    const mins: Record<string, number> = {
      'claude-opus-4-6': 4096, 'claude-opus-4-5': 4096, 'claude-haiku-4-5': 4096,
      'claude-opus-4-7': 2048, 'claude-3-5-haiku': 2048, 'claude-3-haiku': 2048,
      'claude-opus-4-8': 1024, 'claude-sonnet-4-6': 1024, 'claude-sonnet-4-5': 1024, 'claude-3-7-sonnet': 1024,
      'claude-opus-5': 512, 'claude-sonnet-5-5': 512, 'claude-sonnet-5': 1024,
    };
    for (const [id, min] of Object.entries(mins)) assert.equal(resolveModel(id)!.minimumTokens, min, id);
    const gpt4o = resolveModel('gpt-4o')!;
    assert.equal(gpt4o.minimumTokens, 1024);
    assert.equal(gpt4o.incrementTokens, 128);
    assert.equal(gpt4o.family, 'automatic');
  });

  it('MODEL_TABLE_AS_OF is the newest asOf', () => {
    assert.equal(MODEL_TABLE_AS_OF, MODEL_TABLE.map((r) => r.asOf).sort().pop());
    assert.match(MODEL_TABLE_AS_OF, /^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('resolveModel', () => {
  const cases: [string | undefined, string | undefined][] = [
    // OpenAI, snapshots
    ['gpt-4o', 'gpt-4o'],
    ['GPT-4o', 'gpt-4o'],
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-4o-2024-11-20', 'gpt-4o'],
    ['gpt-4o-2024-05-13', 'gpt-4o-2024-05-13'],
    ['chatgpt-4o-latest', 'gpt-4o'],
    ['gpt-4o-mini', 'gpt-4o-mini'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['ft:gpt-4o-mini-2024-07-18:my-org::abc123', 'gpt-4o-mini'],
    ['gpt-4.1', 'gpt-4.1'],
    ['gpt-4.1-2025-04-14', 'gpt-4.1'],
    ['gpt-4.1-mini-2025-04-14', 'gpt-4.1-mini'],
    ['gpt-4.1-nano', 'gpt-4.1-nano'],
    ['gpt-5', 'gpt-5'],
    ['gpt-5-2025-08-07', 'gpt-5'],
    ['gpt-5-chat-latest', 'gpt-5'],
    ['gpt-5-codex', 'gpt-5'],
    ['gpt-5-mini-2025-08-07', 'gpt-5-mini'],
    ['gpt-5-nano', 'gpt-5-nano'],
    ['gpt-5-pro', 'gpt-5-pro'],
    ['gpt-5.1', 'gpt-5.1'],
    ['gpt-5.1-codex', 'gpt-5.1'],
    ['gpt-5.1-chat-latest', 'gpt-5.1'],
    ['gpt-5.2', 'gpt-5.2'],
    ['gpt-5.2-2025-12-11', 'gpt-5.2'],
    ['gpt-5.3-codex', 'gpt-5.3-codex'],
    ['gpt-5.4', 'gpt-5.4'],
    ['gpt-5.4-2026-03-05', 'gpt-5.4'],
    ['gpt-5.4-mini-2026-03-17', 'gpt-5.4-mini'],
    ['gpt-5.4-nano', 'gpt-5.4-nano'],
    ['gpt-5.5', 'gpt-5.5'],
    ['gpt-5.5-2026-04-23', 'gpt-5.5'],
    ['gpt-5.5-pro', 'gpt-5.5-pro'],
    ['gpt-5.6-sol', 'gpt-5.6-sol'],
    ['gpt-5.6-terra', 'gpt-5.6-terra'],
    ['gpt-5.6-luna', 'gpt-5.6-luna'],
    ['gpt-5.6', 'gpt-5.6'],
    ['openai/gpt-5.6', 'gpt-5.6'],
    ['gpt-6-sol', 'gpt-6-sol'],
    ['gpt-6-luna', 'gpt-6-luna'],
    ['gpt-6-astra', 'gpt-6-astra'],
    ['gpt-6', undefined],
    ['o1', 'o1'],
    ['o1-2024-12-17', 'o1'],
    ['o1-preview', 'o1'],
    ['o1-mini', 'o1-mini'],
    ['o1-pro', 'o1-pro'],
    ['o3', 'o3'],
    ['o3-2025-04-16', 'o3'],
    ['o3-mini', 'o3-mini'],
    ['o3-mini-2025-01-31', 'o3-mini'],
    ['o3-pro', 'o3-pro'],
    ['o4-mini', 'o4-mini'],
    ['o4-mini-2025-04-16', 'o4-mini'],
    ['gpt-4-turbo', 'gpt-4-turbo'],
    ['gpt-4-turbo-2024-04-09', 'gpt-4-turbo'],
    ['gpt-4-1106-preview', 'gpt-4-turbo'],
    ['gpt-4-0125-preview', 'gpt-4-turbo'],
    ['gpt-4', 'gpt-4'],
    ['gpt-4-0613', 'gpt-4'],
    ['gpt-3.5-turbo', 'gpt-3.5-turbo'],
    ['gpt-3.5-turbo-0125', 'gpt-3.5-turbo'],
    ['gpt-35-turbo', 'gpt-3.5-turbo'],
    // gateways
    ['openai/gpt-4o-mini', 'gpt-4o-mini'],
    ['azure/gpt-4.1', 'gpt-4.1'],
    ['openrouter/openai/gpt-5', 'gpt-5'],
    // Anthropic
    ['claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['anthropic/claude-sonnet-4', 'claude-sonnet-4'],
    ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['claude-4-sonnet', 'claude-sonnet-4'],
    ['claude-sonnet-4-6', 'claude-sonnet-4-6'],
    ['claude-opus-4-20250514', 'claude-opus-4'],
    ['claude-opus-4-1-20250805', 'claude-opus-4-1'],
    ['anthropic/claude-opus-4.1', 'claude-opus-4-1'],
    ['claude-opus-4-5-20251101', 'claude-opus-4-5'],
    ['claude-opus-4-6', 'claude-opus-4-6'],
    ['claude-opus-4-7', 'claude-opus-4-7'],
    ['claude-opus-4-8', 'claude-opus-4-8'],
    ['claude-opus-5', 'claude-opus-5'],
    ['claude-opus-5-5', 'claude-opus-5-5'],
    ['claude-sonnet-5', 'claude-sonnet-5'],
    ['claude-sonnet-5.5', 'claude-sonnet-5-5'],
    ['claude-fable-5', 'claude-fable-5'],
    ['claude-fable-5-1', 'claude-fable-5-1'],
    ['claude-mythos-5.1', 'claude-mythos-5-1'],
    ['claude-mythos-preview', 'claude-mythos-preview'],
    ['claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
    ['anthropic/claude-haiku-4.5', 'claude-haiku-4-5'],
    ['claude-3-7-sonnet-20250219', 'claude-3-7-sonnet'],
    ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet'],
    ['anthropic/claude-3.7-sonnet:thinking', 'claude-3-7-sonnet'],
    ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['claude-3-5-sonnet-20240620', 'claude-3-5-sonnet'],
    ['anthropic/claude-3.5-sonnet', 'claude-3-5-sonnet'],
    ['claude-3-5-haiku-20241022', 'claude-3-5-haiku'],
    ['claude-3-5-haiku-latest', 'claude-3-5-haiku'],
    ['claude-3-haiku-20240307', 'claude-3-haiku'],
    ['claude-3-opus-20240229', 'claude-3-opus'],
    ['Claude Sonnet 4.5', 'claude-sonnet-4-5'],
    // Bedrock / Vertex ids
    ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'claude-3-5-sonnet'],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
    ['global.anthropic.claude-opus-4-7-v1:0', 'claude-opus-4-7'],
    ['claude-3-5-sonnet-v2@20241022', 'claude-3-5-sonnet'],
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'],
    // Gemini
    ['gemini-2.5-pro', 'gemini-2.5-pro'],
    ['gemini-2.5-pro-preview-06-05', 'gemini-2.5-pro'],
    ['models/gemini-2.5-flash', 'gemini-2.5-flash'],
    ['google/gemini-2.5-flash', 'gemini-2.5-flash'],
    ['gemini-2.5-flash-preview-05-20', 'gemini-2.5-flash'],
    ['gemini-2.5-flash-lite', 'gemini-2.5-flash-lite'],
    ['gemini-3-flash-preview', 'gemini-3-flash-preview'],
    ['gemini-3-pro-preview', 'gemini-3-pro-preview'],
    ['gemini-3.1-pro-preview', 'gemini-3.1-pro-preview'],
    ['gemini-3.1-flash-lite-preview', 'gemini-3.1-flash-lite-preview'],
    ['gemini-3.5-flash', 'gemini-3.5-flash'],
    ['gemini-3.8-flash', 'gemini-3.8-flash'],
    ['projects/p/locations/us-central1/publishers/google/models/gemini-2.5-pro', 'gemini-2.5-pro'],
    // DeepSeek, xAI
    ['deepseek-chat', 'deepseek-chat'],
    ['deepseek-reasoner', 'deepseek-reasoner'],
    ['deepseek/deepseek-v4-pro', 'deepseek-v4-pro'],
    ['deepseek-flash', 'deepseek-flash'],
    ['deepseek-v4-flash', 'deepseek-flash'],
    ['grok-4.7', 'grok-4.7'],
    ['x-ai/grok-4.7', 'grok-4.7'],
    // unknown: never a neighbour's prices
    [undefined, undefined],
    ['', undefined],
    ['   ', undefined],
    ['llama-3.1-70b', undefined],
    ['mistral-large-latest', undefined],
    ['gpt-5.7', undefined],
    ['gpt-5.4-pro', undefined],
    ['gpt-5.2-pro', undefined],
    ['gpt-5.1-codex-mini', undefined],
    ['gpt-4.5-preview', undefined],
    ['claude-opus-4-9', undefined],
    ['claude-sonnet-4-7', undefined],
    ['claude-2.1', undefined],
    ['gemini-1.5-pro', undefined],
    ['grok-3', undefined],
    ['gpt', undefined],
    ['claude', undefined],
  ];
  for (const [name, expected] of cases) {
    it(`${JSON.stringify(name)} → ${expected ?? 'undefined'}`, () => assert.equal(idOf(name), expected));
  }

  it('returns copies the caller may modify', () => {
    const a = resolveModel('gpt-4o')!;
    a.prices.input = 999;
    a.ttls.push('1h');
    assert.equal(resolveModel('gpt-4o')!.prices.input, 2.5);
    assert.deepEqual(resolveModel('gpt-4o')!.ttls, ['5m']);
    assert.equal((a as unknown as Record<string, unknown>).match, undefined);
  });

  it('uses the Bedrock minimum for Bedrock ids', () => {
    assert.equal(resolveModel('claude-opus-4-7')!.minimumTokens, 2048);
    const b = resolveModel('us.anthropic.claude-opus-4-7-v1:0')!;
    assert.equal(b.id, 'claude-opus-4-7');
    assert.equal(b.minimumTokens, 4096);
    assert.match(b.notes ?? '', /Bedrock/);
    assert.equal(resolveModel('anthropic.claude-sonnet-4-5-20250929-v1:0')!.minimumTokens, 1024);
    assert.equal(
      resolveModel('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-mythos-preview-v1:0')!.minimumTokens,
      4096,
    );
  });

  it('normalizeModelName', () => {
    assert.deepEqual(normalizeModelName('anthropic/claude-sonnet-4.5'), { key: 'claude-sonnet-4-5', gatewayProvider: 'anthropic', platform: undefined });
    assert.equal(normalizeModelName(' GPT-4.1 ').key, 'gpt-4-1');
    assert.equal(normalizeModelName('us.anthropic.claude-3-haiku-20240307-v1:0').platform, 'bedrock');
  });
});

describe('providerFromModelName', () => {
  const cases: [string, string][] = [
    ['claude-sonnet-4-5', 'anthropic'],
    ['claude-99', 'anthropic'],
    ['anthropic/claude-3.5-sonnet', 'anthropic'],
    ['us.anthropic.claude-3-5-sonnet-20241022-v2:0', 'anthropic'],
    ['gpt-4o', 'openai'],
    ['gpt-9', 'openai'],
    ['chatgpt-4o-latest', 'openai'],
    ['o1', 'openai'],
    ['o3-mini', 'openai'],
    ['o4-mini', 'openai'],
    ['openai/gpt-5', 'openai'],
    ['gemini-2.5-pro', 'google'],
    ['models/gemini-9-ultra', 'google'],
    ['deepseek-chat', 'deepseek'],
    ['grok-4.7', 'xai'],
    ['x-ai/some-new-model', 'xai'],
    ['anthropic/some-new-model', 'anthropic'],
    ['llama-3.1-70b', 'unknown'],
    ['mistral-large', 'unknown'],
    ['omni', 'unknown'],
    ['', 'unknown'],
  ];
  for (const [name, expected] of cases) {
    it(`${JSON.stringify(name)} → ${expected}`, () => assert.equal(providerFromModelName(name), expected));
  }
});

describe('listModels', () => {
  it('lists every row once, as plain profiles', () => {
    const list = listModels();
    assert.equal(list.length, MODEL_TABLE.length);
    assert.deepEqual(list.map((m) => m.id), MODEL_TABLE.map((r) => r.id));
    for (const m of list) assert.equal((m as unknown as Record<string, unknown>).match, undefined);
    list[0].prices.input = -1;
    assert.notEqual(MODEL_TABLE[0].prices.input, -1);
  });

  it('every listed id resolves to itself', () => {
    for (const m of listModels()) assert.equal(idOf(m.id), m.id, m.id);
  });

  it('every match prefix resolves to its own row', () => {
    for (const r of MODEL_TABLE) for (const k of [...r.match, ...(r.aliases ?? [])]) assert.equal(idOf(k), r.id, k);
  });
});

describe('applyPriceOverrides', () => {
  const sonnet = resolveModel('claude-sonnet-4-5')!;

  it('returns table prices without overrides', () => {
    assert.deepEqual(applyPriceOverrides(sonnet), { prices: sonnet.prices, overridden: false });
    assert.deepEqual(applyPriceOverrides(sonnet, {}), { prices: sonnet.prices, overridden: false });
    assert.deepEqual(applyPriceOverrides(sonnet, { 'gpt-4o': { input: 1 } }), { prices: sonnet.prices, overridden: false });
  });

  it('matches by id, by any name of the row, by the exact name and by "*"', () => {
    assert.equal(applyPriceOverrides(sonnet, { 'claude-sonnet-4-5': { output: 20 } }).prices.output, 20);
    assert.equal(applyPriceOverrides(sonnet, { 'anthropic/claude-sonnet-4.5': { output: 21 } }).prices.output, 21);
    assert.equal(
      applyPriceOverrides(sonnet, { 'claude-sonnet-4-5-20250929': { output: 22 } }, 'claude-sonnet-4-5-20250929').prices.output,
      22,
    );
    assert.equal(applyPriceOverrides(sonnet, { '*': { output: 23 } }).prices.output, 23);
  });

  it('more specific keys win', () => {
    const o = {
      '*': { output: 1, cacheRead: 0.01 },
      'claude-sonnet-4.5': { output: 2 },
      'CLAUDE-SONNET-4-5': { output: 3 },
      'my-sonnet-alias': { output: 4 },
    };
    assert.equal(applyPriceOverrides(sonnet, o).prices.output, 3);
    const r = applyPriceOverrides(sonnet, o, 'my-sonnet-alias');
    assert.equal(r.prices.output, 4);
    assert.equal(r.prices.cacheRead, 0.01);
    assert.equal(r.overridden, true);
  });

  it('scales unspecified cache prices with an overridden input price', () => {
    const r = applyPriceOverrides(sonnet, { 'claude-sonnet-4-5': { input: 4 } });
    assert.equal(r.overridden, true);
    assert.equal(r.prices.input, 4);
    assert.ok(Math.abs(r.prices.cacheWrite5m - 5) < 1e-9);
    assert.ok(Math.abs(r.prices.cacheWrite1h! - 8) < 1e-9);
    assert.ok(Math.abs(r.prices.cacheRead - 0.4) < 1e-9);
    assert.equal(r.prices.output, 15);
    const explicit = applyPriceOverrides(sonnet, { 'claude-sonnet-4-5': { input: 4, cacheRead: 0.2 } });
    assert.equal(explicit.prices.cacheRead, 0.2);
  });

  it('ignores invalid values', () => {
    const r = applyPriceOverrides(sonnet, {
      'claude-sonnet-4-5': { input: -1, output: Number.NaN, cacheRead: '0.1' as unknown as number },
    });
    assert.deepEqual(r, { prices: sonnet.prices, overridden: false });
  });

  it('does not touch the profile', () => {
    applyPriceOverrides(sonnet, { '*': { input: 100 } });
    assert.equal(sonnet.prices.input, 3);
  });
});

describe('late-2026 Anthropic rows (addendum)', () => {
  it('Haiku 5.5, Fable 5.2 and Mythos 5.2 resolve to their own rows with their prices', () => {
    const haiku = resolveModel('claude-haiku-5-5')!;
    assert.equal(haiku.id, 'claude-haiku-5-5');
    assert.equal(haiku.minimumTokens, 512);
    assert.deepEqual(haiku.prices, { input: 0.1, cacheWrite5m: 0.125, cacheWrite1h: 0.2, cacheRead: 0.01, output: 0.5 });
    assert.equal(idOf('anthropic/claude-fable-5.2'), 'claude-fable-5-2');
    assert.equal(idOf('claude-mythos-5-2'), 'claude-mythos-5-2');
    assert.equal(resolveModel('claude-fable-5-2')!.prices.cacheRead, 0.2);
    // 5.1 and 5 keep their own rows (no prefix match across the version number)
    assert.equal(idOf('claude-fable-5-1'), 'claude-fable-5-1');
    assert.equal(idOf('claude-fable-5'), 'claude-fable-5');
  });
  it('Sonnet 5.5 reads at $0.10, marked as a 3rd-party figure', () => {
    const s = resolveModel('claude-sonnet-5-5')!;
    assert.equal(s.prices.cacheRead, 0.1);
    assert.match(s.notes ?? '', /UNVERIFIED/);
    assert.match(s.source, /3rd-party/);
  });
});
