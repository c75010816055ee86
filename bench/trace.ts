// `npm run bench -- --trace[=N]`: a generated trace of N calls (default 20,000; 1,000,000 for the issue's
// production-sized case) written as JSONL to a temp folder, then streamed through the trace analysis the way
// the CLI reads it (1 MB reads, bounded state). Prints MB/s, calls/s and peak RSS; the file is deleted after.
// The trace: many interleaved Anthropic conversations (5 system-prompt variants, tools, a moving breakpoint,
// usage and timestamps), conversations of up to 12 turns, some gaps longer than the 5-minute TTL.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rng } from './inputs';
import { TraceRun } from '../src/core/trace/run';

const WORDS = 'the order refund shipping customer policy account invoice return label warranty delivery parcel tracking store credit payment receipt exchange size colour tent jacket boots backpack stove'.split(' ');

function sentence(r: () => number, n: number): string {
  const w: string[] = [];
  for (let i = 0; i < n; i++) w.push(WORDS[Math.floor(r() * WORDS.length)]);
  return w.join(' ');
}

/** Write N calls; returns the file's path and size. */
export function writeTrace(n: number, dir: string, seed = 1): { file: string; bytes: number } {
  const r = rng(seed);
  const systems = Array.from({ length: 5 }, (_, v) => Array.from({ length: 30 }, (_, i) => `Policy ${v}.${i}: ${sentence(r, 14)}.`).join('\n'));
  const tools = [
    { name: 'get_order', description: 'Look up an order by number.', input_schema: { type: 'object', properties: { id: { type: 'string' } } } },
    { name: 'start_return', description: 'Open a return for an item.', input_schema: { type: 'object', properties: { sku: { type: 'string' } } } },
  ];
  const file = path.join(dir, `trace-${n}.jsonl`);
  const fd = fs.openSync(file, 'w');
  const active = 400;
  const convs = Array.from({ length: active }, (_, i) => ({ sys: i % 5, turns: [] as string[][] }));
  let t = Date.parse('2026-11-01T00:00:00Z');
  let buf: string[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const c = convs[Math.floor(r() * active)];
    if (c.turns.length >= 12) {
      c.turns = [];
      c.sys = Math.floor(r() * 5);
    }
    c.turns.push([sentence(r, 8 + Math.floor(r() * 20)), sentence(r, 10 + Math.floor(r() * 40))]);
    const messages: object[] = [];
    c.turns.forEach(([q, a], k) => {
      const last = k === c.turns.length - 1;
      messages.push({ role: 'user', content: [{ type: 'text', text: q, ...(last ? { cache_control: { type: 'ephemeral' } } : {}) }] });
      if (!last) messages.push({ role: 'assistant', content: [{ type: 'text', text: a }] });
    });
    t += Math.floor(r() * 1500);
    const request = { model: 'claude-sonnet-4-5', max_tokens: 512, tools, system: [{ type: 'text', text: systems[c.sys], cache_control: { type: 'ephemeral' } }], messages };
    const line = JSON.stringify({ timestamp: new Date(t).toISOString(), request, response: { usage: { input_tokens: 40, cache_read_input_tokens: c.turns.length > 1 ? 900 : 0, cache_creation_input_tokens: 60, output_tokens: 30 } } }) + '\n';
    buf.push(line);
    bytes += Buffer.byteLength(line);
    if (buf.length >= 2000) {
      fs.writeSync(fd, buf.join(''));
      buf = [];
    }
  }
  if (buf.length) fs.writeSync(fd, buf.join(''));
  fs.closeSync(fd);
  return { file, bytes };
}

export function runTraceBench(args: string[]): void {
  const opt = args.find((a) => a.startsWith('--trace'))!;
  const n = opt.includes('=') ? Number(opt.split('=')[1].replace(/_/g, '')) : 20_000;
  const keep = args.includes('--keep');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcl-trace-bench-'));
  const g0 = performance.now();
  const { file, bytes } = writeTrace(n, dir);
  const gen = (performance.now() - g0) / 1000;
  console.log(`generated ${n.toLocaleString('en-US')} calls, ${(bytes / 1048576).toFixed(0)} MB in ${gen.toFixed(1)} s: ${file}`);
  let peak = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const cpuSecs = () => {
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6;
  };
  const t0 = performance.now();
  const run = new TraceRun({});
  const fd = fs.openSync(file, 'r');
  const buf = new Uint8Array(1 << 20);
  let lastReport = t0;
  for (;;) {
    const k = fs.readSync(fd, buf, 0, buf.length, null);
    if (k <= 0) break;
    run.push(buf.subarray(0, k));
    peak = Math.max(peak, process.memoryUsage().rss);
    const now = performance.now();
    if (now - lastReport > 10_000) {
      lastReport = now;
      console.log(`  ${(run.bytes / 1048576).toFixed(0)} MB, ${run.callsSeen.toLocaleString('en-US')} calls, ${(run.bytes / 1048576 / ((now - t0) / 1000)).toFixed(1)} MB/s wall, ${(run.bytes / 1048576 / cpuSecs()).toFixed(1)} MB per CPU-second, RSS ${(peak / 1048576).toFixed(0)} MB`);
    }
  }
  fs.closeSync(fd);
  const totals = run.end();
  const secs = (performance.now() - t0) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  const cpu = cpuSecs();
  console.log(`trace: ${totals.calls.toLocaleString('en-US')} calls, ${(bytes / 1048576).toFixed(0)} MB in ${secs.toFixed(1)} s = ${(bytes / 1048576 / secs).toFixed(1)} MB/s wall (${(bytes / 1048576 / cpu).toFixed(1)} MB per CPU-second, ${cpu.toFixed(1)} CPU-s), ${Math.round(totals.calls / secs).toLocaleString('en-US')} calls/s, peak RSS ${(peak / 1048576).toFixed(0)} MB`);
  console.log(`  predicted hit rate ${((totals.predictedRead / Math.max(1, totals.inputTokens)) * 100).toFixed(1)}%, kinds ${JSON.stringify(totals.kinds)}`);
  console.log(`  machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, node ${process.version}`);
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
}
