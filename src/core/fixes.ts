// Fixes are data: a Fix is a list of TextEdits on source offsets. This module applies them (CLI --fix,
// tests) and combines the fixes of many diagnostics into one non-overlapping "fix all" edit list.
import type { Diagnostic, Fix, TextEdit } from './types';

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same point conflict (order would be ambiguous); touching ranges do not.
  if (a.range.start === a.range.end && b.range.start === b.range.end) return a.range.start === b.range.start;
  return a.range.start < b.range.end && b.range.start < a.range.end ||
    (a.range.start === a.range.end && a.range.start > b.range.start && a.range.start < b.range.end) ||
    (b.range.start === b.range.end && b.range.start > a.range.start && b.range.start < a.range.end);
}

/** True when no two edits overlap. */
export function editsAreDisjoint(edits: TextEdit[]): boolean {
  const s = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  for (let i = 1; i < s.length; i++) if (overlaps(s[i - 1], s[i])) return false;
  return true;
}

/** Apply non-overlapping edits (offsets refer to the original text). Throws on overlap or bad ranges. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.range.start - b.e.range.start || a.e.range.end - b.e.range.end || a.i - b.i)
    .map((x) => x.e);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    const { start, end } = e.range;
    if (start < pos || end < start || end > text.length) {
      throw new Error(`overlapping or invalid edit at ${start}-${end}`);
    }
    out += text.slice(pos, start) + e.newText;
    pos = end;
  }
  return out + text.slice(pos);
}

/** Apply one fix. */
export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/** The fix "fix all" uses for a diagnostic: the preferred quick fix, else the first quick fix. */
export function primaryFix(d: Diagnostic): Fix | undefined {
  const quick = (d.fixes ?? []).filter((f) => f.kind === 'quickfix');
  return quick.find((f) => f.isPreferred) ?? quick[0];
}

/**
 * Combine the primary fixes of many diagnostics into one edit list: fixes are taken in order (errors
 * first, then by position) and a fix is skipped when any of its edits overlaps an edit already taken.
 * Skipped fixes are returned so callers can re-analyze and run again (fixAllIterative does that).
 */
export function combineFixes(diagnostics: Diagnostic[]): { edits: TextEdit[]; applied: Diagnostic[]; skipped: Diagnostic[] } {
  const rank = { error: 0, warning: 1, info: 2, hint: 3 } as const;
  const ds = [...diagnostics].sort((a, b) => rank[a.severity] - rank[b.severity] || a.range.start - b.range.start);
  const edits: TextEdit[] = [];
  const applied: Diagnostic[] = [];
  const skipped: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const d of ds) {
    const f = primaryFix(d);
    if (!f || f.edits.length === 0) continue;
    const key = JSON.stringify(f.edits);
    if (seen.has(key)) {
      applied.push(d); // the same edits already taken (two findings, one fix)
      continue;
    }
    if (!editsAreDisjoint(f.edits) || f.edits.some((e) => edits.some((x) => overlaps(x, e)))) {
      skipped.push(d);
      continue;
    }
    seen.add(key);
    edits.push(...f.edits);
    applied.push(d);
  }
  return { edits, applied, skipped };
}

/**
 * Fix everything fixable: apply the combined fixes, re-analyze, repeat while something changes (fixes
 * that overlapped in one pass are retried on the new text). `analyze` returns the diagnostics of a text.
 */
export function fixAll(text: string, analyze: (t: string) => Diagnostic[], maxPasses = 5): { text: string; passes: number } {
  let cur = text;
  let passes = 0;
  for (; passes < maxPasses; passes++) {
    const { edits } = combineFixes(analyze(cur));
    if (edits.length === 0) break;
    const next = applyEdits(cur, edits);
    if (next === cur) break;
    cur = next;
  }
  return { text: cur, passes };
}
