// The request: messages, tool definitions (inserted into the first system message), tool_choice,
// response_format, reply priming and request-level adjustments.

import { encodeTokens, tokenByteLength, utf8Offsets, type EncodingName } from '../encoding';
import { countMessage, tok, type Ctx } from './messages';
import { chatProfileFor } from './profile';
import { collectFunctions, countToolChoice, renderFunctionsNamespace, TOOLS_HEADER } from './tools';
import type { OpenAIChatCount, OpenAICountOptions, OpenAIMessageCount } from './types';
import { isObj, safeJson, str } from './util';

// ---------------------------------------------------------------------------------------------------
// response_format

function renderResponseFormat(rf: any): { text: string; exact: boolean; note?: string } | undefined {
  if (!isObj(rf)) return undefined;
  if (rf.type === 'json_schema' && isObj(rf.json_schema)) {
    const js = rf.json_schema;
    const name = typeof js.name === 'string' ? js.name : 'response';
    let text = `# Response Formats\n\n## ${name}\n\n`;
    if (typeof js.description === 'string' && js.description) text += `// ${js.description}\n`;
    text += safeJson(js.schema ?? {});
    return { text, exact: false, note: 'response_format json_schema: counted as a "# Response Formats" section (harmony layout; unverified)' };
  }
  if (rf.type === 'json_object') return { text: '', exact: false, note: 'response_format json_object: no billed data, counted as 0' };
  if (rf.type === 'text' || rf.type === undefined) return undefined;
  return { text: safeJson(rf), exact: false, note: `response_format ${str(rf.type)}: counted as JSON text` };
}

// ---------------------------------------------------------------------------------------------------
// Main

function systemText(msg: any): string {
  if (typeof msg?.content === 'string') return msg.content;
  if (Array.isArray(msg?.content)) {
    const texts = msg.content.filter((p: any) => isObj(p) && typeof p.text === 'string').map((p: any) => p.text as string);
    return texts.length ? texts[texts.length - 1] : '';
  }
  return '';
}

/**
 * tokensPerBlock results of the last few rendered tool namespaces, keyed by encoding, block offsets and
 * text: with many tools, attributing every token of the namespace costs more than counting it, and the
 * namespace is unchanged on most keystrokes (edits in messages).
 */
const perBlockMemo = new Map<string, number[]>();
const PER_BLOCK_MEMO_SIZE = 4;

/** Drop the per-block memo (the engine's clearCaches()). */
export function clearOpenAICaches(): void {
  perBlockMemo.clear();
}

/** Attribute the tokens of `text` to blocks (by where each token ends); returns tokens per block. */
function tokensPerBlock(text: string, blocks: { start: number; end: number }[], enc: EncodingName): number[] {
  if (blocks.length === 0) return [];
  const key = `${enc}\u0000${blocks.map((b) => `${b.start}-${b.end}`).join(',')}\u0000${text}`;
  const hit = perBlockMemo.get(key);
  if (hit) return hit.slice();
  const out = computeTokensPerBlock(text, blocks, enc);
  if (perBlockMemo.size >= PER_BLOCK_MEMO_SIZE) perBlockMemo.delete(perBlockMemo.keys().next().value as string);
  perBlockMemo.set(key, out.slice());
  return out;
}

function computeTokensPerBlock(text: string, blocks: { start: number; end: number }[], enc: EncodingName): number[] {
  const out = blocks.map(() => 0);
  const ids = encodeTokens(text, enc);
  // Byte offsets of block boundaries.
  const byteStart = utf8Offsets(text, blocks.map((b) => b.start));
  const byteEnd = utf8Offsets(text, blocks.map((b) => b.end));
  let pos = 0;
  let bi = 0;
  for (let i = 0; i < ids.length; i++) {
    pos += tokenByteLength(ids[i], enc);
    while (bi < blocks.length && pos > byteEnd[bi]) bi++;
    if (bi < blocks.length && pos > byteStart[bi] && pos <= byteEnd[bi]) out[bi]++;
  }
  return out;
}

