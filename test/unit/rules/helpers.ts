// Test helpers for rule fixtures: build requests, run the engine, read findings as (rule, exact text),
// and round-trip fixes (apply → re-analyze → no fixable finding of that rule, JSON still valid).
import assert from 'node:assert/strict';
import { parseTree, type ParseError } from 'jsonc-parser';
import { analyze } from '../../../src/core/analyze';
import { applyEdits } from '../../../src/core/fixes';
import type { AnalyzeOptions, Diagnostic, Fix } from '../../../src/core/types';

/** About `n` tokens of static prose (each sentence is ~10 tokens). */
export function prose(n: number, seed = 'handbook'): string {
  const s = `The ${seed} section explains how agents answer customers politely and precisely. `;
  return s.repeat(Math.max(1, Math.ceil(n / 12)));
}

export function json(body: unknown, indent: number | string = 2): string {
  return JSON.stringify(body, null, indent) + '\n';
}

export function anthropic(parts: { system?: unknown; messages?: unknown[]; tools?: unknown[]; model?: string; extra?: Record<string, unknown> }): string {
  const body: Record<string, unknown> = { model: parts.model ?? 'claude-sonnet-4-5', max_tokens: 1024 };
  if (parts.extra) Object.assign(body, parts.extra);
  if (parts.tools) body.tools = parts.tools;
  if (parts.system !== undefined) body.system = parts.system;
  body.messages = parts.messages ?? [{ role: 'user', content: 'What is the refund window?' }];
  return json(body);
}

export function openai(parts: { messages: unknown[]; model?: string; tools?: unknown[] }): string {
  const body: Record<string, unknown> = { model: parts.model ?? 'gpt-4o' };
  if (parts.tools) body.tools = parts.tools;
  body.messages = parts.messages;
  return json(body);
}

export function diagnostics(text: string, options: AnalyzeOptions = {}): Diagnostic[] {
  return analyze(text, { fileName: 'fixture.json', ...options }).diagnostics;
}

/** Findings of one rule as [rule, exact source text under the squiggle]. */
export function found(text: string, rule: string, options: AnalyzeOptions = {}): [string, string][] {
  return diagnostics(text, options)
    .filter((d) => d.code === rule)
    .map((d) => [d.code, text.slice(d.range.start, d.range.end)]);
}

export function expectFindings(text: string, rule: string, expected: string[], options: AnalyzeOptions = {}): Diagnostic[] {
  const ds = diagnostics(text, options).filter((d) => d.code === rule);
  assert.deepEqual(
    ds.map((d) => text.slice(d.range.start, d.range.end)),
    expected,
    `findings of ${rule}:\n${ds.map((d) => `  ${d.message}`).join('\n')}`,
  );
  return ds;
}

export function assertValidJson(text: string): void {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  assert.equal(errors.length, 0, `JSON invalid after fix:\n${text}`);
}

/** The model-visible prompt texts, in order (for "text unchanged" checks). */
export function promptTexts(text: string): string {
  const out: string[] = [];
  const walk = (v: unknown, key?: string) => {
    if (typeof v === 'string') {
      if (key === 'text' || key === 'content' || key === 'system') out.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key === 'system' || key === 'content' ? key : undefined));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'cache_control') walk(x, k);
  };
  walk(parseLoose(text));
  return out.join('');
}

function parseLoose(text: string): unknown {
  const root = parseTree(text, [], { allowTrailingComma: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return root ? require('jsonc-parser').getNodeValue(root) : undefined;
}

/**
 * Round trip: take the first finding of `rule` that has a fix (matching `title` if given, else the
 * preferred one), apply it, check the JSON, re-analyze, and require no fixable finding of that rule.
 */
export function roundTrip(text: string, rule: string, opts: { title?: RegExp; options?: AnalyzeOptions; textUnchanged?: boolean } = {}): { fixed: string; fix: Fix } {
  const ds = diagnostics(text, opts.options).filter((d) => d.code === rule && d.fixes?.length);
  assert.ok(ds.length, `no fixable ${rule} finding`);
  const d = ds[0];
  const fix = opts.title ? d.fixes!.find((f) => opts.title!.test(f.title)) : d.fixes!.find((f) => f.isPreferred) ?? d.fixes![0];
  assert.ok(fix, `no fix matching ${opts.title} in ${d.fixes!.map((f) => f.title).join(' | ')}`);
  const fixed = applyEdits(text, fix.edits);
  assertValidJson(fixed);
  const after = diagnostics(fixed, opts.options).filter((x) => x.code === rule && x.fixes?.length);
  assert.deepEqual(after.map((x) => x.message), [], `after "${fix.title}":\n${fixed}`);
  if (opts.textUnchanged) assert.equal(promptTexts(fixed), promptTexts(text), 'model-visible text changed');
  return { fixed, fix };
}
