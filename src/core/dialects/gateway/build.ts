// OpenAI-format bodies sent through gateways that accept `cache_control` (OpenRouter, aihubmix …)
// to a breakpoint-caching model (e.g. claude-*). The gateway turns system messages into the system
// prompt and tool definitions into Anthropic tools; cache order is tools → system → messages.
import type { Node } from 'jsonc-parser';
import { arrayItems, nodeRange, plain, prop, stringProp, stringSpan } from '../../parse/json';
import { countAnthropicMessages } from '../../tokens/anthropic';
import type { Segment } from '../../types';
import { assignPositions } from '../anthropic/build';
import { afterMessages, allStringSpans, contentBlockSegment, overheadSegment, readCacheControl, segment } from '../common';
import type { BuildContext, BuiltRequest } from '../types';
import { buildOpenAIChat } from '../openai-chat/build';
import { asStandInEstimate } from '../openai-chat/estimate';

const ESTIMATE_NOTE = "estimate: this model's tokenizer is not public";
const SYSTEM_ROLES = new Set(['system', 'developer']);
const PART_STYLE = { noun: 'part', defaultType: 'text', imageType: 'image_url' } as const;

interface Converted {
  body: any;
  /** converted system block k → original message index / part index (-1: string content). */
  systemMap: { msg: number; part: number }[];
  /** converted message index → original message index. */
  messageMap: number[];
}

/** Convert an OpenAI-format body into the Anthropic shape, keeping index maps back to the source. */
export function toAnthropicShape(body: any): Converted {
  const systemMap: Converted['systemMap'] = [];
  const messageMap: number[] = [];
  const system: any[] = [];
  const messages: any[] = [];
  const msgs: any[] = Array.isArray(body?.messages) ? body.messages : [];
  msgs.forEach((m, i) => {
    if (!m || typeof m !== 'object') return;
    const role = String(m.role ?? 'user');
    if (SYSTEM_ROLES.has(role)) {
      if (typeof m.content === 'string') {
        system.push({ type: 'text', text: m.content });
        systemMap.push({ msg: i, part: -1 });
      } else if (Array.isArray(m.content)) {
        m.content.forEach((p: any, j: number) => {
          system.push(convertPart(p));
          systemMap.push({ msg: i, part: j });
        });
      }
      return;
    }
    let content: any;
    if (typeof m.content === 'string') content = m.content;
    else if (Array.isArray(m.content)) content = m.content.map(convertPart);
    else content = [];
    if (role === 'tool') {
      content = [{ type: 'tool_result', tool_use_id: m.tool_call_id ?? '', content: typeof m.content === 'string' ? m.content : content }];
    }
    if (Array.isArray(m.tool_calls)) {
      const blocks = typeof content === 'string' ? (content ? [{ type: 'text', text: content }] : []) : content;
      for (const tc of m.tool_calls) {
        let input: unknown = {};
        try {
          input = JSON.parse(tc?.function?.arguments ?? '{}');
        } catch {
          input = { arguments: tc?.function?.arguments };
        }
        blocks.push({ type: 'tool_use', id: tc?.id ?? '', name: tc?.function?.name ?? '', input });
      }
      content = blocks;
    }
    messages.push({ role: role === 'tool' ? 'user' : role, content });
    messageMap.push(i);
  });
  const tools = Array.isArray(body?.tools)
    ? body.tools.map((t: any) => ({ name: t?.function?.name ?? t?.name ?? '', description: t?.function?.description ?? t?.description ?? '', input_schema: t?.function?.parameters ?? t?.parameters ?? { type: 'object' } }))
    : undefined;
  return { body: { model: body?.model, system, messages, tools, tool_choice: body?.tool_choice }, systemMap, messageMap };
}

function convertPart(p: any): any {
  if (!p || typeof p !== 'object') return { type: 'text', text: String(p ?? '') };
  if (p.type === 'image_url') {
    const url = typeof p.image_url === 'string' ? p.image_url : p.image_url?.url ?? '';
    const m = /^data:([^;,]+);base64,(.*)$/s.exec(url);
    return m ? { type: 'image', source: { type: 'base64', media_type: m[1], data: m[2] } } : { type: 'image', source: { type: 'url', url } };
  }
  return p;
}

