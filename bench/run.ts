// `npm run bench` (full) / `npm run bench -- --quick` (smoke: small inputs, few repetitions).
// Options: --sizes=10k,100k,1m,5m  --shapes=openai-doc,many-tools  --reps=N  --out=path.md  --no-host  --no-source
// `npm run bench -- --source-only`: only the source-code front's bench (bench/source.ts).
// `npm run bench -- --pathological [--raw] [--cases=a,b] [--limit=S]`: the pathological-input corpus and its
// budget of 100 ms + 1 s per MB (bench/pathological.ts), a FAIL line and exit code 1 for any case over it.
//
// For every generated input it measures, in one process:
//   raw     tiktoken alone: one encode_ordinary call on the whole file text (o200k_base), no memo — baseline;
//   cold    analyze() with every engine memo cleared (parse, tokenize, plan, rules);
//   big     re-analysis after typing one character inside the largest text block (cursor advances each time);
//   last    re-analysis after typing one character in the last message;
//   naive   full re-analysis of the edited text with the memos cleared (what the engine would cost without
//           incremental counting) — the second baseline.
// and prints median / p95 (ms), the ratios, peak memory and the machine, then the host-thread harness
// (bench/host.ts: longest stall of the extension host's thread while typing in a 5 MB file, analysis in the
// worker; run `npm run build` first to measure the shipped dist/worker.js), and writes bench/results/latest.md.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyze, clearCaches } from '../src/core/analyze';
import { rawTiktokenCount } from '../src/core/tokens/encoding';
import { RULES } from '../src/core/rules';
import { makeInput, SHAPES, fmtSize, type BenchInput, type Shape } from './inputs';
import { describeHost, measureHostThread } from './host';
import { runPathological } from './pathological';
import { runSourceBench } from './source';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const opt = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const parseSize = (s: string) => {
  const m = /^(\d+(?:\.\d+)?)\s*([km]?)b?$/i.exec(s.trim());
  if (!m) throw new Error(`bad size ${s}`);
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'm' ? 1048576 : m[2].toLowerCase() === 'k' ? 1024 : 1));
};
const sizes = (opt('sizes') ?? (quick ? '10k,100k' : '10k,100k,1m,5m')).split(',').map(parseSize);
const shapes = (opt('shapes')?.split(',') as Shape[] | undefined) ?? SHAPES;
const outFile = opt('out') ?? path.join(__dirname, 'results', 'latest.md');

/** Repetitions per measurement, fewer for the big inputs (a cold 5 MB analysis takes seconds here). */
function reps(size: number, kind: 'slow' | 'fast'): number {
  const forced = opt('reps');
  if (forced) return Number(forced);
  if (quick) return kind === 'slow' ? 2 : 5;
  if (size <= 16 * 1024) return kind === 'slow' ? 15 : 30;
  if (size <= 128 * 1024) return kind === 'slow' ? 7 : 20;
  if (size <= 1.5 * 1048576) return kind === 'slow' ? 3 : 15;
  return kind === 'slow' ? 2 : 9;
}

let peakRss = 0;
let peakHeap = 0;
function sampleMemory(): void {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  const d = performance.now() - t;
  sampleMemory();
  return d;
}

interface Stats {
  median: number;
  p95: number;
  n: number;
}
function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, p95: q(0.95), n: s.length };
}

interface Row {
  input: BenchInput;
  tokens: number;
  raw: Stats;
  cold: Stats;
  big: Stats;
  last: Stats;
  naive: Stats;
  /** Keystroke in the large block with every diagnostic rule off: the engine alone (parse, count, plan). */
  noRules: Stats;
}

const RULES_OFF = { rules: Object.fromEntries(RULES.map((r) => [r.name, 'off' as const])) };

const LETTERS = 'etaoinshrdlucmfwypvbgkqjxz';

/** Typing simulation: one character after another at an advancing cursor; every step is analyzed. */
function typing(base: string, at: number, n: number): { texts: string[] } {
  const texts: string[] = [];
  let text = base;
  let cursor = at;
  for (let i = 0; i < n; i++) {
    text = text.slice(0, cursor) + LETTERS[i % LETTERS.length] + text.slice(cursor);
    cursor++;
    texts.push(text);
  }
  return { texts };
}

function runOne(input: BenchInput): Row {
  const { text } = input;
  const slow = reps(input.size, 'slow');
  const fast = reps(input.size, 'fast');
  // Warm-up: load both encoders and JIT the engine on a small input (not measured).
  analyze(makeInput('openai-doc', 12 * 1024, 99).text);
  analyze(makeInput('anthropic-doc', 12 * 1024, 99).text);
  rawTiktokenCount('warm up', 'o200k_base');

  const raw: number[] = [];
  for (let i = 0; i < slow; i++) raw.push(time(() => rawTiktokenCount(text, 'o200k_base')));
  const cold: number[] = [];
  let tokens = 0;
  for (let i = 0; i < slow; i++) {
    clearCaches();
    cold.push(time(() => (tokens = analyze(text).inputTokens)));
  }
  // Re-analysis while typing (the memo holds the previous state: analyze the unedited text first).
  const big: number[] = [];
  clearCaches();
  analyze(text);
  for (const t of typing(text, input.bigEditAt, fast).texts) big.push(time(() => analyze(t)));
  const last: number[] = [];
  clearCaches();
  analyze(text);
  for (const t of typing(text, input.lastEditAt, fast).texts) last.push(time(() => analyze(t)));
  const noRules: number[] = [];
  clearCaches();
  analyze(text, RULES_OFF);
  for (const t of typing(text, input.bigEditAt, fast).texts) noRules.push(time(() => analyze(t, RULES_OFF)));
  const naive: number[] = [];
  const edited = typing(text, input.bigEditAt, 1).texts[0];
  for (let i = 0; i < slow; i++) {
    clearCaches();
    naive.push(time(() => analyze(edited)));
  }
  return { input, tokens, raw: stats(raw), cold: stats(cold), big: stats(big), last: stats(last), naive: stats(naive), noRules: stats(noRules) };
}

