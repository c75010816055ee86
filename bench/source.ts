// The source-code front's bench (issue 13): a generated 5,000-line Python file with ten SDK calls.
//   cold       analyze() with memos cleared and a fresh tree-sitter parse;
//   keystroke  one character typed inside a system-prompt constant (cursor advancing), with the document's
//              previous tree edited and reparsed incrementally (what the worker does);
//   fresh      the same keystroke with a fresh parse (no previous tree): the incremental parse's baseline;
//   parse      tree-sitter alone, incremental vs fresh;
//   no SDK     a 5,000-line Python file with no SDK import: the editor's gate (hasSdkImport) only.
import { analyze, clearCaches } from '../src/core/analyze';
import { hasSdkImport } from '../src/core/dialects/source/languages';
import { loadTreeSitter } from '../src/host/treeSitter';

function stats(xs: number[]): { median: number; p95: number; n: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))], n: s.length };
}
const fmt = (x: { median: number; p95: number }) => `${x.median.toFixed(2)} / ${x.p95.toFixed(2)}`;

/** A Python module of about `lines` lines: helpers, constants, and `calls` functions calling the Anthropic SDK. */
export function pythonWithCalls(lines: number, calls: number, sdk = true): string {
  const out: string[] = [sdk ? 'import anthropic' : 'import json', 'from datetime import datetime', '', sdk ? 'client = anthropic.Anthropic()' : 'client = None', ''];
  const perCall = Math.floor(lines / Math.max(1, calls));
  for (let c = 0; c < Math.max(1, calls); c++) {
    out.push(`SYSTEM_${c} = """You are assistant number ${c} of the Acme support team.`);
    for (let i = 0; i < 40; i++) out.push(`Rule ${c}.${i}: answer questions about topic ${i} precisely, cite the handbook section ${i}, and never guess.`);
    out.push('"""', '');
    const start = out.length;
    let h = 0;
    while (out.length - start < perCall - 60) {
      out.push(`def helper_${c}_${h}(items, limit=${h % 7 + 1}):`, `    """Helper ${h}: filters and sorts the items."""`, `    kept = [x for x in items if x.get("score", 0) > ${h % 5}]`, `    kept.sort(key=lambda x: (x["score"], x.get("name", "")))`, `    return kept[:limit]`, '');
      h++;
    }
    out.push(`def ask_${c}(question, user_name):`);
    out.push(`    today = datetime.now().strftime("%Y-%m-%d")`);
    if (sdk) {
      out.push(`    return client.messages.create(`, `        model="claude-sonnet-4-5",`, `        max_tokens=1024,`, `        system=[{"type": "text", "text": SYSTEM_${c}, "cache_control": {"type": "ephemeral"}}],`, `        messages=[{"role": "user", "content": f"{question} (asked on {today} by {user_name})"}],`, `    )`, '');
    } else out.push(`    return {"question": question, "user": user_name, "day": today}`, '');
  }
  while (out.length < lines) out.push(`# padding line ${out.length}`);
  return out.join('\n') + '\n';
}

export async function runSourceBench(quick: boolean): Promise<string[]> {
  const host = await loadTreeSitter();
  const text = pythonWithCalls(5000, 10);
  const plain = pythonWithCalls(5000, 10, false);
  const keys = quick ? 10 : 40;
  const lineCount = text.split('\n').length - 1;
  // cold
  const cold: number[] = [];
  for (let i = 0; i < (quick ? 2 : 5); i++) {
    clearCaches();
    const parse = host.parserFor(`cold-${i}`);
    const t = performance.now();
    const a = analyze(text, { fileName: 'big.py', parseSource: parse });
    cold.push(performance.now() - t);
    host.forget(`cold-${i}`);
    if (i === 0 && a.lines?.length !== 10) throw new Error(`expected 10 calls, got ${a.lines?.length}`);
  }
  // keystrokes inside SYSTEM_5, incremental
  const at0 = text.indexOf('Rule 5.20:');
  const typed = (k: number) => text.slice(0, at0 + k) + 'x'.repeat(k + 1).slice(0, 1) + text.slice(at0 + k);
  const inc = host.parserFor('bench-inc');
  analyze(text, { fileName: 'big.py', parseSource: inc });
  const keystroke: number[] = [];
  const fresh: number[] = [];
  const parseInc: number[] = [];
  const parseFresh: number[] = [];
  let doc = text;
  for (let k = 0; k < keys; k++) {
    doc = doc.slice(0, at0 + k) + 'x' + doc.slice(at0 + k);
    let t = performance.now();
    analyze(doc, { fileName: 'big.py', parseSource: inc });
    keystroke.push(performance.now() - t);
    const p = host.parserFor(`fresh-${k}`);
    t = performance.now();
    analyze(doc, { fileName: 'big.py', parseSource: p });
    fresh.push(performance.now() - t);
    host.forget(`fresh-${k}`);
  }
  const pi = host.parserFor('parse-inc');
  let d2 = text;
  pi(d2, 'python');
  for (let k = 0; k < keys; k++) {
    d2 = d2.slice(0, at0 + k) + 'y' + d2.slice(at0 + k);
    let t = performance.now();
    pi(d2, 'python');
    parseInc.push(performance.now() - t);
    const pf = host.parserFor(`pf-${k}`);
    t = performance.now();
    pf(d2, 'python');
    parseFresh.push(performance.now() - t);
    host.forget(`pf-${k}`);
  }
  void typed;
  host.forget('bench-inc');
  host.forget('parse-inc');
  // no SDK import: the gate
  const gate: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    if (hasSdkImport(plain, 'python')) throw new Error('gate: the plain file has no SDK import');
    gate.push(performance.now() - t);
  }
  const gateSdk: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    hasSdkImport(text, 'python');
    gateSdk.push(performance.now() - t);
  }
  const plainAnalyze: number[] = [];
  for (let i = 0; i < 5; i++) {
    const p = host.parserFor(`plain-${i}`);
    const t = performance.now();
    analyze(plain, { fileName: 'plain.py', parseSource: p });
    plainAnalyze.push(performance.now() - t);
    host.forget(`plain-${i}`);
  }
  const size = `${lineCount.toLocaleString('en-US')} lines, ${(text.length / 1024).toFixed(0)} KB, 10 calls`;
  const lines = [
    `Source file (Python, ${size}); ms median / p95:`,
    `| measurement | ms |`,
    `|---|---:|`,
    `| cold analysis (fresh parse, memos cleared) | ${fmt(stats(cold))} |`,
    `| keystroke in a system prompt, incremental reparse | ${fmt(stats(keystroke))} |`,
    `| keystroke, fresh parse (no previous tree) | ${fmt(stats(fresh))} |`,
    `| tree-sitter parse alone: incremental / fresh | ${fmt(stats(parseInc))} / ${fmt(stats(parseFresh))} |`,
    `| no SDK import (5,000 lines): hasSdkImport gate | ${fmt(stats(gate))} |`,
    `| with SDK import: hasSdkImport gate | ${fmt(stats(gateSdk))} |`,
    `| no SDK import, analysed anyway (parse + find no call) | ${fmt(stats(plainAnalyze))} |`,
  ];
  return lines;
}
