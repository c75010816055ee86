// `prompt-cache trace FILE`: a recorded sequence of calls, each held against the cache under the provider's
// rules, with the billed figures beside the prediction; and `prompt-cache trace --merge A.json B.json …`.
// The file is streamed through io.openRead (never read whole); the engine computes (src/core/trace), this
// file parses arguments, prints, and draws the progress bar.
import { fmtInt, fmtUsd } from '../core/format';
import { hitRates, mergeTotals, emptyTotals, type CallResult, type TraceProblem, type TraceTotals } from '../core/trace/types';
import { parseShard, TraceRun, type Shard } from '../core/trace/run';
import type { CliIO } from './main';
import { takeFlag, UsageError } from './args';

const TRACE_USAGE = `Usage: prompt-cache trace FILE [options]
       prompt-cache trace --merge A.json B.json ... [--format text|json]

Read a trace (JSONL of request bodies or of {request, response, timestamp} records, LiteLLM standard
logging payloads, OpenTelemetry GenAI spans as OTLP JSON; a .json file is one document) and say, per call,
what it reads from cache under the provider's rules (TTL from the timestamps), what was billed, why they
differ and what each miss cost. The file is streamed: any size, bounded memory.

Options:
  --format text|json   output format (default: text)
  --summary            totals only (no per-call rows / "calls" array)
  --model NAME         model to assume for every call (overrides the requests' "model")
  --default-model NAME model for calls that name none
  --shard I/N          analyse only shard I of N (calls split by their first prompt element, so the
                       shards' totals add up exactly); merge the JSON outputs with --merge
  --progress           draw the progress bar on stderr even when it is not a terminal
  --no-progress        never draw it
  -h, --help           show this help

Exit codes: 0 read, 2 bad usage or unreadable input.
`;

/** Chunk size of the streamed read. */
const CHUNK = 1 << 20;

interface TraceArgs {
  files: string[];
  merge: boolean;
  format: 'text' | 'json';
  summary: boolean;
  model?: string;
  defaultModel?: string;
  shard?: Shard;
  progress?: boolean;
}


function parse(argv: string[]): TraceArgs | 'help' {
  const args: TraceArgs = { files: [], merge: false, format: 'text', summary: false };
  const rest = [...argv];
  while (rest.length) {
    const { arg: a, flag, value } = takeFlag(rest);
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--merge':
        args.merge = true;
        break;
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json') throw new UsageError(`--format must be text or json (got "${v}").`);
        args.format = v;
        break;
      }
      case '--summary':
        args.summary = true;
        break;
      case '--model':
        args.model = value();
        break;
      case '--default-model':
        args.defaultModel = value();
        break;
      case '--shard': {
        const v = value();
        const s = parseShard(v);
        if (!s) throw new UsageError(`--shard must be I/N with 1 ≤ I ≤ N (got "${v}").`);
        args.shard = s;
        break;
      }
      case '--progress':
        args.progress = true;
        break;
      case '--no-progress':
        args.progress = false;
        break;
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`Unknown option ${a}.`);
        args.files.push(a);
    }
  }
  if (!args.files.length) throw new UsageError(args.merge ? 'No JSON file to merge.' : 'No FILE given.');
  if (!args.merge && args.files.length > 1) throw new UsageError('trace reads one FILE at a time (run it per file, then --merge the JSON outputs).');
  if (args.merge && args.shard) throw new UsageError('--shard goes with a trace FILE, not with --merge.');
  return args;
}

function pct(x: number | undefined): string {
  return x === undefined ? '–' : `${(x * 100).toFixed(1)}%`;
}

