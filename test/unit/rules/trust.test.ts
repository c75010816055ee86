// Issue 11: diagnostics a user can trust. Static values are never reported (one fixture per static class),
// uncertain ones are reported lower and without money, one root cause gives one diagnostic, and the move
// fixes round-trip (valid JSON, the finding gone, the model-visible text changed only as the title says).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { analyze } from '../../../src/core/analyze';
import { anthropic, assertValidJson, diagnostics, expectFindings, openai, promptTexts, prose } from './helpers';
import type { Diagnostic } from '../../../src/core/types';

const CC = { type: 'ephemeral' };
const VOLATILE_RULES = ['volatile-in-prefix', 'template-variable-in-prefix', 'breakpoint-after-volatile', 'static-after-dynamic'];

function volatileFindings(text: string): Diagnostic[] {
  return diagnostics(text).filter((d) => VOLATILE_RULES.includes(d.code));
}

function noWarning(text: string): void {
  const ds = volatileFindings(text);
  assert.deepEqual(ds.map((d) => `${d.code}: ${text.slice(d.range.start, d.range.end)}`), [], ds.map((d) => d.message).join('\n'));
}

// ---------------------------------------------------------------------------------------------------
// Static classes: no warning

test('static: a book attached as an Anthropic document block ("Release date: August 26, 2008")', () => {
  const book = `Title: Pride and Prejudice\nAuthor: Jane Austen\nRelease date: August 26, 2008 [eBook #1342]\nMost recently updated: June 17, 2024\n\n${prose(2500, 'chapter')}\nIt was 10:15:30 on 2025-03-04T10:15:30Z when Elizabeth wrote.`;
  const t = anthropic({
    messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: book }, cache_control: CC }, { type: 'text', text: 'Summarise chapter 1.' }] }],
  });
  noWarning(t);
});

test('static: a book in a <document> section of the system prompt', () => {
  const t = anthropic({
    system: [{ type: 'text', text: `Answer from the book.\n<document title="Pride and Prejudice">\nRelease date: August 26, 2008\nPrinted 2009-01-05T10:00:00Z, id 7f3c9a2e-4b1d-4e8a-9c6f-2d5e8b7a1c34\n${prose(2500, 'chapter')}\n</document>`, cache_control: CC }],
  });
  noWarning(t);
});

test('static: a header line ("Release date: …") in a cached text block, outside any document tag', () => {
  const t = anthropic({
    messages: [{ role: 'user', content: [{ type: 'text', text: `Title: Emma\nRelease date: August 26, 2008\nLast updated: 2024-06-17\n\n${prose(2500, 'chapter')}`, cache_control: CC }, { type: 'text', text: 'Who is Mr Knightley?' }] }],
  });
  noWarning(t);
});

test('static: a version line and a changelog heading in the system prompt', () => {
  const t = anthropic({
    system: [{ type: 'text', text: `You document the Acme API.\n## [2.4.0] - 2025-03-04\nAPI version 2025-03-04T00:00:00Z, v2.4.0 (2025-03-04)\n${prose(2500, 'api')}`, cache_control: CC }],
  });
  noWarning(t);
});

test('static: conversation history with the current time in each earlier user message', () => {
  const env = (ts: string) => `<environment_details>\nCurrent time: ${ts}\nsession_id=sess-8841a\n</environment_details>`;
  const t = anthropic({
    system: [{ type: 'text', text: prose(2500, 'agent'), cache_control: CC }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: `Fix the bug.\n${env('2025-03-04T10:15:30Z')}` }] },
      { role: 'assistant', content: 'Done: I changed the parser.' },
      { role: 'user', content: [{ type: 'text', text: `Now add a test.\n${env('2025-03-04T10:19:02Z')}` }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Added.', cache_control: CC }] },
      { role: 'user', content: `Thanks. ${env('2025-03-04T10:25:44Z')}` },
    ],
  });
  noWarning(t);
});

test('static: a plain date far from any now-label in the instructions', () => {
  const t = anthropic({
    system: [{ type: 'text', text: `${prose(600)}\n\nOur refund policy changed on March 4, 2025; orders placed before 2024-12-01 keep the old window.\n\n${prose(2000, 'policy')}`, cache_control: CC }],
  });
  noWarning(t);
});

// ---------------------------------------------------------------------------------------------------
// Per-request: kept (labelled as now, a placeholder, the newest message)

