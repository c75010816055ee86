// The pathological-input corpus (issue 12): generated inputs that once made the analyzer quadratic, crash
// or hang, each checked against a budget of 100 ms + 1 s per MB of input (cold analysis, encoders and ranks loaded).
//
// `npm run bench -- --pathological` runs every case in its own child process (so a case that hangs is cut
// off by a time limit and the others still run), prints one line per case with its time, budget and result,
// a FAIL line for every case over budget, failed or cut off, and exits 1 when there is one.
// Options: --cases=name,name  --limit=SECONDS (child time limit, default 120)  --out=path.md
// The verdict uses the CPU time of the analysis (user + system of the child, which is single-threaded), so
// that a machine shared with other jobs does not turn a good run into a FAIL; the wall time is printed beside.
// A child is `node --import tsx bench/pathological.ts --case=NAME`: it prints one JSON line.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { rng } from './inputs';

export interface PathoCase {
  name: string;
  /** What it stresses: "tokenizer" cases are one long pre-tokenizer piece (or many pieces of one class). */
  kind: 'tokenizer' | 'template' | 'jsonl' | 'breakpoints' | 'nesting';
  build: () => { text: string; fileName: string };
  /** The clear message this input must get (an input no API accepts); its absence is the failure. */
  expectProblem?: RegExp;
}

/** Fixed part of every budget (one cold analysis's set-up: parse, model lookup, rule registry, GC). */
const FIXED_MS = 100;

const MB = 1048576;

function openaiBody(system: string): string {
  return JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: system }, { role: 'user', content: 'hi' }] });
}


const repeatTo = (unit: string, chars: number) => unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
const ZH = '我们的客户服务政策规定所有订单必须在三十天内处理退款申请需要提供发票和订单号码系统将自动计算缓存令牌的数量并且提示模型回答问题时应当保持礼貌';
const TH = 'ภาษาไทยเป็นภาษาที่ไม่มีการเว้นวรรคระหว่างคำการตัดคำจึงต้องใช้พจนานุกรมลูกค้าทุกคนต้องได้รับการบริการที่ดีที่สุด';
const PUNCT = '!#$%&()*+,-.:;<=>?@[]^_`{|}~';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function tokenizerCase(name: string, piece: () => string): PathoCase {
  return { name, kind: 'tokenizer', build: () => ({ text: openaiBody(piece()), fileName: `${name}.json` }) };
}

