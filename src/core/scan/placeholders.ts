// Pure detector for template placeholders in prompt text: `{{ x }}` / `{{{ x }}}` (Mustache, Handlebars,
// Jinja expressions), `{% … %}` (Jinja/Liquid tags), `${x}` (JS template literals, shell), `{x}` (Python
// str.format / f-strings, LangChain), `%(x)s` (Python %-format). Used by `template-variable-in-prefix`
// and by the cache plan for prompt templates (the prefix ends at the first placeholder).
// Offsets are into the decoded text passed in.
import { blankLineCuts, CHUNK_THRESHOLD, dropOverlaps, LongTextMemo, scanChunks, sortMatches, TextMemo } from './scanMemo';

export type PlaceholderSyntax = 'mustache' | 'jinja-tag' | 'dollar' | 'brace' | 'percent';

export interface Placeholder {
  start: number;
  end: number;
  /** The variable name (first identifier/path of the expression), or the tag's expression for `{% %}`. */
  name: string;
  syntax: PlaceholderSyntax;
}

interface PPattern {
  syntax: PlaceholderSyntax;
  re: RegExp;
}

// The brace-delimited syntaxes ({{ x }}, {{{ x }}}, {% x %}, ${ x }) are scanned by hand (scanDelimited)
// in time linear in the text: the regular expressions they replace (kept as the reference in
// test/unit/fuzz-templates.test.ts) re-read the rest of the text from every unclosed opener, and their
// lazy groups re-read every whitespace run before a closer: quadratic on a prompt of unclosed "{%".
const PATTERNS: PPattern[] = [
  // %(name)s
  { syntax: 'percent', re: /%\(([A-Za-z_][A-Za-z0-9_]*)\)[-#0 +]*\d*(?:\.\d+)?[sdifrgeExXoc]/g },
  // {x}, {user.name}, {items[0]}, {x!r}, {x:>10}; not {{x}} (escaped in str.format), not ${x}, not JSON.
  {
    syntax: 'brace',
    re: /(?<![{$\\])\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[^\]\n{}]*\])*)(?:![rsa])?(?::[^{}\n]{0,20})?\}(?!\})/g,
  },
];

/** `text.indexOf(needle, from)` through a cursor: linear over a scan whose `from` never decreases. */
function cursor(text: string, needle: string): (from: number) => number {
  let at = -2;
  let asked = 0;
  return (from) => {
    if (at === -2 || from < asked || (at !== -1 && at < from)) at = text.indexOf(needle, from);
    asked = from;
    return at;
  };
}

/** First brace ("{" or "}") at or after `from`, or -1. */
function braceCursor(text: string): (from: number) => number {
  const open = cursor(text, '{');
  const close = cursor(text, '}');
  return (from) => {
    const a = open(from);
    const b = close(from);
    return a === -1 ? b : b === -1 ? a : Math.min(a, b);
  };
}

const isWs = (c: string) => c.trim() === '' && c !== '';

/** Index after the leading whitespace of s[from..]. */
function skipWs(s: string, from: number): number {
  let i = from;
  while (i < s.length && isWs(s[i])) i++;
  return i;
}

/** The group of `\s*(…*?)\s*-?` (lead already skipped): drop a trailing "-", then trailing whitespace. */
function lazyGroup(r: string, dash: boolean): string {
  return (dash && r.endsWith('-') ? r.slice(0, -1) : r).trimEnd();
}

/**
 * Matches of the delimited syntaxes, with exactly the offsets and groups of the reference expressions
 *   mustache  /\{\{\{\s*([^{}]*?)\s*\}\}\}|\{\{-?\s*([^{}]*?)\s*-?\}\}/g
 *   jinja-tag /\{%-?\s*([\s\S]*?)\s*-?%\}/g
 *   dollar    /\$\{\s*([^{}\n]+?)\s*\}/g
 * scanned like a global exec loop (after a match, from its end; after a failure, from the next character).
 * Brace-free contents end at the first brace after the opener; a tag ends at the first "%}" after "{%".
 */
