import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overContextWindow } from '../../../src/core/rules/over-context-window';
import type { RuleContext } from '../../../src/core/rules/types';
import { resolveModel } from '../../../src/core/models';
import type { Analysis } from '../../../src/core/types';

const R = 'over-context-window';

// Built here rather than with ./helpers (which runs the whole engine): the rule reads only the analysis.
const anthropic = (model: string, system: string): string =>
  JSON.stringify({ model, max_tokens: 1024, system, messages: [{ role: 'user', content: 'What is the refund window?' }] }, null, 2) + '\n';

/** A real request text and a RuleContext whose analysis says `inputTokens` (the profile gets a small window). */
function ctxFor(opts: { inputTokens: number; exact?: boolean; contextWindow?: number; withModelRange?: boolean; known?: boolean }): { ctx: RuleContext; text: string } {
  const text = anthropic('claude-sonnet-4-6', 'The handbook explains how agents answer customers. '.repeat(20));
  const start = text.indexOf('"claude-sonnet-4-6"');
  const profile = { ...resolveModel('claude-sonnet-4-6')!, contextWindow: opts.contextWindow ?? 1_000 };
  const systemStart = text.indexOf('"system"');
  const analysis = {
    isRequest: true,
    dialect: 'anthropic-messages',
    provider: 'anthropic',
    model: {
      name: 'claude-sonnet-4-6',
      source: 'file',
      range: opts.withModelRange === false ? undefined : { start, end: start + '"claude-sonnet-4-6"'.length },
      known: opts.known ?? true,
      profileId: 'claude-sonnet-4-6',
    },
    inputTokens: opts.inputTokens,
    exact: opts.exact ?? false,
    tokenizer: 'estimate',
    segments: [{ id: 'system', kind: 'system', label: 'system', range: { start: systemStart, end: systemStart + 20 }, tokens: opts.inputTokens }],
    diagnostics: [],
    problems: [],
    textLength: text.length,
  } as unknown as Analysis;
  // The rule reads only the analysis and the profile: the request model is left empty.
  return { ctx: { text, analysis, profile, options: {}, model: {} as RuleContext['model'] }, text };
}

test(`${R}: a request over the window – squiggle on the model, by how much, ≈ for an estimate`, () => {
  const { ctx, text } = ctxFor({ inputTokens: 1_250, contextWindow: 1_000 });
  const fs = overContextWindow.check(ctx);
  assert.equal(fs.length, 1);
  assert.equal(text.slice(fs[0].range.start, fs[0].range.end), '"claude-sonnet-4-6"');
  assert.match(fs[0].message, /^The request is ≈1,250 tokens, ≈250 tokens over the 1,000-token context window of claude-sonnet-4-6: the API rejects it/);
  assert.match(fs[0].message, /estimate/);
});

test(`${R}: exact counts are written without ≈`, () => {
  const { ctx } = ctxFor({ inputTokens: 1_001, contextWindow: 1_000, exact: true });
  const [f] = overContextWindow.check(ctx);
  assert.match(f.message, /^The request is 1,001 tokens, 1 token over the 1,000-token context window/);
  assert.doesNotMatch(f.message, /≈|estimate/);
});

test(`${R}: not at or under the window`, () => {
  assert.deepEqual(overContextWindow.check(ctxFor({ inputTokens: 1_000, contextWindow: 1_000 }).ctx), []);
  assert.deepEqual(overContextWindow.check(ctxFor({ inputTokens: 400, contextWindow: 1_000 }).ctx), []);
});

test(`${R}: not for models without a window, nor for unknown models (stand-in row)`, () => {
  const { ctx } = ctxFor({ inputTokens: 5_000 });
  assert.deepEqual(overContextWindow.check({ ...ctx, profile: { ...ctx.profile!, contextWindow: undefined } }), []);
  assert.deepEqual(overContextWindow.check({ ...ctx, profile: undefined }), []);
  assert.deepEqual(overContextWindow.check(ctxFor({ inputTokens: 5_000, known: false }).ctx), []);
});

test(`${R}: real windows from the table – 1M on Claude Sonnet 4.6`, () => {
  const { ctx } = ctxFor({ inputTokens: 1_000_500 });
  const real = { ...ctx, profile: resolveModel('claude-sonnet-4-6') };
  const [f] = overContextWindow.check(real);
  assert.match(f.message, /≈1,000,500 tokens, ≈500 tokens over the 1,000,000-token context window/);
  assert.deepEqual(overContextWindow.check({ ...real, analysis: { ...real.analysis, inputTokens: 999_999 } }), []);
});

test(`${R}: without a model value, at the start of the request`, () => {
  const { ctx, text } = ctxFor({ inputTokens: 2_000, withModelRange: false });
  const [f] = overContextWindow.check(ctx);
  assert.equal(f.range.start, text.indexOf('"system"'));
  assert.equal(f.range.end, f.range.start + 1);
  const bare = { ...ctx, analysis: { ...ctx.analysis, segments: [] } };
  assert.deepEqual(overContextWindow.check(bare)[0].range, { start: 0, end: 1 });
});

test(`${R}: registered as PC013, an error by default, reported through runRules`, async () => {
  const { RULES, runRules } = await import('../../../src/core/rules/index');
  const meta = RULES.find((r) => r.name === R);
  assert.ok(meta);
  assert.equal(meta.code, 'PC013');
  assert.equal(meta.defaultSeverity, 'error');
  const { ctx, text } = ctxFor({ inputTokens: 1_250 });
  const ds = runRules(ctx).diagnostics.filter((d) => d.code === R);
  assert.equal(ds.length, 1);
  assert.equal(ds[0].severity, 'error');
  assert.equal(text.slice(ds[0].range.start, ds[0].range.end), '"claude-sonnet-4-6"');
  assert.equal(runRules({ ...ctx, options: { rules: { PC013: 'off' } } }).diagnostics.filter((d) => d.code === R).length, 0);
});
