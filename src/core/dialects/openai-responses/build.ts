// OpenAI Responses bodies: segments in the order the model sees them (instructions, tool definitions, input
// items), counted with the Chat Completions tiktoken machinery on the equivalent chat body (./convert.ts).
// Every count is an estimate: the Responses per-item overheads are not public billed figures we hold.
import type { Node } from 'jsonc-parser';
import { countTokens, type EncodingName } from '../../tokens/encoding';
import { countOpenAIChat, type OpenAIChatCount } from '../../tokens/openai';
import { arrayItems, nodeRange, plain, prop, propNode, stringProp, stringSpan } from '../../parse/json';
import type { InputProblem, Segment, TextSpan } from '../../types';
import { allStringSpans, overheadSegment, segment } from '../common';
import type { BuildContext, BuiltRequest } from '../types';
import { convertResponses } from './convert';

export const RESPONSES_ESTIMATE_NOTE =
  'Responses API: counted as the equivalent Chat Completions body with tiktoken; the per-item overheads of the Responses layout are not published (estimate)';

function partSpans(text: string, part: Node): TextSpan[] {
  if (part.type === 'string') return [stringSpan(text, part)];
  const type = stringProp(part, 'type');
  const key = type === 'refusal' ? 'refusal' : 'text';
  const t = prop(part, key);
  return t?.type === 'string' ? [stringSpan(text, t)] : [];
}

function partLabel(type: string, j: number): string {
  return `${type.replace(/^input_|^output_/, '')} part ${j + 1}`;
}

/** Children of a content (or function_call_output `output`) array: one segment per part. */
function partSegments(text: string, arr: Node, path: (string | number)[], role: string, count: OpenAIChatCount['messages'][number] | undefined, note: string): Segment[] {
  return arrayItems(arr).map((p, j) => {
    const type = stringProp(p, 'type') ?? (p.type === 'string' ? 'input_text' : 'unknown');
    const pc = count?.parts?.[j];
    return segment({
      id: `${path.join('.').replace(/\.(\d+)/g, '[$1]')}[${j}]`,
      path: [...path, j],
      kind: 'block',
      role,
      blockType: type,
      label: partLabel(type, j),
      range: nodeRange(p),
      spans: partSpans(text, p),
      tokens: pc?.tokens ?? 0,
      exact: false,
      estimateNote: [type === 'input_file' ? 'input_file: the file is extracted server side; its content is not counted (only its name)' : undefined, pc?.note, note].filter(Boolean).join('; '),
      image: type === 'input_image' ? { detail: stringProp(p, 'detail'), sizeSource: pc?.exact ? 'data-url' : 'unknown' } : undefined,
    });
  });
}

function itemLabel(item: Node, i: number): { label: string; role: string } {
  const type = stringProp(item, 'type') ?? (prop(item, 'role') ? 'message' : 'item');
  const role = stringProp(item, 'role');
  if (type === 'message') return { label: `${role ?? 'user'} message ${i + 1}`, role: role ?? 'user' };
  if (type === 'function_call' || type === 'custom_tool_call') return { label: `function_call ${stringProp(item, 'name') ?? ''} (item ${i + 1})`.replace('  ', ' '), role: 'assistant' };
  if (type === 'function_call_output' || type === 'custom_tool_call_output') return { label: `function_call_output ${stringProp(item, 'call_id') ?? ''} (item ${i + 1})`.replace('  ', ' '), role: 'tool' };
  if (type === 'reasoning') return { label: `reasoning (item ${i + 1})`, role: 'assistant' };
  return { label: `${type} (item ${i + 1})`, role: 'assistant' };
}

