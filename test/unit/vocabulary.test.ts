// One vocabulary and one notation (docs/vocabulary.md, src/core/vocabulary.ts): the fronts' string
// literals and the labels they render for every example use none of the forbidden variants, breakpoints are
// named the same in the editor and the CLI, and estimates carry "≈" everywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core';
import { formatTextReport } from '../../src/core/report';
import { buildPanelModel } from '../../src/core/cache/panelModel';
import { breakpointKindName, forbiddenIn, TERMS } from '../../src/core/vocabulary';
import { breakpointLabel, flattenSegments, hoverMarkdown, planSummary, requestParts, statusBarText, statusTooltipLines } from '../../src/extension/text';
import { codeLensItems, inlineLabels, segmentPickItems, textLensDocument } from '../../src/extension/lenses';

const ROOT = join(__dirname, '../..');
const EXAMPLES = join(ROOT, 'examples');

/** The string literals of a TypeScript source ('…', "…", `…` with its ${} text), comments skipped. */
export function stringLiterals(src: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') {
      i = src.indexOf('\n', i);
      if (i < 0) break;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2);
      i = e < 0 ? src.length : e + 2;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      let depth = 0;
      while (j < src.length) {
        const d = src[j];
        if (d === '\\') {
          j += 2;
          continue;
        }
        if (c === '`' && d === '$' && src[j + 1] === '{') depth++;
        else if (c === '`' && d === '}' && depth > 0) depth--;
        else if (d === c && depth === 0) break;
        else if (d === '\n' && c !== '`') break;
        j++;
      }
      out.push(src.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    i++;
  }
  return out;
}