/** The totals as text (also for --merge). */
export function formatTotals(t: TraceTotals): string {
  const r = hitRates(t);
  const lines = [
    `Totals: ${fmtInt(t.calls)} call${t.calls === 1 ? '' : 's'}${t.problems ? `, ${fmtInt(t.problems)} unreadable record${t.problems === 1 ? '' : 's'}` : ''}; ${fmtInt(t.inputTokens)} input tokens`,
    `  predicted read from cache: ${fmtInt(t.predictedRead)} tokens (hit rate ${pct(r.predicted)}); predicted writes ${fmtInt(t.predictedWrite)}`,
  ];
  if (t.billedCalls) {
    lines.push(`  billed (${fmtInt(t.billedCalls)} call${t.billedCalls === 1 ? '' : 's'} with usage): read ${fmtInt(t.billedRead)} of ${fmtInt(t.billedInputTokens)} tokens (hit rate ${pct(r.billed)}), predicted ${pct(r.predictedOnBilled)} on the same calls; ${fmtInt(t.agreeing)} of ${fmtInt(t.billedCalls)} agree`);
  } else lines.push('  billed: no call carries usage figures');
  lines.push(`  money lost to misses: ${fmtUsd(t.lostMicroUsd / 1e6)} (${fmtInt(t.lostTokens)} tokens not read from cache)`);
  const kinds = Object.entries(t.kinds)
    .filter(([, n]) => n)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([k, n]) => `${k} ${fmtInt(n ?? 0)}`);
  if (kinds.length) lines.push(`  calls by explanation: ${kinds.join(', ')}`);
  if (t.providerDisagreements) lines.push(`  provider miss reasons that disagree with this trace's: ${fmtInt(t.providerDisagreements)}`);
  return lines.join('\n') + '\n';
}

function row(r: CallResult): string {
  const billed = r.billed?.cachedRead !== undefined ? fmtInt(r.billed.cachedRead) : '–';
  const mark = r.agrees === false ? ' ≠' : '';
  const head = `#${r.index + 1} line ${r.line + 1}  ${r.model ?? '?'}  input ${r.exact ? '' : '≈'}${fmtInt(r.inputTokens)}  predicted ${fmtInt(r.predictedRead)}  billed ${billed}${mark}${r.lostTokens ? `  lost ${fmtUsd(r.lostUsd)}` : ''}`;
  const out = [head, `    ${r.explanation.kind}: ${r.explanation.message}`];
  if (r.billedNote) out.push(`    bill: ${r.billedNote}`);
  if (r.providerReason) out.push(`    ${r.providerReason.provider} says ${r.providerReason.reason}${r.providerReason.disagrees ? ` (disagrees: ${r.providerReason.note})` : ' (agrees)'}`);
  for (const p of r.problems ?? []) out.push(`    note: ${p}`);
  return out.join('\n') + '\n';
}

function progressBar(io: CliIO, total: number, start: number): { update(bytes: number, calls: number): void; done(): void } {
  const now = io.now ?? (() => Date.now());
  let last = 0;
  let drawn = false;
  let seen = { bytes: 0, calls: 0 };
  const draw = (bytes: number, calls: number) => {
    const f = total > 0 ? Math.min(1, bytes / total) : 0;
    const width = 24;
    const fill = Math.round(f * width);
    const secs = Math.max(0.001, (now() - start) / 1000);
    io.stderr(`\r[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(f * 100).toFixed(0).padStart(3)}%  ${(bytes / 1048576).toFixed(0)}/${(total / 1048576).toFixed(0)} MB  ${(bytes / 1048576 / secs).toFixed(1)} MB/s  ${fmtInt(calls)} calls`);
    drawn = true;
  };
  return {
    update(bytes, calls) {
      seen = { bytes, calls };
      const t = now();
      if (t - last < 200) return;
      last = t;
      draw(bytes, calls);
    },
    done() {
      draw(seen.bytes, seen.calls); // the final state, whatever the throttle skipped
      if (drawn) io.stderr('\n');
    },
  };
}