export const CASES: PathoCase[] = [
  tokenizerCase('equals-200k', () => '='.repeat(200000)), // the issue's reproducer (sep.json)
  tokenizerCase('letter-1.1m', () => 'a'.repeat(1100000)),
  tokenizerCase('equals-1m', () => '='.repeat(MB)),
  tokenizerCase('space-1m', () => ' '.repeat(MB) + 'x'),
  tokenizerCase('newline-512k', () => '\n'.repeat(MB / 2)), // 1 MB of file text ("\n" is written \n)
  tokenizerCase('punctuation-1m', () => repeatTo(PUNCT, MB)),
  tokenizerCase('cjk-350k', () => repeatTo(ZH, 350000)), // ≈ 1 MB of UTF-8, no space or punctuation
  tokenizerCase('thai-350k', () => repeatTo(TH, 350000)),
  tokenizerCase('base64-1m', () => {
    const r = rng(7);
    let s = '';
    for (let i = 0; i < MB; i++) s += B64[Math.floor(r() * 64)];
    return s;
  }),
  tokenizerCase('base64-zeros-1m', () => 'A'.repeat(MB)), // base64 of zero bytes: one case-uniform letter run
  {
    name: 'template-{%-400k',
    kind: 'template',
    build: () => ({ text: '{%'.repeat(200 * 1024), fileName: 'unclosed.prompt' }),
  },
  {
    name: 'template-{{-400k',
    kind: 'template',
    build: () => ({ text: '{{'.repeat(200 * 1024), fileName: 'unclosed.prompt' }),
  },
  {
    name: 'jsonl-8000-lines',
    kind: 'jsonl',
    build: () => {
      const r = rng(11);
      const lines: string[] = [];
      for (let i = 0; i < 8000; i++) {
        const words = Array.from({ length: 1 + Math.floor(r() * 3) }, () => ['refund', 'order', 'cache', 'policy', 'shipping', 'invoice'][Math.floor(r() * 6)]).join(' ');
        lines.push(JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Q${i} ${words}` }] }));
      }
      return { text: lines.join('\n') + '\n', fileName: 'batch.jsonl' };
    },
  },
  {
    name: 'breakpoints-8000',
    kind: 'breakpoints',
    build: () => {
      const content = Array.from({ length: 8000 }, (_, i) => ({ type: 'text', text: `Block ${i}: the refund policy applies to orders shipped in 30 days.`, cache_control: { type: 'ephemeral' } }));
      return { text: JSON.stringify({ model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'system', content }, { role: 'user', content: 'hi' }] }), fileName: 'gateway.json' };
    },
  },
  {
    name: 'nesting-3000',
    kind: 'nesting',
    build: () => ({ text: `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"metadata":${'['.repeat(3000)}${']'.repeat(3000)}}`, fileName: 'deep.json' }),
    expectProblem: /^Nesting deeper than \d+ levels/,
  },
];

export interface CaseResult {
  name: string;
  kind: string;
  bytes: number;
  budgetMs: number;
  ms?: number;
  cpuMs?: number;
  tokens?: number;
  exact?: boolean;
  problem?: string;
  longPiecePath?: number;
  error?: string;
}

/** Child side: build one case, warm up, time one cold analysis. */
async function runCase(name: string): Promise<void> {
  const c = CASES.find((x) => x.name === name);
  if (!c) throw new Error(`no case ${name}`);
  const { analyze, clearCaches } = await import('../src/core/analyze');
  const enc = await import('../src/core/tokens/encoding');
  const { text, fileName } = c.build();
  const bytes = Buffer.byteLength(text, 'utf8');
  const out: CaseResult = { name, kind: c.kind, bytes, budgetMs: FIXED_MS + (bytes / MB) * 1000 };
  // Warm-up (not measured): both encoders, and the long-piece ranks where this engine has them.
  analyze(openaiBody('warm up ' + '='.repeat(2000)), { fileName: 'w.json' });
  analyze(JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 1, messages: [{ role: 'user', content: 'warm up' }] }), { fileName: 'w.json' });
  clearCaches();
  const stats = (enc as { encodePathStats?: { longPiece: number } }).encodePathStats;
  const before = stats?.longPiece ?? 0;
  const cpu = process.cpuUsage();
  const t = performance.now();
  const a = analyze(text, { fileName });
  out.ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  out.cpuMs = (used.user + used.system) / 1000;
  out.tokens = a.inputTokens;
  out.exact = a.exact;
  out.problem = a.problems.find((p) => p.severity === 'error')?.message;
  if (stats) out.longPiecePath = stats.longPiece - before;
  process.stdout.write(JSON.stringify(out) + '\n');
}

const f = (ms: number) => (ms >= 10000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

/** Parent side: every case in a child with a time limit; a line per case, FAIL lines, exit code. */
export function runPathological(args: string[]): number {
  const opt = (n: string) => args.find((a) => a.startsWith(`--${n}=`))?.split('=').slice(1).join('=');
  const names = opt('cases')?.split(',') ?? CASES.map((c) => c.name);
  const limitS = Number(opt('limit') ?? 120);
  const lines: string[] = [];
  const fails: string[] = [];
  const say = (s: string) => {
    console.log(s);
    lines.push(s);
  };
  say(`Pathological inputs: budget ${FIXED_MS} ms + 1 s per MB of input (CPU time of one cold analysis; wall time beside), child time limit ${limitS} s.`);
  say('');
  say('| case | kind | size | CPU | wall | budget | result | tokens | exact | long-piece path |');
  say('|---|---|---:|---:|---:|---:|---|---:|---|---:|');
  for (const name of names) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, `--case=${name}`], {
      encoding: 'utf8',
      timeout: limitS * 1000,
      maxBuffer: 16 * MB,
    });
    let r: CaseResult | undefined;
    try {
      r = JSON.parse(child.stdout.trim().split('\n').pop() ?? '');
    } catch {
      /* no result line */
    }
    const c = CASES.find((x) => x.name === name);
    let verdict: string;
    if (!r) {
      const why = child.error && (child.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `cut off after ${limitS} s` : `child failed (${child.status ?? child.signal}): ${child.stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
      verdict = `FAIL: ${why}`;
      fails.push(`FAIL ${name}: ${why}`);
      say(`| ${name} | ${c?.kind ?? '?'} | | | > ${limitS} s | | ${verdict} | | | |`);
      continue;
    }
    const over = r.cpuMs! > r.budgetMs;
    const expect = CASES.find((c) => c.name === name)?.expectProblem;
    const badProblem = expect ? (!r.problem || !expect.test(r.problem) ? `expected a clear message matching ${expect}, got ${r.problem ?? 'none'}` : undefined) : r.problem;
    verdict = badProblem ? `FAIL: ${badProblem.slice(0, 80)}` : over ? 'FAIL: over budget' : expect ? `ok (${r.problem!.slice(0, 40)}…)` : 'ok';
    if (badProblem || over) fails.push(`FAIL ${name}: ${badProblem ? badProblem.slice(0, 120) : `CPU ${f(r.cpuMs!)} > budget ${f(r.budgetMs)}`}`);
    say(`| ${name} | ${r.kind} | ${(r.bytes / 1024).toFixed(0)} KB | ${f(r.cpuMs!)} | ${f(r.ms!)} | ${f(r.budgetMs)} | ${verdict} | ${r.tokens} | ${r.exact} | ${r.longPiecePath ?? 'n/a'} |`);
  }
  say('');
  for (const l of fails) say(l);
  say(fails.length ? `${fails.length} of ${names.length} pathological cases FAILED` : `all ${names.length} pathological cases within budget`);
  const out = opt('out');
  if (out) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, lines.join('\n') + '\n');
  }
  return fails.length ? 1 : 0;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const one = args.find((a) => a.startsWith('--case='))?.slice('--case='.length);
  if (one) {
    runCase(one).catch((e) => {
      process.stdout.write(JSON.stringify({ name: one, error: String(e) }) + '\n');
      process.exit(2);
    });
  } else process.exit(runPathological(args));
}
