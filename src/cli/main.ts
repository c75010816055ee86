// The command-line front: main(argv, io) so tests can call it in process; bin.ts wires real IO.
import { adviseForCli } from './advice';
import { analyze } from '../core/analyze';
import { DIALECTS, type Analysis, type AnalyzeOptions, type Dialect, type Severity } from '../core/types';
import { applyFixesToFile } from './fix';
import { formatTextReport, toJsonReports, type JsonFileReport } from '../core/report';
import { LineIndex } from '../core/lineIndex';
import { sarifReport } from './sarif';
import { cliImageReader, readIgnore, readInputText } from './files';
import { addImageRefusalNotes } from '../host/localFiles';
import { runLsp } from './lsp';
import type { SourceParser } from '../core/dialects/source/syntax';
import { hasNoCall, isSourcePath, sourceJsonReport, type SourceFileReport } from './source';
import { diffMain, nextTurnMain } from './diff';
import { traceMain } from './trace';
import { takeFlag, UsageError } from './args';

export interface CliIO {
  readFile(path: string): Uint8Array;
  /** Current directory, for .promptcacheignore and relative paths (default: none). */
  cwd?: string;
  stat(path: string): { size: number; isFile: boolean };
  /** Resolve symbolic links (image paths are checked against their folder after it). */
  realpath?(path: string): string;
  stdout(s: string): void;
  stderr(s: string): void;
  /** Write a file (--fix). Without it, --fix reports that it cannot write. */
  writeFile?(path: string, text: string): void;
  /** URI of the rule pages folder, ending in "/" (SARIF helpUri). */
  docsBase?: string;
  /** Parses Python / TypeScript / JavaScript source files (bin.ts loads tree-sitter first: see needsSourceParser). */
  parseSource?: SourceParser;
  /** Open a file for a streamed read (trace): read() fills the buffer and returns the bytes read, 0 at the end. */
  openRead?(path: string): { read(buf: Uint8Array): number; close(): void };
  /** stderr is a terminal (trace's progress bar). */
  stderrIsTTY?: boolean;
  /** Milliseconds clock (progress rate). */
  now?(): number;
}

/** Does this command line name a source file (so bin.ts loads tree-sitter before main)? */
export function needsSourceParser(argv: string[]): boolean {
  return argv.some((a) => !a.startsWith('-') && isSourcePath(a));
}

export const VERSION = '0.1.0';
const SEVERITY_RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

const USAGE = `Usage: prompt-cache analyze FILE... [options]
       prompt-cache lsp --stdio        the language server, for LSP editors (docs/editors.md)
       prompt-cache diff A B [options]   (compare two requests: prompt-cache diff --help)
       prompt-cache trace FILE [options] (a recorded trace against the bill: prompt-cache trace --help)

Analyze LLM request bodies (OpenAI Chat Completions and Responses, Anthropic Messages, OpenAI-format
gateway requests with cache_control, Gemini generateContent and cachedContents, Bedrock Converse and
InvokeModel; JSON, JSONC or JSONL), Prompty (*.prompty) and Dotprompt (*.prompt) files, other prompt
templates (*.prompt.md), and the SDK calls in Python, TypeScript and JavaScript files (OpenAI, Anthropic,
Vercel AI SDK, LangChain) for prompt caching: token counts, the cacheable prefix, breakpoints, cost,
findings.

Options:
  --format text|json|sarif   output format (default: text)
  --model NAME               model to assume (overrides the file's "model")
  --default-model NAME       model for files that name none
  --dialect NAME             force the request format: ${DIALECTS.join(', ')}
  --fail-on LEVEL            exit 1 when a finding is at or above LEVEL:
                             error (default), warning, info, hint, none
  --fix                      apply the preferred fix of every fixable finding in place, then
                             analyze again and report what is left
  --dry-run                  with --fix: print the changes as a diff, write nothing
  --next-turn [--fan-out N]  simulate the next turn of a chat loop: do the breakpoints still hit?
  -h, --help                 show this help
  -v, --version              show the version

Files and folders can be silenced without touching the request: a .promptcacheignore file in the
current directory, one "GLOB [rule ...]" per line (no rule: all rules).

Local image files named by a request are read (for their size) only inside the current directory when
the analysed file lies inside it, otherwise inside the analysed file's folder; relative image paths
resolve against the analysed file's folder. Network paths and file: URLs with a host are never read.

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 bad usage or unreadable input.
`;

interface Args {
  files: string[];
  format: 'text' | 'json' | 'sarif';
  model?: string;
  defaultModel?: string;
  dialect?: Dialect;
  failOn: Severity | 'none';
  fix: boolean;
  dryRun: boolean;
}


