// Google Dotprompt (*.prompt) as a dialect of the one request model: the messages Dotprompt would send,
// with input defaults filled in (parse.ts has the format's rules).
import type { TextDialect } from '../types';
import { buildSections, nameList } from '../promptFiles/build';
import { lookup, printValue, type TagAction } from '../promptFiles/render';
import { variablePath, type TemplateTag } from '../promptFiles/tags';
import { parseDotprompt, type DotpromptFile } from './parse';

let last: { text: string; file: DotpromptFile } | undefined;

/** Parsed once per text (modelName and build ask for the same text in one analysis). */
export function dotpromptFile(text: string): DotpromptFile {
  if (last?.text !== text) last = { text, file: parseDotprompt(text) };
  return last.file;
}

/** Helpers that print their argument: {{json x}} prints it as JSON. */
function fill(file: DotpromptFile, t: TemplateTag): string | undefined {
  if (t.head === 'json') {
    const path = variablePath(t.args);
    if (!path || !/^[\w.[\]@]+(?:\s+indent=\d+)?$/.test(t.args)) return undefined;
    const v = lookup(file.values, path);
    if (!v.found) return undefined;
    const indent = Number(/indent=(\d+)/.exec(t.args)?.[1] ?? 0);
    try {
      return JSON.stringify(v.value, null, indent || undefined);
    } catch {
      return undefined;
    }
  }
  if (!/^[\w.[\]@]+$/.test(t.inner)) return undefined; // a helper call: its output is not known
  const v = lookup(file.values, t.inner);
  return v.found ? printValue(v.value, 'handlebars') : undefined;
}

function actionFor(file: DotpromptFile): (t: TemplateTag) => TagAction {
  return (t) => {
    if (t.kind === 'comment' || file.markers.has(t)) return { do: 'drop' };
    if (t.kind === 'close' || t.kind === 'middle') return { do: 'keep', placeholder: false };
    if (t.kind === 'expr') {
      const printed = fill(file, t);
      if (printed !== undefined) return { do: 'fill', text: printed, placeholder: true };
    }
    return { do: 'keep', placeholder: true };
  };
}

export const dotprompt: TextDialect = {
  id: 'dotprompt',
  input: 'text',
  capabilities: { markers: false, editableBreakpoints: false, automaticMarker: false },
  matchesFile: (fileName) => /\.prompt$/i.test(fileName),
  modelName: (text) => dotpromptFile(text).model,
  build(text, profile, mapper) {
    const file = dotpromptFile(text);
    const built = buildSections(text, file.sections, file.scan.tags, 'handlebars', actionFor(file), profile, mapper, true);
    const notes = [...file.notes];
    if (built.filled.length) notes.push(`Counted with the input defaults of ${nameList(built.filled)}${built.open.length ? `; ${nameList(built.open)} ${built.open.length > 1 ? 'have' : 'has'} no default and count${built.open.length > 1 ? '' : 's'} as written` : ''}.`);
    else if (built.open.length) notes.push(`No input defaults: ${nameList(built.open)} count${built.open.length > 1 ? '' : 's'} as written. Add input.default values to count the filled-in prompt.`);
    if (file.hasHistory) notes.push('{{history}}: the conversation so far is inserted there on every call (not counted); the text after it is a model message until the next {{role}}.');
    else if (file.sections.length > 1 && file.sections[file.sections.length - 1].role === 'user') notes.push('No {{history}}: in a multi-turn call Dotprompt inserts the conversation before the last user message.');
    if (profile.family === 'breakpoints') notes.push('Dotprompt sends no cache_control: with this model nothing is cached until the request carries a breakpoint at the end of the static part.');
    return { ...built, notes, problems: file.problems };
  },
};
