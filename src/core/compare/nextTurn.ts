// The next turn, simulated from one request: append an assistant reply and a new user message the way a
// chat loop does (per dialect; the last message's breakpoint moves to the new last message, as the providers'
// guides recommend), analyse that request and compare it with this one: does the next turn still read what
// this one writes (the 20-position lookback, breakpoint placement, a fan-out of parallel tool calls)?
import { analyze } from '../analyze';
import { fmtInt } from '../format';
import { plain } from '../parse/json';
import type { Analysis, AnalyzeOptions } from '../types';
import { compareResolved, resolveSide } from './compare';
import type { CompareSide, Comparison } from './types';

export interface NextTurnOptions extends AnalyzeOptions {
  /** The assistant reply calls this many tools in parallel (and the user message returns their results). Default 0: a text reply. */
  fanOut?: number;
  /** Text of the simulated reply and of the new user message. */
  replyText?: string;
  userText?: string;
}

export interface NextTurnBreakpoint {
  segmentId: string;
  prefixTokens: number;
  positionsSincePrevious: number;
  withinLookback: boolean;
}

export interface NextTurn {
  /** False when the request cannot be extended (not a request, a prompt template, an unknown shape). */
  supported: boolean;
  reason?: string;
  /** The simulated next request body (JSON). */
  text: string;
  /** What the next turn reads from the cache this request writes. */
  cachedTokensNextTurn: number;
  /** What this request's own identical repeat reads (what the next turn should keep reading). */
  cachedTokensThisTurn: number;
  inputTokensNextTurn: number;
  /** True when the next turn reads at least what this request caches (and something). */
  hits: boolean;
  /** The next request's breakpoints with their lookback facts. */
  breakpoints: NextTurnBreakpoint[];
  comparison?: Comparison;
  /** One line for the panel and the CLI. */
  summary: string;
  notes: string[];
}

type Json = any;

const REPLY = 'Here is what I found. Let me know if you need anything else.';
const NEXT_USER = 'Thanks. One more question about that.';

/** Move a trailing marker (cache_control / prompt_cache_breakpoint) from the old last message's last block. */
function takeMarker(msg: Json, keys: string[]): Record<string, Json> | undefined {
  if (!msg || typeof msg !== 'object') return undefined;
  const content = Array.isArray(msg.content) ? msg.content : Array.isArray(msg.parts) ? msg.parts : undefined;
  if (!content?.length) return undefined;
  const last = content[content.length - 1];
  if (last && typeof last === 'object' && 'cachePoint' in last && Object.keys(last).length === 1) {
    content.pop();
    return { cachePoint: last.cachePoint };
  }
  for (const k of keys) {
    if (last && typeof last === 'object' && k in last) {
      const v = last[k];
      delete last[k];
      return { [k]: v };
    }
  }
  return undefined;
}

function extend(dialect: string, body: Json, o: NextTurnOptions, notes: string[]): Json | string {
  const reply = o.replyText ?? REPLY;
  const user = o.userText ?? NEXT_USER;
  const n = Math.max(0, Math.floor(o.fanOut ?? 0));
  switch (dialect) {
    case 'openai-chat':
    case 'openai-gateway': {
      const msgs: Json[] = body.messages;
      if (!Array.isArray(msgs)) return 'no messages array';
      const marker = takeMarker(msgs[msgs.length - 1], ['cache_control', 'prompt_cache_breakpoint']);
      if (n) {
        msgs.push({ role: 'assistant', content: null, tool_calls: Array.from({ length: n }, (_, i) => ({ id: `call_sim_${i + 1}`, type: 'function', function: { name: 'tool', arguments: '{}' } })) });
        for (let i = 0; i < n; i++) msgs.push({ role: 'tool', tool_call_id: `call_sim_${i + 1}`, content: `result ${i + 1}` });
      } else msgs.push({ role: 'assistant', content: reply });
      msgs.push(marker ? { role: 'user', content: [{ type: 'text', text: user, ...marker }] } : { role: 'user', content: user });
      if (marker) notes.push('The breakpoint on the last message moves to the new last user message (the loop the guides recommend).');
      return body;
    }
    case 'anthropic-messages':
    case 'bedrock-invoke': {
      const msgs: Json[] = body.messages;
      if (!Array.isArray(msgs)) return 'no messages array';
      const marker = takeMarker(msgs[msgs.length - 1], ['cache_control']);
      if (n) {
        msgs.push({ role: 'assistant', content: Array.from({ length: n }, (_, i) => ({ type: 'tool_use', id: `toolu_sim_${i + 1}`, name: 'tool', input: {} })) });
        const results: Json[] = Array.from({ length: n }, (_, i) => ({ type: 'tool_result', tool_use_id: `toolu_sim_${i + 1}`, content: `result ${i + 1}` }));
        results.push({ type: 'text', text: user, ...(marker ?? {}) });
        msgs.push({ role: 'user', content: results });
      } else {
        msgs.push({ role: 'assistant', content: [{ type: 'text', text: reply }] });
        msgs.push({ role: 'user', content: [{ type: 'text', text: user, ...(marker ?? {}) }] });
      }
      if (marker) notes.push('The cache_control on the last message moves to the new last user message (the loop the guides recommend).');
      return body;
    }
    case 'openai-responses': {
      let input: Json = body.input;
      if (typeof input === 'string') input = body.input = [{ role: 'user', content: input }];
      if (!Array.isArray(input)) return 'no input array';
      const marker = takeMarker(input[input.length - 1], ['prompt_cache_breakpoint']);
      if (n) {
        for (let i = 0; i < n; i++) input.push({ type: 'function_call', call_id: `call_sim_${i + 1}`, name: 'tool', arguments: '{}' });
        for (let i = 0; i < n; i++) input.push({ type: 'function_call_output', call_id: `call_sim_${i + 1}`, output: `result ${i + 1}` });
      } else input.push({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: reply }] });
      input.push({ role: 'user', content: [{ type: 'input_text', text: user, ...(marker ?? {}) }] });
      return body;
    }
    case 'gemini': {
      const contents: Json[] = body.contents;
      if (!Array.isArray(contents)) return 'no contents array';
      if (n) {
        contents.push({ role: 'model', parts: Array.from({ length: n }, () => ({ functionCall: { name: 'tool', args: {} } })) });
        contents.push({ role: 'user', parts: [...Array.from({ length: n }, (_, i) => ({ functionResponse: { name: 'tool', response: { result: i + 1 } } })), { text: user }] });
      } else {
        contents.push({ role: 'model', parts: [{ text: reply }] });
        contents.push({ role: 'user', parts: [{ text: user }] });
      }
      return body;
    }
    case 'bedrock-converse': {
      const msgs: Json[] = body.messages;
      if (!Array.isArray(msgs)) return 'no messages array';
      const marker = takeMarker(msgs[msgs.length - 1], []);
      if (n) {
        msgs.push({ role: 'assistant', content: Array.from({ length: n }, (_, i) => ({ toolUse: { toolUseId: `sim_${i + 1}`, name: 'tool', input: {} } })) });
        msgs.push({ role: 'user', content: [...Array.from({ length: n }, (_, i) => ({ toolResult: { toolUseId: `sim_${i + 1}`, content: [{ text: `result ${i + 1}` }] } })), { text: user }, ...(marker ? [marker] : [])] });
      } else {
        msgs.push({ role: 'assistant', content: [{ text: reply }] });
        msgs.push({ role: 'user', content: [{ text: user }, ...(marker ? [marker] : [])] });
      }
      if (marker) notes.push('The cachePoint after the last message moves after the new last user message.');
      return body;
    }
    default:
      return `the ${dialect} format has no conversation to extend`;
  }
}

