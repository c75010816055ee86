// How much a JSON body looks like a Bedrock Converse request: modelId, toolConfig, inferenceConfig,
// cachePoint elements, and content blocks keyed by their kind (`{"text": …}`, `{"toolUse": …}`) with no
// `type` field. An InvokeModel body is an Anthropic body with a Bedrock `anthropic_version`.
import type { Node } from 'jsonc-parser';
import { arrayItems, prop, stringProp } from '../../parse/json';

/** Content block kinds of the Converse API (a block is an object with exactly one of these keys). */
export const CONVERSE_BLOCK_KEYS = ['text', 'image', 'document', 'video', 'toolUse', 'toolResult', 'reasoningContent', 'guardContent', 'cachePoint'] as const;

/** The Converse kind of a block: its first key among CONVERSE_BLOCK_KEYS, when it has no `type`. */
export function converseKind(block: Node | undefined): string | undefined {
  if (!block || block.type !== 'object' || prop(block, 'type')) return undefined;
  for (const p of block.children ?? []) {
    const k = p.children?.[0]?.value;
    if (typeof k === 'string' && (CONVERSE_BLOCK_KEYS as readonly string[]).includes(k)) return k;
  }
  return undefined;
}

export function converseSignals(root: Node): number {
  let score = 0;
  if (prop(root, 'modelId')) score += 3;
  if (prop(root, 'inferenceConfig')) score += 3;
  const tc = prop(root, 'toolConfig');
  if (tc) score += 2;
  for (const t of arrayItems(prop(tc, 'tools'))) if (prop(t, 'toolSpec') || prop(t, 'cachePoint')) score += 2;
  for (const b of arrayItems(prop(root, 'system'))) {
    const k = converseKind(b);
    if (k) score += k === 'cachePoint' ? 3 : 1;
  }
  for (const m of arrayItems(prop(root, 'messages'))) {
    for (const b of arrayItems(prop(m, 'content'))) {
      const k = converseKind(b);
      if (!k) continue;
      score += k === 'cachePoint' || k === 'toolUse' || k === 'toolResult' || k === 'reasoningContent' ? 3 : 1;
    }
  }
  return score;
}

/** An Anthropic body for Bedrock InvokeModel: `anthropic_version` names Bedrock ("bedrock-2023-05-31"). */
export function isBedrockInvoke(root: Node): boolean {
  return /^bedrock/i.test(stringProp(root, 'anthropic_version') ?? '');
}
