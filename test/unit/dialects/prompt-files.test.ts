// Prompty (*.prompty) and Dotprompt (*.prompt) files as dialects of the one request model: front matter
// with source ranges, each format's role rules, placeholders filled in from sample / default values,
// the model mapped to the table, and bad input reported with a range (never an exception).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../../src/core/analyze';
import { applyEdits } from '../../../src/core/fixes';
import { ruleContextOf } from '../../../src/core/request/pipeline';
import { readFrontMatter, yamlString } from '../../../src/core/dialects/promptFiles/frontMatter';
import { scanTags } from '../../../src/core/dialects/promptFiles/tags';
import { parsePrompty } from '../../../src/core/dialects/prompty/parse';
import { parseDotprompt } from '../../../src/core/dialects/dotprompt/parse';
import type { Analysis, OffsetRange } from '../../../src/core/types';

const at = (text: string, r: OffsetRange | undefined) => (r ? text.slice(r.start, r.end) : undefined);
const sections = (a: Analysis) => a.segments.filter((s) => s.kind === 'template');
const POLICY = Array.from({ length: 60 }, (_, i) => `Rule ${i + 1}: answer in plain sentences, cite the handbook section, and never promise what the policy does not allow.`).join('\n');

// ---------------------------------------------------------------------------------------------------
// Front matter

test('front matter: values keep their exact source ranges; the body starts after the closing ---', () => {
  const text = '---\nname: x\nmodel:\n  configuration:\n    name: "gpt-4o"\n---\nsystem:\nhi\n';
  const fm = readFrontMatter(text, false);
  assert.deepEqual(fm.problems, []);
  assert.equal(fm.yamlStart, 4);
  assert.equal(fm.bodyStart, text.indexOf('system:'));
  const m = yamlString(fm, ['model', 'configuration', 'name'])!;
  assert.equal(m.value, 'gpt-4o');
  assert.deepEqual(m.range, { start: text.indexOf('gpt-4o'), end: text.indexOf('gpt-4o') + 6 });
});

test('front matter: Dotprompt allows blank and # lines before it, Prompty does not', () => {
  const text = '# Copyright 2026\n\n---\nmodel: googleai/gemini-2.5-flash\n---\nHello\n';
  assert.equal(readFrontMatter(text, true).bodyStart, text.indexOf('Hello'));
  assert.equal(readFrontMatter(text, false).bodyStart, 0);
});

test('broken YAML: an error at the offending characters, analysis goes on', () => {
  const text = '---\nmodel:\n  api: chat\nsample:\n  a: [1, 2\n---\nsystem:\nhi {{a}}\n';
  const a = analyze(text, { fileName: 'x.prompty' });
  assert.equal(a.isRequest, true);
  const p = a.problems.find((x) => /Front matter YAML/.test(x.message));
  assert.ok(p, JSON.stringify(a.problems));
  assert.equal(p!.severity, 'error');
  assert.ok(p!.range!.start >= text.indexOf('[1, 2') && p!.range!.end <= text.indexOf('\n---\nsystem'), JSON.stringify(p!.range));
});

test('front matter not closed, or missing in a .prompty file: a problem with a range', () => {
  const open = '---\nmodel: gpt-4o\nsystem:\nhi\n';
  const a = analyze(open, { fileName: 'x.prompty' });
  const p = a.problems.find((x) => /front matter is not closed/.test(x.message));
  assert.deepEqual(p?.range, { start: 0, end: 3 });
  const none = 'system:\nYou help.\nuser:\n{{q}}\n';
  const b = analyze(none, { fileName: 'x.prompty' });
  const q = b.problems.find((x) => /no front matter/.test(x.message));
  assert.deepEqual(q?.range, { start: 0, end: 'system:'.length });
  assert.deepEqual(sections(b).map((s) => s.role), ['system', 'user']);
});

// ---------------------------------------------------------------------------------------------------
// Prompty: role lines

test('Prompty role lines: case-insensitive, "#" allowed, [args] allowed; text before the first is a system message', () => {
  const text = '---\nmodel: gpt-4o\n---\nPreamble text.\nUSER:\nQuestion one\n# Assistant:\nAnswer one\nuser[name="dana"] :\nQuestion two\nsystem: not a role line\n';
  const f = parsePrompty(text);
  assert.deepEqual(f.sections.map((s) => s.role), ['system', 'user', 'assistant', 'user']);
  assert.deepEqual(f.sections.map((s) => at(text, s.header)), [undefined, 'USER:', '# Assistant:', 'user[name="dana"] :']);
  const a = analyze(text, { fileName: 'x.prompty' });
  const spans = sections(a).map((s) => at(text, s.spans[0].range));
  assert.deepEqual(spans, ['Preamble text.', 'Question one', 'Answer one', 'Question two\nsystem: not a role line']);
  assert.deepEqual(sections(a).map((s) => s.spans[0].text), spans);
});

