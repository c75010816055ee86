// Reports shared by the CLI and the editor ("show analysis as text"): a readable text table and the
// JSON document shape of the CLI. Figures are the engine's, written through the one formatter (format.ts).
import { fmtCount, fmtInt, fmtTokens, fmtUsd } from './format';
import { LineIndex } from './lineIndex';
import { cutKindLabel, describeCut } from './cache/wording';
import { breakpointKindName } from './vocabulary';
import type { Analysis, Breakpoint, CachePlan, CostEstimate, Range, Segment } from './types';

export { cutKindLabel, describeCut };

/** Long-context pricing of a cost estimate, when the engine reports one (whole input at long-context rates). */
export interface LongContextInfo {
  thresholdTokens: number;
  applied: boolean;
  source: string;
}

/** The cost's long-context pricing, if the engine reports one. */
export function longContextOf(cost: CostEstimate): LongContextInfo | undefined {
  return cost.longContext;
}

/** "input above 200,000 tokens: the whole input is priced at long-context rates" (applied or not). */
export function describeLongContext(lc: LongContextInfo): string {
  return lc.applied
    ? `the input is above ${fmtTokens(lc.thresholdTokens)}, so all of it is priced at long-context rates`
    : `input above ${fmtTokens(lc.thresholdTokens)} would be priced at long-context rates (this request is below)`;
}

/**
 * What one breakpoint writes and what the next call reads up to it: "first call writes 4,000, the next call
 * reads 0 (an identical repeat reads 4,000)"; below the minimum "below the 1,024-token minimum: writes
 * nothing, caches nothing" (never "writes 0"); rejected "the request is rejected: writes nothing, caches nothing".
 */
export function breakpointFigures(bp: Breakpoint, plan: Pick<CachePlan, 'rejected'>, exact = true): string {
  if (plan.rejected) return 'the request is rejected: writes nothing, caches nothing';
  const repeat = bp.readTokensOnRepeat !== bp.readTokensNextCall ? ` (an identical repeat reads ${fmtCount(bp.readTokensOnRepeat, exact)})` : '';
  if (!bp.meetsMinimum) {
    // An automatic boundary at a per-request value: the first call still writes what an identical repeat reads.
    return bp.writeTokens > 0
      ? `below the ${fmtInt(bp.minimumTokens)}-token minimum: the next call reads nothing${repeat}`
      : `below the ${fmtInt(bp.minimumTokens)}-token minimum: writes nothing, caches nothing`;
  }
  return `first call writes ${fmtCount(bp.writeTokens, exact)}, the next call reads ${fmtCount(bp.readTokensNextCall, exact)}${repeat}`;
}

function pad(s: string, w: number, right = false): string {
  if (s.length >= w) return s;
  return right ? ' '.repeat(w - s.length) + s : s + ' '.repeat(w - s.length);
}

export interface JsonFileReport {
  path: string;
  line?: number;
  dialect?: string;
  provider: string;
  model?: string;
  modelKnown: boolean;
  /** Unknown or missing model: the row whose rules and prices were used, and the engine's wording. */
  modelFallback?: { reason: 'unknown' | 'missing'; usedId: string; rules: string; message: string };
  inputTokens: number;
  exact: boolean;
  tokenizer: string;
  segments: { id: string; kind: string; role?: string; label: string; tokens: number; cumulativeTokens: number; exact: boolean; range: Range; cacheControl?: { ttl: string; valid: boolean } }[];
  cache: {
    family: string;
    minimumTokens: number;
    prefixTokens: number;
    prefixEnd?: Range['start'];
    /** The headline: what the next call reads from cache (per-request values changed). */
    cachedTokensNextCall: number;
    /** What an identical repeat inside the TTL reads. */
    cachedTokensOnRepeat: number;
    /** The per-request value that ends what the next call reads. */
    nextCallCut?: { value: string; kind: string; source: string; unitLabel?: string; tokenIndex: number; range: Range };
    /** The API would reject the request: nothing is cached. */
    rejected?: string;
    writtenTokens: number;
    breakpoints: {
      segment: string;
      kind: string;
      ttl: string;
      prefixTokens: number;
      meetsMinimum: boolean;
      withinLookback: boolean;
      writeTokens: number;
      readTokensNextCall: number;
      readTokensOnRepeat: number;
      range: Range;
    }[];
    notes: string[];
  };
  cost?: {
    firstCall: number;
    /** The headline cost: the next call inside the TTL. */
    nextCall: number;
    /** An identical repeat inside the TTL. */
    repeatCall: number;
    uncachedCall: number;
    currency: string;
    pricesAsOf: string;
    longContext?: LongContextInfo;
  };
  diagnostics: { code: string; severity: string; message: string; range: Range }[];
  problems: { severity: string; message: string; range?: Range }[];
}

/** The CLI's JSON shape for one analysis (JSONL files give one entry per request line). */
export function toJsonReports(analysis: Analysis, opts: { path: string; text: string }): JsonFileReport[] {
  const idx = new LineIndex(opts.text);
  const one = (a: Analysis): JsonFileReport => jsonReportOf(a, idx, opts.path, !!analysis.lines);
  return analysis.lines ? analysis.lines.map(one) : [one(analysis)];
}

