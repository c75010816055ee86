// The request: tools (and the hidden tool-use system prompt), system, messages, overheads.

import { blockTokens, isObj, jsonText, type BlockCtx } from './blocks';
import { claudeFactsForModel, toolOverheadFor, usesNewTokenizer } from './model';
import { CLAUDE_SCRIPT_RATIOS } from './scripts';
import {
  CLAUDE_CODE_FACTOR,
  CLAUDE_NEW_TOKENIZER_FACTOR,
  CLAUDE_PER_MESSAGE,
  CLAUDE_PER_REQUEST,
  CLAUDE_PER_TOOL,
  CLAUDE_PROSE_FACTOR,
  CLAUDE_THINKING_ENABLED,
  estimateClaudeText,
} from './text';
import type { AnthropicCount, AnthropicCountOptions, AnthropicPartCount } from './types';

/** Estimate of a Messages API request's input tokens. Never throws. */
export function countAnthropicMessages(body: any, model: string, opts?: AnthropicCountOptions): AnthropicCount {
  const m = model || (typeof body?.model === 'string' ? body.model : undefined);
  // The model's facts, once per request (the model table's row for the name; see ./model.ts).
  const facts = claudeFactsForModel(m);
  const method = `estimate: o200k_base per script run × ${CLAUDE_PROSE_FACTOR} (Latin) / ${CLAUDE_CODE_FACTOR} (code) / ${CLAUDE_SCRIPT_RATIOS.cyrillic.ratio} (Cyrillic) / ${CLAUDE_SCRIPT_RATIOS.cjk.ratio} (CJK) / ${CLAUDE_SCRIPT_RATIOS.thai.ratio} (Thai) / ${CLAUDE_SCRIPT_RATIOS.other.ratio} (other)${usesNewTokenizer(facts) ? ` × ${CLAUDE_NEW_TOKENIZER_FACTOR} (Claude 4.7+ tokenizer)` : ''}`;
  const baseCtx: BlockCtx = { facts, opts, countThinking: false };

  // Tools
  const tools: { tokens: number }[] = [];
  const rawTools: unknown[] = Array.isArray(body?.tools) ? body.tools : [];
  for (const t of rawTools) {
    try {
      if (isObj(t) && (t.type === undefined || t.type === 'custom') && typeof t.name === 'string') {
        const def = { name: t.name, description: t.description, input_schema: t.input_schema };
        tools.push({ tokens: CLAUDE_PER_TOOL + estimateClaudeText(jsonText(def), facts) });
      } else {
        // Server / client tools with a versioned type (web_search_…, bash_…, text_editor_…): their hidden definitions are unknown.
        tools.push({ tokens: CLAUDE_PER_TOOL + estimateClaudeText(jsonText(t), facts) });
      }
    } catch {
      tools.push({ tokens: 0 });
    }
  }
  let toolOverhead = 0;
  if (tools.length > 0) {
    const tc = body?.tool_choice;
    const type = isObj(tc) && typeof tc.type === 'string' ? tc.type : typeof tc === 'string' ? tc : 'auto';
    const choice = type === 'any' || type === 'tool' ? type : type === 'none' ? 'none' : 'auto';
    toolOverhead = toolOverheadFor(facts, choice);
  }

  // System
  const system: { tokens: number }[] = [];
  const sys = body?.system;
  if (typeof sys === 'string') system.push({ tokens: estimateClaudeText(sys, facts) });
  else if (Array.isArray(sys)) for (const b of sys) system.push({ tokens: blockTokens(b, baseCtx).tokens });
  else if (sys !== undefined && sys !== null) system.push({ tokens: estimateClaudeText(jsonText(sys), facts) });

  // Messages. The current turn starts after the last user message with content other than tool results.
  const raw: unknown[] = Array.isArray(body?.messages) ? body.messages : [];
  let turnStart = -1;
  raw.forEach((msg: any, i) => {
    if (!isObj(msg) || msg.role !== 'user') return;
    const c = msg.content;
    const onlyToolResults = Array.isArray(c) && c.length > 0 && c.every((b: any) => isObj(b) && b.type === 'tool_result');
    if (!onlyToolResults) turnStart = i;
  });
  const keeps = facts.keepsEarlierThinking;
  const messages: AnthropicCount['messages'] = [];
  raw.forEach((msg: any, i) => {
    const ctx: BlockCtx = { ...baseCtx, countThinking: keeps || i > turnStart };
    const parts: AnthropicPartCount[] = [];
    try {
      if (!isObj(msg)) parts.push({ tokens: estimateClaudeText(jsonText(msg), facts), exact: false, note: 'not a message object' });
      else if (typeof msg.content === 'string') parts.push({ tokens: estimateClaudeText(msg.content, facts), exact: false });
      else if (Array.isArray(msg.content)) for (const b of msg.content) parts.push(blockTokens(b, ctx));
      else if (msg.content !== undefined && msg.content !== null) parts.push({ tokens: estimateClaudeText(jsonText(msg.content), facts), exact: false });
    } catch {
      parts.push({ tokens: 0, exact: false, note: 'could not count' });
    }
    messages.push({ tokens: CLAUDE_PER_MESSAGE + parts.reduce((a, p) => a + p.tokens, 0), parts });
  });

  let overhead = CLAUDE_PER_REQUEST;
  const th = body?.thinking;
  if (isObj(th) && (th.type === 'enabled' || th.type === 'adaptive')) overhead += CLAUDE_THINKING_ENABLED;

  const total =
    tools.reduce((a, t) => a + t.tokens, 0) +
    toolOverhead +
    system.reduce((a, s) => a + s.tokens, 0) +
    messages.reduce((a, x) => a + x.tokens, 0) +
    overhead;
  return { total, exact: false, method, tools, toolOverhead, system, messages, overhead };
}
