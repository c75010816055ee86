// Google Dotprompt (*.prompt): optional YAML front matter (model "googleai/gemini-2.5-flash", config,
// input.schema in Picoschema or JSON Schema, input.default, tools, output) after optional blank or "#"
// lines, and a Handlebars body. The format's rules (google/dotprompt js/src/parse.ts, helpers.ts):
//  * the first message is a user message; {{role "system"}} (lowercase role: user, model, system, tool)
//    starts a new message, or changes the role of the current one while it holds only whitespace;
//  * {{history}} inserts the conversation so far, and the text after it is a model message until the next
//    role marker; without {{history}}, the conversation goes before the last message when that is a user one;
//  * {{media url=…}} is an image or file part, {{section "name"}} a pending part (no text);
//  * messages that are only whitespace are dropped.
// Known values: input.default, then the schema's `default`s (JSON Schema properties).
import type { InputProblem } from '../../types';
import type { FileSection } from '../promptFiles/build';
import { readFrontMatter, yamlAt, yamlString, type FrontMatter } from '../promptFiles/frontMatter';
import { scanTags, type TagScan, type TemplateTag } from '../promptFiles/tags';

export interface DotpromptFile {
  fm: FrontMatter;
  model?: { name: string; start: number; end: number; provider?: 'openai' | 'anthropic' | 'google' };
  values: Record<string, unknown>;
  sections: FileSection[];
  scan: TagScan;
  /** Marker tags ({{role}}, {{history}}, {{section}}): dropped from the text. */
  markers: Set<TemplateTag>;
  hasHistory: boolean;
  problems: InputProblem[];
  notes: string[];
}