/** Exact (where verified) Chat Completions prompt_tokens for a request body. Never throws. */
export function countOpenAIChat(body: any, model: string, enc: EncodingName, opts?: OpenAICountOptions): OpenAIChatCount {
  const notes: string[] = [];
  const profile = chatProfileFor(model);
  const ctx: Ctx = { enc, profile, opts, callNames: new Map(), parallelCalls: new Set() };
  const rawMessages: unknown[] = Array.isArray(body?.messages) ? body.messages : [];
  if (!Array.isArray(body?.messages)) notes.push('no messages array');
  let exact = true;

  const messages: OpenAIMessageCount[] = [];
  for (const m of rawMessages) {
    let mc: OpenAIMessageCount;
    try {
      mc = countMessage(m, ctx);
    } catch {
      mc = { tokens: profile.perMessage + tok(safeJson(m), ctx), exact: false, note: 'could not count: counted as JSON text' };
    }
    messages.push(mc);
    if (!mc.exact) exact = false;
  }

  let constant = 3; // reply priming
  let toolsOut: OpenAIChatCount['tools'];
  let responseFormat = 0;
  const fnInfo = collectFunctions(body, notes);
  const hasTools = fnInfo.fns.length > 0 || fnInfo.extraText.length > 0;
  const rf = renderResponseFormat(body?.response_format);
  if (rf) {
    if (!rf.exact) exact = false;
    if (rf.note) notes.push(rf.note);
  }

  if (hasTools || (rf && rf.text)) {
    const sysIdx = rawMessages.findIndex((m: any) => isObj(m) && (m.role === 'system' || m.role === 'developer'));
    const base = sysIdx >= 0 ? systemText(rawMessages[sysIdx]) : '';
    const sep = sysIdx >= 0 ? '\n\n' : '';
    const newMsgOverhead = sysIdx >= 0 ? 0 : profile.perMessage + tok('system', ctx);
    const baseTokens = sysIdx >= 0 ? tok(base, ctx) : 0;
    let current = base;
    let currentTokens = baseTokens;
    let first = true;
    if (hasTools) {
      const ns = renderFunctionsNamespace(fnInfo.fns, profile.toolVariant);
      const section = TOOLS_HEADER + ns.text + fnInfo.extraText;
      current = base + sep + section;
      const after = tok(current, ctx);
      const adjust = ns.adjust.reduce((a, b) => a + b, 0);
      const toolsTokens = after - currentTokens + newMsgOverhead + adjust;
      currentTokens = after;
      first = false;
      const perTool = tokensPerBlock(ns.text, ns.blocks, enc).map((n, i) => n + ns.adjust[i]);
      let toolsExact = fnInfo.exact;
      if (adjust !== 0) {
        toolsExact = false;
        notes.push(`${-adjust} propert${adjust === -1 ? 'y' : 'ies'} without a description: empirical -1 each (fitted on 2024 data, cause unknown)`);
      }
      if (ns.unverified.length > 0) {
        const verifiedNested = profile.toolVariant === 'v2023';
        const unv = ns.unverified.filter((u) => !(u === 'nested objects' && verifiedNested));
        if (unv.length > 0) {
          toolsExact = false;
          notes.push(`tool schemas use ${unv.join(', ')}: rendering not verified against billing`);
        }
      }
      if (profile.family !== 'gpt-3.5' && profile.family !== 'gpt-4' && profile.family !== 'gpt-4o' && profile.family !== 'gpt-4o-mini') {
        notes.push(`tool rendering for ${profile.family} models assumed identical to gpt-4o (no billed data)`);
        toolsExact = false;
      }
      if (!toolsExact) exact = false;
      toolsOut = { tokens: toolsTokens, perTool, rendered: section, insertedIntoMessage: sysIdx };
      constant -= 1; // request-level -1 when definitions are inserted (§3.1)
    }
    if (rf && rf.text) {
      current = current + (current || sysIdx >= 0 ? '\n\n' : '') + rf.text;
      const after = tok(current, ctx);
      responseFormat = after - currentTokens + (first ? newMsgOverhead : 0);
      if (first) constant -= 1;
    }
  }

  const tc = countToolChoice(body, fnInfo.api, hasTools, ctx, notes);
  if (!tc.exact) exact = false;
  constant += profile.requestAdjust;
  if (profile.requestAdjust !== 0) exact = false;
  if (profile.requestAdjust !== 0) notes.push(`${profile.family}: request-level ${profile.requestAdjust} calibrated on a single public measurement`);

  const total = messages.reduce((a, m) => a + m.tokens, 0) + (toolsOut?.tokens ?? 0) + tc.tokens + responseFormat + constant;
  return { total, exact, notes, tools: toolsOut, messages, toolChoice: tc.tokens, responseFormat, constant };
}
