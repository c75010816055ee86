// Messages: per-message overhead, content parts, names, tool calls and results in the history.

import { countTokens, type EncodingName } from '../encoding';
import { imagePart } from './images';
import type { ChatProfile } from './profile';
import type { OpenAICountOptions, OpenAIMessageCount, OpenAIPartCount } from './types';
import { asciiEscape, isObj, safeJson, str } from './util';

export interface Ctx {
  enc: EncodingName;
  profile: ChatProfile;
  opts?: OpenAICountOptions;
  /** tool_call_id → function name, from assistant tool_calls seen so far. */
  callNames: Map<string, string>;
  /** tool_call_id → true when that call was part of a multi-call turn. */
  parallelCalls: Set<string>;
}

export function tok(s: string, ctx: Ctx): number {
  return countTokens(s, ctx.enc);
}

function countContent(content: unknown, ctx: Ctx): { tokens: number; exact: boolean; parts?: OpenAIPartCount[]; note?: string; text?: string } {
  if (content === null || content === undefined) return { tokens: 0, exact: true };
  if (typeof content === 'string') return { tokens: tok(content, ctx), exact: true, text: content };
  if (!Array.isArray(content)) {
    return { tokens: tok(safeJson(content), ctx), exact: false, note: 'content is neither a string nor an array: counted as JSON text' };
  }
  const parts: OpenAIPartCount[] = [];
  let textParts = 0;
  let lastText: string | undefined;
  for (const part of content) {
    if (typeof part === 'string') {
      parts.push({ tokens: tok(part, ctx), exact: false, note: 'bare string in a content array' });
      continue;
    }
    if (!isObj(part)) {
      parts.push({ tokens: tok(safeJson(part), ctx), exact: false, note: 'unknown content part: counted as JSON text' });
      continue;
    }
    const type = part.type;
    if ((type === 'text' || type === 'input_text' || type === 'output_text') && typeof part.text === 'string') {
      textParts++;
      lastText = part.text;
      parts.push({ tokens: tok(part.text, ctx), exact: true });
    } else if (type === 'refusal' && typeof part.refusal === 'string') {
      parts.push({ tokens: tok(part.refusal, ctx), exact: true });
    } else if (type === 'image_url' || (type === undefined && part.image_url !== undefined)) {
      parts.push(imagePart(part, ctx.profile, ctx.opts));
    } else if (type === 'input_audio') {
      parts.push({ tokens: 0, exact: false, note: 'audio input: not counted (billed as audio tokens)' });
    } else if (type === 'file') {
      parts.push({ tokens: 0, exact: false, note: 'file input: size unknown offline, not counted' });
    } else {
      parts.push({ tokens: tok(safeJson(part), ctx), exact: false, note: `unknown content part "${str(type)}": counted as JSON text` });
    }
  }
  let exact = parts.every((p) => p.exact);
  let note: string | undefined;
  if (textParts > 1) {
    exact = false;
    note = 'several text parts: counted separately (how the API joins them is unverified)';
  }
  return { tokens: parts.reduce((a, p) => a + p.tokens, 0), exact, parts, note, text: textParts === 1 && parts.length === 1 ? lastText : undefined };
}

export function countMessage(msg: any, ctx: Ctx): OpenAIMessageCount {
  if (!isObj(msg)) {
    return { tokens: ctx.profile.perMessage + tok(safeJson(msg), ctx), exact: false, note: 'not a message object: counted as JSON text' };
  }
  const p = ctx.profile;
  const role = typeof msg.role === 'string' ? msg.role : 'user';
  const notes: string[] = [];
  let exact = typeof msg.role === 'string';
  if (!exact) notes.push('message without a role');
  const c = countContent(msg.content, ctx);
  exact = exact && c.exact;
  if (c.note) notes.push(c.note);
  let tokens = p.perMessage + c.tokens;

  if (role === 'function') {
    // The role token is replaced by the function name (hmarr: -2 with name + 1).
    tokens += typeof msg.name === 'string' ? tok(msg.name, ctx) : tok(role, ctx);
  } else if (role === 'tool') {
    const id = typeof msg.tool_call_id === 'string' ? msg.tool_call_id : undefined;
    const fname = id !== undefined ? ctx.callNames.get(id) : undefined;
    if (fname !== undefined) {
      tokens += tok(fname, ctx);
    } else {
      exact = false;
      notes.push('tool result without a matching tool call: role counted as its name');
      tokens += tok(typeof msg.name === 'string' ? msg.name : role, ctx);
    }
    if (id !== undefined && ctx.parallelCalls.has(id)) {
      exact = false;
      notes.push('result of a parallel tool call: rendering unverified (non-ASCII escaped)');
      if (typeof msg.content === 'string') tokens += tok(asciiEscape(msg.content), ctx) - c.tokens;
    }
  } else {
    tokens += tok(role, ctx);
    if (typeof msg.name === 'string') tokens += tok(msg.name, ctx) + p.perName;
  }

  if (role === 'assistant' && isObj(msg.function_call)) {
    // Legacy function call in the history: + name + arguments + 3 (hmarr, verified on 0613).
    tokens += tok(str(msg.function_call.name), ctx) + tok(str(msg.function_call.arguments), ctx) + 3;
  }
  if (role === 'assistant' && Array.isArray(msg.tool_calls) && msg.tool_calls.length > 0) {
    const calls = msg.tool_calls.filter((t: any) => isObj(t));
    for (const t of calls) {
      const fn = isObj(t.function) ? t.function : {};
      if (typeof t.id === 'string') ctx.callNames.set(t.id, str(fn.name));
    }
    if (calls.length === 1) {
      // Header "assistant to=functions.NAME" + arguments (hypothesis reproducing FT-01 and FW-01).
      const fn = isObj(calls[0].function) ? calls[0].function : {};
      tokens += tok(` to=functions.${str(fn.name)}`, ctx) + tok(str(fn.arguments), ctx);
      if (c.tokens > 0) {
        exact = false;
        notes.push('assistant text together with a tool call: layout unverified');
      }
      if (calls[0].type !== undefined && calls[0].type !== 'function') {
        exact = false;
        notes.push(`tool call of type ${str(calls[0].type)}: unverified`);
      }
    } else {
      // Parallel calls: rendered as a multi_tool_use.parallel call (jailbreak transcript; no exact formula).
      const uses = calls.map((t: any) => {
        const fn = isObj(t.function) ? t.function : {};
        let params: unknown = str(fn.arguments);
        try {
          params = JSON.parse(str(fn.arguments));
        } catch {
          /* keep the string */
        }
        return { recipient_name: `functions.${str(fn.name)}`, parameters: params };
      });
      for (const t of calls) if (typeof t.id === 'string') ctx.parallelCalls.add(t.id);
      tokens += tok(' to=multi_tool_use.parallel', ctx) + tok(safeJson({ tool_uses: uses }), ctx);
      exact = false;
      notes.push('several tool calls in one turn: billed rendering unknown (estimate)');
    }
  }
  if (msg.audio !== undefined) {
    exact = false;
    notes.push('audio reference: not counted');
  }
  return { tokens, exact, parts: c.parts, note: notes.length ? notes.join('; ') : undefined };
}
