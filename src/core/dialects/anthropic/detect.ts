// How much a JSON body looks like an Anthropic Messages request: top-level system, input_schema tools,
// Anthropic block types, a top-level cache_control, anthropic_version.
import type { Node } from 'jsonc-parser';
import { arrayItems, prop, stringProp } from '../../parse/json';

export function anthropicSignals(root: Node): number {
  let score = 0;
  if (prop(root, 'system')) score += 2;
  if (prop(root, 'cache_control')) score += 2;
  if (prop(root, 'anthropic_version')) score += 3;
  for (const t of arrayItems(prop(root, 'tools'))) if (prop(t, 'input_schema')) score += 2;
  for (const m of arrayItems(prop(root, 'messages'))) {
    for (const part of arrayItems(prop(m, 'content'))) {
      const type = stringProp(part, 'type');
      if (type === 'tool_use' || type === 'tool_result' || type === 'thinking' || type === 'redacted_thinking' || type === 'document') score += 2;
      if (type === 'image' && prop(part, 'source')) score += 2;
    }
  }
  return score;
}
