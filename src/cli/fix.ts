// `prompt-cache analyze FILE --fix [--dry-run]`: apply the preferred fix of every fixable finding (the
// core's fixAll: combined non-overlapping fixes, re-analysed and repeated while something changes), write
// the file (or print a diff), and leave the re-analysed result in the FileResult so the report shows what
// is left.
import { analyze } from '../core/analyze';
import { fixAll } from '../core/fixes';
import type { AnalyzeOptions } from '../core/types';
import type { CliIO, FileResult } from './main';

/** Applies the fixes to one analysed file. Returns false when the file could not be written. */
export function applyFixesToFile(r: FileResult, options: AnalyzeOptions, dryRun: boolean, io: CliIO): boolean {
  const a = r.analysis!;
  if (!a.isRequest || a.problems.some((p) => p.severity === 'error')) return true;
  // Source files (one entry of `lines` per SDK call, all offsets in the file) are fixed as one text.
  const source = !!a.lines?.some((l) => l.callRange);
  const findings = (x: ReturnType<typeof analyze>) => (source ? (x.lines ?? [x]).flatMap((l) => l.diagnostics) : x.diagnostics);
  if (a.lines && !source) {
    io.stderr(`prompt-cache: ${r.path}: --fix does not edit JSONL files yet (fix each request on its own)\n`);
    return true;
  }
  const before = findings(a).length;
  const { text, passes } = fixAll(r.text!, (t) => findings(analyze(t, options)));
  if (text === r.text) {
    io.stderr(`prompt-cache: ${r.path}: nothing to fix\n`);
    return true;
  }
  const after = analyze(text, options);
  const fixed = Math.max(0, before - findings(after).length);
  if (dryRun) io.stdout(unifiedDiff(r.path, r.text!, text));
  else {
    if (!io.writeFile) {
      io.stderr(`prompt-cache: ${r.path}: cannot write files here\n`);
      return false;
    }
    try {
      io.writeFile(r.path, text);
    } catch (e) {
      io.stderr(`prompt-cache: ${r.path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
      return false;
    }
  }
  io.stderr(`prompt-cache: ${r.path}: ${dryRun ? 'would fix' : 'fixed'} ${fixed} finding${fixed === 1 ? '' : 's'} (${passes} pass${passes === 1 ? '' : 'es'}); ${findings(after).length} left\n`);
  r.text = text;
  r.analysis = after;
  return true;
}

/** A unified diff of two texts (line based; one hunk per changed region, 2 lines of context). */
export function unifiedDiff(path: string, a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  // Common prefix and suffix, then an LCS on what is left (bounded; else one hunk).
  let p = 0;
  while (p < x.length && p < y.length && x[p] === y[p]) p++;
  let s = 0;
  while (s < x.length - p && s < y.length - p && x[x.length - 1 - s] === y[y.length - 1 - s]) s++;
  const xm = x.slice(p, x.length - s);
  const ym = y.slice(p, y.length - s);
  const ops: { t: ' ' | '-' | '+'; line: string }[] = [];
  if (xm.length * ym.length <= 4_000_000) {
    const n = xm.length;
    const m = ym.length;
    const L = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i][j] = xm[i] === ym[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && xm[i] === ym[j]) (ops.push({ t: ' ', line: xm[i] }), i++, j++);
      else if (i < n && (j >= m || L[i + 1][j] >= L[i][j + 1])) ops.push({ t: '-', line: xm[i++] });
      else ops.push({ t: '+', line: ym[j++] });
    }
  } else {
    for (const l of xm) ops.push({ t: '-', line: l });
    for (const l of ym) ops.push({ t: '+', line: l });
  }
  const all = [...x.slice(0, p).map((line) => ({ t: ' ' as const, line })), ...ops, ...x.slice(x.length - s).map((line) => ({ t: ' ' as const, line }))];
  const out: string[] = [`--- ${path}`, `+++ ${path} (fixed)`];
  const CTX = 2;
  let k = 0;
  let ai = 1;
  let bi = 1;
  const pos: { a: number; b: number }[] = all.map((o) => {
    const here = { a: ai, b: bi };
    if (o.t !== '+') ai++;
    if (o.t !== '-') bi++;
    return here;
  });
  while (k < all.length) {
    if (all[k].t === ' ') {
      k++;
      continue;
    }
    let start = Math.max(0, k - CTX);
    let end = k;
    // extend while changes are within 2*CTX lines of each other
    for (let q = k; q < all.length; q++) {
      if (all[q].t !== ' ') end = q;
      else if (q - end > 2 * CTX) break;
    }
    end = Math.min(all.length - 1, end + CTX);
    const hunk = all.slice(start, end + 1);
    const aLen = hunk.filter((o) => o.t !== '+').length;
    const bLen = hunk.filter((o) => o.t !== '-').length;
    out.push(`@@ -${pos[start].a},${aLen} +${pos[start].b},${bLen} @@`);
    for (const o of hunk) out.push(`${o.t}${o.line.length > 400 ? o.line.slice(0, 400) + '…' : o.line}`);
    k = end + 1;
    start = k;
  }
  return out.join('\n') + '\n';
}
