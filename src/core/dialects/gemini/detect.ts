// How much a JSON body looks like a Gemini request: generateContent (`contents` of `parts`,
// `systemInstruction`, `generationConfig`) or a cachedContents create body (`contents` plus `ttl` /
// `expireTime` / `displayName`). REST camelCase and the SDKs' snake_case are both read.
import type { Node } from 'jsonc-parser';
import { arrayItems, prop } from '../../parse/json';

export function geminiSignals(root: Node): number {
  let score = 0;
  if (prop(root, 'contents')) score += 3;
  if (prop(root, 'systemInstruction') || prop(root, 'system_instruction')) score += 3;
  if (prop(root, 'generationConfig') || prop(root, 'generation_config')) score += 2;
  if (prop(root, 'cachedContent') || prop(root, 'cached_content')) score += 2;
  for (const t of arrayItems(prop(root, 'tools'))) if (prop(t, 'functionDeclarations') || prop(t, 'function_declarations')) score += 2;
  return score;
}

/** A cachedContents create body (POST /v1beta/cachedContents), not a generateContent request. */
export function isCacheCreate(root: Node): boolean {
  return !!(prop(root, 'ttl') || prop(root, 'expireTime') || prop(root, 'expire_time') || prop(root, 'displayName') || prop(root, 'display_name'));
}
