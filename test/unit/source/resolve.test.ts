// Value resolution in the file, one rule per test, with exact source ranges: escapes, triple quotes,
// f-string and template-literal holes, constants through assignments, .format(), concatenation, dedent,
// and what stays a dynamic span (and whether it is per-request).
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { analyzeCode, calls, find, slice, spansOf, treeSitter } from './helpers';

before(async () => {
  await treeSitter();
});

const PY = (system: string, pre = '') => `import anthropic\nclient = anthropic.Anthropic()\n${pre}def ask(q):\n    return client.messages.create(model="claude-sonnet-4-5", max_tokens=5, system=${system}, messages=[{"role": "user", "content": "Q"}])\n`;
const sysSpans = (text: string, file = 'a.py') => spansOf(calls(analyzeCode(text, file))[0]).filter((s) => s.id.startsWith('system'));

describe('source values: strings', () => {
  it('escapes decode, and each decoded character maps to its source characters', () => {
    const text = PY('"Line one\\nLine \\"two\\""');
    const [s] = sysSpans(text);
    assert.equal(s.text, 'Line one\nLine "two"');
    assert.equal(slice(text, s.range), 'Line one\\nLine \\"two\\"');
  });

  it('a triple-quoted module constant: the span is the constant\'s literal content', () => {
    const text = PY('SYSTEM', 'SYSTEM = """First line.\nSecond line."""\n');
    const [s] = sysSpans(text);
    assert.equal(s.text, 'First line.\nSecond line.');
    assert.deepEqual(s.range, find(text, 'First line.\nSecond line.'));
  });

  it('an f-string hole holding a constant is resolved; the text comes from two places (two spans)', () => {
    const text = PY('f"{BASE} Be brief."', 'BASE = "You are kind."\n');
    const spans = sysSpans(text);
    assert.equal(spans.map((s) => s.text).join(''), 'You are kind. Be brief.');
    assert.deepEqual(
      spans.map((s) => slice(text, s.range)),
      ['You are kind.', ' Be brief.'],
    );
    assert.deepEqual(calls(analyzeCode(text))[0].dynamicSpans, []);
  });

  it('a clock in an f-string hole is a per-request dynamic span at the expression', () => {
    const text = PY('f"Today is {datetime.now():%Y-%m-%d}."', 'from datetime import datetime\n');
    const c = calls(analyzeCode(text))[0];
    assert.equal(c.dynamicSpans!.length, 1);
    const d = c.dynamicSpans![0];
    assert.deepEqual(d.range, find(text, 'datetime.now()'));
    assert.equal(d.perRequest, true);
    assert.equal(d.counted, true);
    assert.equal(c.approximate, true);
    assert.equal(c.exact, false);
  });

  it('.format() with keyword arguments substitutes the fields', () => {
    const text = PY('"Hello {name}, you are {role}.".format(name=NAME, role="an editor")', 'NAME = "Ada"\n');
    const spans = sysSpans(text);
    assert.equal(spans.map((s) => s.text).join(''), 'Hello Ada, you are an editor.');
    assert.ok(spans.some((s) => slice(text, s.range) === 'Ada'));
  });

  it('concatenation with + and reassignment are followed', () => {
    const text = PY('S', 'S = "part one"\nS = S + " part two"\n');
    assert.equal(sysSpans(text).map((s) => s.text).join(''), 'part one part two');
  });

  it('textwrap.dedent removes the common indentation, mapping each kept character', () => {
    const text = PY('textwrap.dedent("""\n    alpha\n      beta\n    """)', 'import textwrap\n');
    const spans = sysSpans(text);
    assert.equal(spans.map((s) => s.text).join(''), '\nalpha\n  beta\n');
    assert.ok(spans.every((s) => !slice(text, s.range).startsWith('    ')));
  });

  it('TypeScript template literal: a constant is resolved, Date.now() is a per-request span', () => {
    const text = `import OpenAI from 'openai';\nconst o = new OpenAI();\nconst RULES = 'Rules here.';\no.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: \`\${RULES}\\nAt \${Date.now()}\` }, { role: 'user', content: 'x' }] });\n`;
    const c = calls(analyzeCode(text, 'a.ts'))[0];
    const sys = spansOf(c).filter((s) => s.id === 'messages[0]');
    assert.equal(sys.map((s) => s.text).join(''), 'Rules here.\nAt Date.now()');
    assert.deepEqual(c.dynamicSpans!.map((d) => [slice(text, d.range), d.perRequest]), [['Date.now()', true]]);
    assert.ok(c.diagnostics.some((d) => d.code === 'volatile-in-prefix' || d.code === 'below-automatic-minimum'));
  });
});