test('Prompty model.api completion: the body is one prompt, no role overheads', () => {
  const text = '---\nmodel:\n  api: completion\n  configuration:\n    type: openai\n    name: gpt-4o\n---\nsystem:\nComplete this: {{x}}\n';
  const a = analyze(text, { fileName: 'c.prompty' });
  assert.equal(sections(a).length, 1);
  assert.equal(sections(a)[0].role, undefined);
  assert.ok(!a.segments.some((s) => s.id === 'reply-priming'));
  assert.ok(a.cache.notes.some((n) => /completion API/.test(n)));
});

// ---------------------------------------------------------------------------------------------------
// Placeholders filled in

test('Prompty sample values: counted as the values, highlighted on the placeholders as written', () => {
  const text = `---\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o\ninputs:\n  name:\n    type: string\n    default: Guest\n    sample: Dana\n  city:\n    type: string\n    default: Oslo\nsample:\n  order: NW-1\n---\nsystem:\nHello {{ name }} from {{city}}, order {{order}}, {{unknown}}.\n`;
  const a = analyze(text, { fileName: 'p.prompty' });
  const [sys] = sections(a);
  // the input's sample over its default; a default where no sample; the top-level sample
  assert.equal(sys.spans[0].text, 'Hello Dana from Oslo, order NW-1, {{unknown}}.');
  assert.deepEqual(analyzeHits(text, 'p.prompty'), ['{{ name }}', '{{city}}', '{{order}}', '{{unknown}}']);
  // counts: the filled-in text, the same as the JSON request with those values
  const json = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: 'Hello Dana from Oslo, order NW-1, {{unknown}}.' }] });
  assert.equal(a.inputTokens, analyze(json, { fileName: 'r.json' }).inputTokens);
  assert.ok(a.cache.notes.some((n) => n === 'Counted with the sample values of {{name}}, {{city}} and {{order}}; {{unknown}} has no sample and counts as written.'), a.cache.notes.join(' | '));
});

/** The source text of every per-request placeholder the plan and the rules see. */
function analyzeHits(text: string, fileName: string): string[] {
  const a = analyze(text, { fileName });
  const ctx = ruleContextOf(a)!;
  return ctx.model.dynamic.filter((d) => d.source === 'placeholder').map((d) => text.slice(d.range.start, d.range.end));
}

test('Prompty: a multi-line sample value maps onto its placeholder; the next call stops there', () => {
  const text = `---\nmodel: gpt-4.1\nsample:\n  doc: |\n    line one\n    line two\n---\nsystem:\n${POLICY}\nuser:\nContext: {{doc}}\nThanks.\n`;
  const a = analyze(text, { fileName: 'p.prompty' });
  const user = sections(a)[1];
  assert.equal(user.spans[0].text, 'Context: line one\nline two\n\nThanks.');
  const start = text.indexOf('{{doc}}');
  const hits = ruleContextOf(a)!.model.dynamic;
  assert.deepEqual(hits.map((h) => [h.value, h.range, h.certainty]), [['{{doc}}', { start, end: start + '{{doc}}'.length }, 'per-request']]);
  // the value's 18 characters spread over the 7 of the placeholder, in order
  const offs = user.spans[0].sourceOffsets!;
  assert.equal(offs.length, user.spans[0].text.length + 1);
  for (let i = 1; i < offs.length; i++) assert.ok(offs[i] >= offs[i - 1]);
});

test('Dotprompt values: input.default over the JSON Schema default; {{json}} prints JSON', () => {
  const text = '---\nmodel: googleai/gemini-2.5-flash\ninput:\n  schema:\n    type: object\n    properties:\n      tone: {type: string, default: calm}\n      lang: {type: string, default: en}\n      order: {type: object}\n  default:\n    lang: de\n    order: {id: 7}\n---\n{{role "system"}}\nBe {{tone}} and answer in {{lang}}.\n{{role "user"}}\nOrder: {{json order}} {{{raw}}}\n';
  const a = analyze(text, { fileName: 'd.prompt' });
  assert.deepEqual(sections(a).map((s) => s.spans[0].text), ['Be calm and answer in de.', 'Order: {"id":7} {{{raw}}}']);
  assert.deepEqual(analyzeHits(text, 'd.prompt'), ['{{tone}}', '{{lang}}', '{{json order}}', '{{{raw}}}']);
});

// ---------------------------------------------------------------------------------------------------
// Dotprompt: roles and history

