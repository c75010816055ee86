// Language server round trips next to the worker alone: what an LSP editor waits for after a keystroke in a
// large request, and how long the server's own thread is ever blocked meanwhile.
//
//   npm run build && node --import tsx bench/server.ts [--sizes=1m,5m] [--reps=5] [--keys=20] [--interval=60]
//
// For each size (openai-doc shape, the bench's seeded generator):
//   worker: AnalysisWorkerClient.analyze() of the text with one more character (dist/worker.js, what the
//           extension does today), one edit at a time: median / max ms from post to result;
//   server: `node dist/cli.js lsp --stdio` (debounce 0, maxFileSize raised), one incremental didChange of
//           one character at a time: median / max ms from didChange sent to publishDiagnostics of that version;
//   typing: `keys` characters, one every `interval` ms, each sent at once, the server at its default debounce
//           (300 ms): ms from the last keystroke to its diagnostics, and the longest stall of the server's
//           event loop over the whole typing run (promptCache/stats, 5 ms resolution).
import * as path from 'node:path';
import { AnalysisWorkerClient } from '../src/host/workerClient';
import { makeInput, fmtSize } from './inputs';
import { LspTestClient } from '../test/unit/lspClient';

const args = process.argv.slice(2);
const opt = (n: string) => args.find((a) => a.startsWith(`--${n}=`))?.split('=')[1];
const parseSize = (s: string) => Math.round(parseFloat(s) * (/m$/i.test(s) ? 1048576 : /k$/i.test(s) ? 1024 : 1));
const sizes = (opt('sizes') ?? '1m,5m').split(',').map(parseSize);
const reps = Number(opt('reps') ?? 5);
const keys = Number(opt('keys') ?? 20);
const interval = Number(opt('interval') ?? 60);

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs: number[]) => Math.max(...xs);

async function workerFigures(text: string, at: number): Promise<number[]> {
  const client = new AnalysisWorkerClient({ script: path.join(__dirname, '..', 'dist', 'worker.js'), timeLimitMs: 120_000 });
  const key = '/bench/server-compare.json';
  await client.analyze(key, text, { fileName: key });
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    text = text.slice(0, at + i) + 'x' + text.slice(at + i);
    const t = performance.now();
    await client.analyze(key, text, { fileName: key });
    out.push(performance.now() - t);
  }
  client.dispose();
  return out;
}

interface ServerFigures {
  roundTrips: number[];
  openMs: number;
  typingLastMs: number;
  maxStallMs: number;
  p99StallMs: number;
  published: number;
}

async function serverFigures(text: string, at: number): Promise<ServerFigures> {
  const c = new LspTestClient({ settings: { debounceMs: 0, maxFileSize: 64 * 1024, analysisTimeLimit: 120 } });
  await c.initialize();
  const uri = c.uriOf('bench/.server-bench.json');
  const t0 = performance.now();
  let doc = c.open(uri, text);
  await c.diagnostics(uri, 1, 120_000);
  const openMs = performance.now() - t0;
  const roundTrips: number[] = [];
  let cursor = at;
  for (let i = 0; i < reps; i++) {
    const pos = doc.positionAt(cursor++);
    const t = performance.now();
    doc = c.change(uri, [{ range: { start: pos, end: pos }, text: 'x' }]);
    await c.diagnostics(uri, doc.version, 120_000);
    roundTrips.push(performance.now() - t);
  }
  // typing: with the server's default debounce (300 ms), as an editor would use it
  c.settings = { maxFileSize: 64 * 1024, analysisTimeLimit: 120 };
  void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await c.diagnostics(uri, doc.version, 120_000);
  await new Promise((r) => setTimeout(r, 500));
  await c.request('promptCache/stats', { reset: true });
  const before = c.published.length;
  let last = 0;
  for (let i = 0; i < keys; i++) {
    await new Promise((r) => setTimeout(r, interval));
    const pos = doc.positionAt(cursor++);
    last = performance.now();
    doc = c.change(uri, [{ range: { start: pos, end: pos }, text: 'abcdefghij'[i % 10] }]);
  }
  await c.diagnostics(uri, doc.version, 120_000);
  const typingLastMs = performance.now() - last;
  const stats = await c.request<{ eventLoopDelayMaxMs: number; eventLoopDelayP99Ms: number }>('promptCache/stats', {});
  const published = c.published.slice(before).filter((p) => p.uri === uri).length;
  await c.shutdown();
  return { roundTrips, openMs, typingLastMs, maxStallMs: stats.eventLoopDelayMaxMs, p99StallMs: stats.eventLoopDelayP99Ms, published };
}

async function main(): Promise<void> {
  const lines = ['| size | worker: edit → result, median / max | server: didChange → publishDiagnostics, median / max | server: open → first diagnostics | typing ' + `${keys} keys every ${interval} ms (debounce 300 ms): last key → diagnostics | server thread longest stall (p99) |`, '|---|---|---|---|---|---|'];
  for (const size of sizes) {
    const input = makeInput('openai-doc', size);
    const w = await workerFigures(input.text, input.bigEditAt);
    const s = await serverFigures(input.text, input.bigEditAt);
    const row = `| ${fmtSize(size)} | ${med(w).toFixed(0)} / ${max(w).toFixed(0)} ms | ${med(s.roundTrips).toFixed(0)} / ${max(s.roundTrips).toFixed(0)} ms | ${s.openMs.toFixed(0)} ms | ${s.typingLastMs.toFixed(0)} ms (${s.published} publications) | ${s.maxStallMs.toFixed(1)} ms (${s.p99StallMs.toFixed(1)} ms) |`;
    lines.push(row);
    console.log(row);
  }
  console.log(`\n${lines.join('\n')}\n\n${reps} single edits per size; node ${process.version}.`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