describe('source values: dynamic spans', () => {
  it('a parameter in the system prompt is per-request; an imported UPPER_CASE name is taken as stable', () => {
    const text = `import anthropic\nfrom prompts import POLICY\nclient = anthropic.Anthropic()\ndef ask(q, persona):\n    return client.messages.create(model="claude-sonnet-4-5", max_tokens=5, system=f"{POLICY} You are {persona}.", messages=[{"role": "user", "content": q}])\n`;
    const c = calls(analyzeCode(text))[0];
    const by = Object.fromEntries(c.dynamicSpans!.map((d) => [d.expression, d.perRequest]));
    assert.deepEqual(by, { POLICY: false, persona: true, q: true });
  });

  it('a clock assigned to a local variable is followed to its clock', () => {
    const text = `import anthropic, time\nclient = anthropic.Anthropic()\ndef ask():\n    stamp = time.time()\n    return client.messages.create(model="claude-sonnet-4-5", max_tokens=5, system=f"Now: {stamp}", messages=[{"role": "user", "content": "Q"}])\n`;
    const d = calls(analyzeCode(text))[0].dynamicSpans![0];
    assert.equal(d.expression, 'stamp');
    assert.equal(d.perRequest, true);
    assert.match(d.reason, /stamp = time\.time\(\)/);
  });

  it('tools=get_tools() is left out of the counts (counted: false), and the note says so', () => {
    const text = `import anthropic\nclient = anthropic.Anthropic()\nclient.messages.create(model="claude-sonnet-4-5", max_tokens=5, tools=get_tools(), messages=[{"role": "user", "content": "Q"}])\n`;
    const c = calls(analyzeCode(text))[0];
    assert.deepEqual(c.dynamicSpans!.map((d) => [d.expression, d.counted]), [['get_tools()', false]]);
    assert.ok(c.cache.notes.some((n) => /lower bound/.test(n)));
  });

  it('cache_control written in a Python system block is the breakpoint, at its source text', () => {
    const text = PY('[{"type": "text", "text": "Stable.", "cache_control": {"type": "ephemeral", "ttl": "1h"}}]');
    const c = calls(analyzeCode(text))[0];
    assert.equal(c.cache.breakpoints.length, 1);
    assert.equal(c.cache.breakpoints[0].ttl, '1h');
    assert.equal(slice(text, c.segments.find((s) => s.id === 'system[0]')!.cacheControl!.range), '"cache_control": {"type": "ephemeral", "ttl": "1h"}');
  });
});

describe('source values: lists built at run time', () => {
  it('a messages list appended to after its assignment is not taken as literal', () => {
    const text = `import anthropic\nclient = anthropic.Anthropic()\ndef ask(q):\n    messages = [{"role": "user", "content": "first"}]\n    messages.append({"role": "user", "content": q})\n    return client.messages.create(model="claude-sonnet-4-5", max_tokens=5, system="S", messages=messages)\n`;
    const c = calls(analyzeCode(text))[0];
    assert.deepEqual(c.dynamicSpans!.map((d) => [d.expression, d.counted]), [['messages', false]]);
    assert.match(c.dynamicSpans![0].reason, /changed at run time/);
  });
  it('an unchanged literal list is followed', () => {
    const text = `import anthropic\nclient = anthropic.Anthropic()\nMESSAGES = [{"role": "user", "content": "first"}]\nclient.messages.create(model="claude-sonnet-4-5", max_tokens=5, system="S", messages=MESSAGES)\n`;
    const c = calls(analyzeCode(text))[0];
    assert.deepEqual(c.dynamicSpans, []);
    assert.ok(spansOf(c).some((s) => s.text === 'first'));
  });
});
