// Suppression of rule findings without touching the request body's meaning:
//   • in the file (JSONC comments, or any comment syntax in templates):
//       // prompt-cache-disable-next-line [rule …]     the next line
//       … // prompt-cache-disable-line [rule …]        this line
//       // prompt-cache-disable-file [rule …]          the whole file
//     Rules are names or codes separated by spaces or commas; none = every rule. Text after " -- " is a
//     free-form reason.
//   • per file or folder, outside the file: AnalyzeOptions.suppress.ignore, a map glob → rules ("*" = all),
//     filled from the `promptCache.ignore` setting and/or a `.promptcacheignore` file (parseIgnoreFile).
import type { Diagnostic, AnalyzeOptions } from '../types';
import { LineIndex } from '../lineIndex';

export type RuleSet = Set<string> | 'all';

export interface Directives {
  file?: RuleSet;
  /** 0-based line → rules silenced on that line. */
  lines: Map<number, RuleSet>;
}

const DIRECTIVE = /prompt-cache-disable(-next-line|-line|-file)\b([^\n\r]*)/g;

function parseRuleList(s: string): RuleSet {
  let body = s;
  const dash = body.indexOf(' --');
  if (dash >= 0) body = body.slice(0, dash);
  body = body.replace(/\*\/.*$|-->.*$|#\}.*$|%\}.*$/, '');
  const names = body
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter((x) => /^[A-Za-z][\w-]*$/.test(x));
  return names.length ? new Set(names) : 'all';
}

function merge(a: RuleSet | undefined, b: RuleSet): RuleSet {
  if (a === 'all' || b === 'all') return 'all';
  if (!a) return b;
  return new Set([...a, ...b]);
}

// The last text's directives: the lines of a JSONL file share their document (one scan, not one per line).
let lastDirectives: { text: string; d: Directives } | undefined;
let lastLines: { text: string; li: LineIndex } | undefined;

export function parseDirectives(text: string): Directives {
  if (lastDirectives?.text === text) return lastDirectives.d;
  const d = parseDirectivesOf(text);
  lastDirectives = { text, d };
  return d;
}

function parseDirectivesOf(text: string): Directives {
  const d: Directives = { lines: new Map() };
  if (text.indexOf('prompt-cache-disable') === -1) return d;
  const li = new LineIndex(text);
  DIRECTIVE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DIRECTIVE.exec(text)) !== null) {
    const rules = parseRuleList(m[2]);
    const line = li.positionAt(m.index).line;
    if (m[1] === '-file') d.file = merge(d.file, rules);
    else {
      const target = m[1] === '-next-line' ? line + 1 : line;
      d.lines.set(target, merge(d.lines.get(target), rules));
    }
  }
  return d;
}

function matches(set: RuleSet | undefined, name: string, code: string): boolean {
  if (!set) return false;
  return set === 'all' || set.has(name) || set.has(code) || set.has(code.toLowerCase()) || set.has(code.toUpperCase());
}

/** Drop diagnostics silenced by in-file directives. `codeOf` maps a rule name to its short code. */
export function applyDirectives(text: string, diags: Diagnostic[], codeOf: (name: string) => string): Diagnostic[] {
  const d = parseDirectives(text);
  if (!d.file && d.lines.size === 0) return diags;
  const li = lastLines?.text === text ? lastLines.li : (lastLines = { text, li: new LineIndex(text) }).li;
  return diags.filter((x) => {
    const code = codeOf(x.code);
    if (matches(d.file, x.code, code)) return false;
    const line = li.positionAt(x.range.start).line;
    return !matches(d.lines.get(line), x.code, code);
  });
}

// ---------------------------------------------------------------------------------------------------
// Globs

const globCache = new Map<string, RegExp>();

/** Glob → RegExp: `**` any path, `*` within a segment, `?`, `{a,b}`, `[abc]`. */
export function globToRegExp(glob: string): RegExp {
  const hit = globCache.get(glob);
  if (hit) return hit;
  let g = glob.trim().replace(/\\/g, '/');
  if (g.startsWith('./')) g = g.slice(2);
  let re = '';
  let inBrace = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        // "**/" matches zero or more directories
        if (g[i + 2] === '/') {
          re += '(?:.*/)?';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      inBrace++;
      re += '(?:';
    } else if (c === '}' && inBrace) {
      inBrace--;
      re += ')';
    } else if (c === ',' && inBrace) re += '|';
    else if (c === '[') {
      const j = g.indexOf(']', i + 1);
      if (j > i) {
        re += '[' + g.slice(i + 1, j).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = j;
      } else re += '\\[';
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  const out = new RegExp(`^${re}$`);
  globCache.set(glob, out);
  return out;
}

/**
 * Does `glob` select `path` (forward slashes)? A leading "/" anchors at the workspace root; a glob without
 * a slash matches a file or folder name at any depth (as in .gitignore); a glob that names a folder
 * matches everything inside it.
 */
export function globMatches(glob: string, path: string): boolean {
  let g = glob.trim().replace(/\\/g, '/');
  if (!g) return false;
  const p = path.replace(/\\/g, '/').replace(/^\.\//, '');
  if (g.endsWith('/')) g = g.slice(0, -1);
  let anchored = false;
  if (g.startsWith('/')) {
    g = g.slice(1);
    anchored = true;
  }
  const re = globToRegExp(g);
  const parts = p.split('/').filter(Boolean);
  const candidates: string[] = [];
  // the path itself and every folder prefix of it
  for (let i = parts.length; i >= 1; i--) candidates.push(parts.slice(0, i).join('/'));
  if (!anchored && !g.includes('/')) {
    // a bare name: any segment
    return parts.some((seg) => re.test(seg));
  }
  if (candidates.some((c) => re.test(c))) return true;
  if (!anchored) {
    // unanchored globs with a slash also match below any folder (absolute fileName fallback)
    for (let i = 1; i < parts.length; i++) {
      const sub = parts.slice(i);
      for (let j = sub.length; j >= 1; j--) if (re.test(sub.slice(0, j).join('/'))) return true;
    }
  }
  return false;
}

/** Rules silenced for this file by options.suppress.ignore: 'all', a set, or undefined. */
export function fileIgnores(options: AnalyzeOptions): RuleSet | undefined {
  const ig = options.suppress?.ignore;
  if (!ig) return undefined;
  const path = options.suppress?.relativePath ?? options.fileName;
  if (!path) return undefined;
  let out: RuleSet | undefined;
  for (const [glob, rules] of Object.entries(ig)) {
    if (!globMatches(glob, path)) continue;
    const list = Array.isArray(rules) ? rules : String(rules).split(/[\s,]+/);
    const clean = list.map((r) => String(r).trim()).filter(Boolean);
    out = merge(out, clean.length === 0 || clean.includes('*') || clean.includes('all') ? 'all' : new Set(clean));
  }
  return out;
}

export function isRuleIgnored(set: RuleSet | undefined, name: string, code: string): boolean {
  return matches(set, name, code);
}

/**
 * Parse a `.promptcacheignore` file: one `glob [rule …]` per line, `#` comments, no rules = all rules.
 *   examples/legacy/**   volatile-in-prefix, missing-breakpoint
 *   fixtures/            # every rule
 */
export function parseIgnoreFile(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const [glob, ...rest] = line.split(/\s+/);
    const rules = rest.join(' ').split(/[\s,]+/).filter(Boolean);
    out[glob] = [...(out[glob] ?? []), ...(rules.length ? rules : ['*'])];
  }
  return out;
}
