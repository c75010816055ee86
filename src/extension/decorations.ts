// Editor decorations: the cacheable prefix (subtle background), text written to cache but not readable
// (another tint), the exact end of the prefix, and the cache breakpoints (gutter icon + end-of-line label).
//
// Lifecycle: decoration types are created once per configuration and disposed when the settings change
// (Error Lens / decorator-sample pattern). Colors come only from contributed theme colors.
import * as vscode from 'vscode';
import type { Analysis, Breakpoint, OffsetRange } from '../core/types';
import type { AnalysisService } from './analysisService';
import type { EditorConfig } from './config';
import { breakpointLabel, requestParts } from './text';

export interface AppliedBreakpoint {
  /** Zero-width range at the end of the line that carries the label (the gutter icon is on that line). */
  range: vscode.Range;
  label: string;
  belowMinimum: boolean;
  /** The API would reject the request: nothing is cached (drawn like a below-minimum breakpoint). */
  rejected: boolean;
  kinds: Breakpoint['kind'][];
}

/** What was last applied to a document's editors (for tests and debugging). */
export interface AppliedDecorations {
  uri: string;
  version: number;
  cachedPrefix: vscode.Range[];
  writeOnly: vscode.Range[];
  /** The last character of what the next call reads from cache (plan.prefixEnd), per request (JSONL has several). */
  prefixEnds: vscode.Range[];
  breakpoints: AppliedBreakpoint[];
}

interface Types {
  cached: vscode.TextEditorDecorationType;
  writeOnly: vscode.TextEditorDecorationType;
  prefixEnd: vscode.TextEditorDecorationType;
  breakpoint: vscode.TextEditorDecorationType;
  breakpointBelowMin: vscode.TextEditorDecorationType;
}

const color = (id: string) => new vscode.ThemeColor(id);

