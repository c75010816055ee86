// Reports shared by the CLI and the editor ("show analysis as text"): a readable text table and the
// JSON document shape of the CLI.
import { LineIndex } from './lineIndex';
import type { Analysis, Range, Segment } from './types';

const n = (x: number) => x.toLocaleString('en-US');

export function formatUsd(x: number): string {
  if (x === 0) return '$0';
  if (x < 0.01) return `$${x.toFixed(5)}`;
  if (x < 1) return `$${x.toFixed(4)}`;
  return `$${x.toFixed(2)}`;
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
  inputTokens: number;
  exact: boolean;
  tokenizer: string;
  segments: { id: string; kind: string; role?: string; label: string; tokens: number; cumulativeTokens: number; exact: boolean; range: Range; cacheControl?: { ttl: string; valid: boolean } }[];
  cache: {
    family: string;
    minimumTokens: number;
    prefixTokens: number;
    prefixEnd?: Range['start'];
    cachedTokensOnRepeat: number;
    writtenTokens: number;
    breakpoints: { segment: string; kind: string; ttl: string; prefixTokens: number; meetsMinimum: boolean; withinLookback: boolean; writeTokens: number; readTokensOnRepeat: number; range: Range }[];
    notes: string[];
  };
  cost?: { firstCall: number; repeatCall: number; uncachedCall: number; currency: string; pricesAsOf: string };
  diagnostics: { code: string; severity: string; message: string; range: Range }[];
  problems: { severity: string; message: string; range?: Range }[];
}

/** The CLI's JSON shape for one analysis (JSONL files give one entry per request line). */
export function toJsonReports(analysis: Analysis, opts: { path: string; text: string }): JsonFileReport[] {
  const idx = new LineIndex(opts.text);
  const one = (a: Analysis): JsonFileReport => ({
    path: opts.path,
    line: a.segments[0] && analysis.lines ? idx.positionAt(a.segments[0].range.start).line + 1 : undefined,
    dialect: a.dialect,
    provider: a.provider,
    model: a.model.name,
    modelKnown: a.model.known,
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
      cachedTokensOnRepeat: a.cache.cachedTokensOnRepeat,
      writtenTokens: a.cache.writtenTokens,
      breakpoints: a.cache.breakpoints.map((b) => ({ segment: b.segmentId, kind: b.kind, ttl: b.ttl, prefixTokens: b.prefixTokens, meetsMinimum: b.meetsMinimum, withinLookback: b.withinLookback, writeTokens: b.writeTokens, readTokensOnRepeat: b.readTokensOnRepeat, range: idx.range(b.range) })),
      notes: a.cache.notes,
    },
    cost: a.cost ? { firstCall: round6(a.cost.firstCall), repeatCall: round6(a.cost.repeatCall), uncachedCall: round6(a.cost.uncachedCall), currency: a.cost.currency, pricesAsOf: a.cost.pricesAsOf } : undefined,
    diagnostics: a.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, range: idx.range(d.range) })),
    problems: a.problems.map((p) => ({ severity: p.severity, message: p.message, range: p.range ? idx.range(p.range) : undefined })),
  });
  return analysis.lines ? analysis.lines.map(one) : [one(analysis)];
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** The CLI's text report for one file (also shown by the editor's "show analysis as text"). */
export function formatTextReport(analysis: Analysis, opts: { path: string; text: string }): string {
  const idx = new LineIndex(opts.text);
  const parts = (analysis.lines ?? [analysis]).map((a, i) => reportOne(a, idx, analysis.lines ? `${opts.path} (request ${i + 1})` : opts.path));
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
  const approx = a.exact ? '' : '≈';
  out.push(`Model: ${a.model.name ?? 'none'}${a.model.known ? '' : ' (unknown: fallback rules)'} · provider ${a.provider} · ${a.dialect} · tokens: ${a.tokenizer}`);
  out.push(`Input tokens: ${approx}${n(a.inputTokens)}${a.exact ? ' (exact)' : ' (estimate)'}`);
  out.push('');
  const rows: string[][] = [['#', 'segment', 'line', 'tokens', 'cumulative', 'cache']];
  const bpBySeg = new Map(a.cache.breakpoints.map((b) => [b.segmentId, b]));
  const state = (s: Segment) => {
    const bp = bpBySeg.get(s.id) ?? (s.children ?? []).map((c) => bpBySeg.get(c.id)).filter(Boolean).pop();
    const read = a.cache.cachedTokensOnRepeat;
    let st = s.cumulativeTokens <= read ? 'cached' : s.startTokens < read ? 'partly cached' : '';
    if (bp) st += `${st ? ' ' : ''}◆ ${bp.kind === 'implicit' ? 'auto' : bp.ttl}${bp.meetsMinimum ? '' : ' (below minimum)'}`;
    return st;
  };
  a.segments.forEach((s, i) => {
    rows.push([String(i + 1), s.label, String(idx.positionAt(s.range.start).line + 1), (s.exact ? '' : '≈') + n(s.tokens), n(s.cumulativeTokens), state(s)]);
  });
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const [ri, r] of rows.entries()) {
    out.push(r.map((cell, c) => pad(cell, widths[c], c === 0 || c === 3 || c === 4)).join('  ').trimEnd());
    if (ri === 0) out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  out.push('');
  const c = a.cache;
  if (c.prefixEnd >= 0) {
    const p = idx.positionAt(c.prefixEnd);
    out.push(`Cacheable prefix ends at line ${p.line + 1}, column ${p.character + 1}.`);
  }
  out.push(`Cached on an identical repeat: ${approx}${n(c.cachedTokensOnRepeat)} of ${approx}${n(a.inputTokens)} tokens (minimum ${n(c.minimumTokens)}${c.incrementTokens && c.incrementTokens > 1 ? `, steps of ${c.incrementTokens}` : ''}).`);
  for (const b of c.breakpoints) {
    const p = idx.positionAt(b.range.start);
    const what = b.kind === 'implicit' ? 'automatic prefix boundary' : b.kind === 'automatic' ? 'automatic breakpoint (top-level cache_control)' : 'breakpoint';
    const flags = [b.meetsMinimum ? '' : `below the ${n(b.minimumTokens)}-token minimum: not cached`, b.withinLookback ? '' : 'beyond the 20-position lookback from the previous breakpoint'].filter(Boolean);
    out.push(`  ◆ ${what} at line ${p.line + 1} (${b.segmentId}) · ${b.kind === 'implicit' ? '' : b.ttl + ' · '}${approx}${n(b.prefixTokens)} tokens${flags.length ? ' · ' + flags.join('; ') : ''}`);
  }
  for (const note of c.notes) out.push(`  ${note}`);
  if (a.cost) {
    out.push('');
    out.push(`Cost (input, USD, prices as of ${a.cost.pricesAsOf}${a.cost.overridden ? ', overridden' : ''}): first call ${formatUsd(a.cost.firstCall)} · repeat ${formatUsd(a.cost.repeatCall)} · without caching ${formatUsd(a.cost.uncachedCall)}`);
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
