// `prompt-cache diff A B`: where the cache prefix of B stops matching A's, and what B reads from cache
// after A; and `prompt-cache analyze FILE --next-turn`: the next turn of a chat loop, simulated. The engine
// computes (src/core/compare); this file only parses arguments and prints.
import { compareRequests, simulateNextTurn, type Comparison, type CompareSide, type NextTurn, type SideRange } from '../core/compare';
import { fmtInt } from '../core/format';
import { DIALECTS, type AnalyzeOptions, type Dialect } from '../core/types';
import { readInputText } from './files';
import type { CliIO } from './main';
import { takeFlag, UsageError } from './args';

const DIFF_USAGE = `Usage: prompt-cache diff A B [options]

Compare two requests (A sent first, then B): where B's cache prefix stops matching A's (a unit and a range
in both files, with the differing characters), the tokens before it, what B reads from cache after A under
the provider's rules, and the category of change. A JSONL request line is named FILE.jsonl:LINE.

Options:
  --format text|json   output format (default: text)
  --model NAME         model to assume for both (overrides the files' "model")
  --default-model NAME model for files that name none
  --dialect NAME       force the request format: ${DIALECTS.join(', ')}
  --gap SECONDS        time between the two requests (TTL check)
  -h, --help           show this help

Exit codes: 0 the cache prefix matches (identical, or B extends A), 1 it differs, 2 bad usage or unreadable input.
`;


interface DiffArgs {
  files: string[];
  format: 'text' | 'json';
  options: AnalyzeOptions & { gapSeconds?: number };
  fanOut?: number;
}

function parse(argv: string[], extra: (flag: string, value: () => string, args: DiffArgs) => boolean): DiffArgs | 'help' {
  const args: DiffArgs = { files: [], format: 'text', options: {} };
  const rest = [...argv];
  while (rest.length) {
    const { arg: a, flag, value } = takeFlag(rest);
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json') throw new UsageError(`--format must be text or json (got "${v}").`);
        args.format = v;
        break;
      }
      case '--model':
        args.options.model = value();
        break;
      case '--default-model':
        args.options.defaultModel = value();
        break;
      case '--dialect': {
        const v = value();
        if (!(DIALECTS as readonly string[]).includes(v)) throw new UsageError(`--dialect must be one of ${DIALECTS.join(', ')} (got "${v}").`);
        args.options.dialect = v as Dialect;
        break;
      }
      default:
        if (extra(flag, value, args)) break;
        if (a.startsWith('-') && a !== '-') throw new UsageError(`Unknown option ${a}.`);
        args.files.push(a);
    }
  }
  return args;
}

/** A file argument: "path", or "path.jsonl:LINE" when that path does not exist as given. */
function readSide(arg: string, io: CliIO): { side?: CompareSide; name: string; error?: string } {
  const m = /^(.*\.jsonl):(\d+)$/i.exec(arg);
  let path = arg;
  let line: number | undefined;
  if (m) {
    let exists = true;
    try {
      io.stat(arg);
    } catch {
      exists = false;
    }
    if (!exists) {
      path = m[1];
      line = Number(m[2]);
    }
  }
  const r = readInputText(path, io);
  if (r.error) return { name: arg, error: r.error };
  return { name: arg, side: { text: r.text!, fileName: path, line } };
}

function at(name: string, r: SideRange): string {
  return `${name}:${r.startPos.line + 1}:${r.startPos.character + 1}-${r.endPos.line + 1}:${r.endPos.character + 1}`;
}

function quote(s: string): string {
  return s.length ? JSON.stringify(s) : '(nothing: inserted on the other side)';
}

export function formatComparison(c: Comparison, nameA: string, nameB: string): string {
  const lines = [`${nameA} → ${nameB}: ${c.category}${c.categories.length > 1 ? ` (also ${c.categories.slice(1).join(', ')})` : ''}`];
  const d = c.firstDifference;
  if (d) {
    lines.push(`  first difference: ${d.unit}`);
    lines.push(`    ${at(nameA, d.range.a)}  ${quote(d.range.a.text)}`);
    lines.push(`    ${at(nameB, d.range.b)}  ${quote(d.range.b.text)}`);
  }
  lines.push(`  tokens before it: ${fmtInt(c.sharedPrefixTokens)}`);
  lines.push(`  cached on second: ${fmtInt(c.cachedTokensOnSecond)} of ${fmtInt(c.inputTokens.b)} tokens (unchanged it would read ${fmtInt(c.cachedTokensIfUnchanged)})`);
  if (c.ttl) lines.push(`  gap: ${fmtInt(c.ttl.gapSeconds)} s, TTL ${fmtInt(c.ttl.ttlSeconds)} s${c.ttl.expired ? ': expired' : ''}`);
  for (const n of c.notes) lines.push(`  - ${n}`);
  for (const p of c.problems) lines.push(`  ! ${p}`);
  return lines.join('\n') + '\n';
}