function createTypes(extensionUri: vscode.Uri): Types {
  const media = (name: string) => vscode.Uri.joinPath(extensionUri, 'media', name);
  const labelStyle = (fg: string): vscode.ThemableDecorationAttachmentRenderOptions => ({
    color: color(fg),
    margin: '0 0 0 2.5em',
    fontStyle: 'italic',
  });
  /** Gutter icon (media/<icon>-light|dark.svg), overview-ruler mark and end-of-line label in one color. */
  const breakpointType = (icon: string, fg: string) =>
    vscode.window.createTextEditorDecorationType({
      light: { gutterIconPath: media(`${icon}-light.svg`) },
      dark: { gutterIconPath: media(`${icon}-dark.svg`) },
      gutterIconSize: '80%',
      overviewRulerColor: color(fg),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
      after: labelStyle(fg),
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
  return {
    cached: vscode.window.createTextEditorDecorationType({
      backgroundColor: color('promptCache.cachedPrefixBackground'),
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }),
    writeOnly: vscode.window.createTextEditorDecorationType({
      backgroundColor: color('promptCache.writeOnlyBackground'),
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }),
    prefixEnd: vscode.window.createTextEditorDecorationType({
      borderColor: color('promptCache.prefixEndBorder'),
      borderStyle: 'solid',
      borderWidth: '0 2px 0 0',
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }),
    breakpoint: breakpointType('breakpoint', 'promptCache.breakpointForeground'),
    breakpointBelowMin: breakpointType('breakpoint-below-minimum', 'promptCache.breakpointBelowMinimumForeground'),
  };
}

/** Offset ranges → editor ranges (clamped, empty ones dropped). */
function toRanges(document: vscode.TextDocument, ranges: readonly OffsetRange[]): vscode.Range[] {
  const len = document.getText().length;
  const out: vscode.Range[] = [];
  for (const r of ranges) {
    const s = Math.max(0, Math.min(r.start, len));
    const e = Math.max(s, Math.min(r.end, len));
    if (e > s) out.push(new vscode.Range(document.positionAt(s), document.positionAt(e)));
  }
  return out;
}

/** The last visible character before `offset` (skipping line breaks), as a one-character range. */
function prefixEndRange(document: vscode.TextDocument, offset: number): vscode.Range | undefined {
  const text = document.getText();
  let i = Math.min(offset, text.length) - 1;
  while (i >= 0 && (text[i] === '\n' || text[i] === '\r')) i--;
  if (i < 0) return undefined;
  return new vscode.Range(document.positionAt(i), document.positionAt(i + 1));
}

/** Breakpoints grouped by the line they sit on; one label per line. */
export function breakpointDecorations(document: vscode.TextDocument, analysis: Analysis): AppliedBreakpoint[] {
  const byLine = new Map<number, { bps: (Breakpoint & { exact: boolean; rejected?: string; family: Analysis['cache']['family'] })[] }>();
  for (const bp of requestParts(analysis).flatMap((p) => p.cache.breakpoints.map((b) => ({ ...b, exact: p.exact, rejected: p.cache.rejected, family: p.cache.family })))) {
    const offset = Math.max(0, Math.min(bp.range.start, document.getText().length));
    const line = document.positionAt(offset).line;
    const g = byLine.get(line) ?? { bps: [] };
    g.bps.push(bp);
    byLine.set(line, g);
  }
  const out: AppliedBreakpoint[] = [];
  for (const [line, g] of [...byLine.entries()].sort((a, b) => a[0] - b[0])) {
    const end = document.lineAt(line).range.end;
    out.push({
      range: new vscode.Range(end, end),
      label: g.bps.map((b) => breakpointLabel(b, b.exact, b)).join('   ·   '),
      belowMinimum: g.bps.every((b) => !b.meetsMinimum),
      rejected: g.bps.every((b) => !!b.rejected),
      kinds: g.bps.map((b) => b.kind),
    });
  }
  return out;
}

export class CacheDecorations implements vscode.Disposable {
  private types: Types;
  private readonly applied = new Map<string, AppliedDecorations>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly applyEmitter = new vscode.EventEmitter<AppliedDecorations>();
  /** Fires after decorations were applied to a document's visible editors. */
  readonly onDidApply = this.applyEmitter.event;

  constructor(
    private readonly service: AnalysisService,
    private readonly extensionUri: vscode.Uri,
    private readonly onError: (msg: string) => void,
  ) {
    this.types = createTypes(extensionUri);
    this.disposables.push(
      this.applyEmitter,
      service.onDidAnalyze((e) => this.safe(() => this.refreshDocument(e.document))),
      service.onDidClear((uri) => this.safe(() => this.clearDocument(uri))),
      service.onDidChangeConfig(() => this.safe(() => this.recreate())),
      vscode.window.onDidChangeVisibleTextEditors((editors) => this.safe(() => editors.forEach((ed) => this.apply(ed)))),
    );
    for (const ed of vscode.window.visibleTextEditors) this.safe(() => this.apply(ed));
  }

  /** What was last applied to the editors of `uri`. */
  getApplied(uri: vscode.Uri): AppliedDecorations | undefined {
    return this.applied.get(uri.toString());
  }

  private get cfg(): EditorConfig {
    return this.service.config;
  }

  /** Settings changed: new decoration types (old ones disposed, which also removes them from editors). */
  private recreate(): void {
    const old = this.types;
    this.types = createTypes(this.extensionUri);
    for (const t of Object.values(old)) t.dispose();
    this.applied.clear();
    for (const ed of vscode.window.visibleTextEditors) this.apply(ed);
  }

  private refreshDocument(document: vscode.TextDocument): void {
    for (const ed of vscode.window.visibleTextEditors) if (ed.document === document) this.apply(ed);
  }

  private clearDocument(uri: vscode.Uri): void {
    const key = uri.toString();
    this.applied.delete(key);
    for (const ed of vscode.window.visibleTextEditors) if (ed.document.uri.toString() === key) this.clearEditor(ed);
  }

  private clearEditor(ed: vscode.TextEditor): void {
    for (const t of Object.values(this.types)) ed.setDecorations(t, []);
  }

  /** Apply the current analysis of the editor's document (only when it matches the text on screen). */
  apply(ed: vscode.TextEditor): void {
    const document = ed.document;
    const analysis = this.service.getAnalysis(document.uri);
    const version = this.service.getAnalyzedVersion(document.uri);
    if (!analysis || !analysis.isRequest) {
      if (this.applied.has(document.uri.toString()) || this.service.isTracked(document.uri)) {
        this.clearEditor(ed);
        this.applied.delete(document.uri.toString());
      }
      return;
    }
    // A stale analysis would put ranges on the wrong text; VS Code moves existing decorations with edits,
    // and the next analysis re-applies them.
    if (version !== document.version) return;

    const cfg = this.cfg;
    const parts = requestParts(analysis);
    const cachedPrefix = cfg.highlights ? toRanges(document, parts.flatMap((p) => p.cache.readRanges)) : [];
    const writeOnly = cfg.highlights ? toRanges(document, parts.flatMap((p) => p.cache.writeOnlyRanges)) : [];
    const prefixEnds = cfg.highlights
      ? parts
          // prefixEnd: where what the next call reads ends (in cache order; OpenAI tools sit later in the source)
          .filter((p) => p.cache.prefixEnd > 0 && p.cache.cachedTokensNextCall > 0 && !p.cache.rejected)
          .map((p) => prefixEndRange(document, p.cache.prefixEnd))
          .filter((r): r is vscode.Range => !!r)
      : [];
    const bps = breakpointDecorations(document, analysis);

    ed.setDecorations(this.types.cached, cachedPrefix);
    ed.setDecorations(this.types.writeOnly, writeOnly);
    ed.setDecorations(this.types.prefixEnd, prefixEnds);
    const opts = (b: AppliedBreakpoint): vscode.DecorationOptions => ({
      range: b.range,
      renderOptions: cfg.breakpointLabels ? { after: { contentText: b.label } } : undefined,
    });
    // below the minimum or rejected: nothing is cached there, so the warning style
    ed.setDecorations(this.types.breakpoint, bps.filter((b) => !b.belowMinimum && !b.rejected).map(opts));
    ed.setDecorations(this.types.breakpointBelowMin, bps.filter((b) => b.belowMinimum || b.rejected).map(opts));

    const applied: AppliedDecorations = { uri: document.uri.toString(), version: document.version, cachedPrefix, writeOnly, prefixEnds, breakpoints: bps };
    this.applied.set(applied.uri, applied);
    this.applyEmitter.fire(applied);
  }

  private safe(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.onError(`decorations: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    for (const t of Object.values(this.types)) t.dispose();
    for (const d of this.disposables) d.dispose();
    this.applied.clear();
  }
}
