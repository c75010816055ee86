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

const PATTERNS: PPattern[] = [
  // {{{ x }}} and {{ x }} (also {{- x -}} whitespace control, {{#each x}}, {{/each}}, {{> partial}}).
  { syntax: 'mustache', re: /\{\{\{\s*([^{}]*?)\s*\}\}\}|\{\{-?\s*([^{}]*?)\s*-?\}\}/g },
  // {% if x %}, {%- for a in b -%}
  { syntax: 'jinja-tag', re: /\{%-?\s*([\s\S]*?)\s*-?%\}/g },
  // ${x}, ${ user.name }
  { syntax: 'dollar', re: /\$\{\s*([^{}\n]+?)\s*\}/g },
  // %(name)s
  { syntax: 'percent', re: /%\(([A-Za-z_][A-Za-z0-9_]*)\)[-#0 +]*\d*(?:\.\d+)?[sdifrgeExXoc]/g },
  // {x}, {user.name}, {items[0]}, {x!r}, {x:>10}; not {{x}} (escaped in str.format), not ${x}, not JSON.
  {
    syntax: 'brace',
    re: /(?<![{$\\])\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[^\]\n{}]*\])*)(?:![rsa])?(?::[^{}\n]{0,20})?\}(?!\})/g,
  },
];

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
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(text)) !== null) {
      const expr = m[1] ?? m[2] ?? '';
      if (p.syntax === 'mustache' && /^!/.test(expr)) continue; // {{! comment }}
      if (p.syntax === 'mustache' && expr.trim() === '') continue;
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
