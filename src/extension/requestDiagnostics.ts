// The diagnostics of every request in a file. A source file's SDK calls (and a JSONL file's lines) are
// analysed one by one in Analysis.lines, and the top-level fields describe only the first: the editor has
// to publish (and offer fixes for) the findings of all of them. Two calls reading the same module-level
// constant can report the same finding at the same characters: it is shown once. Pure (no vscode).
import type { Analysis, Diagnostic } from '../core/types';

export function allDiagnostics(analysis: Analysis): Diagnostic[] {
  if (!analysis.lines?.length) return analysis.diagnostics ?? [];
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const part of analysis.lines) {
    for (const d of part.diagnostics ?? []) {
      const key = `${d.code}|${d.range.start}|${d.range.end}|${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}
