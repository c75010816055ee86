// The one vocabulary and notation of every front (editor, panel, status bar, CLI, docs). docs/vocabulary.md
// explains each term; test/unit/vocabulary.test.ts checks the fronts' sources and rendered labels against
// the FORBIDDEN list below. Pure data and one naming function: no `vscode`, no Node modules.
import type { Breakpoint, CachePlan } from './types';

/** The terms, as the fronts write them (lower case; capitalise at the start of a sentence or heading). */
export const TERMS = {
  cacheablePrefix: 'cacheable prefix',
  cacheBreakpoint: 'cache breakpoint',
  automaticBreakpoint: 'automatic breakpoint',
  managedBreakpoint: 'managed breakpoint',
  automaticBoundary: 'automatic prefix boundary',
  readNextCall: 'read on the next call',
  writtenNeverRead: 'written but never read',
  identicalRepeat: 'identical repeat',
  firstCall: 'first call',
} as const;

/** Notation: an estimate is prefixed with ESTIMATE, a lower bound with AT_LEAST, an upper bound with AT_MOST. */
export const ESTIMATE = '≈';
export const AT_LEAST = '≥';
export const AT_MOST = '≤';

/** Variants no front may show, with the term to use instead. Each `pattern` is matched against UI strings. */
export const FORBIDDEN: readonly { pattern: RegExp; use: string }[] = [
  { pattern: /cache boundary \(implicit\)/i, use: TERMS.automaticBoundary },
  { pattern: /\bimplicit (cache )?boundary\b/i, use: TERMS.automaticBoundary },
  { pattern: /cache breakpoint \(automatic\)/i, use: TERMS.automaticBreakpoint },
  { pattern: /\bwrite-only:/i, use: TERMS.writtenNeverRead },
  { pattern: /\bwritten only\b/i, use: TERMS.writtenNeverRead },
  { pattern: /(^|[\s(])~\s?\d/, use: `${ESTIMATE} before an estimated figure` },
  { pattern: /`~\$\{/, use: `${ESTIMATE} before an estimated figure` },
  { pattern: /\bapprox\.? \d/i, use: `${ESTIMATE} before an estimated figure` },
  { pattern: /(^|\s)>=\s?\d/, use: `${AT_LEAST} for a lower bound` },
  { pattern: /(^|\s)<=\s?\d/, use: `${AT_MOST} for an upper bound` },
  // Rules are named, not numbered, in every front (the registry's internal codes are not shown).
  { pattern: /\bPC\d{3}\b/, use: 'the rule name (e.g. volatile-in-prefix)' },
];

/** The first forbidden variant in `text`, or undefined. */
export function forbiddenIn(text: string): { match: string; use: string } | undefined {
  for (const f of FORBIDDEN) {
    const m = f.pattern.exec(text);
    if (m) return { match: m[0].trim(), use: f.use };
  }
  return undefined;
}

/**
 * What a breakpoint is called, the same in the editor, the panel and the CLI: "cache breakpoint",
 * "automatic breakpoint" (Anthropic's top-level cache_control), "managed breakpoint" (GPT-5.6+ implicit
 * mode) or "automatic prefix boundary" (automatic caching: where the cached length stops).
 */
export function breakpointKindName(bp: Pick<Breakpoint, 'kind'>, family?: CachePlan['family']): string {
  if (bp.kind === 'implicit') return family === 'openai-breakpoints' ? TERMS.managedBreakpoint : TERMS.automaticBoundary;
  if (bp.kind === 'automatic') return TERMS.automaticBreakpoint;
  return TERMS.cacheBreakpoint;
}