/** `prompt-cache trace …`. Returns the exit code. Never throws. */
export function traceMain(argv: string[], io: CliIO, version: string): number {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    io.stderr(`prompt-cache: ${(e as Error).message}\n\n${TRACE_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    io.stdout(TRACE_USAGE);
    return 0;
  }
  return args.merge ? merge(args, io, version) : trace(args, io, version);
}

function merge(args: TraceArgs, io: CliIO, version: string): number {
  let totals = emptyTotals();
  const files: { path: string; shard?: string; calls: number }[] = [];
  for (const path of args.files) {
    let doc: { kind?: string; totals?: TraceTotals; shard?: string };
    try {
      doc = JSON.parse(new TextDecoder().decode(io.readFile(path)));
    } catch (e) {
      io.stderr(`prompt-cache: ${path}: not a trace JSON output (${(e as Error).message})\n`);
      return 2;
    }
    if (!doc || (doc.kind !== 'trace' && doc.kind !== 'trace-merge') || !doc.totals || typeof doc.totals.calls !== 'number') {
      io.stderr(`prompt-cache: ${path}: not the JSON output of prompt-cache trace (no "totals")\n`);
      return 2;
    }
    totals = mergeTotals(totals, doc.totals);
    files.push({ path, shard: doc.shard, calls: doc.totals.calls });
  }
  if (args.format === 'json') io.stdout(JSON.stringify({ version, kind: 'trace-merge', files, totals, rates: hitRates(totals) }, null, 2) + '\n');
  else io.stdout(`Merged ${files.length} file${files.length === 1 ? '' : 's'}: ${files.map((f) => f.path + (f.shard ? ` (shard ${f.shard})` : '')).join(', ')}\n` + formatTotals(totals));
  return 0;
}

function trace(args: TraceArgs, io: CliIO, version: string): number {
  const path = args.files[0];
  let size = 0;
  try {
    const st = io.stat(path);
    if (!st.isFile) {
      io.stderr(`prompt-cache: ${path}: not a regular file\n`);
      return 2;
    }
    size = st.size;
  } catch (e) {
    io.stderr(`prompt-cache: ${path}: cannot read (${(e as Error).message})\n`);
    return 2;
  }
  const json = args.format === 'json';
  const showProgress = args.progress ?? !!io.stderrIsTTY;
  const bar = showProgress ? progressBar(io, size, (io.now ?? Date.now)()) : undefined;
  let firstCall = true;
  const problems: TraceProblem[] = [];
  if (json) io.stdout(`{"version":${JSON.stringify(version)},"kind":"trace","file":${JSON.stringify(path)}${args.shard ? `,"shard":"${args.shard.index}/${args.shard.count}"` : ''},"calls":[`);
  const run = new TraceRun({
    model: args.model,
    defaultModel: args.defaultModel,
    shard: args.shard,
    document: /\.json$/i.test(path),
    onCall: (r) => {
      if (args.summary) return;
      if (json) {
        io.stdout((firstCall ? '\n' : ',\n') + JSON.stringify(r));
        firstCall = false;
      } else io.stdout(row(r));
    },
    onProblem: (p) => {
      if (problems.length < 1000) problems.push(p);
      if (!json) io.stderr(`prompt-cache: ${path}:${p.line + 1}: ${p.message}\n`);
    },
  });
  try {
    if (io.openRead) {
      const f = io.openRead(path);
      const buf = new Uint8Array(CHUNK);
      try {
        for (;;) {
          const n = f.read(buf);
          if (n <= 0) break;
          run.push(buf.subarray(0, n));
          bar?.update(run.bytes, run.callsSeen);
        }
      } finally {
        f.close();
      }
    } else run.push(io.readFile(path)); // no streaming reader injected (tests): the whole file
  } catch (e) {
    bar?.done();
    if (json) io.stdout(']}\n');
    io.stderr(`prompt-cache: ${path}: cannot read (${(e as Error).message})\n`);
    return 2;
  }
  const totals = run.end();
  bar?.update(run.bytes, run.callsSeen);
  bar?.done();
  if (json) io.stdout(`${firstCall ? '' : '\n'}],\n"problems":${JSON.stringify(problems)},\n"totals":${JSON.stringify(totals)},\n"rates":${JSON.stringify(hitRates(totals))}}\n`);
  else io.stdout((args.summary ? '' : '\n') + formatTotals(totals));
  return 0;
}