const f1 = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ms = (s: Stats) => `${f1(s.median)} / ${f1(s.p95)}`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(a / b >= 10 ? 0 : 2)}×`;

function machine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}, load average at start ${load}`;
}

async function main(): Promise<void> {
  const machineLine = machine();
  console.log(`Prompt Cache Lens benchmark${quick ? ' (quick)' : ''}\n${machineLine}\n`);
  const rows: Row[] = [];
  for (const size of sizes) {
    for (const shape of shapes) {
      const input = makeInput(shape, size);
      const row = runOne(input);
      rows.push(row);
      console.log(
        `${input.name.padEnd(22)} ${(input.text.length / 1024).toFixed(0).padStart(6)} KB ${String(row.tokens).padStart(8)} tok | raw ${ms(row.raw)} | cold ${ms(row.cold)} (${ratio(row.cold.median, row.raw.median)} raw) | keystroke big ${ms(row.big)} (raw ${ratio(row.raw.median, row.big.median)} slower) | last ${ms(row.last)} | naive ${ms(row.naive)} (${ratio(row.naive.median, row.big.median)} keystroke) | keystroke, rules off ${ms(row.noRules)} (raw ${ratio(row.raw.median, row.noRules.median)} slower)`,
      );
    }
  }
  const mem = `peak RSS ${(peakRss / 1048576).toFixed(0)} MB, peak heap used ${(peakHeap / 1048576).toFixed(0)} MB`;
  console.log(`\n${mem}`);
  const lines = [
    `Machine: ${machineLine}. ${quick ? 'Quick run. ' : ''}Times in ms, median / p95 (p95 of few samples ≈ the maximum). ${mem}.`,
    '',
    '| input | size | tokens | raw tiktoken | cold analysis | cold ÷ raw | keystroke, large block | raw ÷ keystroke | keystroke, last message | naive re-analysis | naive ÷ keystroke | keystroke, large block, rules off | raw ÷ that |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) =>
      [
        '',
        r.input.shape,
        `${(r.input.text.length / 1024).toFixed(0)} KB`,
        r.tokens.toLocaleString('en-US'),
        ms(r.raw),
        ms(r.cold),
        ratio(r.cold.median, r.raw.median),
        ms(r.big),
        ratio(r.raw.median, r.big.median),
        ms(r.last),
        ms(r.naive),
        ratio(r.naive.median, r.big.median),
        ms(r.noRules),
        ratio(r.raw.median, r.noRules.median),
        '',
      ].join(' | ').trim(),
    ),
    '',
    `Samples per input: raw, cold and naive ${rows.map((r) => `${fmtSize(r.input.size)}: ${r.raw.n}`).filter((v, i, a) => a.indexOf(v) === i).join(', ')}; keystrokes ${rows.map((r) => `${fmtSize(r.input.size)}: ${r.big.n}`).filter((v, i, a) => a.indexOf(v) === i).join(', ')}.`,
    'raw = tiktoken o200k_base encode_ordinary on the whole file in one call; cold = analyze() with memos cleared; keystroke = analyze() after typing one more character (cursor advancing) inside the largest block / the last message; naive = analyze() of the edited text with memos cleared; rules off = the keystroke with every diagnostic rule set to off (the engine alone).',
  ];
  if (!args.includes('--no-source')) {
    // Requests built in code (issue 13): a 5,000-line Python file with ten calls (bench/source.ts).
    const src = await runSourceBench(quick);
    console.log(`\n${src.join('\n')}`);
    lines.push('', ...src);
  }
  if (!args.includes('--no-host')) {
    // The extension host's side: typing into a large file with the analysis in the worker thread.
    const host = await measureHostThread({ size: quick ? 1048576 : 5 * 1048576, keys: quick ? 10 : 40 });
    const line = describeHost(host);
    console.log(`\n${line}`);
    lines.push('', line);
  }
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, lines.join('\n') + '\n');
  console.log(`\nwrote ${path.relative(process.cwd(), outFile)}`);
}

if (args.includes('--source-only')) {
  runSourceBench(quick).then(
    (l) => console.log(l.join('\n')),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
} else if (args.includes('--pathological')) {
  // The pathological-input corpus with its budget (bench/pathological.ts); exit 1 when a case fails.
  process.exit(runPathological(args));
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