test('Dotprompt roles: the first message is user; a marker on an empty message changes its role; {{history}} then model', () => {
  const text = '---\nmodel: googleai/gemini-2.5-flash\n---\n{{! a comment }}\n{{role "system"}}\nYou triage tickets.\n{{history}}\nLet me look.\n{{role "user"}}\nTicket: {{ticket}}\n';
  const f = parseDotprompt(text);
  assert.deepEqual(f.sections.map((s) => (s.history ? 'history' : s.role)), ['system', 'history', 'model', 'user']);
  const a = analyze(text, { fileName: 't.prompt' });
  const segs = sections(a);
  assert.deepEqual(segs.map((s) => s.role), ['system', undefined, 'assistant', 'user']);
  assert.deepEqual(segs.map((s) => at(text, s.range)), ['{{role "system"}}\nYou triage tickets.\n', '{{history}}', 'Let me look.\n', '{{role "user"}}\nTicket: {{ticket}}\n']);
  assert.equal(segs[1].tokens, 0);
  assert.deepEqual(segs.map((s) => s.spans[0]?.text), ['You triage tickets.', undefined, 'Let me look.', 'Ticket: {{ticket}}']);
  const plain = analyze('Just a question about {{topic}}.\n', { fileName: 'q.prompt' });
  assert.deepEqual(sections(plain).map((s) => s.role), ['user']);
});

test('Dotprompt: a Prompty-style "system:" line is text, with a hint at its characters', () => {
  const text = 'system:\nYou help.\n';
  const a = analyze(text, { fileName: 'q.prompt' });
  assert.deepEqual(sections(a).map((s) => s.role), ['user']);
  const p = a.problems.find((x) => /not a role marker in Dotprompt/.test(x.message));
  assert.deepEqual(p?.range, { start: 0, end: 7 });
});

// ---------------------------------------------------------------------------------------------------
// Model mapping

test('model mapping: each provider\'s rules from the table; Azure deployments; environment references', () => {
  const dp = (model: string) => analyze(`---\nmodel: ${model}\n---\n{{role "system"}}\n${POLICY}\n{{role "user"}}\n{{q}}\n`, { fileName: 'm.prompt' });
  const gemini = dp('googleai/gemini-3-flash-preview');
  assert.equal(gemini.provider, 'google');
  assert.equal(gemini.model.known, true);
  assert.equal(gemini.cache.family, 'automatic');
  assert.equal(gemini.cache.minimumTokens, 1024);
  const claude = dp('anthropic/claude-sonnet-4-5');
  assert.equal(claude.provider, 'anthropic');
  assert.equal(claude.cache.family, 'breakpoints');
  assert.ok(claude.cache.notes.some((n) => /Dotprompt sends no cache_control/.test(n)));
  assert.equal(dp('openai/gpt-5.6').cache.family, 'openai-breakpoints');
  assert.equal(dp('vertexai/claude-opus-4-1@20250805').provider, 'anthropic');
  // unknown names: the fallback wording, with the provider the prefix names
  const unknown = dp('vertexai/my-tuned-model');
  assert.equal(unknown.model.known, false);
  assert.equal(unknown.provider, 'google');
  const fb = unknown.problems.find((p) => /Unknown model "vertexai\/my-tuned-model"/.test(p.message));
  assert.ok(fb?.range);
  const text = `---\nmodel:\n  configuration:\n    type: azure_openai\n    azure_endpoint: \${env:AZURE_OPENAI_ENDPOINT}\n    azure_deployment: gpt-4.1-mini\n---\nhi\n`;
  const az = analyze(text, { fileName: 'a.prompty' });
  assert.equal(az.model.name, 'gpt-4.1-mini');
  assert.equal(at(text, az.model.range), 'gpt-4.1-mini');
  const env = '---\nmodel:\n  configuration:\n    type: azure_openai\n    azure_deployment: ${env:DEPLOYMENT}\n---\nhi\n';
  const e = analyze(env, { fileName: 'a.prompty' });
  const p = e.problems.find((x) => /environment variable DEPLOYMENT/.test(x.message));
  assert.equal(at(env, p?.range), '${env:DEPLOYMENT}');
  const withDefault = analyze(env.replace('${env:DEPLOYMENT}', '${env:DEPLOYMENT:gpt-4o}'), { fileName: 'a.prompty' });
  assert.equal(withDefault.model.name, 'gpt-4o');
  assert.equal(withDefault.model.known, true);
});

// ---------------------------------------------------------------------------------------------------
// Bad input