/** A template literal's text with its ${…} expressions emptied (code there is not UI text). */
function withoutExpressions(lit: string): string {
  return lit.replace(/\$\{[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, '${}');
}

const FRONT_SOURCES = [
  ...readdirSync(join(ROOT, 'src/webview')).filter((f) => f.endsWith('.ts')).map((f) => `src/webview/${f}`),
  ...readdirSync(join(ROOT, 'src/cli')).filter((f) => f.endsWith('.ts')).map((f) => `src/cli/${f}`),
  'src/extension/text.ts',
  'src/extension/lenses.ts',
  'src/extension/statusBar.ts',
  'src/extension/hover.ts',
  'src/core/report.ts',
  'src/core/cache/wording.ts',
];

test('the string literal scanner finds strings and skips comments (so the check below can fail)', () => {
  const lits = stringLiterals("// 'cache boundary (implicit)'\nconst a = `~${n}`; /* \"x\" */ const b = 'write-only: y';");
  assert.deepEqual(lits, ['`~${n}`', "'write-only: y'"]);
  assert.ok(lits.every((l) => forbiddenIn(l)), 'both are forbidden variants');
  assert.equal(forbiddenIn("'automatic prefix boundary · 5m'"), undefined);
  assert.equal(forbiddenIn(withoutExpressions("`${x >= 0 ? 'a' : 'b'}`")), undefined, 'code, not a lower bound in text');
  assert.ok(forbiddenIn(withoutExpressions('`~${n}`')), 'the estimate sign before an expression is still seen');
  assert.ok(forbiddenIn("'at >= 1024 tokens'"));
});

test('the fronts\' sources use no forbidden variant in their strings', () => {
  const hits: string[] = [];
  for (const rel of FRONT_SOURCES) {
    let src: string;
    try {
      src = readFileSync(join(ROOT, rel), 'utf8');
    } catch {
      continue; // a front file another branch has not added yet
    }
    for (const lit of stringLiterals(src)) {
      const f = forbiddenIn(withoutExpressions(lit));
      if (f) hits.push(`${rel}: ${lit.slice(0, 80)} — "${f.match}": use ${f.use}`);
    }
  }
  assert.deepEqual(hits, []);
  assert.ok(FRONT_SOURCES.length >= 8);
});

test('the docs use no forbidden variant (outside docs/vocabulary.md, which lists them)', () => {
  // docs/rules/ pages may name a rule's short code: it is an accepted alias there (disable comments, ignore files)
  const aliasOk = (rel: string, match: string) => rel.startsWith('docs/rules/') && /^PC\d{3}$/.test(match);
  const docs = ['docs/models.md', 'docs/token-counting.md', ...readdirSync(join(ROOT, 'docs/rules')).map((f) => `docs/rules/${f}`)];
  const hits: string[] = [];
  for (const rel of docs) {
    const lines = readFileSync(join(ROOT, rel), 'utf8').split('\n');
    lines.forEach((l, i) => {
      const f = forbiddenIn(l.replace(/`[^`]*`/g, '``'));
      if (f && !aliasOk(rel, f.match)) hits.push(`${rel}:${i + 1}: "${f.match}": use ${f.use}`);
    });
  }
  assert.deepEqual(hits, []);
});

test('the manifest (settings UI, command titles) uses the vocabulary and names rules without codes', () => {
  const contributes = JSON.stringify(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).contributes);
  assert.equal(forbiddenIn(contributes), undefined, forbiddenIn(contributes)?.match);
  assert.ok(forbiddenIn('**PC006** `invalid-breakpoint-target`'), 'a rule code is caught');
});

const examples = readdirSync(EXAMPLES).filter((f) => /\.(jsonc?|jsonl|prompty|prompt)$/.test(f));

test('every example: the labels, hovers, lenses, status bar, panel and CLI report use the vocabulary', () => {
  assert.ok(examples.length >= 10);
  for (const file of examples) {
    const text = readFileSync(join(EXAMPLES, file), 'utf8');
    const a = analyze(text, { fileName: file });
    if (!a.isRequest) continue;
    const doc = textLensDocument(text);
    const report = formatTextReport(a, { path: file, text });
    const strings: string[] = [report, statusBarText(a), planSummary(a), ...statusTooltipLines(a)];
    for (const it of codeLensItems(a, { display: 'codelens', blocks: true, breakpointLabels: true }, doc)) strings.push(it.title, it.tooltip);
    for (const l of inlineLabels(a, true, doc)) strings.push(l.text);
    requestParts(a).forEach((part, i) => {
      for (const p of segmentPickItems(a, i)) strings.push(p.label, p.description);
      for (const s of flattenSegments(part.segments)) {
        const md = hoverMarkdown(a, s.range.start);
        if (md) strings.push(md);
      }
      for (const bp of part.cache.breakpoints) {
        const label = breakpointLabel(bp, part.exact, part.cache);
        strings.push(label);
        // the editor's label starts with the shared name, and the CLI report names it the same way
        const name = breakpointKindName(bp, part.cache.family);
        assert.ok(label.startsWith(name), `${file}: ${label}`);
        assert.ok(report.includes(`◆ ${name}`), `${file}: the CLI report names the ${bp.kind} breakpoint "${name}"`);
      }
    });
    const panel = buildPanelModel({ analysis: a, usage: { calls: 10, rate: 2, rateUnit: 'minute', outputTokens: 0, compareModels: ['', '', ''] }, comparisons: [] });
    strings.push(JSON.stringify(panel));
    for (const s of strings) {
      const f = forbiddenIn(s);
      assert.equal(f, undefined, `${file}: "${f?.match}" in ${s.slice(0, 120)} — use ${f?.use}`);
    }
    // an estimated analysis writes its counts with ≈ in the editor's lenses and the CLI's table
    if (!a.exact) {
      const titles = codeLensItems(a, { display: 'codelens', blocks: true, breakpointLabels: false }, doc).map((l) => l.title);
      assert.ok(titles.some((t) => /≈\d/.test(t)), `${file}: ${titles.join(' | ')}`);
      assert.match(report, /Input tokens: ≈/, file);
    }
  }
});

test('the automatic boundary is named the same in the editor and the CLI (issue 16)', () => {
  const text = readFileSync(join(EXAMPLES, 'openai-support-agent.json'), 'utf8');
  const a = analyze(text, { fileName: 'openai-support-agent.json' });
  const bp = a.cache.breakpoints.find((b) => b.kind === 'implicit');
  assert.ok(bp);
  assert.match(breakpointLabel(bp, a.exact, a.cache), new RegExp(`^${TERMS.automaticBoundary} · `));
  assert.match(formatTextReport(a, { path: 'x', text }), new RegExp(`◆ ${TERMS.automaticBoundary} at line`));
});

test('the CLI gives command-line advice for a file without a model (--model), not an editor command', async () => {
  const { runCliInProcess } = await import('./cliRun');
  const r = runCliInProcess(['analyze', join(ROOT, 'package.json')]);
  const all = r.stdout + r.stderr;
  assert.match(all, /No model in this file/);
  assert.match(all, /--model NAME/);
  assert.doesNotMatch(all, /Prompt Cache: Choose Model/);
  const json = runCliInProcess(['analyze', '--format', 'json', join(ROOT, 'package.json')]).stdout;
  assert.doesNotMatch(json, /Prompt Cache: Choose Model/);
  assert.match(json, /--model NAME/);
});

test('the bundled .jsonc examples have no trailing comma (VS Code\'s JSONC mode warns "Trailing comma" on them)', async () => {
  const { jsoncOnlySyntax } = await import('../../src/core/parse/json');
  const jsonc = readdirSync(EXAMPLES).filter((f) => f.endsWith('.jsonc'));
  assert.ok(jsonc.length >= 1);
  for (const f of jsonc) {
    const commas = jsoncOnlySyntax(readFileSync(join(EXAMPLES, f), 'utf8')).filter((x) => x.kind === 'trailing comma');
    assert.deepEqual(commas, [], f);
  }
  assert.equal(jsoncOnlySyntax('{"a": 1,}').filter((x) => x.kind === 'trailing comma').length, 1);
});
