// Shared by the source-code front's tests: tree-sitter loaded once, and analyze() on code.
import { analyze } from '../../../src/core/analyze';
import type { Analysis, AnalyzeOptions, OffsetRange } from '../../../src/core/types';
import { loadTreeSitter, type TreeSitterHost } from '../../../src/host/treeSitter';

let host: TreeSitterHost | undefined;

export async function treeSitter(): Promise<TreeSitterHost> {
  host ??= await loadTreeSitter();
  return host;
}

/** Analyze code (tree-sitter must be loaded: call treeSitter() in a before hook). */
export function analyzeCode(text: string, fileName = 'app.py', options: AnalyzeOptions = {}): Analysis {
  if (!host) throw new Error('treeSitter() first');
  return analyze(text, { fileName, parseSource: host.parse, ...options });
}

/** The calls of a source analysis. */
export function calls(a: Analysis): Analysis[] {
  return a.lines ?? [];
}

export function slice(text: string, r: OffsetRange | undefined): string {
  return r ? text.slice(r.start, r.end) : '<none>';
}

/** Offset range of the first occurrence of `needle` (after `from`). */
export function find(text: string, needle: string, from = 0): OffsetRange {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`not found: ${needle}`);
  return { start: i, end: i + needle.length };
}

/** Leaf text spans of a segment tree, flattened. */
export function spansOf(a: Analysis): { id: string; text: string; range: OffsetRange }[] {
  const out: { id: string; text: string; range: OffsetRange }[] = [];
  const walk = (segs: Analysis['segments']) => {
    for (const s of segs) {
      for (const sp of s.spans) out.push({ id: s.id, text: sp.text, range: sp.range });
      if (s.children) walk(s.children);
    }
  };
  walk(a.segments);
  return out;
}

/** A long, stable system prompt (above every model's caching minimum). */
export const LONG = Array.from({ length: 120 }, (_, i) => `Rule ${i}: answer politely and cite policy section ${i} when it applies.`).join(' ');
