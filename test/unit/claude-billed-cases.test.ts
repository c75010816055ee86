// Every public billed Claude figure whose exact text is known (test/data/claude-billed-cases.jsonl, sources in
// test/data/README.md) replayed through the estimator: each case must stay within its script's documented
// error bound (docs/token-counting.md §3), so a change to a ratio, a run rule or an overhead that moves a case
// out of its bound fails here. The test also refits each fitted ratio and prints the leave-one-out errors.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countAnthropicMessages, estimateClaudeTokens } from '../../src/core/tokens/anthropic';
import { CLAUDE_SCRIPT_RATIOS, scriptBreakdown, scriptTokens, scriptTokensMemo, type ClaudeScript } from '../../src/core/tokens/anthropic/scripts';
import { countTokens } from '../../src/core/tokens/encoding';

interface BilledCase {
  id: string;
  script: 'latin' | 'tools' | 'thai';
  kind: 'input' | 'output';
  model: string;
  body?: any;
  text?: string;
  figure: number;
}

const CASES: BilledCase[] = readFileSync(join(__dirname, '..', 'data', 'claude-billed-cases.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

/**
 * The documented bound per case group (docs/token-counting.md §3): |estimate − billed| ≤ max(rel × billed, abs).
 * The absolute part covers rounding on the short cases (a 4-token text cannot be estimated to 10 %).
 */
const BOUND: Record<BilledCase['script'], { rel: number; abs: number }> = {
  latin: { rel: 0.1, abs: 2 },
  tools: { rel: 0.05, abs: 2 },
  thai: { rel: 0.03, abs: 2 },
};

function estimate(c: BilledCase): number {
  return c.kind === 'output' ? estimateClaudeTokens(c.text!, c.model) : countAnthropicMessages(c.body, c.model).total;
}

function withinBound(c: BilledCase, est: number): boolean {
  const b = BOUND[c.script];
  return Math.abs(est - c.figure) <= Math.max(b.rel * c.figure, b.abs);
}

/** The estimate with one script's ratio replaced (the table is read at call time). */
function estimateWith(c: BilledCase, script: ClaudeScript, ratio: number): number {
  const row = CLAUDE_SCRIPT_RATIOS[script];
  const kept = row.ratio;
  row.ratio = ratio;
  try {
    return estimate(c);
  } finally {
    row.ratio = kept;
  }
}

/** Least squares on relative error over a grid (0.80–2.60, step 0.005). */
function fit(cases: BilledCase[], script: ClaudeScript): number {
  let best = 1;
  let bestErr = Infinity;
  for (let r = 0.8; r <= 2.6; r += 0.005) {
    let e = 0;
    for (const c of cases) e += ((estimateWith(c, script, r) - c.figure) / c.figure) ** 2;
    if (e < bestErr - 1e-12) {
      bestErr = e;
      best = Math.round(r * 1000) / 1000;
    }
  }
  return best;
}

test('the billed-case file holds the 19 public cases, each with a source and its exact text', () => {
  assert.equal(CASES.length, 19, 'test/data/claude-billed-cases.jsonl: 19 cases expected');
  const lines = readFileSync(join(__dirname, '..', 'data', 'claude-billed-cases.jsonl'), 'utf8').split('\n').filter((l) => l.trim());
  for (const l of lines) {
    const c = JSON.parse(l);
    assert.ok(c.source && (c.source.url || (c.source.repo && c.source.path && /^[0-9a-f]{40}$/.test(c.source.commit))), `${c.id}: source`);
    assert.ok(Number.isInteger(c.figure) && c.figure > 0, `${c.id}: figure`);
    assert.ok(c.kind === 'output' ? typeof c.text === 'string' : c.body && Array.isArray(c.body.messages), `${c.id}: text`);
  }
  const thai = CASES.find((c) => c.id === 'UP1-TH-01')!;
  assert.equal(thai.body.system[1].text.length, 2765, 'the Thai data.txt, byte-exact');
});

test('every billed Claude case is within its documented error bound', () => {
  const rows: string[] = [];
  const out: string[] = [];
  for (const c of CASES) {
    const est = estimate(c);
    const err = (est - c.figure) / c.figure;
    rows.push(`${c.id.padEnd(10)} ${c.script.padEnd(6)} ${c.model.padEnd(28)} billed ${String(c.figure).padStart(5)}  estimate ${String(est).padStart(5)}  ${(err * 100).toFixed(1).padStart(6)} %`);
    if (!withinBound(c, est)) out.push(`${c.id}: ${est} vs billed ${c.figure} (${(err * 100).toFixed(1)} %)`);
  }
  console.log(rows.join('\n'));
  assert.deepEqual(out, [], 'cases outside their bound');
});

test('the Thai system prompt (2,424 cached + 15) is now within bound; the single prose ratio missed it by 44 %', () => {
  const c = CASES.find((x) => x.id === 'UP1-TH-01')!;
  const est = estimate(c);
  assert.ok(withinBound(c, est), `${est} vs ${c.figure}`);
  // The Thai block is counted as Thai, the English instruction before it as Latin.
  const b = scriptBreakdown(c.body.system[1].text);
  assert.ok(b.thai > 0.95 * (b.thai + b.latin + b.code), JSON.stringify(b));
  assert.equal(scriptBreakdown(c.body.system[0].text).thai, 0);
  // With the Latin ratio on the Thai run (the old single prose ratio) the case falls out of bound.
  assert.ok(!withinBound(c, estimateWith(c, 'thai', CLAUDE_SCRIPT_RATIOS.latin.ratio)));
  // The minimum-length verdict it flipped: above 2,048 (Haiku 3.5 / 4.5 minimum) now, as billed.
  assert.ok(est > 2048);
});

test('fitted ratios: refit on the cases, and leave-one-out error per script', () => {
  const lines: string[] = [];
  for (const script of ['latin', 'thai'] as const) {
    const group = CASES.filter((c) => c.script === script);
    assert.ok(group.length > 0);
    const r = fit(group, script);
    // The table's ratio stays within 0.1 of the least-squares fit: a guard against a gross drift (rounding of the short cases makes the fit flat; docs §3).
    assert.ok(Math.abs(r - CLAUDE_SCRIPT_RATIOS[script].ratio) <= 0.1, `${script}: table ${CLAUDE_SCRIPT_RATIOS[script].ratio}, fit ${r}`);
    const loo: number[] = [];
    if (group.length > 1) {
      for (const c of group) {
        const rest = group.filter((x) => x !== c);
        const rr = fit(rest, script);
        loo.push(Math.abs(estimateWith(c, script, rr) - c.figure) / c.figure);
      }
    }
    const mean = loo.length ? loo.reduce((a, b) => a + b, 0) / loo.length : NaN;
    const max = loo.length ? Math.max(...loo) : NaN;
    lines.push(`${script}: fit ${r} (table ${CLAUDE_SCRIPT_RATIOS[script].ratio}), ${group.length} case(s), leave-one-out mean ${loo.length ? (mean * 100).toFixed(1) + ' %' : 'n/a'}, max ${loo.length ? (max * 100).toFixed(1) + ' %' : 'n/a'}`);
  }
  console.log(lines.join('\n'));
});

test('per-script runs: each script is recognised, mixed text is split, code lines are told from prose', () => {
  const b = (s: string) => scriptBreakdown(s);
  assert.ok(b('Привет, как дела? Это тест.').cyrillic > 0 && b('Привет, как дела?').latin === 0);
  assert.ok(b('これは日本語のテキストです。漢字とかなを含みます。').cjk > 0);
  assert.ok(b('한국어 텍스트입니다').cjk > 0);
  assert.ok(b('这是中文文本').cjk > 0);
  assert.ok(b('مرحبا بالعالم').other > 0 && b('नमस्ते दुनिया').other > 0 && b('Γειά σου Κόσμε').other > 0);
  assert.ok(b('สวัสดีครับ').thai > 0);
  const mixed = b('Hello world, this is English. Привет, мир, это русский текст. 你好世界，这是中文。');
  assert.ok(mixed.latin > 0 && mixed.cyrillic > 0 && mixed.cjk > 0, JSON.stringify(mixed));
  const doc = 'Write a function that adds two numbers and returns the result to the caller.\n' + 'function add(a, b) { return (a + b) * [1, 2][0]; } // {x: "y"}\n';
  const d = b(doc);
  assert.ok(d.latin > 0 && d.code > 0, JSON.stringify(d));
  // The per-run counts add up to the text's o200k count (one tokenization, attributed by position).
  for (const s of [doc, 'Hello world, this is English. Привет, мир. 你好世界。', 'x'.repeat(9000) + 'ไทย'.repeat(3000) + ' end']) {
    const r = b(s);
    const sum = r.latin + r.code + r.cyrillic + r.cjk + r.thai + r.other;
    assert.equal(sum, estimateOf(s));
  }
  // Non-Latin now costs more than the single prose ratio gave; the 4.7+ generation factor applies on top.
  const ru = 'Это длинный русский текст о кешировании подсказок и подсчёте токенов. '.repeat(10);
  assert.ok(estimateClaudeTokens(ru) > Math.round(estimateOf(ru) * 1.16));
  assert.ok(estimateClaudeTokens(ru, 'claude-opus-4-8') > estimateClaudeTokens(ru, 'claude-sonnet-4-5') * 1.3);
});


function estimateOf(s: string): number {
  return countTokens(s, 'o200k_base');
}

test('long texts: counted in blank-line pieces whose o200k counts add up to the whole text; an edit changes its piece only', () => {
  const paras = [
    'The refund policy applies to every order shipped within the European Union and must be read with section 4.',
    'Политика возврата распространяется на все заказы, доставленные в пределах Европейского союза.',
    '退款政策适用于在欧盟境内发货的所有订单，并应与第四节一并阅读。',
    'export function total(items: Item[]): number {\n  return items.reduce((s, i) => s + i.price * i.qty, 0);\n}',
    'นโยบายการคืนเงินใช้กับคำสั่งซื้อทั้งหมดที่จัดส่งภายในสหภาพยุโรป',
  ];
  const parts: string[] = [];
  for (let i = 0; parts.join('\n\n').length < 150_000; i++) parts.push(`${i}. ${paras[i % paras.length]}`);
  const text = parts.join('\n\n');
  const sum = (t: ArrayLike<number>) => Array.from(t).reduce((a, b) => a + b, 0);
  const whole = countTokens(text, 'o200k_base');
  const pieces = scriptTokensMemo(text);
  assert.equal(sum(pieces), whole, 'the pieces add up to the text');
  const single = scriptTokens(text);
  for (let k = 0; k < single.length; k++) assert.ok(Math.abs(pieces[k] - single[k]) <= 0.002 * whole + 2, `class ${k}: ${pieces[k]} vs ${single[k]}`);
  const edited = text.slice(0, 70_000) + 'x' + text.slice(70_000);
  assert.equal(sum(scriptTokensMemo(edited)), countTokens(edited, 'o200k_base'));
  assert.ok(Math.abs(estimateClaudeTokens(edited) - estimateClaudeTokens(text)) <= 3);
});
