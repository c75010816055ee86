// Prompts in code (issue 13): the words the editor shows for SDK calls in source files (CodeLens titles,
// the hover of a dynamic span). Pure (no vscode): unit-tested, and reusable by the language server.
import type { Analysis, DynamicSpan } from '../core/types';
import { fmtInt, fmtTokens, fmtUsd } from '../core/format';
import { escapeMd } from './text';
import { hasCallParts } from './panel/followCall';

/** A value in code the engine could not resolve (src/core/types.ts DynamicSpan; `tokens` when the engine says). */
export type DynamicSpanView = DynamicSpan & { tokens?: number };

/** One recognised call of a source file (an entry of Analysis.lines, with callRange). */
export type CallPart = Analysis & { dynamicSpans?: DynamicSpanView[] };

export const REVEAL_CALL_COMMAND = 'promptCache.revealCall';

/** The calls of a source file's analysis, in file order (none for request files and JSONL). */
export function callParts(analysis: Analysis | undefined): CallPart[] {
  if (!analysis || !hasCallParts(analysis)) return [];
  return (analysis.lines as CallPart[]).filter((p) => !!p.callRange);
}

/** The CodeLens title of a call: "client.messages.create · ≈1,480 tokens · next call reads ≈1,210 from cache · $0.0021/call". */
export function callLensTitle(part: CallPart): string {
  const exact = part.exact && !part.approximate;
  const name = part.callLabel ?? 'LLM call';
  const bits = [`$(symbol-method) ${name}`, fmtTokens(part.inputTokens, exact)];
  const plan = part.cache;
  if (!part.isRequest) bits.push('not a complete request');
  else if (plan.rejected) bits.push('nothing cached: the API would reject it');
  else if (plan.cachedTokensNextCall > 0) bits.push(`next call reads ${fmtTokens(plan.cachedTokensNextCall, exact)} from cache`);
  else bits.push('next call reads nothing from cache');
  if (part.isRequest && part.cost && !plan.rejected) bits.push(`${fmtUsd(part.cost.nextCall)}/call`);
  const perRequest = (part.dynamicSpans ?? []).filter((s) => breaksCache(s, part)).length;
  if (perRequest) bits.push(`$(warning) ${perRequest === 1 ? '1 value changes' : `${fmtInt(perRequest)} values change`} on every request inside the cacheable prefix`);
  return bits.join(' · ');
}

/**
 * A per-request value inside what this call writes to the cache (the read or write-only ranges, or where the
 * next call's read stops): it costs cache reads. One after the cached part (the user's question) does not.
 */
export function breaksCache(span: DynamicSpanView, part: CallPart): boolean {
  if (!span.perRequest) return false;
  const over = (r: { start: number; end: number }) => r.start < span.range.end && span.range.start < r.end;
  const plan = part.cache;
  return plan.readRanges.some(over) || plan.writeOnlyRanges.some(over) || (!!plan.nextCallCut && over(plan.nextCallCut.range));
}

/** The hover of a dynamic span (markdown). `part` is the call it belongs to. */
export function dynamicSpanHover(span: DynamicSpanView, part: CallPart): string {
  const exact = part.exact && !part.approximate;
  const lines = [`**Prompt Cache: unknown at edit time** — \`${escapeCode(shorten(span.expression, 80))}\``, ''];
  if (span.reason) lines.push(escapeMd(span.reason), '');
  const known = span.tokens !== undefined ? Math.max(0, part.inputTokens - span.tokens) : undefined;
  if (span.counted === false) lines.push(`Left out of the counts: the call is counted as ≥ ${fmtTokens(part.inputTokens)}, without this value.`);
  else lines.push(
    known !== undefined
      ? `Counted as ≥ ${fmtTokens(known)}: the call without this value (${fmtTokens(part.inputTokens, exact)} with the expression's own text, ${fmtTokens(span.tokens!)}, standing in for it).`
      : `Counted as ≥ the rest of the call: the expression's own text stands in for the value (the call: ${fmtTokens(part.inputTokens, exact)}).`,
  );
  if (breaksCache(span, part)) lines.push('', '$(warning) **Changes on every request**, inside what is written to the cache: the next call cannot read past it; everything after it is written again on every call.');
  else if (span.perRequest) lines.push('', 'Changes on every request, after the cacheable prefix: it costs no cache reads.');
  return lines.join('\n');
}

function shorten(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

function escapeCode(s: string): string {
  return s.replace(/`/g, "'");
}

