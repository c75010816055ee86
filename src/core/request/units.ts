// The request model's cacheable units: the leaf segments a dialect built, in cache order, each with the
// facts every reader needs (section, message, breakpoint carrier, whether the API accepts a breakpoint
// there, the newest-message tail). Derived once here so that no rule, front or fix walks the JSON again.
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { Segment } from '../types';

/** Blocks that cannot carry cache_control (the API refuses it; automatic caching walks back over them). */
export const NO_BREAKPOINT_BLOCKS = new Set(['thinking', 'redacted_thinking', 'reasoningContent']);

/** Leaf segments in cache order: children where present, else the segment itself. */
export function leaves(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    if (s.children?.length) out.push(...s.children);
    else out.push(s);
  }
  return out;
}

function sectionOf(s: Segment): Segment['section'] {
  if (s.kind === 'overhead') return 'overhead';
  if (s.kind === 'template') return 'template';
  if (s.kind === 'tool' || s.kind === 'tools' || s.kind === 'tool-choice' || s.kind === 'response-format') return 'tools';
  // System prompts, system/developer messages and the system messages a gateway lifts into the system prompt.
  if (s.kind === 'system' || s.role === 'system' || s.role === 'developer') return 'system';
  return 'messages';
}

function emptyText(s: Segment): boolean {
  const textual = s.blockType === 'text' || s.blockType === 'input_text' || s.blockType === undefined;
  return textual && s.spans.length > 0 && s.spans.every((sp) => sp.text.length === 0);
}

/**
 * Fill the unit facts on every leaf segment and return the leaves in cache order. `root` is the JSON tree
 * (undefined for prompt templates, whose units carry no breakpoint).
 */
export function markUnits(segments: Segment[], root: Node | undefined): Segment[] {
  const units = leaves(segments);
  let lastMessage = -1;
  units.forEach((u, i) => {
    u.unitIndex = i;
    u.section = sectionOf(u);
    const p = u.path;
    // Chat-style `messages[i]`, Gemini `contents[i]`, and Responses `input[i]` items (a string `input` is message 0).
    const inMessages = (p[0] === 'messages' || p[0] === 'contents' || p[0] === 'input') && typeof p[1] === 'number';
    const index = inMessages ? (p[1] as number) : p[0] === 'input' && p.length === 1 ? 0 : undefined;
    if (index !== undefined) {
      u.messageIndex = index;
      if (u.section === 'messages') lastMessage = Math.max(lastMessage, index);
    }
    u.breakpointAllowed = false;
    if (!root || u.section === 'overhead' || u.section === 'template' || !p.length) return;
    if (u.kind === 'tool-choice' || u.kind === 'response-format') return;
    const isMessageLevel = inMessages && p.length === 2;
    if (isMessageLevel || ((p[0] === 'system' || p[0] === 'instructions' || p[0] === 'input') && p.length === 1)) {
      // A message (or system prompt) without blocks: string content carries the text.
      const carrierPath = isMessageLevel ? [...p, 'content'] : p;
      const node = findNodeAtLocation(root, carrierPath);
      if (node?.type === 'string') {
        u.carrier = carrierPath;
        u.stringForm = true;
        u.breakpointAllowed = String(node.value).length > 0;
      }
      // A message without content blocks has nothing to carry a breakpoint (a marker on it is misplaced).
      return;
    }
    u.carrier = p;
    u.breakpointAllowed = !NO_BREAKPOINT_BLOCKS.has(u.blockType ?? '') && !emptyText(u);
  });
  // The tail: the last unit of the newest (non-system) message.
  if (lastMessage >= 0) {
    for (let i = units.length - 1; i >= 0; i--) {
      if (units[i].messageIndex === lastMessage && units[i].section === 'messages') {
        units[i].newest = true;
        break;
      }
    }
  }
  return units;
}

/** The last unit before `u` (cache order) that may carry a breakpoint. */
export function previousAllowed(units: readonly Segment[], u: Segment): Segment | undefined {
  for (let i = (u.unitIndex ?? 0) - 1; i >= 0; i--) if (units[i].breakpointAllowed) return units[i];
  return undefined;
}

/** The JSON node a unit's breakpoint sits on (or would), found by its path. */
export function carrierNode(root: Node | undefined, u: Segment): Node | undefined {
  return root && u.carrier ? findNodeAtLocation(root, u.carrier) : undefined;
}
