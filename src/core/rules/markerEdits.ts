// Breakpoint edits in the body's own marker syntax (DialectCapabilities.markerSyntax): a cache_control
// property on the block (Anthropic, gateways), or a `{"cachePoint": {"type": "default"}}` element after it
// (Bedrock Converse). The fix builders call these instead of the cache_control edits directly.
import { cachePointText, insertAfterElementEdit, splitTextEdit } from '../dialects/bedrock/edits';
import { prop } from '../parse/json';
import type { TextEdit, Ttl } from '../types';
import type { EditTarget } from './context';
import { addCacheControlEdits, splitEdits, type Style } from './edits';
import type { RuleContext } from './types';

export function usesCachePoints(ctx: RuleContext): boolean {
  return ctx.model.capabilities.markerSyntax === 'cachePoint';
}

/** What a breakpoint is called in this body's fix titles. */
export function markerWord(ctx: RuleContext): string {
  return usesCachePoints(ctx) ? 'a cachePoint' : 'cache_control';
}

/** Put a breakpoint on (cache_control) or after (cachePoint) the unit's node. */
export function addMarkerEdits(ctx: RuleContext, t: EditTarget, st: Style, ttl?: Ttl | string): TextEdit[] {
  if (usesCachePoints(ctx)) return t.stringForm ? [] : [insertAfterElementEdit(ctx.text, t.node, cachePointText(st, ttl), st)];
  return addCacheControlEdits(ctx.text, t, st, ttl);
}

/** Split a text unit at `at` with a breakpoint closing the first part. */
export function splitMarkerEdits(ctx: RuleContext, t: EditTarget, at: number, st: Style, ttl?: Ttl | string): TextEdit[] | undefined {
  if (usesCachePoints(ctx)) {
    const textNode = prop(t.node, 'text');
    return textNode?.type === 'string' ? splitTextEdit(ctx.text, t.node, textNode, at, st, ttl) : undefined;
  }
  return splitEdits(ctx.text, t, at, st, ttl);
}
