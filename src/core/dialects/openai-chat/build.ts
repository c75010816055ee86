// OpenAI Chat Completions: segments in the order the model sees them, with exact tiktoken counts.
import type { Node } from 'jsonc-parser';
import { arrayItems, nodeRange, plain, prop, stringProp, stringSpan } from '../../parse/json';
import { countOpenAIChat, type OpenAIChatCount } from '../../tokens/openai';
import type { EncodingName } from '../../tokens/encoding';
import type { Segment } from '../../types';
import { afterMessages, allStringSpans, contentBlockSegment, overheadSegment, readCacheControl, segment } from '../common';

const PART_STYLE = { noun: 'part', defaultType: 'unknown', imageType: 'image_url' } as const;
import type { BuildContext, BuiltRequest } from '../types';

export function buildOpenAIChat(ctx: BuildContext, encoding: EncodingName): BuiltRequest {
  const { text, root, model } = ctx;
  const body = plain(root) ?? {};
  const counts: OpenAIChatCount = countOpenAIChat(body, model, encoding, { imageSize: ctx.imageSize });
  const notes = [...counts.notes];
  const messageNodes = arrayItems(prop(root, 'messages'));
  const messages: Segment[] = messageNodes.map((m, i) => messageSegment(text, m, i, counts.messages[i]));

  const out: Segment[] = [];
  const toolsNode = prop(root, 'tools') ?? prop(root, 'functions');
  let toolsSeg: Segment | undefined;
  if (counts.tools && toolsNode) {
    const toolItems = arrayItems(toolsNode);
    toolsSeg = segment({
      id: 'tools',
      path: [prop(root, 'tools') ? 'tools' : 'functions'],
      kind: 'tools',
      label: `tool definitions (${toolItems.length})`,
      range: nodeRange(toolsNode),
      spans: [],
      tokens: counts.tools.tokens,
      // Inexactness that no message or part claims comes from the tool rendering (nested objects, …).
      exact: counts.exact || counts.messages.some((m) => !m.exact || m.parts?.some((p) => !p.exact)),
      estimateNote: counts.exact ? undefined : counts.notes.join('; '),
      children: toolItems.map((t, j) => {
        const name = stringProp(prop(t, 'function'), 'name') ?? stringProp(t, 'name') ?? `#${j + 1}`;
        return segment({
          id: `tools[${j}]`,
          path: ['tools', j],
          kind: 'tool',
          label: `tool ${name}`,
          range: nodeRange(t),
          spans: allStringSpans(text, t),
          tokens: counts.tools!.perTool[j] ?? 0,
          exact: true,
          cacheControl: readCacheControl(t),
        });
      }),
    });
  }
  const extras: Segment[] = [];
  const tc = prop(root, 'tool_choice') ?? prop(root, 'function_call');
  if (tc && counts.toolChoice) {
    extras.push(segment({ id: 'tool_choice', path: ['tool_choice'], kind: 'tool-choice', label: 'tool_choice', range: nodeRange(tc), spans: [], tokens: counts.toolChoice, exact: true }));
  }
  const rf = prop(root, 'response_format');
  if (rf && counts.responseFormat) {
    extras.push(segment({ id: 'response_format', path: ['response_format'], kind: 'response-format', label: 'response format', range: nodeRange(rf), spans: allStringSpans(text, rf), tokens: counts.responseFormat, exact: false, estimateNote: 'response_format rendering is not published; count is the best public hypothesis' }));
  }
  // Tool definitions (and response formats) are rendered into the first system message, or a new leading one.
  const insertAfter = counts.tools ? counts.tools.insertedIntoMessage : -1;
  if (insertAfter < 0) {
    if (toolsSeg) out.push(toolsSeg);
    out.push(...extras);
    out.push(...messages);
  } else {
    messages.forEach((m, i) => {
      out.push(m);
      if (i === insertAfter) {
        if (toolsSeg) out.push(toolsSeg);
        out.push(...extras);
      }
    });
  }
  if (counts.constant) out.push(overheadSegment('reply-priming', 'reply priming', afterMessages(root, text.length), counts.constant, true));
  return {
    segments: out,
    inputTokens: counts.total,
    exact: counts.exact,
    tokenizer: `tiktoken ${encoding}`,
    notes,
  };
}

function messageSegment(text: string, m: Node, i: number, count: OpenAIChatCount['messages'][number] | undefined): Segment {
  const role = stringProp(m, 'role') ?? 'unknown';
  const content = prop(m, 'content');
  const parts = arrayItems(content);
  const children =
    content?.type === 'array'
      ? parts.map((p, j) => {
          const pc = count?.parts?.[j];
          const exact = pc?.exact ?? false;
          return contentBlockSegment(text, p, i, j, role, { tokens: pc?.tokens ?? 0, exact, estimateNote: pc?.note, imageSizeKnown: exact }, PART_STYLE);
        })
      : undefined;
  const spans = content?.type === 'string' ? [stringSpan(text, content)] : [];
  const name = stringProp(m, 'name');
  return segment({
    id: `messages[${i}]`,
    path: ['messages', i],
    kind: 'message',
    role,
    label: `${role} message ${i + 1}${name ? ` (${name})` : ''}`,
    range: nodeRange(m),
    spans,
    tokens: count?.tokens ?? 0,
    exact: count?.exact ?? false,
    estimateNote: count?.note,
    cacheControl: readCacheControl(m),
    children,
  });
}