const ROLE_ARG = /^(["'])([a-z]+)\1$/;
const SENT_AS: Record<string, string> = { model: 'assistant', user: 'user', system: 'system', tool: 'tool' };

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function providerOf(name: string): 'openai' | 'anthropic' | 'google' | undefined {
  const prefix = name.includes('/') ? name.slice(0, name.indexOf('/')).toLowerCase() : '';
  if (/claude/i.test(name) || prefix === 'anthropic') return 'anthropic';
  if (prefix === 'googleai' || prefix === 'vertexai' || prefix === 'google' || /gemini/i.test(name)) return 'google';
  if (prefix === 'openai' || prefix === 'azureopenai') return 'openai';
  return undefined;
}

function valuesOf(fm: FrontMatter): Record<string, unknown> {
  const input = obj(fm.data?.input);
  const values: Record<string, unknown> = {};
  const props = obj(obj(input?.schema)?.properties);
  if (props) for (const [k, v] of Object.entries(props)) if (obj(v) && 'default' in obj(v)!) values[k] = obj(v)!.default;
  const defaults = obj(input?.default);
  if (defaults) Object.assign(values, defaults);
  return values;
}

function sectionsOf(text: string, bodyStart: number, tags: readonly TemplateTag[], markers: Set<TemplateTag>, problems: InputProblem[]): { sections: FileSection[]; hasHistory: boolean } {
  const sections: FileSection[] = [];
  let cur: FileSection = { role: 'user', sentAs: 'user', start: bodyStart, end: text.length };
  let hasHistory = false;
  // Only whitespace (and comments) between the section's start and `end`?
  const after = (t: TemplateTag) => (text[t.end] === '\r' && text[t.end + 1] === '\n' ? t.end + 2 : text[t.end] === '\n' ? t.end + 1 : t.end);
  const blank = (s: FileSection, end: number) => {
    let pos = s.start;
    for (const c of tags) {
      if (c.kind !== 'comment' || c.end <= pos || c.start < s.start) continue;
      if (c.start >= end) break;
      if (text.slice(pos, c.start).trim()) return false;
      pos = c.end;
    }
    return !text.slice(pos, Math.max(pos, end)).trim();
  };
  for (const t of tags) {
    if (t.kind !== 'expr' || t.triple) continue;
    if (t.head === 'role') {
      const m = ROLE_ARG.exec(t.args);
      if (!m) {
        problems.push({ severity: 'warning', message: `{{role ${t.args}}}: the role must be a quoted lowercase name ("system", "user", "model" or "tool"); Dotprompt does not start a message here.`, range: { start: t.start, end: t.end } });
        continue;
      }
      const role = m[2];
      if (!SENT_AS[role]) problems.push({ severity: 'warning', message: `{{role "${role}"}}: Dotprompt roles are "user", "model", "system" and "tool".`, range: { start: t.start, end: t.end } });
      markers.add(t);
      if (blank(cur, t.start)) {
        cur.role = role;
        cur.sentAs = SENT_AS[role] ?? role;
        cur.header = { start: t.start, end: t.end };
        cur.start = t.end;
      } else {
        cur.end = t.start;
        sections.push(cur);
        cur = { role, sentAs: SENT_AS[role] ?? role, header: { start: t.start, end: t.end }, start: t.end, end: text.length };
      }
    } else if (t.head === 'history' && !t.args) {
      markers.add(t);
      hasHistory = true;
      cur.end = t.start;
      if (!blank(cur, t.start)) sections.push(cur);
      sections.push({ history: true, header: { start: t.start, end: t.end }, start: t.end, end: t.end });
      cur = { role: 'model', sentAs: 'assistant', start: after(t), end: text.length };
    } else if (t.head === 'section') {
      markers.add(t);
    }
  }
  cur.end = text.length;
  if (!blank(cur, cur.end) || !sections.length) sections.push(cur);
  return { sections, hasHistory };
}

/** Role lines written Prompty-style (`system:` alone on a line) in a Dotprompt body: sent as text. */
function roleLineHints(text: string, bodyStart: number, problems: InputProblem[]): void {
  const re = /^[ \t]*(system|user|assistant|model)[ \t]*:[ \t]*$/gim;
  re.lastIndex = bodyStart;
  const m = re.exec(text);
  if (!m || m.index < bodyStart) return;
  const s = m.index + m[0].indexOf(m[1]);
  problems.push({
    severity: 'warning',
    message: `"${m[1]}:" is not a role marker in Dotprompt: this line and what follows are sent as text of the current message. Write {{role "${m[1].toLowerCase() === 'assistant' ? 'model' : m[1].toLowerCase()}"}} to start a ${m[1].toLowerCase()} message.`,
    range: { start: s, end: s + m[1].length + 1 },
  });
}

/** Parse a .prompt file. Never throws. */
export function parseDotprompt(text: string): DotpromptFile {
  const fm = readFrontMatter(text, true);
  const problems: InputProblem[] = [...fm.problems];
  const notes: string[] = [];
  const scan = scanTags(text, 'handlebars', fm.bodyStart, text.length);
  problems.push(...scan.problems);
  const markers = new Set<TemplateTag>();
  const { sections, hasHistory } = sectionsOf(text, fm.bodyStart, scan.tags, markers, problems);
  if (!scan.tags.some((t) => t.head === 'role')) roleLineHints(text, fm.bodyStart, problems);
  let model: DotpromptFile['model'];
  const m = yamlString(fm, ['model']);
  if (m) model = { name: m.value, ...m.range, provider: providerOf(m.value) };
  else if (yamlAt(fm, ['model'])) problems.push({ severity: 'warning', message: 'model must be a string such as "googleai/gemini-2.5-flash".', range: yamlAt(fm, ['model'])!.range });
  const tools = fm.data?.tools;
  if (Array.isArray(tools) && tools.length) {
    const names = tools.filter((t) => typeof t === 'string').slice(0, 4).join(', ');
    notes.push(`${tools.length} tool${tools.length > 1 ? 's' : ''} named (${names}${tools.length > 4 ? ', …' : ''}): their definitions come from code and are sent before the prompt; they are not counted here.`);
  }
  const output = obj(fm.data?.output);
  if (output?.schema || output?.format === 'json') notes.push('output.schema / format json: the response schema sent with the request is not counted.');
  return { fm, model, values: valuesOf(fm), sections, scan, markers, hasHistory, problems, notes };
}