export function buildGateway(ctx: BuildContext): BuiltRequest {
  const tk = ctx.profile.tokenizer;
  if (tk.kind === 'tiktoken') {
    // A breakpoint-caching target counted with tiktoken (DashScope/Qwen explicit cache, GPT-5.6 through a
    // gateway): the Chat Completions order and counts, with lookback positions for the markers.
    const built = buildOpenAIChat(ctx, tk.encoding);
    assignPositions(built.segments);
    return tk.estimateOf ? asStandInEstimate(built, tk.estimateOf, tk.encoding) : built;
  }
  const { text, root, model } = ctx;
  const converted = toAnthropicShape(plain(root));
  const counts = countAnthropicMessages(converted.body, model, { imageSize: ctx.imageSize });
  const messageNodes = arrayItems(prop(root, 'messages'));
  const out: Segment[] = [];
  const toolsNode = prop(root, 'tools');
  if (counts.toolOverhead && toolsNode) {
    out.push(overheadSegment('tool-use-prompt', 'tool-use system prompt (added by the provider)', toolsNode.offset, counts.toolOverhead, false, ESTIMATE_NOTE));
  }
  arrayItems(toolsNode).forEach((t, j) => {
    const name = stringProp(prop(t, 'function'), 'name') ?? stringProp(t, 'name') ?? String(j + 1);
    out.push(segment({ id: `tools[${j}]`, path: ['tools', j], kind: 'tool', label: `tool ${name}`, range: nodeRange(t), spans: allStringSpans(text, t), tokens: counts.tools[j]?.tokens ?? 0, exact: false, estimateNote: ESTIMATE_NOTE, cacheControl: readCacheControl(t) ?? readCacheControl(prop(t, 'function')) }));
  });
  // System messages, as the gateway lifts them into the system prompt (one segment per message, parts as children).
  const systemByMsg = new Map<number, { part: number; k: number }[]>();
  converted.systemMap.forEach((s, k) => {
    const list = systemByMsg.get(s.msg) ?? [];
    list.push({ part: s.part, k });
    systemByMsg.set(s.msg, list);
  });
  for (const [i, parts] of systemByMsg) {
    const m = messageNodes[i];
    const content = prop(m, 'content');
    const tokens = parts.reduce((a, p) => a + (counts.system[p.k]?.tokens ?? 0), 0);
    const children =
      content?.type === 'array'
        ? parts.map(({ part, k }) => partSegment(text, arrayItems(content)[part], i, part, stringProp(m, 'role') ?? 'system', counts.system[k]?.tokens ?? 0))
        : undefined;
    out.push(segment({ id: `messages[${i}]`, path: ['messages', i], kind: 'system', role: stringProp(m, 'role'), label: `${stringProp(m, 'role')} message ${i + 1}`, range: nodeRange(m), spans: content?.type === 'string' ? [stringSpan(text, content)] : [], tokens, exact: false, estimateNote: ESTIMATE_NOTE, cacheControl: readCacheControl(m), children }));
  }
  converted.messageMap.forEach((i, ci) => {
    const m = messageNodes[i];
    const role = stringProp(m, 'role') ?? 'user';
    const content = prop(m, 'content');
    const mc = counts.messages[ci];
    const children =
      content?.type === 'array'
        ? arrayItems(content).map((p, j) => partSegment(text, p, i, j, role, mc?.parts[j]?.tokens ?? 0, mc?.parts[j]?.note))
        : undefined;
    out.push(segment({ id: `messages[${i}]`, path: ['messages', i], kind: 'message', role, label: `${role} message ${i + 1}`, range: nodeRange(m), spans: content?.type === 'string' ? [stringSpan(text, content)] : [], tokens: mc?.tokens ?? 0, exact: false, estimateNote: ESTIMATE_NOTE, cacheControl: readCacheControl(m), children }));
  });
  if (counts.overhead) out.push(overheadSegment('request-overhead', 'request overhead', afterMessages(root, text.length), counts.overhead, false, ESTIMATE_NOTE));
  assignPositions(out);
  // A top-level cache_control is automatic caching for an Anthropic target (OpenRouter, provider-rules.md §4.6).
  const automatic = ctx.profile.provider === 'anthropic' ? readCacheControl(root) : undefined;
  return { automatic, segments: out, inputTokens: counts.total, exact: false, tokenizer: counts.method.startsWith('estimate') ? counts.method : `estimate (${counts.method})`, notes: ['OpenAI-format body for a breakpoint-caching model: cached in the gateway\'s order tools → system → messages'] };
}

function partSegment(text: string, p: Node | undefined, i: number, j: number, role: string, tokens: number, note?: string): Segment {
  return contentBlockSegment(text, p, i, j, role, { tokens, exact: false, estimateNote: note ?? ESTIMATE_NOTE, imageSizeKnown: !note }, PART_STYLE);
}