/** The JSON report of one request (withLine: the request's first line, for files of several requests). */
export function jsonReportOf(a: Analysis, idx: LineIndex, path: string, withLine: boolean): JsonFileReport {
  return {
    path,
    line: a.segments[0] && withLine ? idx.positionAt(a.segments[0].range.start).line + 1 : undefined,
    dialect: a.dialect,
    provider: a.provider,
    model: a.model.name,
    modelKnown: a.model.known,
    modelFallback: a.model.fallback ? { reason: a.model.fallback.reason, usedId: a.model.fallback.usedId, rules: a.model.fallback.rules, message: a.model.fallback.message } : undefined,
    inputTokens: a.inputTokens,
    exact: a.exact,
    tokenizer: a.tokenizer,
    segments: a.segments.map((s) => ({
      id: s.id,
      kind: s.kind,
      role: s.role,
      label: s.label,
      tokens: s.tokens,
      cumulativeTokens: s.cumulativeTokens,
      exact: s.exact,
      range: idx.range(s.range),
      cacheControl: s.cacheControl ? { ttl: s.cacheControl.ttl, valid: s.cacheControl.valid } : undefined,
    })),
    cache: {
      family: a.cache.family,
      minimumTokens: a.cache.minimumTokens,
      prefixTokens: a.cache.prefixTokens,
      prefixEnd: a.cache.prefixEnd >= 0 ? idx.positionAt(a.cache.prefixEnd) : undefined,
      cachedTokensNextCall: a.cache.cachedTokensNextCall,
      cachedTokensOnRepeat: a.cache.cachedTokensOnRepeat,
      nextCallCut: a.cache.nextCallCut
        ? {
            value: a.cache.nextCallCut.value,
            kind: a.cache.nextCallCut.kind,
            source: a.cache.nextCallCut.source,
            unitLabel: a.cache.nextCallCut.unitLabel,
            tokenIndex: a.cache.nextCallCut.tokenIndex,
            range: idx.range(a.cache.nextCallCut.range),
          }
        : undefined,
      rejected: a.cache.rejected,
      writtenTokens: a.cache.writtenTokens,
      breakpoints: a.cache.breakpoints.map((b) => ({
        segment: b.segmentId,
        kind: b.kind,
        ttl: b.ttl,
        prefixTokens: b.prefixTokens,
        meetsMinimum: b.meetsMinimum,
        withinLookback: b.withinLookback,
        writeTokens: b.writeTokens,
        readTokensNextCall: b.readTokensNextCall,
        readTokensOnRepeat: b.readTokensOnRepeat,
        range: idx.range(b.range),
      })),
      notes: a.cache.notes,
    },
    cost: a.cost ? jsonCost(a.cost) : undefined,
    diagnostics: a.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, range: idx.range(d.range) })),
    problems: a.problems.map((p) => ({ severity: p.severity, message: p.message, range: p.range ? idx.range(p.range) : undefined })),
  };
}