test('unclosed and mismatched blocks: problems at the tags', () => {
  const j = 'Hello {% if vip %}VIP{% for x in y %}{{ x }}{% endif %} {{ open\n';
  const s = scanTags(j, 'jinja');
  const msgs = s.problems.map((p) => [p.message.split(':')[0], at(j, p.range)]);
  assert.deepEqual(msgs, [
    ['Unclosed {% for x in y %}', '{% for x in y %}'],
    ['Unclosed "{{"', '{{'],
  ]);
  const h = '{{#each items}}{{this}}{{/if}}{{else}}{{#if a}}';
  const hs = scanTags(h, 'handlebars');
  assert.deepEqual(hs.problems.map((p) => at(h, p.range)), ['{{/if}}', '{{#each items}}', '{{#if a}}']);
  const a = analyze(`---\nmodel: gpt-4o\n---\nsystem:\n{% if x %}text\n`, { fileName: 'u.prompty' });
  const p = a.problems.find((x) => /Unclosed \{% if x %\}/.test(x.message));
  assert.equal(p?.severity, 'error');
  assert.equal(at(`---\nmodel: gpt-4o\n---\nsystem:\n{% if x %}text\n`, p?.range), '{% if x %}');
  const stray = scanTags('{% endfor %}', 'jinja');
  assert.match(stray.problems[0].message, /closes no open \{% for %\} block/);
});

test('every prefix of the example prompt files analyzes without an exception, ranges inside the text', () => {
  for (const f of ['order-status.prompty', 'support-triage.prompt']) {
    const full = readFileSync(`examples/${f}`, 'utf8');
    for (let n = 0; n <= full.length; n += 53) {
      const text = full.slice(0, n);
      const a = analyze(text, { fileName: f });
      assert.ok(!a.problems.some((p) => /could not analyze|rule .* failed/.test(p.message)), `${f}[0, ${n}): ${a.problems.map((p) => p.message).join(' | ')}`);
      for (const p of a.problems) if (p.range) assert.ok(p.range.start >= 0 && p.range.end <= text.length && p.range.start <= p.range.end, `${f}[0, ${n}) problem range`);
      for (const s of a.segments) for (const sp of s.spans) assert.ok(sp.range.start >= 0 && sp.range.end <= text.length, `${f}[0, ${n}) span range`);
    }
  }
});

// ---------------------------------------------------------------------------------------------------
// Examples and fixes

test('examples: the Prompty and Dotprompt files read as their dialects, with sample values and defaults', () => {
  const p = analyze(readFileSync('examples/order-status.prompty', 'utf8'), { fileName: 'order-status.prompty' });
  assert.equal(p.dialect, 'prompty');
  assert.equal(p.model.name, 'gpt-4.1-mini');
  assert.deepEqual(p.problems, []);
  assert.ok(p.cache.cachedTokensNextCall >= 1024);
  const text = readFileSync('examples/support-triage.prompt', 'utf8');
  const d = analyze(text, { fileName: 'support-triage.prompt' });
  assert.equal(d.dialect, 'dotprompt');
  assert.equal(d.provider, 'google');
  assert.deepEqual(d.problems, []);
  assert.deepEqual(sections(d).map((s) => s.label), ['system message', 'conversation history (inserted at run time)', 'user message']);
  assert.match(sections(d)[2].spans[0].text, /^Customer: Sam \(plus plan\)/);
  const cut = text.indexOf('{{customer_name}}');
  assert.deepEqual(d.cache.nextCallCut?.range, { start: cut, end: cut + '{{customer_name}}'.length });
});

test('the move fix moves the placeholder line as written, not its sample value', () => {
  const text = `---\nmodel: gpt-4o\nsample:\n  today: 2026-12-02\n---\nsystem:\nToday is {{today}}.\n${POLICY}\nuser:\n{{q}}\n`;
  const a = analyze(text, { fileName: 't.prompty' });
  const d = a.diagnostics.find((x) => x.code === 'template-variable-in-prefix');
  assert.equal(at(text, d?.range), '{{today}}');
  const fix = d!.fixes!.find((f) => f.isPreferred)!;
  const fixed = applyEdits(text, fix.edits);
  assert.ok(fixed.includes(`${POLICY}\nToday is {{today}}.\nuser:`), fixed.slice(-400));
  assert.ok(!fixed.includes('2026-12-02.'));
  assert.deepEqual(analyze(fixed, { fileName: 't.prompty' }).diagnostics.filter((x) => x.code === 'template-variable-in-prefix'), []);
});

test('Prompty chat history loop: recognised and named by its iterable; loop variables ask for no sample', () => {
  const text = '---\nmodel: gpt-4o\n---\nsystem:\nYou help.\n\n{% for item in history %}\n{{item.role}}:\n{{item.content}}\n{% endfor %}\n\nuser:\n{{question}}\n';
  const a = analyze(text, { fileName: 'chat.prompty' });
  assert.ok(a.cache.notes.some((n) => n.startsWith('{% for item in history %} renders the conversation as messages at run time')), a.cache.notes.join(' | '));
  assert.ok(a.cache.notes.includes('No sample values: {{history}} and {{question}} count as written. Add a sample (inputs.<name>.sample) to count the filled-in prompt.'), a.cache.notes.join(' | '));
  // the loop opener is the first per-request placeholder
  assert.equal(analyzeHits(text, 'chat.prompty')[0], '{% for item in history %}');
});
