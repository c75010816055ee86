// Source files (Python / TypeScript / JavaScript) in the CLI: their JSON entry (one `requests` entry per
// recognised SDK call, each a request file's entry plus `range` and `dynamicSpans`), and whether a file
// with no recognised call is fine (it is: code without prompts is not an error, exit 0).
import { LineIndex } from '../core/lineIndex';
import { jsonReportOf, type JsonFileReport } from '../core/report';
import { sourceLanguageOf } from '../core/dialects/source/languages';
import { NO_CALL_MESSAGE } from '../core/dialects/source/analyzeSource';
import type { Analysis, Range } from '../core/types';

export interface SourceRequestReport extends JsonFileReport {
  callLabel?: string;
  range?: Range;
  approximate?: boolean;
  dynamicSpans: { range: Range; expression: string; perRequest: boolean; counted: boolean; reason: string }[];
}

export interface SourceFileReport {
  path: string;
  language: string;
  /** One per recognised call (empty: none in this file). */
  requests: SourceRequestReport[];
  /** Set when the file holds no recognised call. */
  message?: string;
  problems: { severity: string; message: string; range?: Range }[];
}

export function isSourcePath(path: string): boolean {
  return !!sourceLanguageOf(path);
}

/** A source file without any recognised SDK call (reported as such, not an error). */
export function hasNoCall(a: Analysis): boolean {
  return !a.isRequest && !a.lines && a.problems.some((p) => p.message === NO_CALL_MESSAGE);
}

export function sourceJsonReport(a: Analysis, path: string, text: string): SourceFileReport {
  const idx = new LineIndex(text);
  const language = sourceLanguageOf(path) ?? 'source';
  if (!a.lines) {
    return { path, language, requests: [], message: hasNoCall(a) ? NO_CALL_MESSAGE : undefined, problems: a.problems.map((p) => ({ severity: p.severity, message: p.message, range: p.range ? idx.range(p.range) : undefined })) };
  }
  const requests = a.lines.map((l) => ({
    ...jsonReportOf(l, idx, path, true),
    line: l.callRange ? idx.positionAt(l.callRange.start).line + 1 : undefined,
    callLabel: l.callLabel,
    range: l.callRange ? idx.range(l.callRange) : undefined,
    approximate: l.approximate,
    dynamicSpans: (l.dynamicSpans ?? []).map((d) => ({ range: idx.range(d.range), expression: d.expression, perRequest: d.perRequest, counted: d.counted, reason: d.reason })),
  }));
  return { path, language, requests, problems: [] };
}
