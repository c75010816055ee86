// Template tags of the two prompt-file formats, scanned by hand in linear time (a file being typed has
// unclosed tags everywhere; no regular expression re-reads the rest of the text from each opener):
//   jinja       Prompty's default engine (Jinja2): {{ expr }}, {% statement %}, {# comment #};
//   handlebars  Dotprompt (Handlebars; also Prompty's `template: mustache`): {{ expr }}, {{{ expr }}},
//               {{#block}} … {{else}} … {{/block}}, {{^inverse}}, {{> partial}}, {{! comment }}, {{!-- --}}.
// Blocks are matched; an unclosed tag or block, or a closer without its opener, is a problem with a range.
import type { InputProblem } from '../../types';

export type TagSyntax = 'jinja' | 'handlebars';

export type TagKind = 'expr' | 'open' | 'close' | 'middle' | 'comment' | 'partial' | 'statement';

export interface TemplateTag {
  start: number;
  end: number;
  kind: TagKind;
  /** The expression inside the delimiters, without whitespace control, sigils ("#", "/", ">") and padding. */
  inner: string;
  /** First word of `inner`: the block keyword / helper name ("if", "for", "each", "role", "json" …). */
  head: string;
  /** `inner` after `head`. */
  args: string;
  /** Triple-stash {{{x}}} (Handlebars: not HTML-escaped). */
  triple?: boolean;
  /** For `open` tags: the index of the matching `close` tag in the list (undefined when unclosed). */
  closeIndex?: number;
}

export interface TagScan {
  tags: TemplateTag[];
  problems: InputProblem[];
}

const MAX_PROBLEMS = 20;

/** Jinja statements that open a block closed by `end<keyword>`. `set` opens one only without "=". */
const JINJA_BLOCKS = new Set(['if', 'for', 'macro', 'call', 'filter', 'block', 'with', 'autoescape', 'trans', 'set', 'raw']);
const JINJA_MIDDLE = new Set(['elif', 'else', 'pluralize']);

function splitHead(inner: string): { head: string; args: string } {
  let i = 0;
  while (i < inner.length && !/\s/.test(inner[i])) i++;
  return { head: inner.slice(0, i), args: inner.slice(i).trim() };
}

/** Strip Jinja whitespace control ("-" / "+") at both ends and the padding. */
function jinjaInner(raw: string): string {
  let s = raw;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  if (s.endsWith('-') || s.endsWith('+')) s = s.slice(0, -1);
  return s.trim();
}

/** Strip Handlebars whitespace control ("~") at both ends and the padding. */
function hbsInner(raw: string): string {
  let s = raw.trim();
  if (s[0] === '~') s = s.slice(1);
  if (s.endsWith('~')) s = s.slice(0, -1);
  return s.trim();
}

function short(s: string, n = 30): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

/**
 * Every tag of `syntax` in text[from, to), in order, with blocks matched. Never throws; problems (at most
 * 20) carry the range of the offending tag.
 */
export function scanTags(text: string, syntax: TagSyntax, from = 0, to = text.length): TagScan {
  return syntax === 'jinja' ? scanJinja(text, from, to) : scanHandlebars(text, from, to);
}

interface Open {
  index: number;
  keyword: string;
}

function problem(out: InputProblem[], message: string, start: number, end: number, severity: InputProblem['severity'] = 'error'): void {
  if (out.length < MAX_PROBLEMS) out.push({ severity, message, range: { start, end } });
}

function closeBlocks(text: string, tags: TemplateTag[], stack: Open[], problems: InputProblem[], closer: (k: string) => string): void {
  for (const o of stack) {
    const t = tags[o.index];
    problem(problems, `Unclosed ${short(text.slice(t.start, t.end))}: no ${closer(o.keyword)} after it, so the template does not render.`, t.start, t.end);
  }
}