function comparisonJson(c: Comparison, nameA: string, nameB: string): unknown {
  const r = (x: SideRange, file: string) => ({ file, start: x.start, end: x.end, startLine: x.startPos.line + 1, startColumn: x.startPos.character + 1, endLine: x.endPos.line + 1, endColumn: x.endPos.character + 1, text: x.text });
  const d = c.firstDifference;
  return {
    a: nameA,
    b: nameB,
    category: c.category,
    categories: c.categories,
    sharedPrefixTokens: c.sharedPrefixTokens,
    cachedTokensOnSecond: c.cachedTokensOnSecond,
    cachedTokensIfUnchanged: c.cachedTokensIfUnchanged,
    inputTokens: c.inputTokens,
    firstDifference: d ? { unit: d.unit, section: d.section, unitId: d.unitId, detail: d.detail, tokenIndex: d.tokenIndex, range: { a: r(d.range.a, nameA), b: r(d.range.b, nameB) } } : null,
    family: c.family,
    dialect: c.dialect,
    model: c.model,
    ttl: c.ttl ?? null,
    notes: c.notes,
    problems: c.problems,
  };
}

/** `prompt-cache diff …` (argv after "diff"). */
export function diffMain(argv: string[], io: CliIO, version: string): number {
  let args: DiffArgs | 'help';
  try {
    args = parse(argv, (flag, value, a) => {
      if (flag !== '--gap') return false;
      const v = Number(value());
      if (!Number.isFinite(v) || v < 0) throw new UsageError('--gap must be a number of seconds.');
      a.options.gapSeconds = v;
      return true;
    });
    if (args !== 'help' && args.files.length !== 2) throw new UsageError(`diff needs two files (got ${args.files.length}).`);
  } catch (e) {
    io.stderr(`prompt-cache: ${(e as Error).message}\n\n${DIFF_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    io.stdout(DIFF_USAGE);
    return 0;
  }
  const [a, b] = args.files.map((f) => readSide(f, io));
  for (const s of [a, b]) if (s.error) io.stderr(`prompt-cache: ${s.error}\n`);
  if (!a.side || !b.side) return 2;
  const c = compareRequests(a.side, b.side, args.options);
  if (args.format === 'json') io.stdout(JSON.stringify({ version, ...(comparisonJson(c, a.name, b.name) as object) }, null, 2) + '\n');
  else io.stdout(formatComparison(c, a.name, b.name));
  if (c.category === 'not-comparable') {
    for (const p of c.problems) io.stderr(`prompt-cache: ${p}\n`);
    return 2;
  }
  return c.category === 'identical' || c.category === 'extended' ? 0 : 1;
}

export function formatNextTurn(t: NextTurn, name: string): string {
  const lines = [`${name}: ${t.summary}`];
  for (const n of t.notes) lines.push(`  - ${n}`);
  return lines.join('\n') + '\n';
}

/** `prompt-cache analyze FILE... --next-turn [--fan-out N]`: the simulated next turn of each request. */
export function nextTurnMain(argv: string[], io: CliIO, version: string): number {
  let args: DiffArgs | 'help';
  try {
    args = parse(
      argv.filter((x) => x !== '--next-turn'),
      (flag, value, a) => {
        if (flag === '--fan-out') {
          const v = Number(value());
          if (!Number.isInteger(v) || v < 0 || v > 1000) throw new UsageError('--fan-out must be a whole number of tool calls (0–1000).');
          a.fanOut = v;
          return true;
        }
        // analyze's own options that do not change the simulation
        if (flag === '--fail-on') return value(), true;
        return false;
      },
    );
    if (args !== 'help' && !args.files.length) throw new UsageError('No FILE given.');
  } catch (e) {
    io.stderr(`prompt-cache: ${(e as Error).message}\n`);
    return 2;
  }
  if (args === 'help') {
    io.stdout('Usage: prompt-cache analyze FILE... --next-turn [--fan-out N] [--format text|json] [--model NAME]\n\nSimulate the next turn of a chat loop (an assistant reply, optionally N parallel tool calls, and a new user message) and say whether the breakpoints still hit.\n');
    return 0;
  }
  let bad = false;
  const out: { file: string; nextTurn: Omit<NextTurn, 'comparison' | 'text'> & { category?: string } }[] = [];
  const texts: string[] = [];
  for (const f of args.files) {
    const s = readSide(f, io);
    if (!s.side) {
      io.stderr(`prompt-cache: ${s.error}\n`);
      bad = true;
      continue;
    }
    const t = simulateNextTurn(s.side, { ...args.options, fanOut: args.fanOut });
    if (!t.supported) bad = true;
    const { comparison, text: _text, ...rest } = t;
    out.push({ file: f, nextTurn: { ...rest, category: comparison?.category } });
    texts.push(formatNextTurn(t, f));
  }
  if (args.format === 'json') io.stdout(JSON.stringify({ version, files: out }, null, 2) + '\n');
  else io.stdout(texts.join(''));
  if (bad) return 2;
  return out.every((o) => o.nextTurn.hits || o.nextTurn.cachedTokensThisTurn === 0) ? 0 : 1;
}