function parseArgs(argv: string[]): Args | 'help' | 'version' | 'lsp' {
  const args: Args = { files: [], format: 'text', failOn: 'error', fix: false, dryRun: false };
  const rest = [...argv];
  if (rest.length === 0) throw new UsageError('No command given.');
  if (rest[0] === '-h' || rest[0] === '--help') return 'help';
  if (rest[0] === '-v' || rest[0] === '--version') return 'version';
  const cmd = rest.shift();
  if (cmd === 'lsp') return 'lsp';
  if (cmd !== 'analyze') throw new UsageError(`Unknown command "${cmd}". Try: prompt-cache analyze FILE...`);
  while (rest.length) {
    const { arg: a, flag, value } = takeFlag(rest);
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format must be text, json or sarif (got "${v}").`);
        args.format = v;
        break;
      }
      case '--model':
        args.model = value();
        break;
      case '--default-model':
        args.defaultModel = value();
        break;
      case '--dialect': {
        const v = value();
        if (!(DIALECTS as readonly string[]).includes(v)) throw new UsageError(`--dialect must be one of ${DIALECTS.join(', ')} (got "${v}").`);
        args.dialect = v as Dialect;
        break;
      }
      case '--fail-on': {
        const v = value();
        if (!['error', 'warning', 'info', 'hint', 'none'].includes(v)) throw new UsageError(`--fail-on must be error, warning, info, hint or none (got "${v}").`);
        args.failOn = v as Args['failOn'];
        break;
      }
      case '--fix':
        args.fix = true;
        break;
      case '--dry-run':
        args.dryRun = true;
        break;
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`Unknown option ${a}.`);
        args.files.push(a);
    }
  }
  if (!args.files.length) throw new UsageError('No FILE given.');
  if (args.dryRun && !args.fix) throw new UsageError('--dry-run goes with --fix.');
  return args;
}

export interface FileResult {
  path: string;
  text?: string;
  analysis?: Analysis;
  error?: string;
}

/** Run the CLI. Returns the exit code. Never throws. */
export function main(argv: string[], io: CliIO): number {
  if (argv[0] === 'diff') return diffMain(argv.slice(1), io, VERSION);
  if (argv[0] === 'trace') return traceMain(argv.slice(1), io, VERSION);
  if (argv[0] === 'analyze' && argv.includes('--next-turn')) return nextTurnMain(argv.slice(1), io, VERSION);
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.stderr(`prompt-cache: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (args === 'version') {
    io.stdout(`prompt-cache ${VERSION}\n`);
    return 0;
  }
  if (args === 'lsp') return runLsp(argv.slice(1), io);
  const results: FileResult[] = [];
  let unreadable = false;
  const { ignore, warnings } = readIgnore(io);
  for (const w of warnings) io.stderr(`prompt-cache: ${w}\n`);
  for (const path of args.files) {
    const r: FileResult = readInputText(path, io);
    const images = cliImageReader(path, io);
    if (r.error) {
      unreadable = true;
      io.stderr(`prompt-cache: ${r.error}\n`);
      results.push(r);
      continue;
    }
    const options: AnalyzeOptions = {
      fileName: path,
      model: args.model,
      defaultModel: args.defaultModel,
      dialect: args.dialect,
      suppress: ignore ? { ignore, relativePath: relativeTo(io.cwd, path) } : undefined,
      readFile: images.readFile,
      parseSource: io.parseSource,
    };
    r.analysis = analyze(r.text!, options);
    addImageRefusalNotes(r.analysis, images.refusals);
    if (args.fix && !applyFixesToFile(r, options, args.dryRun, io)) unreadable = true;
    adviseForCli(r.analysis);
    const a = r.analysis;
    const idx = new LineIndex(r.text!);
    const errors = (a.lines ?? [a]).flatMap((x) => x.problems.filter((p) => p.severity === 'error' && !p.code));
    if (errors.length) {
      unreadable = true;
      // The first error is the one to fix; later ones at the same spot are usually its echoes.
      const p = errors[0];
      const where = p.range ? `:${idx.positionAt(p.range.start).line + 1}:${idx.positionAt(p.range.start).character + 1}` : '';
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more syntax error${errors.length > 2 ? 's' : ''})` : '';
      io.stderr(`prompt-cache: ${path}${where}: ${p.message}${more}\n`);
    } else if (hasNoCall(a)) {
      // code without prompts is not an error: reported, exit 0
    } else if (!a.isRequest && a.problems.some((p) => p.severity === 'error')) {
      unreadable = true;
      for (const p of a.problems) io.stderr(`prompt-cache: ${path}: ${p.message}\n`);
    } else if (!a.isRequest && !a.lines?.some((l) => l.callRange)) {
      unreadable = true;
      io.stderr(`prompt-cache: ${path}: not a request or prompt file (${a.problems.map((p) => p.message).join('; ') || 'no messages/system and model'})\n`);
    }
    results.push(r);
  }
  const ok = results.filter((r) => r.analysis);
  if (args.format === 'json') {
    const files = ok.flatMap((r): (JsonFileReport | SourceFileReport)[] => (isSourcePath(r.path) && !args.dialect ? [sourceJsonReport(r.analysis!, r.path, r.text!)] : toJsonReports(r.analysis!, { path: r.path, text: r.text! })));
    const errors = results.filter((r) => r.error).map((r) => ({ path: r.path, error: r.error }));
    io.stdout(JSON.stringify({ version: VERSION, files, errors }, null, 2) + '\n');
  } else if (args.format === 'sarif') {
    io.stdout(JSON.stringify(sarifReport(ok.map((r) => ({ path: r.path, text: r.text!, analysis: r.analysis! })), VERSION, io.docsBase), null, 2) + '\n');
  } else {
    io.stdout(ok.map((r) => formatTextReport(r.analysis!, { path: r.path, text: r.text! })).join('\n'));
  }
  if (unreadable) return 2;
  if (args.failOn === 'none') return 0;
  const threshold = SEVERITY_RANK[args.failOn];
  const all = ok.flatMap((r) => [...(r.analysis!.lines ?? [r.analysis!])]);
  const failing = all.some((a) => a.diagnostics.some((d) => SEVERITY_RANK[d.severity] >= threshold) || a.problems.some((p) => SEVERITY_RANK[p.severity] >= threshold && p.severity === 'error'));
  return failing ? 1 : 0;
}

function relativeTo(cwd: string | undefined, path: string): string {
  const p = path.replace(/\\/g, '/');
  if (!cwd) return p.replace(/^\.\//, '');
  const base = cwd.replace(/\\/g, '/').replace(/\/$/, '') + '/';
  return p.startsWith(base) ? p.slice(base.length) : p.replace(/^\.\//, '');
}
