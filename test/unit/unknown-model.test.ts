// An unknown model is said to be unknown in every front, with the rules and prices it fell back to: the
// engine words it once (Analysis.model.fallback, src/core/models/fallback.ts); the CLI text and JSON, the
// status bar and the panel render that wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { buildPanelModel, type RequestPanelModel } from '../../src/core/cache/panelModel';
import { formatTextReport, toJsonReports } from '../../src/core/report';
import { statusBarText } from '../../src/extension/text';
import { json, prose } from './rules/helpers';

const text = json({ model: 'qwen3-coder-480b', messages: [{ role: 'system', content: prose(1200) }, { role: 'user', content: 'Hi' }] });
const usage = { callsPerHour: 60, outputTokens: 0, hours: 1 } as never;

test('unknown model: the engine words the fallback once, with the rules and prices used', () => {
  const a = analyze(text, { fileName: 'u.json' });
  assert.equal(a.model.known, false);
  const fb = a.model.fallback!;
  assert.equal(fb.reason, 'unknown');
  assert.equal(fb.usedId, 'gpt-4o');
  assert.equal(fb.short, 'unknown model: gpt-4o rules');
  assert.match(fb.rules, /^automatic caching from 1,024 tokens in 128-token steps; \$2\.50 input, read \$1\.25 per million tokens$/);
  assert.match(fb.message, /^Unknown model "qwen3-coder-480b" \(the name reads as an Alibaba \(Qwen\) model; .*those of GPT-4o \(gpt-4o\): automatic caching/);
  assert.ok(a.problems.some((p) => p.message === fb.message));
  // another provider's model counted with gpt-4o's tiktoken: an estimate, not "exact"
  assert.equal(a.exact, false);
  assert.match(a.tokenizer, /the tokenizer of model "qwen3-coder-480b" is not known/);
  // a known model has no fallback
  assert.equal(analyze(json({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }), { fileName: 'k.json' }).model.fallback, undefined);
});

test('unknown model: CLI text and JSON say so with the fallback rules', () => {
  const a = analyze(text, { fileName: 'u.json' });
  const out = formatTextReport(a, { path: 'u.json', text });
  assert.match(out, /Model: qwen3-coder-480b \(unknown model: gpt-4o rules\) · /);
  assert.match(out, /Fallback rules and prices \(gpt-4o\): automatic caching from 1,024 tokens/);
  const [j] = toJsonReports(a, { path: 'u.json', text });
  assert.equal(j.modelKnown, false);
  assert.equal(j.modelFallback?.usedId, 'gpt-4o');
  assert.equal(j.modelFallback?.message, a.model.fallback!.message);
});

test('unknown model: the status bar and the panel show the same wording', () => {
  const a = analyze(text, { fileName: 'u.json' });
  assert.match(statusBarText(a), /qwen3-coder-480b \(unknown model: gpt-4o rules\)/);
  const m = buildPanelModel({ analysis: a, usage, comparisons: [] }) as RequestPanelModel;
  assert.equal(m.warning, a.model.fallback!.message);
  assert.equal(m.model.fallback?.short, 'unknown model: gpt-4o rules');
  // no model at all: the same mechanism ("no model: … rules")
  const none = analyze(json({ messages: [{ role: 'user', content: 'Hi' }] }), { fileName: 'n.json' });
  assert.equal(none.model.fallback?.reason, 'missing');
  assert.match(statusBarText(none), /\(no model: gpt-4o rules\)/);
});
