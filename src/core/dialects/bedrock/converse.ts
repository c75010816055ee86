// Bedrock Converse bodies (POST /model/{modelId}/converse): `system` text blocks, `messages[].content`
// blocks keyed by kind (text, image, document, toolUse, toolResult, reasoningContent …),
// `toolConfig.tools` (toolSpec), and `cachePoint` elements that close the content before them.
// Counts: the body is read as the Anthropic Messages body Bedrock hands to Claude, and counted by the
// Claude estimator (the cachePoint elements are markers, not content).
import type { Node } from 'jsonc-parser';
import { arrayItems, nodeRange, plain, prop, stringProp, stringSpan } from '../../parse/json';
import { countAnthropicMessages } from '../../tokens/anthropic';
import type { InputProblem, Segment, TextSpan } from '../../types';
import { assignPositions } from '../anthropic/build';
import { afterMessages, allStringSpans, overheadSegment, segment } from '../common';
import type { BuildContext, BuiltRequest } from '../types';
import { converseKind } from './detect';
import { readCachePoint } from './markers';

const ESTIMATE_NOTE = "estimate: Claude's tokenizer is not public";

const MEDIA: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf' };

/** One Converse content block as the Anthropic block Claude receives (for counting). */
function anthropicBlock(kind: string, b: any): any {
  const v = b?.[kind];
  switch (kind) {
    case 'text':
      return { type: 'text', text: typeof v === 'string' ? v : '' };
    case 'image': {
      const src = v?.source ?? {};
      if (typeof src.bytes === 'string') return { type: 'image', source: { type: 'base64', media_type: MEDIA[String(v?.format)] ?? 'image/png', data: src.bytes } };
      return { type: 'image', source: { type: 'url', url: String(src.s3Location?.uri ?? 's3://unknown') } };
    }
    case 'document': {
      const src = v?.source ?? {};
      if (typeof src.text === 'string') return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: src.text } };
      if (typeof src.bytes === 'string' && v?.format === 'pdf') return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: src.bytes } };
      // Other formats (txt, md, csv, html, docx …) as bytes: their text is not readable here.
      return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: '' } };
    }
    case 'toolUse':
      return { type: 'tool_use', id: v?.toolUseId, name: v?.name, input: v?.input ?? {} };
    case 'toolResult': {
      const content = (Array.isArray(v?.content) ? v.content : []).map((c: any) => {
        if (c && typeof c === 'object' && 'json' in c) return { type: 'text', text: JSON.stringify(c.json) };
        const k = Object.keys(c ?? {}).find((x) => x === 'text' || x === 'image' || x === 'document');
        return k ? anthropicBlock(k, c) : { type: 'text', text: '' };
      });
      return { type: 'tool_result', tool_use_id: v?.toolUseId, content };
    }
    case 'reasoningContent':
      if (v?.redactedContent !== undefined) return { type: 'redacted_thinking', data: String(v.redactedContent) };
      return { type: 'thinking', thinking: String(v?.reasoningText?.text ?? ''), signature: v?.reasoningText?.signature };
    case 'guardContent':
      return { type: 'text', text: String(v?.text?.text ?? '') };
    default:
      return { type: 'text', text: '' };
  }
}

/** Text spans of a Converse block (for per-request values and token positions). */
function blockSpans(text: string, kind: string, b: Node): TextSpan[] {
  const v = prop(b, kind);
  switch (kind) {
    case 'text':
      return v?.type === 'string' ? [stringSpan(text, v)] : [];
    case 'toolUse':
      return allStringSpans(text, prop(v, 'input'));
    case 'toolResult':
      return arrayItems(prop(v, 'content')).flatMap((c) => {
        const t = prop(c, 'text');
        return t?.type === 'string' ? [stringSpan(text, t)] : allStringSpans(text, prop(c, 'json'));
      });
    case 'reasoningContent': {
      const t = prop(prop(v, 'reasoningText'), 'text');
      return t?.type === 'string' ? [stringSpan(text, t)] : [];
    }
    case 'document': {
      const t = prop(prop(v, 'source'), 'text');
      return t?.type === 'string' ? [stringSpan(text, t)] : [];
    }
    case 'guardContent': {
      const t = prop(prop(v, 'text'), 'text');
      return t?.type === 'string' ? [stringSpan(text, t)] : [];
    }
    default:
      return [];
  }
}

const KIND_LABEL: Record<string, string> = { toolUse: 'toolUse', toolResult: 'toolResult', reasoningContent: 'reasoningContent', guardContent: 'guardContent' };

