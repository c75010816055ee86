// Anthropic Messages (and OpenAI-format gateway bodies for breakpoint-caching models): segments in
// cache order tools → system → messages, with estimated counts (Claude's tokenizer is not public).
import type { Node } from 'jsonc-parser';
import { arrayItems, nodeRange, plain, prop, stringProp, stringSpan } from '../../parse/json';
import { countAnthropicMessages, type AnthropicCount } from '../../tokens/anthropic';
import type { Segment } from '../../types';
import { afterMessages, allStringSpans, blockTextSpans, contentBlockSegment, overheadSegment, readCacheControl, segment } from '../common';
import type { BuildContext, BuiltRequest } from '../types';

const ESTIMATE_NOTE = "estimate: Claude's tokenizer is not public";
const BLOCK_STYLE = { noun: 'block', defaultType: 'unknown', imageType: 'image' } as const;

export function buildAnthropic(ctx: BuildContext): BuiltRequest {
  const { text, root, model } = ctx;
  const body = plain(root) ?? {};
  const counts: AnthropicCount = countAnthropicMessages(body, model, { imageSize: ctx.imageSize });
  const out: Segment[] = [];
  const toolsNode = prop(root, 'tools');
  if (counts.toolOverhead && toolsNode) {
    out.push(overheadSegment('tool-use-prompt', 'tool-use system prompt (added by the API)', toolsNode.offset, counts.toolOverhead, false, ESTIMATE_NOTE));
  }
  arrayItems(toolsNode).forEach((t, j) => {
    out.push(segment({ id: `tools[${j}]`, path: ['tools', j], kind: 'tool', label: `tool ${stringProp(t, 'name') ?? j + 1}`, range: nodeRange(t), spans: allStringSpans(text, t), tokens: counts.tools[j]?.tokens ?? 0, exact: false, estimateNote: ESTIMATE_NOTE, cacheControl: readCacheControl(t) }));
  });
  const system = prop(root, 'system');
  if (system?.type === 'string') {
    out.push(segment({ id: 'system', path: ['system'], kind: 'system', label: 'system', range: nodeRange(system), spans: [stringSpan(text, system)], tokens: counts.system[0]?.tokens ?? 0, exact: false, estimateNote: ESTIMATE_NOTE }));
  } else {
    arrayItems(system).forEach((b, k) => {
      out.push(segment({ id: `system[${k}]`, path: ['system', k], kind: 'system', blockType: stringProp(b, 'type'), label: `system block ${k + 1}`, range: nodeRange(b), spans: blockTextSpans(text, b), tokens: counts.system[k]?.tokens ?? 0, exact: false, estimateNote: ESTIMATE_NOTE, cacheControl: readCacheControl(b) }));
    });
  }
  arrayItems(prop(root, 'messages')).forEach((m, i) => out.push(anthropicMessage(text, m, i, counts.messages[i])));
  if (counts.overhead) out.push(overheadSegment('request-overhead', 'request overhead', afterMessages(root, text.length), counts.overhead, false, ESTIMATE_NOTE));
  assignPositions(out);
  return { segments: out, inputTokens: counts.total, exact: false, tokenizer: counts.method.startsWith('estimate') ? counts.method : `estimate (${counts.method})`, notes: [] };
}

function anthropicMessage(text: string, m: Node, i: number, count: AnthropicCount['messages'][number] | undefined): Segment {
  const role = stringProp(m, 'role') ?? 'unknown';
  const content = prop(m, 'content');
  const children =
    content?.type === 'array'
      ? arrayItems(content).map((b, j) => {
          const pc = count?.parts[j];
          return contentBlockSegment(text, b, i, j, role, { tokens: pc?.tokens ?? 0, exact: false, estimateNote: pc?.note ?? ESTIMATE_NOTE, imageSizeKnown: !pc?.note }, BLOCK_STYLE);
        })
      : undefined;
  return segment({
    id: `messages[${i}]`,
    path: ['messages', i],
    kind: 'message',
    role,
    label: `${role} message ${i + 1}`,
    range: nodeRange(m),
    spans: content?.type === 'string' ? [stringSpan(text, content)] : [],
    tokens: count?.tokens ?? 0,
    exact: false,
    estimateNote: ESTIMATE_NOTE,
    cacheControl: readCacheControl(m),
    children,
  });
}

/** Cacheable positions for the lookback: each tool, each system block, each message block (string content = one). */
export function assignPositions(segments: Segment[]): number {
  let p = 0;
  for (const s of segments) {
    if (s.kind === 'overhead' || s.kind === 'tools') {
      for (const c of s.children ?? []) c.position = p++;
      continue;
    }
    if (s.children?.length) for (const c of s.children) c.position = p++;
    else s.position = p++;
  }
  return p;
}
