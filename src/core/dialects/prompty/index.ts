// Microsoft Prompty (*.prompty) as a dialect of the one request model: the messages Prompty would send,
// with the sample values filled in where the file gives them (parse.ts has the format's rules).
import type { TextDialect } from '../types';
import { buildSections, nameList } from '../promptFiles/build';
import { lookup, printValue, type TagAction } from '../promptFiles/render';
import { variablePath, type TemplateTag } from '../promptFiles/tags';
import { parsePrompty, type PromptyFile } from './parse';

let last: { text: string; file: PromptyFile } | undefined;

/** Parsed once per text (modelName and build ask for the same text in one analysis). */
export function promptyFile(text: string): PromptyFile {
  if (last?.text !== text) last = { text, file: parsePrompty(text) };
  return last.file;
}

function actionFor(file: PromptyFile): (t: TemplateTag) => TagAction {
  return (t) => {
    if (t.kind === 'comment') return { do: 'drop' };
    if (t.kind === 'close' || t.kind === 'middle') return { do: 'keep', placeholder: false };
    if (t.kind === 'statement' && t.head === 'set') return { do: 'keep', placeholder: false };
    if (t.kind === 'expr') {
      const path = variablePath(t.inner);
      // A bare variable (filters aside): its known value is what renders.
      if (path && /^[\w.[\]@]+\s*(?:\|\s*(?:string|trim|e|escape|safe)\s*)*$/.test(t.inner)) {
        const v = lookup(file.values, path);
        const printed = v.found ? printValue(v.value, file.syntax) : undefined;
        if (printed !== undefined) return { do: 'fill', text: printed, placeholder: true };
      }
      return { do: 'keep', placeholder: true };
    }
    return { do: 'keep', placeholder: true };
  };
}

export const prompty: TextDialect = {
  id: 'prompty',
  input: 'text',
  capabilities: { markers: false, editableBreakpoints: false, automaticMarker: false },
  matchesFile: (fileName) => /\.prompty$/i.test(fileName),
  modelName: (text) => promptyFile(text).model,
  build(text, profile, mapper) {
    const file = promptyFile(text);
    const built = buildSections(text, file.sections, file.scan.tags, file.syntax, actionFor(file), profile, mapper, file.api === 'chat');
    const notes = [...file.notes];
    // Loop variables ({% for m in history %} … {{ m.content }}) are not inputs: no sample to ask for.
    const loopVars = new Set(file.scan.tags.filter((t) => t.kind === 'open' && t.head === 'for').map((t) => /^(\w+)/.exec(t.args)?.[1]));
    built.open = built.open.filter((n) => !loopVars.has(n.split('.')[0]));
    // {% for m in history %}{{ m.role }}:\n{{ m.content }}{% endfor %}: the conversation, rendered as messages at run time.
    const tags = file.scan.tags;
    for (const t of tags) {
      const loop = t.kind === 'open' && t.head === 'for' ? /^(\w+)\s+in\s+([\w.]+)/.exec(t.args) : null;
      if (!loop || t.closeIndex === undefined) continue;
      const inner = text.slice(t.end, tags[t.closeIndex].start);
      if (new RegExp(`\\{\\{-?\\s*${loop[1]}\\.role\\s*-?\\}\\}\\s*:`).test(inner)) {
        notes.push(`{% for ${loop[1]} in ${loop[2]} %} renders the conversation as messages at run time: counted as written (its text changes on every turn, so the cache reads up to it at most).`);
        break;
      }
    }
    if (file.api === 'completion') notes.push('Prompty completion API (model.api: completion): the body is one prompt, no role lines.');
    if (built.filled.length) notes.push(`Counted with the sample values of ${nameList(built.filled)}${built.open.length ? `; ${nameList(built.open)} ${built.open.length > 1 ? 'have' : 'has'} no sample and count${built.open.length > 1 ? '' : 's'} as written` : ''}.`);
    else if (built.open.length) notes.push(`No sample values: ${nameList(built.open)} count${built.open.length > 1 ? '' : 's'} as written. Add a sample (inputs.<name>.sample) to count the filled-in prompt.`);
    if (profile.family === 'breakpoints') notes.push('Prompty sends no cache_control: with this model nothing is cached until the request carries a breakpoint at the end of the static part.');
    return { ...built, notes, problems: file.problems };
  },
};