function scanDelimited(text: string, found: Placeholder[]): void {
  const push = (start: number, end: number, expr: string, syntax: PlaceholderSyntax) => found.push({ start, end, name: placeholderName(expr, syntax), syntax });
  // {{{ x }}} and {{ x }} (also {{- x -}} whitespace control, {{#each x}}, {{/each}}, {{> partial}}).
  {
    const brace = braceCursor(text);
    for (let pos = 0, i = text.indexOf('{{'); i !== -1; i = text.indexOf('{{', pos)) {
      pos = i + 1;
      let expr: string | undefined;
      if (text[i + 2] === '{') {
        const q = brace(i + 3);
        if (q !== -1 && text.startsWith('}}}', q)) {
          expr = text.slice(i + 3, q).trim();
          pos = q + 3;
        }
      } else {
        const q = brace(i + 2);
        if (q !== -1 && text.startsWith('}}', q)) {
          const c = text.slice(i + 2, q);
          expr = lazyGroup(c.slice(skipWs(c, c[0] === '-' ? 1 : 0)), true);
          pos = q + 2;
        }
      }
      if (expr === undefined || /^!/.test(expr) || expr.trim() === '') continue; // {{! comment }}, {{ }}
      push(i, pos, expr, 'mustache');
    }
  }
  // {% if x %}, {%- for a in b -%}
  {
    const close = cursor(text, '%}');
    for (let pos = 0, i = text.indexOf('{%'); i !== -1; i = text.indexOf('{%', pos)) {
      const q = close(i + 2);
      if (q === -1) break; // no closer after this opener, so none after any later one
      const c = text.slice(i + 2, q);
      push(i, q + 2, lazyGroup(c.slice(skipWs(c, c[0] === '-' ? 1 : 0)), true), 'jinja-tag');
      pos = q + 2;
    }
  }
  // ${x}, ${ user.name }
  {
    const brace = braceCursor(text);
    for (let pos = 0, i = text.indexOf('${'); i !== -1; i = text.indexOf('${', pos)) {
      pos = i + 1;
      const q = brace(i + 2);
      if (q === -1 || text[q] !== '}') continue;
      const c = text.slice(i + 2, q);
      const lead = skipWs(c, 0);
      let expr: string | undefined;
      if (lead < c.length) {
        const x = c.slice(lead).trimEnd();
        if (x.indexOf('\n') === -1) expr = x;
      } else {
        // all whitespace: the lead gives back its last character that is not a line feed
        const k = lastNonLf(c);
        if (k >= 0) expr = c[k];
      }
      if (expr === undefined) continue;
      push(i, q + 1, expr, 'dollar');
      pos = q + 1;
    }
  }
}

function lastNonLf(s: string): number {
  for (let k = s.length - 1; k >= 0; k--) if (s[k] !== '\n') return k;
  return -1;
}

/** The variable an expression refers to: `user.name | upper` → "user.name", `#each items` → "items". */
export function placeholderName(expr: string, syntax: PlaceholderSyntax): string {
  let e = expr.trim();
  if (syntax === 'jinja-tag') return e.replace(/\s+/g, ' ');
  e = e.replace(/^[#/^>&!~]\s*/, ''); // Handlebars/Mustache sigils
  e = e.replace(/^(?:each|if|unless|with|else if|else)\s+/, '');
  const m = /[A-Za-z_$@][\w$@]*(?:\.[A-Za-z_$@][\w$@]*)*/.exec(e);
  return m ? m[0] : e;
}

/** Every match of every pattern, sorted by start (longer first), overlaps not yet dropped. */
function scanAll(text: string): Placeholder[] {
  const found: Placeholder[] = [];
  if (!text || (text.indexOf('{') === -1 && text.indexOf('%(') === -1)) return found;
  scanDelimited(text, found);
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(text)) !== null) {
      const expr = m[1] ?? '';
      found.push({ start: m.index, end: m.index + m[0].length, name: placeholderName(expr, p.syntax), syntax: p.syntax });
    }
  }
  return sortMatches(found);
}

// ---------------------------------------------------------------------------------------------------
// Chunked scanning of long texts (scanMemo.ts): cut at blank lines where no pattern can match across.
//
// A cut c with text[c-1] = text[c] = "\n" is exact when (a) the last brace ("{" or "}") before c is not
// the "{" of an opener "{{" or "${", and (b) the last "{%" before c is followed by a "%}" before c:
//  * Every pattern starts with "{", "$" or "%" and looks behind at most one character (the brace
//    pattern's (?<![{$\\]), which "\n" passes like the start of the input): attempts from s >= c are
//    the same in the whole text and in the chunk after c.
//  * The brace and %(x)s patterns never consume "\n" (their classes exclude it), and the one lookahead,
//    (?!\}), fails on "\n" as at the end of the input.
//  * {{ x }} / {{{ x }}} and ${ x } consume, after the opener, only characters other than braces until
//    their closing brace; reaching c would make the opener's last "{" the last brace before c: excluded
//    by (a). While the brace-free run ends before c, no attempt reads past it.
//  * {% … %} ends at the first "%}" after its opener; by (b) that is before c for every opener before c,
//    and whitespace runs (\s*) stop at that "%".
//  So every match lies inside one chunk with the same offsets and name (checked on random texts in
//  test/unit/rules/scan-equivalence.test.ts).

