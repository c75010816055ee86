// Pure detector for template placeholders in prompt text: `{{ x }}` / `{{{ x }}}` (Mustache, Handlebars,
// Jinja expressions), `{% … %}` (Jinja/Liquid tags), `${x}` (JS template literals, shell), `{x}` (Python
// str.format / f-strings, LangChain), `%(x)s` (Python %-format). Used by `template-variable-in-prefix`
// and by the cache plan for prompt templates (the prefix ends at the first placeholder).
// Offsets are into the decoded text passed in.

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

/** Every placeholder in `text`, sorted by start, non-overlapping (earlier, then longer, wins). */
export function findPlaceholders(text: string): Placeholder[] {
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
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Placeholder[] = [];
  for (const ph of found) {
    const last = out[out.length - 1];
    if (last && ph.start < last.end) continue;
    out.push(ph);
  }
  return out;
}

const TIME_LIKE = /(?:^|[^a-z])(?:date|time|now|today|timestamp|datetime|clock|year|month|day|hour|minute|second|epoch|uuid|guid|nonce|random|rand|seed|request_?id|trace_?id|session_?id)(?:$|[^a-z])|(?:date|time|stamp|now|today)$/i;

/** True for names that suggest a value that changes on every request (date, time, ids, randomness). */
export function isTimeLikeName(name: string): boolean {
  const n = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return TIME_LIKE.test(n);
}
