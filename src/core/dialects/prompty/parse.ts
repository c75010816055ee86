// Microsoft Prompty (*.prompty): YAML front matter (name, model.api, model.configuration / connection,
// model.parameters / options, inputs, sample) and a template body, Jinja2 by default (`template: mustache`
// switches to Mustache). Prompty renders the body first and then splits the result into messages at role
// lines: a line that is only a role name and a colon, case-insensitive, optionally after "#" and with
// [key=value] arguments: (?i)^\s*#?\s*(assistant|function|system|user|tools)(\[…\])?\s*:\s*$. Text before
// the first role line is a system message. `model.api: completion` sends the body as one prompt.
// Sample values: the top-level `sample` (an object, or a JSON file name the engine cannot read), then
// each input's own `sample`, then its `default`.
import type { InputProblem, OffsetRange } from '../../types';
import { readFrontMatter, yamlAt, yamlString, type FrontMatter } from '../promptFiles/frontMatter';
import type { FileSection } from '../promptFiles/build';
import { scanTags, type TagScan, type TagSyntax } from '../promptFiles/tags';

export const PROMPTY_ROLES = ['assistant', 'function', 'system', 'user', 'tools'] as const;

/** Prompty's boundary expression, per line (the runtime's `boundary` in its chat parser). */
const ROLE_LINE = /^[ \t]*#?[ \t]*(assistant|function|system|user|tools)(\[[^\]\n]*\])?[ \t]*:[ \t]*\r?$/i;

export interface PromptyFile {
  fm: FrontMatter;
  syntax: TagSyntax;
  api: 'chat' | 'completion';
  model?: { name: string; start: number; end: number; provider?: 'openai' | 'anthropic' | 'google' };
  /** Known input values: sample over the input's sample over its default. */
  values: Record<string, unknown>;
  sections: FileSection[];
  scan: TagScan;
  problems: InputProblem[];
  notes: string[];
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** `${env:NAME}` / `${env:NAME:default}` in a configuration value. */
const ENV_REF = /^\$\{env:([A-Za-z_][\w]*)(?::([^}]*))?\}$/;

function modelOf(fm: FrontMatter, problems: InputProblem[], notes: string[]): PromptyFile['model'] {
  const data = fm.data ?? {};
  const model = obj(data.model);
  if (typeof data.model === 'string') {
    const s = yamlString(fm, ['model']);
    return s ? { name: s.value, ...s.range } : undefined;
  }
  if (!model) return undefined;
  const confKey = obj(model.configuration) ? 'configuration' : obj(model.connection) ? 'connection' : undefined;
  const conf = confKey ? obj(model[confKey])! : {};
  const type = typeof conf.type === 'string' ? conf.type.toLowerCase() : '';
  const provider = /openai/.test(type) ? 'openai' : /anthropic|claude/.test(type) ? 'anthropic' : /gemini|google|vertex/.test(type) ? 'google' : undefined;
  // Where the model name is written: model.id (Prompty 2), else the configuration's model name or Azure deployment.
  const paths: (string | number)[][] = [['model', 'id']];
  if (confKey) for (const k of type === 'azure_openai' || type === 'azure' ? ['azure_deployment', 'model', 'name'] : ['model', 'name', 'azure_deployment', 'deployment']) paths.push(['model', confKey, k]);
  for (const p of paths) {
    const s = yamlString(fm, p);
    if (!s) continue;
    const env = ENV_REF.exec(s.value.trim());
    if (env) {
      if (env[2]) {
        const at = s.range.start + s.value.indexOf(env[2]);
        notes.push(`The model comes from the environment variable ${env[1]}; its default "${env[2]}" is used here.`);
        return { name: env[2], start: at, end: at + env[2].length, provider };
      }
      problems.push({ severity: 'info', message: `The model comes from the environment variable ${env[1]} (${p.join('.')}): the file does not say which model it is. Choose one (Prompt Cache: Choose Model) or set promptCache.defaultModel.`, range: s.range });
      return undefined;
    }
    if (p[2] === 'azure_deployment') notes.push(`Azure OpenAI: the deployment name "${s.value}" is taken as the model name.`);
    return { name: s.value, ...s.range, provider };
  }
  return undefined;
}