export function buildConverse(ctx: BuildContext): BuiltRequest {
  const { text, root, model } = ctx;
  const out: Segment[] = [];
  const tc = prop(root, 'toolConfig');
  // Anthropic-shaped copy for the estimator; index maps from the copy back to the Converse elements.
  const tools: any[] = [];
  const toolNodes: { node: Node; j: number }[] = [];
  arrayItems(prop(tc, 'tools')).forEach((t, j) => {
    const spec = prop(t, 'toolSpec');
    if (!spec) return;
    const s = plain(spec) ?? {};
    tools.push({ name: s.name, description: s.description, input_schema: s.inputSchema?.json ?? s.inputSchema ?? {} });
    toolNodes.push({ node: t, j });
  });
  const tcPlain = plain(prop(tc, 'toolChoice'));
  const toolChoice = tcPlain && typeof tcPlain === 'object' ? (tcPlain.any ? { type: 'any' } : tcPlain.tool ? { type: 'tool', name: tcPlain.tool.name } : { type: 'auto' }) : undefined;
  const system: any[] = [];
  const systemNodes: { node: Node; k: number; kind: string }[] = [];
  arrayItems(prop(root, 'system')).forEach((b, k) => {
    const kind = converseKind(b);
    if (!kind || kind === 'cachePoint') return;
    system.push(anthropicBlock(kind, plain(b)));
    systemNodes.push({ node: b, k, kind });
  });
  const messages: any[] = [];
  const messageNodes: { node: Node; i: number; role: string; blocks: { node: Node; j: number; kind: string }[] }[] = [];
  arrayItems(prop(root, 'messages')).forEach((m, i) => {
    const role = stringProp(m, 'role') ?? 'unknown';
    const blocks: { node: Node; j: number; kind: string }[] = [];
    const content: any[] = [];
    arrayItems(prop(m, 'content')).forEach((b, j) => {
      const kind = converseKind(b);
      if (kind === 'cachePoint') return;
      const k = kind ?? 'text';
      content.push(anthropicBlock(k, plain(b)));
      blocks.push({ node: b, j, kind: k });
    });
    messages.push({ role, content });
    messageNodes.push({ node: m, i, role, blocks });
  });
  const body: any = { model, messages };
  if (tools.length) body.tools = tools;
  if (toolChoice) body.tool_choice = toolChoice;
  if (system.length) body.system = system;
  const counts = countAnthropicMessages(body, model, { imageSize: ctx.imageSize });
  const problems: InputProblem[] = [];
  const checkPoints = (arr: Node | undefined) => {
    for (const el of arrayItems(arr)) {
      const info = prop(el, 'cachePoint') ? readCachePoint(el) : undefined;
      if (info && !info.valid) problems.push({ severity: 'error', message: `Invalid cachePoint ${text.slice(info.valueRange.start, info.valueRange.end)}: the type must be "default" and the ttl, when given, "5m" or "1h". Bedrock rejects the request, so nothing is cached.`, range: info.valueRange });
    }
  };
  checkPoints(prop(tc, 'tools'));
  checkPoints(prop(root, 'system'));
  for (const m of arrayItems(prop(root, 'messages'))) checkPoints(prop(m, 'content'));

  if (counts.toolOverhead && tc) out.push(overheadSegment('tool-use-prompt', 'tool-use system prompt (added by the API)', tc.offset, counts.toolOverhead, false, ESTIMATE_NOTE));
  toolNodes.forEach(({ node, j }, n) => {
    const spec = prop(node, 'toolSpec');
    out.push(segment({ id: `toolConfig.tools[${j}]`, path: ['toolConfig', 'tools', j], kind: 'tool', blockType: 'toolSpec', label: `tool ${stringProp(spec, 'name') ?? j + 1}`, range: nodeRange(node), spans: allStringSpans(text, spec), tokens: counts.tools[n]?.tokens ?? 0, exact: false, estimateNote: ESTIMATE_NOTE }));
  });
  systemNodes.forEach(({ node, k, kind }, n) => {
    out.push(segment({ id: `system[${k}]`, path: ['system', k], kind: 'system', blockType: kind, label: `system block ${k + 1}`, range: nodeRange(node), spans: blockSpans(text, kind, node), tokens: counts.system[n]?.tokens ?? 0, exact: false, estimateNote: ESTIMATE_NOTE }));
  });
  messageNodes.forEach(({ node, i, role, blocks }, n) => {
    const mc = counts.messages[n];
    const children = blocks.map(({ node: b, j, kind }, q) => {
      const pc = mc?.parts[q];
      return segment({
        id: `messages[${i}].content[${j}]`,
        path: ['messages', i, 'content', j],
        kind: 'block',
        role,
        blockType: kind,
        label: `${KIND_LABEL[kind] ?? kind} block ${j + 1}`,
        range: nodeRange(b),
        spans: blockSpans(text, kind, b),
        tokens: pc?.tokens ?? 0,
        exact: false,
        estimateNote: pc?.note ?? ESTIMATE_NOTE,
        image: kind === 'image' ? { sizeSource: pc?.note ? 'unknown' : 'data-url' } : undefined,
      });
    });
    out.push(segment({ id: `messages[${i}]`, path: ['messages', i], kind: 'message', role, label: `${role} message ${i + 1}`, range: nodeRange(node), spans: [], tokens: mc?.tokens ?? 0, exact: false, estimateNote: ESTIMATE_NOTE, children }));
  });
  if (counts.overhead) out.push(overheadSegment('request-overhead', 'request overhead', afterMessages(root, text.length), counts.overhead, false, ESTIMATE_NOTE));
  assignPositions(out);
  return {
    segments: out,
    inputTokens: counts.total,
    exact: false,
    tokenizer: counts.method.startsWith('estimate') ? counts.method : `estimate (${counts.method})`,
    problems,
    notes: ['Bedrock Converse: each cachePoint closes the content before it (tools → system → messages); usage reports cacheReadInputTokens / cacheWriteInputTokens.'],
  };
}
