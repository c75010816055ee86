// A prompt-file section rendered for counting: expressions whose value is known (Prompty `sample`,
// Dotprompt `input.default` and schema defaults) are filled in, comments and markers are dropped, and
// everything else stays as written. The rendered text keeps a source offset for every character, so a
// highlight or a problem inside it lands on the file's own characters (a filled-in value maps onto its
// placeholder). Blocks ({% if %}, {{#each}}) are not evaluated: their text counts as written.
import type { TextSpan } from '../../types';
import type { TemplateTag } from './tags';

/** What to do with one tag in a section. */
export type TagAction =
  | { do: 'fill'; text: string; placeholder: true }
  | { do: 'keep'; placeholder: boolean }
  | { do: 'drop' };

/** A placeholder in a rendered span: decoded offsets into span.text, and the tag as written. */
export interface RenderedPlaceholder {
  start: number;
  end: number;
  tag: TemplateTag;
  /** The value filled in, when one was known. */
  filled?: string;
}

export interface RenderedSpan {
  span: TextSpan;
  placeholders: RenderedPlaceholder[];
}

/**
 * Render text[start, end) with the tags inside it (in order). Leading and trailing whitespace of the
 * result is trimmed (the message content), with its source offsets.
 */
export function renderRange(text: string, start: number, end: number, tags: readonly TemplateTag[], action: (t: TemplateTag) => TagAction): RenderedSpan {
  // Pieces in order: copied source runs and filled values; offsets are materialised once, at the end.
  const pieces: { src: number; len: number; fill?: TemplateTag }[] = [];
  const parts: string[] = [];
  const placeholders: RenderedPlaceholder[] = [];
  let length = 0;
  let changed = false;
  let at = start;
  const copy = (s: number, e: number) => {
    if (e <= s) return;
    pieces.push({ src: s, len: e - s });
    parts.push(text.slice(s, e));
    length += e - s;
  };
  for (const t of tags) {
    if (t.start < at || t.end > end) continue;
    const a = action(t);
    if (a.do === 'keep') {
      copy(at, t.end);
      if (a.placeholder) placeholders.push({ start: length - (t.end - t.start), end: length, tag: t });
      at = t.end;
      continue;
    }
    copy(at, t.start);
    changed = true;
    if (a.do === 'fill') {
      pieces.push({ src: t.start, len: a.text.length, fill: t });
      parts.push(a.text);
      placeholders.push({ start: length, end: length + a.text.length, tag: t, filled: a.text });
      length += a.text.length;
    }
    at = t.end;
  }
  copy(at, end);
  const out = parts.length === 1 ? parts[0] : parts.join('');
  // Trim: the message content as sent.
  let s = 0;
  let e = out.length;
  while (s < e && /\s/.test(out[s])) s++;
  while (e > s && /\s/.test(out[e - 1])) e--;
  const body = out.slice(s, e);
  let offsets: number[] | undefined;
  if (changed) {
    offsets = new Array<number>(out.length);
    let k = 0;
    for (const p of pieces) {
      if (p.fill) {
        // The value's characters spread over the placeholder's (monotonic: decoded → source stays ordered).
        const len = p.fill.end - p.fill.start;
        for (let i = 0; i < p.len; i++) offsets[k++] = p.fill.start + Math.floor((i * len) / p.len);
      } else for (let i = 0; i < p.len; i++) offsets[k++] = p.src + i;
    }
  }
  const src = (i: number) => (offsets ? (i < offsets.length ? offsets[i] : end) : start + i);
  const rangeStart = src(s);
  const rangeEnd = body.length ? (e < out.length ? src(e) : end) : rangeStart;
  // A filled value at the very end maps its end to the placeholder's end.
  const last = placeholders.length ? placeholders[placeholders.length - 1] : undefined;
  const endOffset = last && last.end === e && last.filled !== undefined ? last.tag.end : rangeEnd;
  const span: TextSpan = { text: body, range: { start: rangeStart, end: Math.max(rangeStart, endOffset) } };
  if (offsets) {
    const so = s === 0 && e === offsets.length ? offsets : offsets.slice(s, e);
    so.push(span.range.end);
    span.sourceOffsets = so;
  }
  const kept = placeholders.filter((p) => p.start >= s && p.end <= e).map((p) => ({ ...p, start: p.start - s, end: p.end - s }));
  return { span, placeholders: kept };
}

/** A known value as the template engine prints it (Jinja2: Python str(); Handlebars: JS toString). */
export function printValue(v: unknown, syntax: 'jinja' | 'handlebars'): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return syntax === 'jinja' ? (v ? 'True' : 'False') : String(v);
  if (v === null) return syntax === 'jinja' ? 'None' : '';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v) && syntax === 'handlebars') return v.map((x) => (typeof x === 'object' && x !== null ? '[object Object]' : String(x ?? ''))).join(',');
  if (typeof v === 'object' && syntax === 'handlebars') return '[object Object]';
  try {
    // Jinja prints Python's repr of lists and dicts: JSON is close enough for counting.
    return JSON.stringify(v);
  } catch {
    return undefined;
  }
}

/** The value at a dotted path ("user.name", "items[0]") in known inputs. */
export function lookup(values: Record<string, unknown> | undefined, path: string): { found: boolean; value?: unknown } {
  if (!values) return { found: false };
  let cur: unknown = values;
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, part)) return { found: false };
    cur = (cur as Record<string, unknown>)[part];
  }
  return { found: true, value: cur };
}
