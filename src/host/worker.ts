// The analysis worker (bundled to dist/worker.js): runs analyze() off the extension host's thread.
// Plain node:worker_threads, no vscode. The tokenizer loads lazily here, on the first count, exactly as
// in-process; the chunk memos live here too, so a keystroke re-tokenizes one chunk of the edited block.
//
// Protocol (structured-clone data only), see workerClient.ts:
//   host → worker  { type: 'analyze', id, key, text | delta, options, files? }   options: AnalyzeOptions without
//                  readFile; files: where local image files may be read (FileScope, see localFiles.ts; absent:
//                  none, and filesRefused says why, e.g. an untrusted workspace);
//                  delta = the change against the last text of that document (large files: a keystroke
//                  sends a few characters instead of copying megabytes on the host's thread); the id is
//                  the request's generation
//                  { type: 'refactor', id, key, generation, offset }   "Add cache_control" refactorings at
//                  offset, from the request model of the analysis this worker built for that generation
//                  { type: 'clear' }                            drop the memos (tests, memory pressure); the
//                                                               texts and analyses per key stay
//                  test?: { delayMs, crash }  on 'analyze', honoured only when PCL_TEST_HOOKS=1 is set (the
//                  real-VS-Code test runner): a slow analysis, or a crash / out-of-memory in the middle of one
//   worker → host  { type: 'ready' }
//                  { type: 'result', id, analysis, ms }         analysis stripped for the editor (below)
//                  { type: 'error', id, message }
//                  { type: 'need-text', id }                    the worker lacks the delta's base: resend whole
//                  { type: 'fixes', id, fixes, stale? }         answer to 'refactor'; stale: the worker's last
//                                                               analysis of that key is not that generation
//                                                               (a newer one ran, or it was dropped): fixes []
//
// Per document key the worker keeps the last text and the last analysis it produced (unstripped: the rule
// context behind it, request model included, lives here, see ruleContextOf), for at most MAX_DOCS keys.
//
// Source files (Python / TypeScript / JavaScript, issue 13: options.fileName's extension or options.languageId):
// the first one makes the worker load tree-sitter and its grammars (src/host/treeSitter.ts; other files never
// load it); each analysis then gets `parseSource: parserFor(key)`, a parser bound to the document key, which
// keeps that document's last tree and reparses only what the edit touched. The key is the document's identity;
// the edit is found from the previous text of that key (the delta, when one was sent, is exactly that).
import { parentPort } from 'worker_threads';
import { addImageRefusalNotes, imageReader, type FileScope, type ImageRefusal } from './localFiles';
import { analyze, clearCaches, refactoringsAt } from '../core/analyze';
import { rawTiktokenCount } from '../core/tokens/encoding';
import type { Analysis, AnalyzeOptions, Fix } from '../core/types';
import { sourceLanguageOf } from '../core/dialects/source/languages';
import { loadTreeSitter, type TreeSitterHost } from './treeSitter';

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
  /** Where local image files may be read; absent: nowhere. */
  files?: FileScope;
  /** Why no local file is read (shown in the analysis' notes when a request names one). */
  filesRefused?: string;
  /** Test hooks, honoured only when the worker runs with PCL_TEST_HOOKS=1. */
  test?: WorkerTestHook;
}
export interface WorkerTestHook {
  /** Busy-wait this long before analyzing (a slow analysis, as the thread sees it). */
  delayMs?: number;
  /** After the delay: throw out of the message handler, exit the thread, or exhaust the heap. */
  crash?: 'throw' | 'exit' | 'oom';
}
/** "Add cache_control" refactorings at `offset` of the analysis answered to request `generation` of `key`. */
export interface RefactorRequest {
  type: 'refactor';
  id: number;
  key: string;
  /** The id of the analyze request whose analysis the caller holds. */
  generation: number;
  offset: number;
}
export type WorkerRequest = AnalyzeRequest | RefactorRequest | { type: 'clear' };
export type WorkerResponse =
  | { type: 'ready' }
  | { type: 'result'; id: number; analysis: Analysis; ms: number }
  | { type: 'error'; id: number; message: string }
  /** A delta arrived for a key whose text the worker no longer holds: send the whole text. */
  | { type: 'need-text'; id: number }
  /** Answer to a RefactorRequest (same id). stale: the worker no longer holds that generation's analysis. */
  | { type: 'fixes'; id: number; fixes: Fix[]; stale?: boolean; error?: string };

interface DocState {
  /** The last text of the document (the base of the next delta). */
  text: string;
  /** The analysis of that text as analyze() returned it (before stripForEditor), and its request id. */
  last?: { generation: number; analysis: Analysis };
}

/**
 * Per document key (a few documents, least recently analyzed dropped first): the last text and its
 * analysis, dropped together. A dropped text is re-sent whole when needed; a dropped analysis answers
 * refactor requests as stale until the document is analyzed again.
 */
