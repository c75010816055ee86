// Which segments get a token-count label (code lens / inlay hint), as plain functions over the Analysis:
// the same selection as src/extension/tokenCounts.ts (labelledSegments there needs vscode for its module;
// this one is pure so the language server can use it).
import type { Analysis, Segment } from '../core/types';
import { requestParts } from '../extension/text';

/** Segments to label: top-level ones and (unless turned off) their children, in source order. */
export function labelledSegments(analysis: Analysis, withChildren: boolean): Segment[] {
  const out: Segment[] = [];
  for (const s of requestParts(analysis).flatMap((p) => p.segments)) {
    out.push(s);
    if (withChildren && s.children) {
      for (const c of s.children) {
        // A one-block message is already told by its parent's label.
        if (s.children.length === 1 && c.range.start === s.range.start) continue;
        out.push(c);
      }
    }
  }
  return out.filter((s) => s.range.end > s.range.start || s.kind === 'overhead');
}

/** The breakpoints of every request of the analysis (JSONL: every line), with the analysis they belong to. */
export function allBreakpoints(analysis: Analysis): { part: Analysis; bp: Analysis['cache']['breakpoints'][number] }[] {
  return requestParts(analysis).flatMap((part) => part.cache.breakpoints.map((bp) => ({ part, bp })));
}

/** Codicon references ("$(database) ") are VS Code's: other editors show them as text. */
export function stripCodicons(md: string): string {
  return md.replace(/\$\([a-z0-9-]+(~[a-z]+)?\)\s?/g, '');
}
