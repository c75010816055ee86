// The panel's trace section, extension side: when the followed document is a trace (JSONL records with
// usage or times, a LiteLLM log, an OpenTelemetry export), stream its text through src/core/trace in
// chunks (yielding between them so the extension host stays responsive), with a progress notification for
// large traces, and post the rows and totals to the webview (src/webview/trace.ts). Clicking a row reveals
// its line.
import * as vscode from 'vscode';
import { callsOfRecord } from '../../core/trace/records';
import { TraceRun } from '../../core/trace/run';
import { hitRates, type CallResult } from '../../core/trace/types';
import type { TraceMessage, TraceRow, TraceViewModel } from '../../shared/protocol';

/** Texts above this size get a progress notification. */
const PROGRESS_CHARS = 2 * 1024 * 1024;
const CHUNK_CHARS = 256 * 1024;
const FIRST_ROWS = 500;
const MAX_ROWS = 3000;

/** Is this document a trace (not a JSONL of bare request bodies, which the cost panel already covers)? */
export function looksLikeTrace(doc: vscode.TextDocument): boolean {
  const name = doc.uri.path.toLowerCase();
  const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 50), 0)).slice(0, 1_000_000);
  if (name.endsWith('.json')) return /"resourceSpans"\s*:/.test(head);
  if (!name.endsWith('.jsonl') && !name.endsWith('.ndjson') && doc.languageId !== 'jsonl') return false;
  const first = head.split('\n').find((l) => l.trim());
  if (!first) return false;
  try {
    const { calls } = callsOfRecord(JSON.parse(first));
    return calls.some((c) => c.format !== 'request' || c.usage !== undefined || c.time !== undefined);
  } catch {
    return false;
  }
}

function toRow(r: CallResult): TraceRow {
  return {
    index: r.index,
    line: r.line,
    model: r.model,
    inputTokens: r.inputTokens,
    predictedRead: r.predictedRead,
    billedRead: r.billed?.cachedRead,
    agrees: r.agrees,
    kind: r.explanation.kind,
    explanation: r.explanation.message,
    billedNote: r.billedNote,
    providerReason: r.providerReason ? `${r.providerReason.provider} ${r.providerReason.reason}` : undefined,
    providerDisagrees: r.providerReason?.disagrees,
    lostUsd: r.lostUsd,
  };
}

export class TraceSection implements vscode.Disposable {
  private key?: string;
  private model?: TraceViewModel;
  private generation = 0;
  private seq = 0;
  private readonly emitter = new vscode.EventEmitter<TraceMessage>();
  /** Fires after every trace message posted (tests wait on it). */
  readonly onDidPost = this.emitter.event;
  /** The last message posted (test hook). */
  last?: TraceMessage;

  constructor(private readonly postMessage: (m: TraceMessage) => Thenable<unknown> | undefined) {}

  dispose(): void {
    this.generation++;
    this.emitter.dispose();
  }

  /** Show the trace of `doc` (recomputed when the document or its version changed), or hide the section. */
  show(doc: vscode.TextDocument | undefined): void {
    if (!doc || doc.isClosed || !looksLikeTrace(doc)) {
      if (this.key !== undefined || this.seq === 0) {
        this.key = undefined;
        this.model = undefined;
        this.generation++;
        this.send(undefined);
      }
      return;
    }
    const key = `${doc.uri.toString()}@${doc.version}`;
    if (key === this.key && this.model) {
      this.send(this.model);
      return;
    }
    this.key = key;
    void this.run(doc, ++this.generation);
  }

  private send(trace: TraceViewModel | undefined): void {
    const m: TraceMessage = { type: 'trace', seq: ++this.seq, trace };
    this.last = m;
    void Promise.resolve(this.postMessage(m)).finally(() => this.emitter.fire(m));
  }

  private async run(doc: vscode.TextDocument, gen: number): Promise<void> {
    const text = doc.getText();
    const path = doc.uri.path;
    const model: TraceViewModel = { uri: doc.uri.toString(), fileName: path.slice(path.lastIndexOf('/') + 1), running: true, rows: [], hiddenRows: 0, totals: { calls: 0, problems: 0, predictedHitRate: 0, billedCalls: 0, agreeing: 0, lostUsd: 0, lostTokens: 0, kinds: {}, providerDisagreements: 0 } };
    const run = new TraceRun({
      document: /\.json$/i.test(path),
      onCall: (r) => {
        const miss = r.explanation.kind !== 'hit' && r.explanation.kind !== 'new-conversation';
        if (model.rows.length < FIRST_ROWS || (miss && model.rows.length < MAX_ROWS) || r.agrees === false) model.rows.push(toRow(r));
        else model.hiddenRows++;
      },
    });
    const fill = () => {
      const t = run.analyzer.totals;
      const rates = hitRates(t);
      model.totals = { calls: t.calls, problems: t.problems, predictedHitRate: rates.predicted, billedHitRate: rates.billed, predictedOnBilledHitRate: rates.predictedOnBilled, billedCalls: t.billedCalls, agreeing: t.agreeing, lostUsd: t.lostMicroUsd / 1e6, lostTokens: t.lostTokens, kinds: { ...t.kinds } as Record<string, number>, providerDisagreements: t.providerDisagreements };
    };
    const encoder = new TextEncoder();
    const work = async (progress?: vscode.Progress<{ increment?: number; message?: string }>, token?: vscode.CancellationToken) => {
      let lastPost = Date.now();
      for (let i = 0; i < text.length; i += CHUNK_CHARS) {
        if (gen !== this.generation || token?.isCancellationRequested) return false;
        run.push(encoder.encode(text.slice(i, i + CHUNK_CHARS)));
        progress?.report({ increment: (100 * Math.min(CHUNK_CHARS, text.length - i)) / text.length, message: `${run.analyzer.totals.calls.toLocaleString('en-US')} calls` });
        if (Date.now() - lastPost > 1000) {
          lastPost = Date.now();
          fill();
          this.send({ ...model, rows: [...model.rows] });
        }
        await new Promise((r) => setTimeout(r, 0));
      }
      return true;
    };
    const done = text.length > PROGRESS_CHARS ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Prompt Cache: reading trace ${model.fileName}`, cancellable: true }, (p, t) => work(p, t)) : await work();
    if (gen !== this.generation) return;
    run.end();
    fill();
    model.running = false;
    if (!done) model.fileName += ' (stopped)';
    this.model = model;
    this.send(model);
  }

  /** Open the trace at a call's line. */
  async reveal(uri: string, line: number): Promise<void> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (!doc || line >= doc.lineCount) return;
    const range = doc.lineAt(line).range;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn, selection: new vscode.Selection(range.start, range.start), preserveFocus: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}