test('per-request: labelled values in the system prompt are still reported with the plan\'s money', () => {
  const t = anthropic({ system: [{ type: 'text', text: `${prose(1400)}\nToday is Tuesday, March 4, 2025.\n${prose(400, 'tail')}`, cache_control: CC }] });
  const [d] = expectFindings(t, 'volatile-in-prefix', ['Tuesday, March 4, 2025']);
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /changes per request \(labelled "Today" in the system prompt\)/);
  assert.match(d.message, /\$/);
});

test('per-request: a value in the newest message before a breakpoint in that message', () => {
  const t = anthropic({
    system: [{ type: 'text', text: prose(1400) }],
    messages: [{ role: 'user', content: [{ type: 'text', text: `${prose(300, 'doc')}\nrequest_id: r-55ab12cd`, cache_control: CC }, { type: 'text', text: 'Question?' }] }],
  });
  expectFindings(t, 'volatile-in-prefix', ['r-55ab12cd']);
});

// ---------------------------------------------------------------------------------------------------
// Uncertain: lower severity, no certainty, no money

test('uncertain: an unlabelled timestamp in the system prompt is reported as info, conditionally, without dollars', () => {
  const t = anthropic({ system: [{ type: 'text', text: `${prose(1400)}\nLast sync 2025-03-04T10:15:30Z.\n${prose(400, 'tail')}`, cache_control: CC }] });
  const [d] = expectFindings(t, 'volatile-in-prefix', ['2025-03-04T10:15:30Z']);
  assert.equal(d.severity, 'info');
  assert.match(d.message, /^If the timestamp "2025-03-04T10:15:30Z" in system block 1 changes per request/);
  assert.doesNotMatch(d.message, /\$/);
  // The plan takes it as stable: the next call reads the whole prefix.
  const a = diagnostics(t);
  assert.equal(a.filter((x) => x.code === 'breakpoint-after-volatile').length, 0);
});

// ---------------------------------------------------------------------------------------------------
// One root cause, one diagnostic

const ISSUE_EXAMPLE = anthropic({
  system: [
    { type: 'text', text: `You are the support assistant.\nCurrent time: 2025-03-04T10:15:30Z\nsession_id=sess-8841a9f0\n${prose(300)}` },
    { type: 'text', text: prose(1500, 'handbook'), cache_control: CC },
  ],
  messages: [{ role: 'user', content: 'What is the refund window?' }],
});

test('one root cause: a timestamp and a session id in one system block give one diagnostic, the rest related', () => {
  const ds = volatileFindings(ISSUE_EXAMPLE);
  assert.deepEqual(ds.map((d) => [d.code, ISSUE_EXAMPLE.slice(d.range.start, d.range.end)]), [['volatile-in-prefix', '2025-03-04T10:15:30Z']]);
  const [d] = ds;
  assert.match(d.message, /with 1 more value in the same block/);
  assert.match(d.message, /the next call cannot read [\d,]+ tokens/);
  const related = d.related!.map((r) => [ISSUE_EXAMPLE.slice(r.range.start, r.range.end), r.message.split(':')[0]]);
  assert.deepEqual(related, [
    ['sess-8841a9f0', 'Also per-request in the same block'],
    ['"cache_control": {\n        "type": "ephemeral"\n      }', 'breakpoint-after-volatile'],
    ['"type": "text"', 'static-after-dynamic'],
  ]);
});

// ---------------------------------------------------------------------------------------------------
// Fixes round-trip

/** Apply one fix (one edit set: one undo step), check JSON and that the finding is gone. */
function applyOne(text: string, title: RegExp): { fixed: string; d: Diagnostic } {
  const d = volatileFindings(text).find((x) => x.code === 'volatile-in-prefix')!;
  assert.ok(d, 'a volatile-in-prefix finding');
  const fix = d.fixes?.find((f) => title.test(f.title));
  assert.ok(fix, `no fix ${title} in ${d.fixes?.map((f) => f.title).join(' | ')}`);
  const fixed = applyEdits(text, fix.edits);
  assertValidJson(fixed);
  assert.deepEqual(volatileFindings(fixed).map((x) => x.code), [], `after "${fix.title}":\n${fixed}`);
  return { fixed, d };
}