const docs = new Map<string, DocState>();
const MAX_DOCS = 8;

/** tree-sitter, once a source file was asked for (undefined before; `failed` says why it could not load). */
let treeSitter: TreeSitterHost | undefined;
let treeSitterFailed: string | undefined;

function isSource(options: AnalyzeRequest['options']): boolean {
  return sourceLanguageOf(options.fileName, options.languageId) !== undefined;
}

function refactor(msg: RefactorRequest): WorkerResponse {
  const last = docs.get(msg.key)?.last;
  if (!last || last.generation !== msg.generation) return { type: 'fixes', id: msg.id, fixes: [], stale: true };
  try {
    return { type: 'fixes', id: msg.id, fixes: refactoringsAt(last.analysis, msg.offset) ?? [] };
  } catch (err) {
    return { type: 'fixes', id: msg.id, fixes: [], error: err instanceof Error ? err.message : String(err) };
  }
}

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

/** Test hooks (PCL_TEST_HOOKS=1 only): see WorkerTestHook. */
function runTestHook(h: WorkerTestHook): void {
  const until = performance.now() + Math.min(h.delayMs ?? 0, 120_000);
  while (performance.now() < until) {
    /* busy: the thread is stuck, as in a slow analysis */
  }
  if (h.crash === 'throw') throw new Error('test hook: the analysis worker crashed');
  if (h.crash === 'exit') process.exit(3);
  if (h.crash === 'oom') {
    const keep: string[][] = [];
    for (;;) keep.push(Array.from({ length: 1 << 16 }, (_, i) => `${i}-${keep.length}`));
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (msg: WorkerRequest) => {
    if (msg.type === 'clear') {
      clearCaches();
      return;
    }
    if (msg.type === 'refactor') {
      port.postMessage(refactor(msg) satisfies WorkerResponse);
      return;
    }
    if (msg.type !== 'analyze') return;
    if (isSource(msg.options) && !treeSitter && treeSitterFailed === undefined) {
      // The first source file: load the parser (once; the client's time limit covers the wait), then analyse.
      // The client sends this worker nothing else to analyse meanwhile (one analysis per worker at a time).
      loadTreeSitter().then(
        (host) => {
          treeSitter = host;
          onAnalyze(port, msg);
        },
        (err: unknown) => {
          treeSitterFailed = err instanceof Error ? err.message : String(err);
          onAnalyze(port, msg);
        },
      );
      return;
    }
    onAnalyze(port, msg);
  });
  // Load the usual tokenizer before saying ready: the client's time limit then measures analyses, not the
  // start of a fresh worker (after a restart on a busy machine that alone can take seconds).
  try {
    rawTiktokenCount('ready', 'o200k_base');
  } catch {
    /* loaded lazily by the first analysis instead */
  }
  port.postMessage({ type: 'ready' } satisfies WorkerResponse);
}

function onAnalyze(port: NonNullable<typeof parentPort>, msg: AnalyzeRequest): void {
  let text = msg.text;
  if (text === undefined) {
    const base = docs.get(msg.key)?.text;
    if (base === undefined || !msg.delta) {
      port.postMessage({ type: 'need-text', id: msg.id } satisfies WorkerResponse);
      return;
    }
    text = base.slice(0, msg.delta.start) + msg.delta.insert + base.slice(msg.delta.end);
  }
  // The previous analysis of this key is for another text: it goes now, the new one replaces it below.
  const doc: DocState = { text };
  docs.delete(msg.key);
  docs.set(msg.key, doc);
  if (docs.size > MAX_DOCS) {
    const oldest = docs.keys().next().value as string;
    docs.delete(oldest);
    treeSitter?.forget(oldest); // its syntax tree goes with its text
  }
  const t = performance.now();
  if (msg.test && process.env.PCL_TEST_HOOKS === '1') runTestHook(msg.test);
  try {
    const refusals: ImageRefusal[] = [];
    const source = treeSitter && isSource(msg.options) ? { parseSource: treeSitter.parserFor(msg.key) } : {};
    const full = analyze(text, { ...msg.options, ...source, readFile: imageReader(msg.files, refusals, msg.filesRefused) });
    if (treeSitterFailed !== undefined && isSource(msg.options)) full.problems.push({ severity: 'error', message: `The syntax parser (tree-sitter) could not be loaded: ${treeSitterFailed}` });
    addImageRefusalNotes(full, refusals);
    doc.last = { generation: msg.id, analysis: full };
    const analysis = stripForEditor(full);
    port.postMessage({ type: 'result', id: msg.id, analysis, ms: performance.now() - t } satisfies WorkerResponse);
  } catch (err) {
    port.postMessage({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) } satisfies WorkerResponse);
  }
}