function valuesOf(fm: FrontMatter, problems: InputProblem[], notes: string[]): Record<string, unknown> {
  const data = fm.data ?? {};
  const values: Record<string, unknown> = {};
  const inputs = obj(data.inputs);
  if (inputs) {
    for (const [k, v] of Object.entries(inputs)) {
      const o = obj(v);
      if (o && 'default' in o) values[k] = o.default;
      if (o && 'sample' in o) values[k] = o.sample;
      if (!o && v !== null && v !== undefined) values[k] = v; // `inputs: { name: "Jane" }`: the value is the sample
    }
  } else if (Array.isArray(data.inputs)) {
    for (const v of data.inputs) {
      const o = obj(v);
      if (!o || typeof o.name !== 'string') continue;
      if ('default' in o) values[o.name] = o.default;
      if ('sample' in o) values[o.name] = o.sample;
    }
  }
  const sample = data.sample;
  if (obj(sample)) Object.assign(values, sample);
  else if (typeof sample === 'string' && sample.trim()) {
    const at = yamlString(fm, ['sample']);
    problems.push({
      severity: 'info',
      message: `The sample values are in the file "${sample.trim().replace(/^\$\{file:(.*)\}$/, '$1')}", which the analysis does not read: placeholders without an inline sample or default count as written.`,
      range: at?.range ?? yamlAt(fm, ['sample'])?.range,
    });
  }
  void notes;
  return values;
}

/** The body's sections at Prompty's role lines (chat), or one prompt (completion). */
function sectionsOf(text: string, bodyStart: number, chat: boolean): FileSection[] {
  if (!chat) return [{ start: bodyStart, end: text.length }];
  const sections: FileSection[] = [];
  let cur: FileSection = { role: 'system', start: bodyStart, end: text.length };
  let implicit = true;
  let at = bodyStart;
  while (at <= text.length) {
    let e = text.indexOf('\n', at);
    if (e === -1) e = text.length;
    const line = text.slice(at, e);
    const m = line.length < 200 ? ROLE_LINE.exec(line) : null;
    const thread = !m && /^[ \t]*!\[thread\]/.test(line);
    if (m || thread) {
      cur.end = at;
      if (!implicit || text.slice(cur.start, cur.end).trim()) sections.push(cur);
      const header = { start: at, end: at + line.replace(/\r$/, '').length };
      if (thread) {
        sections.push({ history: true, header, start: header.end, end: header.end });
        cur = { role: sections.length > 1 ? 'user' : 'system', start: Math.min(text.length, e + 1), end: text.length };
      } else {
        const role = m![1].toLowerCase();
        cur = { role, sentAs: role === 'function' ? 'tool' : role, header, start: Math.min(text.length, e + 1), end: text.length };
      }
      implicit = thread;
    }
    if (e >= text.length) break;
    at = e + 1;
  }
  cur.end = text.length;
  if (!implicit || text.slice(cur.start, cur.end).trim() || !sections.length) sections.push(cur);
  return sections;
}

/** Parse a .prompty file. Never throws. */
export function parsePrompty(text: string): PromptyFile {
  const fm = readFrontMatter(text, false);
  const problems: InputProblem[] = [...fm.problems];
  const notes: string[] = [];
  if (!fm.doc && !fm.openRange) {
    const firstLine: OffsetRange = { start: 0, end: Math.max(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')) };
    problems.push({ severity: 'warning', message: 'This .prompty file has no front matter (a "---" line, YAML with model and inputs, and a closing "---" at the top): Prompty cannot run it. The body is analyzed as a chat prompt.', range: firstLine });
  }
  const data = fm.data ?? {};
  const model = obj(data.model);
  const api = model && typeof model.api === 'string' && model.api.toLowerCase() === 'completion' ? 'completion' : 'chat';
  const template = data.template;
  const format = typeof template === 'string' ? template : typeof obj(template)?.format === 'string' ? (obj(template)!.format as string) : typeof obj(template)?.type === 'string' ? (obj(template)!.type as string) : 'jinja2';
  const syntax: TagSyntax = /mustache|handlebars/i.test(format) ? 'handlebars' : 'jinja';
  const sections = sectionsOf(text, fm.bodyStart, api === 'chat');
  const scan = scanTags(text, syntax, fm.bodyStart, text.length);
  problems.push(...scan.problems);
  return { fm, syntax, api, model: modelOf(fm, problems, notes), values: valuesOf(fm, problems, notes), sections, scan, problems, notes };
}