test('fix: move the per-request lines into a new system block after the last breakpoint (preferred)', () => {
  const d = volatileFindings(ISSUE_EXAMPLE)[0];
  const preferred = d.fixes!.filter((f) => f.isPreferred);
  assert.equal(preferred.length, 1);
  assert.match(preferred[0].title, /^Move "Current time: 2025-03-04T10:15:30Z" \(and 1 more\) into a new system block after the last breakpoint \(out of the cached prefix; the model sees it later in the prompt\)$/);
  const { fixed } = applyOne(ISSUE_EXAMPLE, /into a new system block/);
  const body = JSON.parse(fixed);
  assert.equal(body.system.length, 3);
  assert.equal(body.system[2].text, 'Current time: 2025-03-04T10:15:30Z\nsession_id=sess-8841a9f0');
  assert.equal(body.system[0].text, `You are the support assistant.\n${prose(300)}`);
  assert.deepEqual(body.system[1], JSON.parse(ISSUE_EXAMPLE).system[1]);
});

test('fix: move the per-request lines to the end of the newest user message (string content)', () => {
  const { fixed } = applyOne(ISSUE_EXAMPLE, /to the end of the newest user message/);
  const body = JSON.parse(fixed);
  assert.equal(body.messages[0].content, 'What is the refund window?\n\nCurrent time: 2025-03-04T10:15:30Z\nsession_id=sess-8841a9f0');
  // The rest of the model-visible text is unchanged.
  const before = promptTexts(ISSUE_EXAMPLE).replace('\nCurrent time: 2025-03-04T10:15:30Z\nsession_id=sess-8841a9f0', '');
  assert.equal(promptTexts(fixed).replace('\n\nCurrent time: 2025-03-04T10:15:30Z\nsession_id=sess-8841a9f0', ''), before);
});