function scanJinja(text: string, from: number, to: number): TagScan {
  const tags: TemplateTag[] = [];
  const problems: InputProblem[] = [];
  const stack: Open[] = [];
  // Past this offset there is no closer of that kind: later openers are unclosed too (linear, not quadratic).
  const none: Record<string, number> = { '}}': Infinity, '%}': Infinity, '#}': Infinity };
  let i = text.indexOf('{', from);
  while (i !== -1 && i < to - 1) {
    const c = text[i + 1];
    const closer = c === '{' ? '}}' : c === '%' ? '%}' : c === '#' ? '#}' : '';
    if (!closer) {
      i = text.indexOf('{', i + 1);
      continue;
    }
    let q = i + 2 >= none[closer] ? -1 : text.indexOf(closer, i + 2);
    if (q >= to) q = -1;
    if (q === -1) {
      none[closer] = Math.min(none[closer], i + 2);
      problem(problems, `Unclosed "${text.slice(i, i + 2)}": no "${closer}" after it, so the template does not render.`, i, i + 2);
      i = text.indexOf('{', i + 2);
      continue;
    }
    const end = q + 2;
    const inner = jinjaInner(text.slice(i + 2, q));
    const { head, args } = splitHead(inner);
    let kind: TagKind = c === '{' ? 'expr' : c === '#' ? 'comment' : 'statement';
    if (c === '%') {
      if (JINJA_BLOCKS.has(head) && !(head === 'set' && /=/.test(args))) kind = 'open';
      else if (head.startsWith('end')) kind = 'close';
      else if (JINJA_MIDDLE.has(head)) kind = 'middle';
    }
    const tag: TemplateTag = { start: i, end, kind, inner, head, args };
    tags.push(tag);
    if (kind === 'open') {
      stack.push({ index: tags.length - 1, keyword: head });
      if (head === 'raw') {
        // {% raw %} … {% endraw %}: the content is text, not tags.
        const m = /\{%-?\s*endraw\s*-?%\}/.exec(text.slice(end, to));
        if (m) {
          const cs = end + m.index;
          tags.push({ start: cs, end: cs + m[0].length, kind: 'close', inner: 'endraw', head: 'endraw', args: '' });
          tags[stack.pop()!.index].closeIndex = tags.length - 1;
          i = text.indexOf('{', cs + m[0].length);
          continue;
        }
      }
    } else if (kind === 'close') {
      const want = head.slice(3);
      let k = stack.length - 1;
      while (k >= 0 && stack[k].keyword !== want) k--;
      if (k < 0) problem(problems, `{% ${head} %} closes no open {% ${want} %} block.`, i, end);
      else {
        // Blocks opened after the matching one were never closed.
        closeBlocks(text, tags, stack.splice(k + 1), problems, (kw) => `{% end${kw} %}`);
        tags[stack.pop()!.index].closeIndex = tags.length - 1;
      }
    } else if (kind === 'middle' && !stack.length) {
      problem(problems, `{% ${head} %} outside any {% if %} or {% for %} block.`, i, end);
    }
    i = text.indexOf('{', end);
  }
  closeBlocks(text, tags, stack, problems, (kw) => `{% end${kw} %}`);
  return { tags, problems };
}

function scanHandlebars(text: string, from: number, to: number): TagScan {
  const tags: TemplateTag[] = [];
  const problems: InputProblem[] = [];
  const stack: Open[] = [];
  const none: Record<string, number> = { '}}': Infinity, '}}}': Infinity, '--}}': Infinity };
  let i = text.indexOf('{{', from);
  while (i !== -1 && i < to - 1) {
    const triple = text[i + 2] === '{';
    const afterOpen = i + (triple ? 3 : 2);
    const ws = text[afterOpen] === '~' ? 1 : 0;
    const longComment = !triple && text.startsWith('!--', afterOpen + ws);
    const closer = triple ? '}}}' : longComment ? '--}}' : '}}';
    const searchFrom = longComment ? afterOpen + ws + 3 : afterOpen;
    let q = searchFrom >= none[closer] ? -1 : text.indexOf(closer, searchFrom);
    if (q >= to) q = -1;
    if (q === -1) {
      none[closer] = Math.min(none[closer], searchFrom);
      problem(problems, `Unclosed "${text.slice(i, afterOpen)}": no "${closer}" after it, so the template does not render.`, i, afterOpen);
      i = text.indexOf('{{', afterOpen);
      continue;
    }
    const end = q + closer.length;
    let inner = hbsInner(text.slice(afterOpen, longComment ? q + 2 : q));
    let kind: TagKind = 'expr';
    const sigil = inner[0];
    if (sigil === '!') kind = 'comment';
    else if (triple) kind = 'expr';
    else if (sigil === '#' || sigil === '^') kind = inner.length === 1 && sigil === '^' ? 'middle' : 'open';
    else if (sigil === '/') kind = 'close';
    else if (sigil === '>') kind = 'partial';
    else if (/^else\b/.test(inner)) kind = 'middle';
    if (kind === 'open' || kind === 'close' || kind === 'partial' || (sigil === '&' && kind === 'expr')) inner = inner.slice(1).trim();
    if (kind === 'open' && inner[0] === '*') inner = inner.slice(1).trim(); // {{#*inline "x"}}
    const { head, args } = splitHead(inner);
    const tag: TemplateTag = { start: i, end, kind, inner, head, args, triple: triple || undefined };
    tags.push(tag);
    if (kind === 'open') stack.push({ index: tags.length - 1, keyword: head });
    else if (kind === 'close') {
      let k = stack.length - 1;
      while (k >= 0 && stack[k].keyword !== head) k--;
      if (k < 0) problem(problems, `{{/${head}}} closes no open {{#${head}}} block.`, i, end);
      else {
        closeBlocks(text, tags, stack.splice(k + 1), problems, (kw) => `{{/${kw}}}`);
        tags[stack.pop()!.index].closeIndex = tags.length - 1;
      }
    } else if (kind === 'middle' && !stack.length) {
      problem(problems, `{{${inner}}} outside any {{#if}} or {{#each}} block.`, i, end);
    }
    i = text.indexOf('{{', end);
  }
  closeBlocks(text, tags, stack, problems, (kw) => `{{/${kw}}}`);
  return { tags, problems };
}

/** The variable path an expression reads first: `user.name | upper` → "user.name", `json order` → "order". */
export function variablePath(expr: string): string | undefined {
  const m = /^[A-Za-z_@][\w@]*(?:\.[A-Za-z_][\w]*|\[\d+\])*/.exec(expr.trim());
  return m ? m[0] : undefined;
}
