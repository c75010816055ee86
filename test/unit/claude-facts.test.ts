// The Claude estimator's per-model facts are data in the model table (src/core/models/table.ts, `claude`
// of each Anthropic row; names without a row: src/core/models/claudeFacts.ts), and src/core/tokens/
// matches no model names itself.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';
import { claudeFactsFor, MODEL_TABLE, resolveModel, type ClaudeEstimatorFacts } from '../../src/core/models';
import { countAnthropicMessages } from '../../src/core/tokens/anthropic';

const ROOT = resolve(__dirname, '..', '..');

function plainFacts(f: ClaudeEstimatorFacts) {
  return { tokenizerGeneration: f.tokenizerGeneration, highResImages: f.highResImages, keepsEarlierThinking: f.keepsEarlierThinking, toolOverhead: f.toolOverhead };
}

test('every Claude row carries the estimator facts, with a source', () => {
  const claudeRows = MODEL_TABLE.filter((r) => r.provider === 'anthropic');
  assert.ok(claudeRows.length >= 20);
  for (const row of claudeRows) {
    const f = row.claude;
    assert.ok(f, `${row.id}: no claude facts`);
    assert.ok(f.tokenizerGeneration === 'pre-4.7' || f.tokenizerGeneration === '4.7+', row.id);
    assert.equal(typeof f.highResImages, 'boolean', row.id);
    assert.equal(typeof f.keepsEarlierThinking, 'boolean', row.id);
    for (const k of ['auto', 'any'] as const) assert.ok(Number.isInteger(f.toolOverhead[k]) && f.toolOverhead[k] > 0, `${row.id} toolOverhead.${k}`);
    assert.ok(typeof f.source === 'string' && f.source.length > 10, `${row.id}: claude facts need a source`);
  }
  for (const row of MODEL_TABLE.filter((r) => r.provider !== 'anthropic')) assert.equal(row.claude, undefined, row.id);
});

test('claudeFactsFor resolves through the table: every spelling of a row gets that row', () => {
  for (const row of MODEL_TABLE.filter((r) => r.provider === 'anthropic')) {
    for (const name of [row.id, ...row.match, `anthropic/${row.id}`, `us.anthropic.${row.id}-v1:0`, `${row.id}-20260101`]) {
      assert.deepEqual(plainFacts(claudeFactsFor(name)), plainFacts(row.claude!), name);
    }
    assert.deepEqual(resolveModel(row.id)!.claude, row.claude, `${row.id}: the profile carries the facts`);
  }
  // Fresh copies.
  const a = claudeFactsFor('claude-opus-4-7');
  a.toolOverhead.auto = 1;
  assert.equal(claudeFactsFor('claude-opus-4-7').toolOverhead.auto, 675);
});

test('names without a row: family and version rules, defaults when no Claude version', () => {
  const f = (n: string | undefined) => plainFacts(claudeFactsFor(n));
  // No row: the generation rules.
  assert.deepEqual(f('claude-haiku-5-5'), { tokenizerGeneration: '4.7+', highResImages: true, keepsEarlierThinking: true, toolOverhead: { auto: 346, any: 313 } });
  assert.deepEqual(f('claude-opus-6'), { tokenizerGeneration: '4.7+', highResImages: true, keepsEarlierThinking: true, toolOverhead: { auto: 286, any: 406 } });
  assert.deepEqual(f('claude-sonnet-4-2'), { tokenizerGeneration: 'pre-4.7', highResImages: false, keepsEarlierThinking: false, toolOverhead: { auto: 313, any: 315 } });
  assert.deepEqual(f('claude-3-sonnet-20240229'), { tokenizerGeneration: 'pre-4.7', highResImages: false, keepsEarlierThinking: false, toolOverhead: { auto: 159, any: 235 } });
  assert.deepEqual(f('claude-5'), { tokenizerGeneration: '4.7+', highResImages: false, keepsEarlierThinking: true, toolOverhead: { auto: 346, any: 313 } });
  // A spelling the prefixes miss, naming a version that has a row: that row.
  assert.deepEqual(f('my-claude-opus-4-8'), plainFacts(resolveModel('claude-opus-4-8')!.claude!));
  // No Claude version at all.
  const defaults = { tokenizerGeneration: 'pre-4.7', highResImages: false, keepsEarlierThinking: false, toolOverhead: { auto: 346, any: 313 } };
  for (const n of ['claude-foo-9', 'gpt-4o', '', undefined]) assert.deepEqual(f(n), defaults, String(n));
  // The estimator uses them.
  const tools = { tools: [{ name: 'a', input_schema: {} }], tool_choice: { type: 'any' }, messages: [] };
  assert.equal(countAnthropicMessages(tools, 'claude-opus-4-7').toolOverhead, 804);
  assert.equal(countAnthropicMessages(tools, 'claude-3-sonnet-20240229').toolOverhead, 235);
});

// ---- src/core/tokens matches no model names ---------------------------------------------------------

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Words that only occur in model names. */
const MODEL_WORD = /claude|gpt|chatgpt|opus|sonnet|haiku|fable|mythos|gemini|grok|deepseek/i;
const STRING_TESTS = new Set(['startsWith', 'endsWith', 'includes', 'indexOf', 'match', 'test', 'search', 'replace']);

/** Regex literals, RegExp(...) patterns and string tests ("x.startsWith('claude')") that name a model word. */
function modelNameMatches(src: ts.SourceFile): ts.Node[] {
  const found: ts.Node[] = [];
  const visit = (n: ts.Node): void => {
    if (n.kind === ts.SyntaxKind.RegularExpressionLiteral && MODEL_WORD.test(n.getText())) found.push(n);
    if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && n.expression.getText() === 'RegExp') {
      const arg = n.arguments?.[0];
      if (arg && (ts.isStringLiteralLike(arg) || ts.isTemplateExpression(arg)) && MODEL_WORD.test(arg.getText())) found.push(n);
    }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && STRING_TESTS.has(n.expression.name.text)) {
      if (n.arguments.some((a) => ts.isStringLiteralLike(a) && MODEL_WORD.test(a.text))) found.push(n);
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return found;
}

test('src/core/tokens has no regex (or string test) on model names', () => {
  const found: string[] = [];
  for (const file of tsFiles(join(ROOT, 'src', 'core', 'tokens'))) {
    const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const n of modelNameMatches(src)) found.push(`${relative(ROOT, file).split(sep).join('/')}:${src.getLineAndCharacterOfPosition(n.getStart()).line + 1} ${n.getText()}`);
  }
  assert.deepEqual(found, [], 'model-name matching belongs in src/core/models (the model table)');
});

test('the name scan catches a model-name regex and string test', () => {
  const src = ts.createSourceFile('x.ts', "const a = /claude-(opus|sonnet)-(\\d)/.exec(m); const b = m.startsWith('gpt-4o'); const c = new RegExp('haiku'); const d = /\\s+/g;", ts.ScriptTarget.Latest, true);
  assert.deepEqual(modelNameMatches(src).map((n) => n.getText()), ['/claude-(opus|sonnet)-(\\d)/', "m.startsWith('gpt-4o')", "new RegExp('haiku')"]);
});