test('fix: move to the newest user message in block form, with escapes in the moved text', () => {
  const t = anthropic({
    system: [{ type: 'text', text: `${prose(1400)}\nCurrent time: "2025-03-04T10:15:30Z"\t(UTC)\n${prose(300, 'tail')}`, cache_control: CC }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Question?' }] }],
  });
  const { fixed } = applyOne(t, /to the end of the newest user message/);
  const body = JSON.parse(fixed);
  assert.deepEqual(body.messages[0].content[1], { type: 'text', text: 'Current time: "2025-03-04T10:15:30Z"\t(UTC)' });
  assert.ok(!body.system[0].text.includes('Current time'));
});

test('fix: OpenAI automatic caching – move the timestamp to the newest user message recovers the prefix', () => {
  const t = openai({ messages: [{ role: 'system', content: `Current time: 2025-03-04T10:15:30Z. ${prose(1500)}` }, { role: 'user', content: 'hi' }] });
  const { fixed } = applyOne(t, /to the end of the newest user message/);
  const body = JSON.parse(fixed);
  assert.equal(body.messages[1].content, 'hi\n\nCurrent time: 2025-03-04T10:15:30Z.');
  assert.ok(body.messages[0].content.startsWith('The handbook'));
});

/** What the next call reads from cache after applying each fix (by re-analysing the fixed text). */
function nextCallAfter(text: string, d: Diagnostic): { title: string; preferred: boolean; reads: number }[] {
  return d.fixes!.map((f) => ({ title: f.title, preferred: !!f.isPreferred, reads: analyze(applyEdits(text, f.edits), { fileName: 'fixture.json' }).cache.cachedTokensNextCall }));
}

test('fix: isPreferred is on the fix after which the next call reads the most (re-analysed)', () => {
  const split = anthropic({ system: [{ type: 'text', text: `${prose(1400)}\nCurrent time: 2025-03-04T10:15:30Z\n${prose(400, 'tail')}`, cache_control: CC }] });
  for (const t of [ISSUE_EXAMPLE, split]) {
    const d = volatileFindings(t).find((x) => x.code === 'volatile-in-prefix')!;
    const r = nextCallAfter(t, d);
    assert.ok(r.length >= 2, r.map((x) => x.title).join(' | '));
    assert.equal(r.filter((x) => x.preferred).length, 1);
    const best = Math.max(...r.map((x) => x.reads));
    assert.equal(r.find((x) => x.preferred)!.reads, best, JSON.stringify(r));
    assert.ok(best > analyze(t, { fileName: 'fixture.json' }).cache.cachedTokensNextCall);
  }
});

test('fix: where nothing can be moved (a string system, no user turn last), "cache everything before" is the preferred fix', () => {
  const t = anthropic({ system: `${prose(1400)}\nCurrent time: 2025-03-04T10:15:30Z\n${prose(400, 'tail')}`, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi', cache_control: CC }] }, { role: 'assistant', content: 'Sure' }] });
  const d = volatileFindings(t).find((x) => x.code === 'volatile-in-prefix')!;
  assert.deepEqual(d.fixes!.map((f) => [f.title.split(' (')[0], !!f.isPreferred]), [['Cache everything before "2025-03-04T10:15:30Z"', true]]);
});

test('one root cause across blocks: a value that costs nothing by itself joins the later one', () => {
  const t = anthropic({
    system: [
      { type: 'text', text: `Current time: 2025-03-04T10:15:30Z\n${prose(200)}` },
      { type: 'text', text: `${prose(300, 'b')}\nsession_id=sess-8841a9f0` },
      { type: 'text', text: prose(1500, 'handbook'), cache_control: CC },
    ],
  });
  const ds = volatileFindings(t);
  assert.deepEqual(ds.map((d) => t.slice(d.range.start, d.range.end)), ['2025-03-04T10:15:30Z']);
  assert.match(ds[0].related![0].message, /^Also per-request in system block 2: the per-request id "sess-8841a9f0"/);
  const { fixed } = applyOne(t, /into a new system block/);
  assert.equal(JSON.parse(fixed).system[3].text, 'Current time: 2025-03-04T10:15:30Z\nsession_id=sess-8841a9f0');
});

test('fix: static-after-dynamic moves the static block before the dynamic one in the same array', () => {
  const t = openai({
    messages: [
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content: [{ type: 'text', text: 'Current time: 2025-03-04T10:15:30Z' }, { type: 'text', text: prose(800, 'document') }, { type: 'text', text: 'Question?' }] },
    ],
  });
  const [d] = expectFindings(t, 'static-after-dynamic', ['"type": "text"']);
  const fix = d.fixes?.find((f) => f.isPreferred);
  assert.ok(fix, 'a preferred fix');
  assert.match(fix.title, /^Move user message 2, text part 2 before user message 2, text part 1/);
  const fixed = applyEdits(t, fix.edits);
  assertValidJson(fixed);
  const body = JSON.parse(fixed);
  assert.deepEqual(body.messages[1].content.map((b: { text: string }) => b.text.slice(0, 12)), ['The document', 'Current time', 'Question?']);
  expectFindings(fixed, 'static-after-dynamic', []);
});

const TEMPLATE = `---
name: demo
model:
  api: chat
---
system:
Today is {{current_date}}.
${prose(120, 'policy')}

user:
{{question}}
`;

test('fix: a template placeholder moves after the static text of its section (prompty), finding gone', () => {
  const opts = { fileName: 'order.prompty' };
  const [d] = diagnostics(TEMPLATE, opts).filter((x) => x.code === 'template-variable-in-prefix');
  assert.ok(d, 'a template-variable-in-prefix finding');
  const fix = d.fixes?.find((f) => f.isPreferred);
  assert.equal(fix?.title, 'Move "Today is {{current_date}}." after the static text of the system section (the model sees it later in the prompt)');
  const fixed = applyEdits(TEMPLATE, fix!.edits);
  assert.equal(fixed, TEMPLATE.replace('Today is {{current_date}}.\n', '').replace(`${prose(120, 'policy')}\n`, `${prose(120, 'policy').trimEnd()}\nToday is {{current_date}}.${prose(120, 'policy').slice(prose(120, 'policy').trimEnd().length)}\n`));
  assert.deepEqual(diagnostics(fixed, opts).filter((x) => x.code === 'template-variable-in-prefix').map((x) => x.message), []);
});

test('fix: no template move across block tags (the template does not allow it)', () => {
  const t = TEMPLATE.replace('Today is {{current_date}}.', '{% if vip %}Today is {{current_date}}.{% endif %}');
  const opts = { fileName: 'order.prompty' };
  const ds = diagnostics(t, opts).filter((x) => x.code === 'template-variable-in-prefix');
  assert.ok(ds.length >= 1);
  for (const d of ds) assert.ok(!(d.fixes ?? []).some((f) => /^Move /.test(f.title)), d.fixes?.map((f) => f.title).join(' | '));
});
