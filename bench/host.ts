// Host-thread harness: what the extension host's thread pays while the user types in a large request.
// It plays the analysis service: on every keystroke it builds the new text and posts it to the analysis
// worker (no debounce: the worst case; the client's per-document coalescing keeps at most one request
// queued), receives results, and measures the longest stretch the thread was blocked with
// perf_hooks.monitorEventLoopDelay and a 2 ms interval timer.
//
//   node --import tsx bench/host.ts [--size=5m] [--shape=openai-doc] [--keys=60] [--interval=60]
// Uses dist/worker.js when it exists (the bundle the extension ships; `npm run build`), else the
// TypeScript source through tsx.
import * as fs from 'fs';
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import { AnalysisWorkerClient, AnalysisSuperseded } from '../src/host/workerClient';
import { makeInput, type Shape } from './inputs';

export interface HostResult {
  shape: Shape;
  chars: number;
  keystrokes: number;
  intervalMs: number;
  where: string;
  coldMs: number;
  /** Longest event-loop stall seen by monitorEventLoopDelay (ms). */
  maxDelayMs: number;
  /** Longest gap of the 2 ms interval timer beyond its period (ms). */
  maxGapMs: number;
  /** Longest synchronous host-side step: build text + post (ms). */
  maxPostMs: number;
  /** Results delivered / superseded while typing. */
  results: number;
  superseded: number;
  /** Keystroke → result of that or a newer text: median latency (ms). */
  medianLatencyMs: number;
  workerMedianMs: number;
}

export async function measureHostThread(opts: { size: number; shape?: Shape; keys?: number; intervalMs?: number }): Promise<HostResult> {
  const shape = opts.shape ?? 'openai-doc';
  const keys = opts.keys ?? 60;
  const intervalMs = opts.intervalMs ?? 60;
  const dist = path.join(__dirname, '..', 'dist', 'worker.js');
  const useDist = fs.existsSync(dist);
  const client = new AnalysisWorkerClient({
    script: useDist ? dist : path.join(__dirname, '..', 'src', 'host', 'worker.ts'),
  });
  const input = makeInput(shape, opts.size);
  let text = input.text;
  const key = `/bench/${shape}.json`;
  const options = { fileName: key };

  const t0 = performance.now();
  const first = await client.analyze(key, text, options);
  const coldMs = performance.now() - t0;

  const h = monitorEventLoopDelay({ resolution: 2 });
  let maxGap = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last - 2);
    last = now;
  }, 2);
  h.enable();

  let maxPost = 0;
  let results = 0;
  const latencies: number[] = [];
  const workerMs: number[] = [];
  const pending: Promise<void>[] = [];
  let cursor = input.bigEditAt;
  for (let i = 0; i < keys; i++) {
    await new Promise((r) => setTimeout(r, intervalMs));
    const s = performance.now();
    text = text.slice(0, cursor) + 'abcdefghij'[i % 10] + text.slice(cursor);
    cursor++;
    const sent = performance.now();
    const p = client.analyze(key, text, options).then(
      (r) => {
        results++;
        latencies.push(performance.now() - sent);
        workerMs.push(r.ms);
      },
      (e) => {
        if (!(e instanceof AnalysisSuperseded)) throw e;
      },
    );
    maxPost = Math.max(maxPost, performance.now() - s);
    pending.push(p);
  }
  await Promise.all(pending);
  h.disable();
  clearInterval(timer);
  client.dispose();
  const med = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);
  return {
    shape,
    chars: input.text.length,
    keystrokes: keys,
    intervalMs,
    where: `${first.where}${useDist ? ' (dist/worker.js)' : ' (source via tsx)'}`,
    coldMs,
    maxDelayMs: h.max / 1e6,
    maxGapMs: maxGap,
    maxPostMs: maxPost,
    results,
    superseded: client.stats.superseded,
    medianLatencyMs: med(latencies),
    workerMedianMs: med(workerMs),
  };
}

export function describeHost(r: HostResult): string {
  return (
    `Host thread while typing ${r.keystrokes} characters (one every ${r.intervalMs} ms, each posted at once) into a ` +
    `${(r.chars / 1048576).toFixed(1)} MB ${r.shape} request, analysis in the ${r.where}: longest event-loop stall ` +
    `${r.maxDelayMs.toFixed(1)} ms (monitorEventLoopDelay), longest timer gap ${r.maxGapMs.toFixed(1)} ms, longest ` +
    `build-and-post step ${r.maxPostMs.toFixed(1)} ms; ${r.results} results, ${r.superseded} queued requests superseded; ` +
    `keystroke → fresh result median ${r.medianLatencyMs.toFixed(0)} ms (worker engine time median ${r.workerMedianMs.toFixed(0)} ms); ` +
    `first (cold) analysis ${r.coldMs.toFixed(0)} ms.`
  );
}

if (require.main === module) {
  const arg = (n: string) => process.argv.find((a) => a.startsWith(`--${n}=`))?.split('=')[1];
  const sizeArg = arg('size') ?? '5m';
  const size = Math.round(parseFloat(sizeArg) * (/m$/i.test(sizeArg) ? 1048576 : /k$/i.test(sizeArg) ? 1024 : 1));
  measureHostThread({ size, shape: arg('shape') as Shape | undefined, keys: arg('keys') ? Number(arg('keys')) : undefined, intervalMs: arg('interval') ? Number(arg('interval')) : undefined })
    .then((r) => console.log(describeHost(r)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
