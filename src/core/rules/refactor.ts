// "Add cache_control here" as a refactoring on any cacheable block (not tied to a diagnostic). Used by
// the extension's code action provider and available to the CLI.
import { parseTree } from 'jsonc-parser';
import type { Analysis, AnalyzeOptions, Fix } from '../types';
import type { RuleContext } from './types';
import { addHereFix, canEditBreakpoints } from './fixBuilders';
import { units } from './util';

/**
 * Refactorings for the cacheable block at `offset` (innermost first): add cache_control (5m and 1h).
 * `root` may be passed when the caller has the parsed tree; otherwise the text is parsed here.
 */
export function cacheControlRefactorings(text: string, analysis: Analysis, offset: number, options: AnalyzeOptions = {}): Fix[] {
  if (analysis.dialect === 'prompt-template') return [];
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const ctx: RuleContext = { text, root, analysis, options };
  if (!canEditBreakpoints(ctx)) return [];
  const hits = units(ctx).filter((u) => u.node.offset <= offset && offset <= u.node.offset + u.node.length);
  // innermost: the smallest node
  hits.sort((a, b) => a.node.length - b.node.length);
  const u = hits[0];
  if (!u || u.cacheControl || !u.eligible) return [];
  const out: Fix[] = [];
  const f5 = addHereFix(ctx, u, { kind: 'refactor' });
  const f1 = addHereFix(ctx, u, { kind: 'refactor', ttl: '1h' });
  if (f5) out.push(f5);
  if (f1) out.push(f1);
  return out;
}