/** Cut positions of a long text (exact, see above). */
export function placeholderCuts(text: string): number[] {
  // Next occurrences (ascending) and the last ones before the candidate cut, advanced with indexOf.
  let nextOpen = text.indexOf('{');
  let nextClose = text.indexOf('}');
  let nextTagOpen = text.indexOf('{%');
  let nextTagClose = text.indexOf('%}');
  let lastBrace = -1;
  let lastTagOpen = -1;
  let lastTagClose = -1;
  return blankLineCuts(text, (c) => {
    while (nextOpen !== -1 && nextOpen < c) {
      lastBrace = Math.max(lastBrace, nextOpen);
      nextOpen = text.indexOf('{', nextOpen + 1);
    }
    while (nextClose !== -1 && nextClose < c) {
      lastBrace = Math.max(lastBrace, nextClose);
      nextClose = text.indexOf('}', nextClose + 1);
    }
    while (nextTagOpen !== -1 && nextTagOpen + 2 <= c) {
      lastTagOpen = nextTagOpen;
      nextTagOpen = text.indexOf('{%', nextTagOpen + 1);
    }
    while (nextTagClose !== -1 && nextTagClose + 2 <= c) {
      lastTagClose = nextTagClose;
      nextTagClose = text.indexOf('%}', nextTagClose + 1);
    }
    const openerBrace = lastBrace >= 1 && text[lastBrace] === '{' && (text[lastBrace - 1] === '{' || text[lastBrace - 1] === '$');
    const openTag = lastTagOpen !== -1 && lastTagClose < lastTagOpen + 2;
    return !openerBrace && !openTag;
  });
}

const chunkMemo = new TextMemo<Placeholder[]>(8 * 1024 * 1024);
const shortMemo = new TextMemo<Placeholder[]>(8 * 1024 * 1024);
const longMemo = new LongTextMemo<Placeholder[]>(4);

/** Drop every memo (tests, benchmarks: the engine's clearCaches()). */
export function clearPlaceholderCaches(): void {
  chunkMemo.clear();
  shortMemo.clear();
  longMemo.clear();
}

/**
 * Every placeholder in `text`, sorted by start, non-overlapping (earlier, then longer, wins).
 * Memoized by text (long texts chunked): the returned array and its items are shared and must not be mutated.
 */
export function findPlaceholders(text: string): Placeholder[] {
  if (!text || (text.indexOf('{') === -1 && text.indexOf('%(') === -1)) return [];
  if (text.length < CHUNK_THRESHOLD) {
    let hit = shortMemo.get(text);
    if (!hit) shortMemo.set(text, (hit = dropOverlaps(scanAll(text))));
    return hit;
  }
  let hit = longMemo.get(text);
  if (!hit) longMemo.set(text, (hit = dropOverlaps(scanChunks(text, placeholderCuts(text), chunkMemo, scanAll))));
  return hit;
}

/** For tests: the reference whole-text scan (no memo, no chunks). */
export function scanPlaceholdersWhole(text: string): Placeholder[] {
  return dropOverlaps(scanAll(text));
}

/** For tests: the chunked scan at placeholderCuts, whatever the text's length. */
export function scanPlaceholdersChunked(text: string): Placeholder[] {
  return dropOverlaps(scanChunks(text, placeholderCuts(text), chunkMemo, scanAll));
}

const TIME_LIKE = /(?:^|[^a-z])(?:date|time|now|today|timestamp|datetime|clock|year|month|day|hour|minute|second|epoch|uuid|guid|nonce|random|rand|seed|request_?id|trace_?id|session_?id)(?:$|[^a-z])|(?:date|time|stamp|now|today)$/i;

/** True for names that suggest a value that changes on every request (date, time, ids, randomness). */
export function isTimeLikeName(name: string): boolean {
  const n = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return TIME_LIKE.test(n);
}
