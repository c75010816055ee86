// Shared by the GPT-5.6+ rules (openai-*.ts): the request's prompt_cache_* fields from the request model, and
// fixes as text edits (add a prompt_cache_breakpoint to a block, remove a property).
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { OpenAICacheRequest, OpenAIBreakpointSite } from '../request/openaiCache';
import type { Fix, Segment, TextEdit } from '../types';
import { addPropertyEdit, removePropertyEdit } from './edits';
import { style } from './fixBuilders';
import { firstPerRequest, minimumTokens } from './context';
import type { RuleContext } from './types';

/** The GPT-5.6+ caching fields, when this analysis is planned by the GPT-5.6+ rules. */
export function openAICache(ctx: RuleContext): OpenAICacheRequest | undefined {
  return ctx.analysis.cache.family === 'openai-breakpoints' && ctx.root ? ctx.model.openai : undefined;
}

const ELIGIBLE_ROLES = new Set(['system', 'developer', 'user', 'tool']);

/** The JSON node a breakpoint would sit on: a content block object, or a string `content` to convert. */
function carrier(ctx: RuleContext, u: Segment): { node: Node; string: boolean } | undefined {
  const p = u.path;
  if (!ctx.root || !ELIGIBLE_ROLES.has(u.role ?? '')) return undefined;
  if ((p[0] === 'messages' || p[0] === 'input') && p.length === 4 && p[2] === 'content') {
    const n = findNodeAtLocation(ctx.root, p);
    return n?.type === 'object' ? { node: n, string: false } : undefined;
  }
  if ((p[0] === 'messages' || p[0] === 'input') && p.length === 2 && u.kind === 'message') {
    const n = findNodeAtLocation(ctx.root, [...p, 'content']);
    return n?.type === 'string' && String(n.value).length ? { node: n, string: true } : undefined;
  }
  return undefined;
}

/** The last block before the per-request tail (newest message, first per-request value) that can carry a breakpoint and clears the minimum. */
export function lastStableOpenAIBlock(ctx: RuleContext): Segment | undefined {
  const first = firstPerRequest(ctx);
  const min = minimumTokens(ctx);
  let best: Segment | undefined;
  for (const u of ctx.model.units) {
    if (u.newest) break;
    if (first?.unit && (u.unitIndex ?? 0) >= (first.unit.unitIndex ?? 0)) break;
    if (u.cumulativeTokens >= min && carrier(ctx, u)) best = u;
  }
  return best;
}

/**
 * Edits that put `"prompt_cache_breakpoint": {"mode": "explicit"}` on a unit (a string content becomes one text
 * part). Undefined when the block already carries one: a second key would make the body invalid.
 */
export function addBreakpointEdits(ctx: RuleContext, u: Segment): TextEdit[] | undefined {
  const c = carrier(ctx, u);
  if (!c || (!c.string && c.node.children?.some((p) => p.type === 'property' && p.children?.[0]?.value === 'prompt_cache_breakpoint'))) return undefined;
  const st = style(ctx);
  const value = `{"mode":${st.sp}"explicit"}`;
  if (!c.string) return [addPropertyEdit(ctx.text, c.node, 'prompt_cache_breakpoint', value, st)];
  const partType = u.path[0] === 'input' ? 'input_text' : 'text';
  const raw = ctx.text.slice(c.node.offset, c.node.offset + c.node.length);
  return [{ range: { start: c.node.offset, end: c.node.offset + c.node.length }, newText: `[{"type":${st.sp}"${partType}",${st.sp}"text":${st.sp}${raw},${st.sp}"prompt_cache_breakpoint":${st.sp}${value}}]` }];
}

export function addBreakpointFix(ctx: RuleContext, u: Segment, title: string, preferred = true): Fix | undefined {
  const edits = addBreakpointEdits(ctx, u);
  return edits ? { title, kind: 'quickfix', isPreferred: preferred, edits } : undefined;
}

/** Remove a property (found by its key range start) from the object that holds it. */
export function removePropertyAt(ctx: RuleContext, ownerPath: (string | number)[], key: string): TextEdit | undefined {
  if (!ctx.root) return undefined;
  const owner = ownerPath.length ? findNodeAtLocation(ctx.root, ownerPath) : ctx.root;
  const p = owner?.children?.find((c) => c.type === 'property' && c.children?.[0]?.value === key);
  return owner && p ? removePropertyEdit(ctx.text, owner, p) : undefined;
}

export function removeBreakpointEdit(ctx: RuleContext, site: OpenAIBreakpointSite): TextEdit | undefined {
  return removePropertyAt(ctx, site.ownerPath, 'prompt_cache_breakpoint');
}
