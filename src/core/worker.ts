// The analysis worker (bundled to dist/worker.js): runs analyze() off the extension host's thread.
// Plain node:worker_threads, no vscode. The tokenizer loads lazily here, on the first count, exactly as
// in-process; the chunk memos live here too, so a keystroke re-tokenizes one chunk of the edited block.
//
// Protocol (structured-clone data only), see workerClient.ts:
//   host → worker  { type: 'analyze', id, key, text | delta, options }   options: AnalyzeOptions without readFile;
//                  delta = the change against the last text of that document (large files: a keystroke
//                  sends a few characters instead of copying megabytes on the host's thread)
//                  { type: 'clear' }                            drop the memos (tests, memory pressure)
//   worker → host  { type: 'ready' }
//                  { type: 'result', id, analysis, ms }         analysis stripped for the editor (below)
//                  { type: 'error', id, message }
//                  { type: 'need-text', id }                    the worker lacks the delta's base: resend whole
import { parentPort } from 'worker_threads';
import { readLocalFile } from './localFiles';
import { analyze, clearCaches } from './analyze';
import type { Analysis, AnalyzeOptions } from './types';

export interface AnalyzeRequest {
  type: 'analyze';
  id: number;
  /** Document key: the worker keeps the last text per key so the next request may send only a delta. */
  key: string;
  /** The whole text, or … */
  text?: string;
  /** … the change against the last text of this key: text = last.slice(0, start) + insert + last.slice(end). */
  delta?: { start: number; end: number; insert: string };
  options: Omit<AnalyzeOptions, 'readFile'>;
}
export type WorkerRequest = AnalyzeRequest | { type: 'clear' };
export type WorkerResponse =
  | { type: 'ready' }
  | { type: 'result'; id: number; analysis: Analysis; ms: number }
  | { type: 'error'; id: number; message: string }
  /** A delta arrived for a key whose text the worker no longer holds: send the whole text. */
  | { type: 'need-text'; id: number };

/** Last text per document key (a few documents; older ones are dropped and re-sent whole when needed). */
const docs = new Map<string, string>();
const MAX_DOCS = 8;

/**
 * What the editor does not use, removed before the result crosses the thread boundary: the decoded text of
 * every span and its escape map (for a 5 MB block that is a 5 MB string plus a 5-million-entry array to
 * copy on the host's thread). Segment ranges, counts, plan, diagnostics and fixes are kept.
 */
export function stripForEditor(a: Analysis): Analysis {
  const strip = (segs: Analysis['segments']): Analysis['segments'] =>
    segs.map((s) => {
      const c = { ...s, spans: [] };
      if (s.children) c.children = strip(s.children);
      return c;
    });
  const out: Analysis = { ...a, segments: strip(a.segments) };
  if (a.lines) out.lines = a.lines.map(stripForEditor);
  return out;
}


if (parentPort) {
  const port = parentPort;
  port.on('message', (msg: WorkerRequest) => {
    if (msg.type === 'clear') {
      clearCaches();
      return;
    }
    if (msg.type !== 'analyze') return;
    let text = msg.text;
    if (text === undefined) {
      const base = docs.get(msg.key);
      if (base === undefined || !msg.delta) {
        port.postMessage({ type: 'need-text', id: msg.id } satisfies WorkerResponse);
        return;
      }
      text = base.slice(0, msg.delta.start) + msg.delta.insert + base.slice(msg.delta.end);
    }
    docs.delete(msg.key);
    docs.set(msg.key, text);
    if (docs.size > MAX_DOCS) docs.delete(docs.keys().next().value as string);
    const t = performance.now();
    try {
      const analysis = stripForEditor(analyze(text, { ...msg.options, readFile: readLocalFile }));
      port.postMessage({ type: 'result', id: msg.id, analysis, ms: performance.now() - t } satisfies WorkerResponse);
    } catch (err) {
      port.postMessage({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) } satisfies WorkerResponse);
    }
  });
  port.postMessage({ type: 'ready' } satisfies WorkerResponse);
}
