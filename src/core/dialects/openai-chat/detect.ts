// How much a JSON body looks like an OpenAI Chat Completions request (system/tool/developer roles,
// tool_calls, function tools, image_url parts …), and how many cache_control markers it carries (a body
// sent through a gateway that honours them).
import type { Node } from 'jsonc-parser';
import { arrayItems, prop, stringProp } from '../../parse/json';

export function openaiSignals(root: Node): { score: number; markers: number } {
  let score = 0;
  let markers = 0;
  const tools = arrayItems(prop(root, 'tools'));
  for (const t of tools) {
    const fn = stringProp(t, 'type') === 'function' || !!prop(t, 'function');
    if (fn) score += 2;
    if (fn && prop(t, 'cache_control')) markers++;
  }
  if (prop(root, 'functions') || prop(root, 'response_format') || prop(root, 'tool_choice')?.type === 'string') score += 1;
  for (const m of arrayItems(prop(root, 'messages'))) {
    const role = stringProp(m, 'role');
    if (role === 'system' || role === 'tool' || role === 'developer' || role === 'function') score += 2;
    if (prop(m, 'tool_calls') || prop(m, 'function_call')) score += 2;
    if (prop(m, 'cache_control')) markers++;
    for (const part of arrayItems(prop(m, 'content'))) {
      const type = stringProp(part, 'type');
      if (type === 'image_url' || type === 'input_audio' || type === 'file') score += 2;
      if (prop(part, 'cache_control')) markers++;
    }
  }
  return { score, markers };
}
