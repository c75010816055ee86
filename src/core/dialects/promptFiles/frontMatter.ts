// YAML front matter of a prompt file (--- … --- at the top), parsed with the `yaml` package so that every
// value keeps its source range: a problem or a model name lands on its exact characters.
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { InputProblem, OffsetRange } from '../../types';

export interface FrontMatter {
  /** Offset of the YAML text (the line after the opening ---). */
  yamlStart: number;
  /** Offset where the body starts (after the closing --- line); 0 without front matter. */
  bodyStart: number;
  /** The parsed document (undefined without front matter). */
  doc?: Document;
  /** The front matter as plain data (undefined when missing, broken or not a mapping). */
  data?: Record<string, unknown>;
  /** Range of the opening --- (for problems about the front matter as a whole). */
  openRange?: OffsetRange;
  problems: InputProblem[];
}

/** One front-matter value with its source range. */
export interface YamlValue {
  value: unknown;
  range: OffsetRange;
  node: YamlNode;
}

function lineEnd(text: string, from: number): number {
  const n = text.indexOf('\n', from);
  return n === -1 ? text.length : n;
}

function isFence(text: string, start: number, end: number): boolean {
  return /^---[ \t]*\r?$/.test(text.slice(start, end));
}

/**
 * Read the front matter. `leading`: Dotprompt allows blank lines and `#` comment lines (a license header)
 * before the opening ---; Prompty requires it on the first line. Never throws.
 */
export function readFrontMatter(text: string, leading: boolean): FrontMatter {
  const problems: InputProblem[] = [];
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    const e = lineEnd(text, at);
    if (isFence(text, at, e)) break;
    const line = text.slice(at, e);
    if (leading && e < text.length && (/^[ \t]*\r?$/.test(line) || line.startsWith('#'))) {
      at = e + 1;
      continue;
    }
    return { yamlStart: 0, bodyStart: 0, problems };
  }
  const openEnd = lineEnd(text, at);
  const openRange = { start: at, end: at + 3 };
  const yamlStart = Math.min(text.length, openEnd + 1);
  // The closing fence: the first line that is exactly --- (or ... as YAML's document end).
  let p = yamlStart;
  let close = -1;
  while (p < text.length) {
    const e = lineEnd(text, p);
    if (isFence(text, p, e)) {
      close = p;
      break;
    }
    p = e + 1;
  }
  if (close === -1) {
    problems.push({ severity: 'error', message: 'The front matter is not closed: no "---" line after the opening one, so the whole file is read as YAML and there is no prompt.', range: openRange });
    return { yamlStart, bodyStart: text.length, openRange, problems };
  }
  const bodyStart = Math.min(text.length, lineEnd(text, close) + 1);
  const yaml = text.slice(yamlStart, close);
  let doc: Document | undefined;
  try {
    doc = parseDocument(yaml, { prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    problems.push({ severity: 'error', message: `The front matter could not be read as YAML: ${err instanceof Error ? err.message : String(err)}`, range: { start: yamlStart, end: close } });
    return { yamlStart, bodyStart, openRange, problems };
  }
  // An error at the end of the YAML (an unclosed bracket or quote) points at its last character, not at the fence.
  const lim = yamlStart + yaml.trimEnd().length;
  const where = (pos: [number, number] | undefined): OffsetRange => {
    const [s, t] = pos ?? [0, 0];
    const start = Math.max(yamlStart, Math.min(yamlStart + s, lim - 1));
    return { start, end: Math.max(start, Math.min(Math.max(yamlStart + t, start + 1), lim)) };
  };
  for (const e of doc.errors.slice(0, 10)) problems.push({ severity: 'error', message: `Front matter YAML: ${firstLine(e.message)}`, range: where(e.pos) });
  for (const w of doc.warnings.slice(0, 10)) problems.push({ severity: 'warning', message: `Front matter YAML: ${firstLine(w.message)}`, range: where(w.pos) });
  let data: Record<string, unknown> | undefined;
  if (!doc.errors.length) {
    if (doc.contents && !isMap(doc.contents)) {
      const r = doc.contents.range;
      problems.push({ severity: 'error', message: 'The front matter is not a YAML mapping ("key: value" lines).', range: r ? { start: yamlStart + r[0], end: yamlStart + r[1] } : openRange });
    } else {
      try {
        const js = doc.toJS({ maxAliasCount: 100 });
        data = js && typeof js === 'object' ? (js as Record<string, unknown>) : {};
      } catch (err) {
        problems.push({ severity: 'error', message: `The front matter could not be read: ${err instanceof Error ? err.message : String(err)}`, range: { start: yamlStart, end: close } });
      }
    }
  }
  return { yamlStart, bodyStart, doc, data, openRange, problems };
}

function firstLine(s: string): string {
  const l = s.split('\n')[0].trim();
  return l.replace(/ at line \d+, column \d+:?$/, '');
}

/** The value at a key path (string keys, numeric indices) with its source range, or undefined. */
export function yamlAt(fm: FrontMatter, path: (string | number)[]): YamlValue | undefined {
  let node: unknown = fm.doc?.contents;
  for (const k of path) {
    if (isMap(node)) node = node.get(k, true);
    else if (isSeq(node) && typeof k === 'number') node = node.get(k, true);
    else return undefined;
    if (node === undefined || node === null) return undefined;
  }
  const n = node as YamlNode;
  if (!n || !n.range) return undefined;
  let value: unknown;
  try {
    value = isScalar(n) ? n.value : n.toJSON();
  } catch {
    value = undefined;
  }
  return { value, node: n, range: { start: fm.yamlStart + n.range[0], end: fm.yamlStart + n.range[1] } };
}

/** A string value at a key path, with the range of its characters (inside quotes when quoted). */
export function yamlString(fm: FrontMatter, path: (string | number)[]): { value: string; range: OffsetRange } | undefined {
  const v = yamlAt(fm, path);
  if (!v || !isScalar(v.node) || (typeof v.value !== 'string' && typeof v.value !== 'number') || String(v.value).trim() === '') return undefined;
  const value = String(v.value);
  let { start, end } = v.range;
  const t = v.node.type;
  if (t === 'QUOTE_DOUBLE' || t === 'QUOTE_SINGLE') {
    start += 1;
    end -= 1;
  }
  return { value, range: { start, end: Math.max(start, end) } };
}