function unsupported(reason: string): NextTurn {
  return { supported: false, reason, text: '', cachedTokensNextTurn: 0, cachedTokensThisTurn: 0, inputTokensNextTurn: 0, hits: false, breakpoints: [], summary: `Next turn: not simulated (${reason}).`, notes: [] };
}

/**
 * Simulate the next turn of a request: `side` is the request (text, file name, JSONL line, or its analysis).
 * Never throws.
 */
export function simulateNextTurn(side: CompareSide | string, options: NextTurnOptions = {}): NextTurn {
  try {
    const { fanOut: _f, replyText: _r, userText: _u, ...analyzeOptions } = options;
    const a = resolveSide(side, analyzeOptions);
    if (!a.analysis.isRequest || !a.model || !a.model.root) return unsupported(a.analysis.isRequest ? 'a prompt template has no conversation to extend' : 'not a request');
    const root = a.model.root;
    const body = plain(root);
    const notes: string[] = [];
    const extended = extend(a.analysis.dialect ?? '', body, options, notes);
    if (typeof extended === 'string') return unsupported(extended);
    const text = JSON.stringify(extended, null, 2);
    const nextAnalysis: Analysis = analyze(text, { ...analyzeOptions, fileName: 'next-turn.json', dialect: a.analysis.dialect });
    const b = resolveSide({ text, fileName: 'next turn', analysis: nextAnalysis }, analyzeOptions);
    const comparison = compareResolved(a, b, analyzeOptions);
    const read = comparison.cachedTokensOnSecond;
    const own = a.analysis.cache.cachedTokensOnRepeat;
    const hits = read > 0 && read >= own;
    const breakpoints = nextAnalysis.cache.breakpoints.map((bp) => ({ segmentId: bp.segmentId, prefixTokens: bp.prefixTokens, positionsSincePrevious: bp.positionsSincePrevious, withinLookback: bp.withinLookback }));
    const beyond = breakpoints.filter((bp) => !bp.withinLookback);
    if (beyond.length) notes.push(`${beyond.length} breakpoint${beyond.length === 1 ? ' is' : 's are'} beyond the lookback from the entry the previous turn wrote (${beyond.map((bp) => `${bp.segmentId}: ${bp.positionsSincePrevious} positions`).join(', ')}).`);
    notes.push(...comparison.notes.filter((n) => !n.startsWith('First difference')));
    const fan = options.fanOut ? ` after a reply with ${options.fanOut} parallel tool call${options.fanOut === 1 ? '' : 's'}` : '';
    const summary = own === 0
      ? `Next turn${fan}: reads ${fmtInt(read)} tokens from cache (this request caches nothing to read).`
      : hits
        ? `Next turn${fan}: reads ${fmtInt(read)} of ${fmtInt(nextAnalysis.inputTokens)} tokens from cache: the breakpoints still hit.`
        : `Next turn${fan}: reads ${fmtInt(read)} of the ${fmtInt(own)} tokens this request caches (${comparison.category}): the breakpoints miss.`;
    return { supported: true, text, cachedTokensNextTurn: read, cachedTokensThisTurn: own, inputTokensNextTurn: nextAnalysis.inputTokens, hits, breakpoints, comparison, summary, notes };
  } catch (err) {
    return unsupported(`simulation failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
