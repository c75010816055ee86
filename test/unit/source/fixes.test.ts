// Fixes on code are source edits in the SDK's syntax; applying one and analysing again removes the finding.
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { applyFix } from '../../../src/core/fixes';
import type { Analysis, Fix } from '../../../src/core/types';
import { analyzeCode, calls, LONG, treeSitter } from './helpers';

before(async () => {
  await treeSitter();
});

function fixOf(a: Analysis, code: string, title: RegExp): Fix {
  const d = a.diagnostics.find((x) => x.code === code);
  assert.ok(d, `no ${code}: ${a.diagnostics.map((x) => x.code).join(', ')}`);
  const f = d.fixes?.find((x) => title.test(x.title));
  assert.ok(f, `no fix ${title} among: ${(d.fixes ?? []).map((x) => x.title).join(' | ')}`);
  return f;
}

describe('source fixes', () => {
  it('Python: a string system constant becomes a text block with a cache_control dict', () => {
    const text = `import anthropic\nclient = anthropic.Anthropic()\nSYSTEM = ${JSON.stringify(LONG)}\nclient.messages.create(model="claude-sonnet-4-5", max_tokens=5, system=SYSTEM, messages=[{"role": "user", "content": "Q"}])\n`;
    const c = calls(analyzeCode(text))[0];
    const f = fixOf(c, 'missing-breakpoint', /system prompt/);
    const fixed = applyFix(text, f);
    assert.match(fixed, /system=\[\{"type": "text", "text": SYSTEM, "cache_control": \{"type": "ephemeral"\}\}\]/);
    const again = calls(analyzeCode(fixed))[0];
    assert.equal(again.cache.breakpoints.filter((b) => b.kind === 'explicit').length, 1);
    assert.ok(!again.diagnostics.some((d) => d.code === 'missing-breakpoint'));
    assert.ok(again.cache.cachedTokensNextCall > 1000);
  });

  it('Python: a system block dict gets a cache_control entry', () => {
    const text = `import anthropic\nclient = anthropic.Anthropic()\nclient.messages.create(model="claude-sonnet-4-5", max_tokens=5, system=[{"type": "text", "text": ${JSON.stringify(LONG)}}], messages=[{"role": "user", "content": "Q"}])\n`;
    const f = fixOf(calls(analyzeCode(text))[0], 'missing-breakpoint', /system block 1/);
    const fixed = applyFix(text, f);
    assert.ok(fixed.includes(`${JSON.stringify(LONG)}, "cache_control": {"type": "ephemeral"}}]`), fixed.slice(-200));
    assert.ok(calls(analyzeCode(fixed))[0].cache.cachedTokensNextCall > 1000);
  });

  it('TypeScript: an object literal gets cache_control in TS syntax', () => {
    const text = `import Anthropic from '@anthropic-ai/sdk';\nconst a = new Anthropic();\na.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 5, system: [{ type: 'text', text: ${JSON.stringify(LONG)} }], messages: [{ role: 'user', content: 'Q' }] });\n`;
    const f = fixOf(calls(analyzeCode(text, 'a.ts'))[0], 'missing-breakpoint', /system block 1/);
    const fixed = applyFix(text, f);
    assert.ok(fixed.includes(`, cache_control: { type: 'ephemeral' } }]`), fixed.slice(-200));
    assert.ok(calls(analyzeCode(fixed, 'a.ts'))[0].cache.cachedTokensNextCall > 1000);
  });

  it('Vercel: the message gets providerOptions.anthropic.cacheControl', () => {
    const text = `import { generateText } from 'ai';\nimport { anthropic } from '@ai-sdk/anthropic';\ngenerateText({ model: anthropic('claude-sonnet-4-5'), messages: [{ role: 'system', content: ${JSON.stringify(LONG)} }, { role: 'user', content: 'Q' }] });\n`;
    const f = fixOf(calls(analyzeCode(text, 'a.ts'))[0], 'missing-breakpoint', /system block 1/);
    const fixed = applyFix(text, f);
    assert.ok(fixed.includes(`providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } } }`), fixed.slice(-250));
    const again = calls(analyzeCode(fixed, 'a.ts'))[0];
    assert.equal(again.cache.breakpoints.length, 1);
    assert.ok(again.cache.cachedTokensNextCall > 1000);
  });

  it('a per-request f-string hole moves out of the system prompt into the user message', () => {
    const text = `import anthropic\nfrom datetime import datetime\nclient = anthropic.Anthropic()\nSYSTEM = ${JSON.stringify(LONG)}\ndef ask(q):\n    return client.messages.create(model="claude-sonnet-4-5", max_tokens=5, system=[{"type": "text", "text": f"""{SYSTEM}\nToday is {datetime.now():%Y-%m-%d}.\nBe brief.""", "cache_control": {"type": "ephemeral"}}], messages=[{"role": "user", "content": q}])\n`;
    const c = calls(analyzeCode(text))[0];
    assert.equal(c.cache.cachedTokensNextCall, 0);
    const f = fixOf(c, 'volatile-in-prefix', /^Move datetime\.now\(\) out of the system prompt/);
    const fixed = applyFix(text, f);
    assert.ok(fixed.includes(`f"""{SYSTEM}\nBe brief."""`), fixed);
    assert.ok(fixed.includes(`"content": f"""Today is {datetime.now():%Y-%m-%d}.\\n\\n""" + q}`), fixed);
    const again = calls(analyzeCode(fixed))[0];
    assert.ok(!again.diagnostics.some((d) => d.code === 'volatile-in-prefix'));
    assert.ok(again.cache.cachedTokensNextCall > 1000);
  });

  it('TypeScript: a template-literal hole moves into the user message', () => {
    const text = `import OpenAI from 'openai';\nconst o = new OpenAI();\nconst RULES = ${JSON.stringify(LONG)};\nexport function ask(q: string) {\n  return o.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: \`Intro.\nNow: \${new Date().toISOString()}\n\${RULES}\` }, { role: 'user', content: q }] });\n}\n`;
    const c = calls(analyzeCode(text, 'a.ts'))[0];
    const f = fixOf(c, 'volatile-in-prefix', /^Move new Date\(\)/);
    const fixed = applyFix(text, f);
    assert.ok(fixed.includes("content: `Now: ${new Date().toISOString()}\\n\\n` + q }"), fixed);
    assert.ok(calls(analyzeCode(fixed, 'a.ts'))[0].cache.cachedTokensNextCall > 1000);
  });
});

describe('source refactorings', () => {
  it('"Add cache_control" at a cursor inside a tool dict, in Python syntax', async () => {
    const { refactoringsAt } = await import('../../../src/core/analyze');
    const text = `import anthropic\nclient = anthropic.Anthropic()\nTOOLS = [{"name": "t1", "description": "First tool.", "input_schema": {"type": "object"}}]\nclient.messages.create(model="claude-sonnet-4-5", max_tokens=5, tools=TOOLS, system=${JSON.stringify(LONG)}, messages=[{"role": "user", "content": "Q"}])\n`;
    const a = analyzeCode(text);
    const fixes = refactoringsAt(a, text.indexOf('First tool.') + 2)!;
    assert.ok(fixes.length >= 1, 'a refactoring at the tool');
    const fixed = applyFix(text, fixes[0]);
    assert.ok(fixed.includes(`"input_schema": {"type": "object"}, "cache_control": {"type": "ephemeral"}}]`), fixed.slice(0, 300));
    assert.deepEqual(refactoringsAt(a, text.indexOf('import anthropic')), []);
  });
});