function jsonCost(c: CostEstimate): NonNullable<JsonFileReport['cost']> {
  const lc = longContextOf(c);
  return {
    firstCall: round6(c.firstCall),
    nextCall: round6(c.nextCall),
    repeatCall: round6(c.repeatCall),
    uncachedCall: round6(c.uncachedCall),
    currency: c.currency,
    pricesAsOf: c.pricesAsOf,
    longContext: lc ? { thresholdTokens: lc.thresholdTokens, applied: lc.applied, source: lc.source } : undefined,
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** The CLI's text report for one file (also shown by the editor's "show analysis as text"). */
export function formatTextReport(analysis: Analysis, opts: { path: string; text: string }): string {
  const idx = new LineIndex(opts.text);
  const title = (a: Analysis, i: number) => (a.callRange ? `${opts.path}:${idx.positionAt(a.callRange.start).line + 1} ${a.callLabel ?? 'call'}` : analysis.lines ? `${opts.path} (request ${i + 1})` : opts.path);
  const parts = (analysis.lines ?? [analysis]).map((a, i) => reportOne(a, idx, title(a, i)));
  return parts.join('\n');
}

function reportOne(a: Analysis, idx: LineIndex, title: string): string {
  const out: string[] = [];
  out.push(title);
  out.push('='.repeat(Math.min(80, title.length)));
  for (const p of a.problems) out.push(`${p.severity.toUpperCase()}: ${p.message}${p.range ? ` (line ${idx.positionAt(p.range.start).line + 1})` : ''}`);
  if (!a.isRequest || !a.segments.length) {
    if (!a.problems.length) out.push('Not a request or prompt file.');
    return out.join('\n') + '\n';
  }
  out.push(`Model: ${a.model.name ?? 'none'}${a.model.known ? '' : a.model.fallback ? ` (${a.model.fallback.short})` : ' (unknown: fallback rules)'} · provider ${a.provider} · ${a.dialect} · tokens: ${a.tokenizer}`);
  if (a.model.fallback) out.push(`Fallback rules and prices (${a.model.fallback.usedId}): ${a.model.fallback.rules}`);
  out.push(`Input tokens: ${fmtCount(a.inputTokens, a.exact)}${a.exact ? ' (exact)' : ' (estimate)'}`);
  out.push('');
  const rows: string[][] = [['#', 'segment', 'line', 'tokens', 'cumulative', 'cache']];
  const bpBySeg = new Map(a.cache.breakpoints.map((b) => [b.segmentId, b]));
  const state = (s: Segment) => {
    const bp = bpBySeg.get(s.id) ?? (s.children ?? []).map((c) => bpBySeg.get(c.id)).filter(Boolean).pop();
    // what the next call reads (the headline figure); nothing when the API rejects the request
    const read = a.cache.rejected ? 0 : a.cache.cachedTokensNextCall;
    let st = read <= 0 ? '' : s.cumulativeTokens <= read ? 'cached' : s.startTokens < read ? 'partly cached' : '';
    if (bp) st += `${st ? ' ' : ''}◆ ${bp.kind === 'implicit' ? (a.cache.family === 'openai-breakpoints' ? `managed ${bp.ttl}` : 'auto') : bp.ttl}${a.cache.rejected ? ' (rejected)' : bp.meetsMinimum ? '' : ' (below minimum)'}`;
    return st;
  };
  a.segments.forEach((s, i) => {
    rows.push([String(i + 1), s.label, String(idx.positionAt(s.range.start).line + 1), fmtCount(s.tokens, s.exact), fmtCount(s.cumulativeTokens, s.exact), state(s)]);
  });
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const [ri, r] of rows.entries()) {
    out.push(r.map((cell, c) => pad(cell, widths[c], c === 0 || c === 3 || c === 4)).join('  ').trimEnd());
    if (ri === 0) out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  out.push('');
  const c = a.cache;
  if (c.rejected) out.push(`Rejected by the API: ${c.rejected} — nothing is cached.`);
  const steps = `minimum ${fmtInt(c.minimumTokens)}${c.incrementTokens && c.incrementTokens > 1 ? `, steps of ${fmtInt(c.incrementTokens)}` : ''}`;
  const cut = c.nextCallCut ? ` It stops before ${describeCut(c.nextCallCut)} (line ${idx.positionAt(c.nextCallCut.range.start).line + 1}).` : '';
  out.push(`Next call reads from cache: ${fmtCount(c.cachedTokensNextCall, a.exact)} of ${fmtCount(a.inputTokens, a.exact)} tokens (${steps}).${cut}`);
  out.push(`Identical repeat reads: ${fmtCount(c.cachedTokensOnRepeat, a.exact)} tokens.`);
  if (c.prefixEnd >= 0) {
    const p = idx.positionAt(c.prefixEnd);
    out.push(`Cacheable prefix ends at line ${p.line + 1}, column ${p.character + 1}.`);
  }
  for (const b of c.breakpoints) {
    const p = idx.positionAt(b.range.start);
    const managed = c.family === 'openai-breakpoints' && b.kind === 'implicit';
    const detail = managed ? ' (implicit mode, newest user/tool message)' : b.kind === 'automatic' ? ' (top-level cache_control)' : b.kind === 'explicit' && c.family === 'openai-breakpoints' ? ' (prompt_cache_breakpoint)' : '';
    const what = `${breakpointKindName(b, c.family)}${detail}`;
    const flags = [breakpointFigures(b, c, a.exact), b.withinLookback ? '' : "beyond the lookback window from the previous turn's entry"].filter(Boolean);
    out.push(`  ◆ ${what} at line ${p.line + 1} (${b.segmentId}) · ${b.kind === 'implicit' && !managed ? '' : b.ttl + ' · '}${fmtCount(b.prefixTokens, a.exact)} tokens · ${flags.join('; ')}`);
  }
  for (const note of c.notes) out.push(`  ${note}`);
  for (const d of a.dynamicSpans ?? []) {
    out.push(`  … unresolved at line ${idx.positionAt(d.range.start).line + 1}: ${d.expression.length > 40 ? `${d.expression.slice(0, 39)}…` : d.expression} (${d.perRequest ? 'per-request' : 'taken as stable'}${d.counted ? '' : ', not counted'}): ${d.reason}`);
  }
  if (a.cost) {
    const k = a.cost;
    out.push('');
    out.push(
      `Cost (input, USD, prices as of ${k.pricesAsOf}${k.overridden ? ', overridden' : ''}): first call ${fmtUsd(k.firstCall)} · next call ${fmtUsd(k.nextCall)} · identical repeat ${fmtUsd(k.repeatCall)} · without caching ${fmtUsd(k.uncachedCall)}`,
    );
    const lc = longContextOf(k);
    if (lc) out.push(`  Long context: ${describeLongContext(lc)} (${lc.source}).`);
  }
  if (a.diagnostics.length) {
    out.push('');
    out.push('Findings:');
    for (const d of a.diagnostics) {
      const p = idx.positionAt(d.range.start);
      out.push(`  ${p.line + 1}:${p.character + 1}  ${d.severity.padEnd(7)}  ${d.code}  ${d.message}`);
    }
  }
  return out.join('\n') + '\n';
}
