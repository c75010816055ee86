// OpenAI GPT-5.6+ prompt caching as written in a body (Chat Completions and Responses): every
// `prompt_cache_breakpoint` marker with the unit it closes, and the request options `prompt_cache_options`
// (mode, ttl) and `prompt_cache_retention`. A sibling of markers.ts (which reads `cache_control`): the plan
// (cache/planOpenAIBreakpoints.ts) and the rules read this instead of walking the JSON.
//
// Facts (provider-rules-addendum.md, OpenAI table; the OpenAPI-generated SDK docs quoted there):
// - a breakpoint sits on a content block of system / developer / user / tool content; assistant output blocks
//   cannot carry one;
// - `prompt_cache_options.mode` is "implicit" (default) or "explicit"; `ttl` is "30m" (the only value, default);
// - `ttl` supersedes `prompt_cache_retention`; sending both is rejected.
import type { Node } from 'jsonc-parser';
import { arrayItems, nodeRange, prop, propNode, stringProp } from '../parse/json';
import type { OffsetRange, Segment } from '../types';

export type OpenAIBreakpointProblem =
  /** On an assistant message's block: the API does not accept it there. */
  | 'assistant'
  /** Not on a content block (on a message object, an item …): not a documented place. */
  | 'not-a-block'
  /** The value is not `{"mode": "explicit"}`. */
  | 'invalid-value';

export interface OpenAIBreakpointSite {
  /** JSON path of the object that carries the property (a content block). */
  ownerPath: (string | number)[];
  /** The whole `"prompt_cache_breakpoint": {...}` property. */
  range: OffsetRange;
  /** The value `{...}`. */
  valueRange: OffsetRange;
  /** The unit (leaf segment) whose end the breakpoint marks, when it sits on one. */
  unit?: Segment;
  /** Role of the message (or item) the block belongs to. */
  role?: string;
  problem?: OpenAIBreakpointProblem;
}

export interface OpenAICacheRequest {
  /** The effective mode: "implicit" unless `prompt_cache_options.mode` says "explicit". */
  mode: 'implicit' | 'explicit';
  /** `prompt_cache_options` property range, when written. */
  optionsRange?: OffsetRange;
  /** `mode` as written (undefined when not written). */
  modeRaw?: string;
  modeRange?: OffsetRange;
  /** `ttl` as written. */
  ttlRaw?: string;
  /** The `"ttl": …` property range. */
  ttlRange?: OffsetRange;
  /** `prompt_cache_retention` as written, and its property range. */
  retentionRaw?: string;
  retentionRange?: OffsetRange;
  /** Every `prompt_cache_breakpoint` in messages / input, in document order. */
  breakpoints: OpenAIBreakpointSite[];
  /** The body continues a conversation held server side (`previous_response_id`, `conversation`): the real prompt is longer than this file. */
  serverHistory?: boolean;
}

const KEY = 'prompt_cache_breakpoint';

function pathKey(p: readonly (string | number)[]): string {
  return p.join('\u0000');
}

/** Role of the message or item at messages[i] / input[i]. */
function roleOf(item: Node): string | undefined {
  const role = stringProp(item, 'role');
  if (role) return role;
  const type = stringProp(item, 'type');
  if (type === 'function_call_output' || type === 'custom_tool_call_output') return 'tool';
  if (type === 'function_call' || type === 'reasoning' || type === 'custom_tool_call') return 'assistant';
  return undefined;
}

/** Find `prompt_cache_breakpoint` properties under `node` (not inside tool schemas: only messages / input are walked). */
function walk(node: Node, path: (string | number)[], found: { ownerPath: (string | number)[]; owner: Node }[]): void {
  if (node.type === 'object') {
    for (const p of node.children ?? []) {
      const k = p.children?.[0];
      const v = p.children?.[1];
      if (!k || !v) continue;
      const key = String(k.value);
      if (key === KEY) found.push({ ownerPath: path, owner: node });
      else if (key !== 'arguments' && key !== 'input') walk(v, [...path, key], found);
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((c, i) => walk(c, [...path, i], found));
  }
}

/** Read the GPT-5.6+ caching options and breakpoints of a Chat Completions or Responses body. */
export function collectOpenAICache(root: Node | undefined, units: readonly Segment[], text?: string): OpenAICacheRequest {
  const out: OpenAICacheRequest = { mode: 'implicit', breakpoints: [] };
  if (!root || root.type !== 'object') return out;
  const opts = propNode(root, 'prompt_cache_options');
  const optsValue = opts?.children?.[1];
  if (opts) out.optionsRange = nodeRange(opts);
  if (optsValue?.type === 'object') {
    const m = propNode(optsValue, 'mode');
    if (m?.children?.[1]) {
      out.modeRaw = String(m.children[1].value);
      out.modeRange = nodeRange(m);
      if (out.modeRaw === 'explicit') out.mode = 'explicit';
    }
    const t = propNode(optsValue, 'ttl');
    if (t?.children?.[1] && t.children[1].type !== 'null') {
      out.ttlRaw = String(t.children[1].value);
      out.ttlRange = nodeRange(t);
    }
  }
  for (const k of ['previous_response_id', 'conversation']) {
    const v = propNode(root, k)?.children?.[1];
    if (v && v.type !== 'null') out.serverHistory = true;
  }
  const r = propNode(root, 'prompt_cache_retention');
  if (r?.children?.[1] && r.children[1].type !== 'null') {
    out.retentionRaw = String(r.children[1].value);
    out.retentionRange = nodeRange(r);
  }
  // Speed (runs on every keystroke): no marker text, no walk.
  // (Only this body's own text: in a JSONL file `text` is the whole file, and each line must not re-scan it.)
  if (text !== undefined && !text.slice(root.offset, root.offset + root.length).includes(KEY)) return out;
  const byPath = new Map<string, Segment>();
  for (const u of units) byPath.set(pathKey(u.path), u);
  for (const top of ['messages', 'input'] as const) {
    const items = arrayItems(prop(root, top));
    items.forEach((item, i) => {
      const found: { ownerPath: (string | number)[]; owner: Node }[] = [];
      walk(item, [top, i], found);
      for (const { ownerPath, owner } of found) {
        const p = propNode(owner, KEY)!;
        const v = p.children?.[1];
        const role = roleOf(item);
        const unit = byPath.get(pathKey(ownerPath));
        const onBlock = ownerPath.length === 4 && (ownerPath[2] === 'content' || ownerPath[2] === 'output');
        let problem: OpenAIBreakpointProblem | undefined;
        if (!v || v.type !== 'object' || stringProp(v, 'mode') !== 'explicit') problem = 'invalid-value';
        else if (role === 'assistant') problem = 'assistant';
        else if (!onBlock || !unit) problem = 'not-a-block';
        out.breakpoints.push({ ownerPath, range: nodeRange(p), valueRange: v ? nodeRange(v) : nodeRange(p), unit, role, problem });
      }
    });
  }
  return out;
}

/** True when a body holds any GPT-5.6+ caching field (for a note on models that ignore them). */
export function hasOpenAICacheFields(c: OpenAICacheRequest): boolean {
  return !!(c.optionsRange || c.breakpoints.length);
}