export function buildOpenAIResponses(ctx: BuildContext): BuiltRequest {
  const { text, root, model, profile } = ctx;
  const tk = profile.tokenizer;
  const enc: EncodingName = tk.kind === 'tiktoken' ? tk.encoding : 'o200k_base';
  const body = plain(root) ?? {};
  const conv = convertResponses(body);
  const counts = countOpenAIChat(conv.chat, model, enc, { imageSize: ctx.imageSize });
  const notes = [...conv.notes];
  const problems: InputProblem[] = [];
  for (const key of ['previous_response_id', 'conversation'] as const) {
    const p = propNode(root, key);
    const v = p?.children?.[1];
    if (!p || !v || v.type === 'null') continue;
    problems.push({
      severity: 'info',
      message:
        key === 'previous_response_id'
          ? 'previous_response_id: the earlier turns are held server side and cannot be counted from this file. The figures cover only the input written here; the real prompt (and its cached prefix) is longer.'
          : 'conversation: the earlier turns are held server side (Conversations API) and cannot be counted from this file. The figures cover only the input written here.',
      range: nodeRange(p),
    });
  }
  if (tk.kind !== 'tiktoken') notes.push(`${profile.displayName} has no public tiktoken encoding: counted with o200k_base (estimate).`);

  // Chat message k → segment (instructions, string input, or input item).
  const msgSegs: (Segment | undefined)[] = conv.sources.map((src, k) => {
    const mc = counts.messages[k];
    if (src.kind === 'instructions') {
      const n = prop(root, 'instructions')!;
      return segment({ id: 'instructions', path: ['instructions'], kind: 'system', role: 'developer', label: 'instructions', range: nodeRange(n), spans: [stringSpan(text, n)], tokens: mc?.tokens ?? 0, exact: false, estimateNote: RESPONSES_ESTIMATE_NOTE });
    }
    if (src.kind === 'input-string') {
      const n = prop(root, 'input')!;
      return segment({ id: 'input', path: ['input'], kind: 'message', role: 'user', label: 'user input', range: nodeRange(n), spans: [stringSpan(text, n)], tokens: mc?.tokens ?? 0, exact: false, estimateNote: RESPONSES_ESTIMATE_NOTE });
    }
    return undefined;
  });
  const items = arrayItems(prop(root, 'input'));
  const itemSegs: Segment[] = items.map((item, i) => {
    const k = conv.chatIndexOfItem[i] ?? -1;
    const mc = k >= 0 ? counts.messages[k] : undefined;
    const { label, role } = itemLabel(item, i);
    const note = [conv.itemNotes.get(i), mc?.note, RESPONSES_ESTIMATE_NOTE].filter(Boolean).join('; ');
    const type = stringProp(item, 'type') ?? (prop(item, 'role') ? 'message' : 'item');
    const contentKey = type === 'function_call_output' || type === 'custom_tool_call_output' ? 'output' : type === 'message' ? 'content' : undefined;
    const content = contentKey ? prop(item, contentKey) : undefined;
    let spans: TextSpan[] = [];
    let children: Segment[] | undefined;
    if (content?.type === 'string') spans = [stringSpan(text, content)];
    else if (content?.type === 'array') children = partSegments(text, content, ['input', i, contentKey!], role, mc, RESPONSES_ESTIMATE_NOTE);
    else if (type === 'function_call' || type === 'custom_tool_call') {
      const n = prop(item, 'name');
      const a = prop(item, 'arguments') ?? prop(item, 'input');
      spans = [...(n?.type === 'string' ? [stringSpan(text, n)] : []), ...(a?.type === 'string' ? [stringSpan(text, a)] : allStringSpans(text, a))];
    } else if (type !== 'reasoning' && type !== 'message') spans = allStringSpans(text, item);
    return segment({
      id: `input[${i}]`,
      path: ['input', i],
      kind: 'message',
      role,
      blockType: type,
      label,
      range: nodeRange(item),
      spans,
      tokens: mc?.tokens ?? 0,
      exact: false,
      estimateNote: note,
      children,
    });
  });
  for (const [k, src] of conv.sources.entries()) if (src.kind === 'item') msgSegs[k] = itemSegs[src.index];

  // Tool definitions: function tools through the chat renderer, built-in tools as their JSON text.
  const toolsNode = prop(root, 'tools');
  const toolItems = arrayItems(toolsNode);
  let toolsSeg: Segment | undefined;
  if (toolItems.length) {
    let builtinTokens = 0;
    const children = toolItems.map((t, j) => {
      const fi = conv.functionToolIndex[j] ?? -1;
      const type = stringProp(t, 'type') ?? 'unknown';
      const name = stringProp(t, 'name') ?? type;
      let tokens = fi >= 0 ? (counts.tools?.perTool[fi] ?? 0) : 0;
      let note = 'tool rendering for the Responses API assumed identical to Chat Completions (estimate)';
      if (fi < 0) {
        tokens = countTokens(JSON.stringify(plain(t)) ?? '', enc);
        builtinTokens += tokens;
        note = `built-in tool ${type}: the prompt OpenAI renders for it is not public; counted as its JSON text (estimate)`;
      }
      return segment({ id: `tools[${j}]`, path: ['tools', j], kind: 'tool', label: fi >= 0 ? `tool ${name}` : `built-in tool ${type}`, range: nodeRange(t), spans: allStringSpans(text, t), tokens, exact: false, estimateNote: note });
    });
    toolsSeg = segment({ id: 'tools', path: ['tools'], kind: 'tools', label: `tool definitions (${toolItems.length})`, range: nodeRange(toolsNode!), spans: [], tokens: (counts.tools?.tokens ?? 0) + builtinTokens, exact: false, estimateNote: RESPONSES_ESTIMATE_NOTE, children });
  }
  const extras: Segment[] = [];
  const tc = prop(root, 'tool_choice');
  if (tc && counts.toolChoice) extras.push(segment({ id: 'tool_choice', path: ['tool_choice'], kind: 'tool-choice', label: 'tool_choice', range: nodeRange(tc), spans: [], tokens: counts.toolChoice, exact: false, estimateNote: RESPONSES_ESTIMATE_NOTE }));
  const fmt = prop(prop(root, 'text'), 'format');
  if (fmt && counts.responseFormat) extras.push(segment({ id: 'text.format', path: ['text', 'format'], kind: 'response-format', label: 'text.format', range: nodeRange(fmt), spans: allStringSpans(text, fmt), tokens: counts.responseFormat, exact: false, estimateNote: 'structured-output rendering is not published; count is the best public hypothesis' }));

  const out: Segment[] = [];
  const insertAfter = counts.tools ? counts.tools.insertedIntoMessage : -1;
  const ordered = msgSegs.filter((s): s is Segment => !!s);
  // Reasoning items (not rendered) keep their place in document order with 0 tokens.
  const withReasoning: Segment[] = [];
  const rendered = new Set(ordered);
  let r = 0;
  for (const s of ordered) {
    if (s.path[0] === 'input' && typeof s.path[1] === 'number') {
      while (r < itemSegs.length && itemSegs[r] !== s) {
        if (!rendered.has(itemSegs[r])) withReasoning.push(itemSegs[r]);
        r++;
      }
      r++;
    }
    withReasoning.push(s);
  }
  for (; r < itemSegs.length; r++) if (!rendered.has(itemSegs[r])) withReasoning.push(itemSegs[r]);
  const anchor = insertAfter >= 0 ? ordered[insertAfter] : undefined;
  if (!anchor) {
    if (toolsSeg) out.push(toolsSeg);
    out.push(...extras, ...withReasoning);
  } else {
    for (const s of withReasoning) {
      out.push(s);
      if (s === anchor) {
        if (toolsSeg) out.push(toolsSeg);
        out.push(...extras);
      }
    }
  }
  const inputNode = prop(root, 'input');
  const at = inputNode ? inputNode.offset + inputNode.length : text.length;
  if (counts.constant) out.push(overheadSegment('reply-priming', 'reply priming', at, counts.constant, false, RESPONSES_ESTIMATE_NOTE));
  const builtin = toolsSeg ? toolsSeg.tokens - (counts.tools?.tokens ?? 0) : 0;
  return {
    segments: out,
    inputTokens: counts.total + builtin,
    exact: false,
    tokenizer: `tiktoken ${enc} (Responses layout estimated as Chat Completions)`,
    notes: [...notes, ...counts.notes.filter((n) => !notes.includes(n))].slice(0, 8),
    problems,
  };
}
