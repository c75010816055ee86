// The streaming trace driver: bytes in (pushed by the caller's reader), calls out, totals at the end.
// Lines → records → calls → (this shard's calls only) → the cache simulation. Nothing but the simulation's
// bounded state is kept between lines.
import { hashString } from './hash';
import { LineSplitter } from './lines';
import { callsOfRecord } from './records';
import { TraceAnalyzer, type TraceOptions } from './simulate';
import type { CallResult, TraceProblem, TraceTotals } from './types';

export interface Shard {
  /** 1-based shard number. */
  index: number;
  count: number;
}

export interface TraceRunOptions extends TraceOptions {
  /** The whole input is one JSON document (a .json file), not JSONL. */
  document?: boolean;
  /**
   * Analyse only the calls of this shard. Calls are split by their first element in cache order (the shard
   * key), so calls that can share a cache entry are always in the same shard and the shards' totals add up
   * to the unsharded totals exactly.
   */
  shard?: Shard;
  onCall?(r: CallResult): void;
  onProblem?(p: TraceProblem): void;
}

/** Parse "i/n" (1 ≤ i ≤ n). */
export function parseShard(s: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && index >= 1 && index <= count ? { index, count } : undefined;
}

export function shardOf(key: string, count: number): number {
  return (hashString(key, 17).a % count) + 1;
}

export class TraceRun {
  readonly analyzer: TraceAnalyzer;
  private readonly splitter: LineSplitter;
  private calls = 0;
  /** Calls seen in the file (all shards). */
  get callsSeen(): number {
    return this.calls;
  }
  get bytes(): number {
    return this.splitter.bytes;
  }

  constructor(private readonly options: TraceRunOptions = {}) {
    this.analyzer = new TraceAnalyzer(options);
    this.splitter = new LineSplitter(
      (text, line) => this.line(text, line),
      (line, message) => this.problem({ line, message }),
      { document: options.document },
    );
  }

  push(chunk: Uint8Array): void {
    this.splitter.push(chunk);
  }

  end(): TraceTotals {
    this.splitter.end();
    return this.analyzer.totals;
  }

  private problem(p: TraceProblem): void {
    const shard = this.options.shard;
    // Problems are counted once: in shard 1 of a sharded run.
    if (shard && shard.index !== 1) return;
    this.analyzer.problem();
    this.options.onProblem?.(p);
  }

  private line(text: string, line: number): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.problem({ line, message: `Line ${line + 1} is not JSON: ${(e as Error).message}` });
      return;
    }
    const { calls, problems } = callsOfRecord(value);
    for (const p of problems) this.problem({ line, message: p.message });
    const shard = this.options.shard;
    for (const c of calls) {
      const index = this.calls++;
      if (shard && shard.count > 1 && shardOf(c.shardKey, shard.count) !== shard.index) continue;
      const r = this.analyzer.add({ index, line, format: c.format, requestText: c.requestText, time: c.time, usage: c.usage, providerReason: c.providerReason });
      this.options.onCall?.(r);
    }
  }
}

/** Run a whole trace held in memory (tests, small files). */
export function runTraceText(text: string, options: TraceRunOptions = {}): { results: CallResult[]; problems: TraceProblem[]; totals: TraceTotals } {
  const results: CallResult[] = [];
  const problems: TraceProblem[] = [];
  const run = new TraceRun({ ...options, onCall: (r) => (results.push(r), options.onCall?.(r)), onProblem: (p) => (problems.push(p), options.onProblem?.(p)) });
  run.push(new TextEncoder().encode(text));
  return { results, problems, totals: run.end() };
}
