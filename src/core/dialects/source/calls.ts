// Recognising LLM SDK calls in a syntax tree and turning each into the request body it sends, as values:
// OpenAI (chat.completions.create / parse, responses.create / parse / stream), Anthropic (messages.create,
// messages.stream, beta.messages.*), the Vercel AI SDK (generateText, streamText, generateObject,
// streamObject) and LangChain literal message lists (ChatPromptTemplate.from_messages, llm.invoke([...])).
import type { Dialect, OffsetRange } from '../../types';
import { rangeOf, Resolver } from './resolve';
import { field, named, nodeAt, type SyntaxNode } from './syntax';
import { entry, get, getStr, lit, type Entry, type ListV, type ObjV, type StrV, type Value } from './values';

export type Sdk = 'anthropic' | 'openai-chat' | 'openai-responses' | 'vercel' | 'langchain';

export interface RecognisedCall {
  sdk: Sdk;
  /** "client.messages.create", "generateText" … */
  label: string;
  range: OffsetRange;
  dialect: Dialect;
  /** The request body the call sends. */
  body: ObjV;
  /** The call's own argument object (keyword arguments, the object literal), for fixes. */
  args: ObjV;
  /** Vercel: the provider of `model: anthropic('…')`. */
  vercelProvider?: 'anthropic' | 'openai';
  /** Notes about what was not read. */
  notes: string[];
}

/** Keyword arguments the SDKs take that are not part of the request body. */
const NOT_BODY = new Set(['extra_headers', 'extra_query', 'extra_body', 'timeout', 'betas', 'signal', 'headers', 'maxRetries', 'max_retries', 'abortSignal', 'stream_options_client']);

const ANTHROPIC = /(?:^|\.)(?:beta\.)?messages\.(?:create|stream)$/;
const OPENAI_CHAT = /(?:^|\.)chat\.completions\.(?:create|parse|stream)$/;
const OPENAI_RESPONSES = /(?:^|\.)responses\.(?:create|parse|stream)$/;
const VERCEL = /^(?:generateText|streamText|generateObject|streamObject)$/;
const LC_TEMPLATE = /(?:^|\.)ChatPromptTemplate\.(?:from_messages|fromMessages)$/;
const LC_INVOKE = /\.(?:invoke|ainvoke|stream|astream)$/;

/** Where a recognised call can start: its method or function name followed by `(` (a text search first). */
const CANDIDATE = /\b(?:create|stream|parse|from_messages|fromMessages|invoke|ainvoke|astream|generateText|streamText|generateObject|streamObject)\s*\(/g;

export function recogniseCalls(r: Resolver): RecognisedCall[] {
  const out: RecognisedCall[] = [];
  const seen = new Set<number>();
  const callType = r.py ? 'call' : 'call_expression';
  CANDIDATE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CANDIDATE.exec(r.text)) !== null) {
    // the name's node, up to the call whose function it ends
    let n: SyntaxNode | null = nodeAt(r.root, m.index, m.index + 1);
    while (n && n.type !== callType && n.endIndex <= m.index + m[0].length) n = n.parent;
    if (!n || n.type !== callType || seen.has(n.startIndex)) continue;
    const fn = field(n, 'function');
    if (!fn || fn.endIndex !== m.index + m[0].replace(/\s*\($/, '').length) continue;
    seen.add(n.startIndex);
    try {
      const c = recognise(r, n);
      if (c) out.push(c);
    } catch {
      // a half-typed call: skip it (the file's other calls still count)
    }
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}

function recognise(r: Resolver, n: SyntaxNode): RecognisedCall | undefined {
  const fn = field(n, 'function');
  if (!fn) return undefined;
  const chain = r.src(fn).replace(/\s+/g, '');
  const args = field(n, 'arguments');
  const range = rangeOf(n);
  let sdk: Sdk | undefined;
  if (/threads\./.test(chain)) return undefined;
  if (OPENAI_CHAT.test(chain)) sdk = 'openai-chat';
  else if (OPENAI_RESPONSES.test(chain)) sdk = 'openai-responses';
  else if (ANTHROPIC.test(chain)) sdk = 'anthropic';
  else if (!r.py && VERCEL.test(chain)) sdk = 'vercel';
  else if (LC_TEMPLATE.test(chain) || (LC_INVOKE.test(chain) && hasLangchainList(r, args))) sdk = 'langchain';
  if (!sdk) return undefined;
  const notes: string[] = [];
  let argObj: ObjV;
  if (sdk === 'langchain') {
    const first = r.py ? r.positional(args)[0] : named(args)[0];
    const list = first ? r.resolve(first) : undefined;
    const msgs: Value[] = list?.kind === 'list' ? list.items.map((it) => langchainItem(r, it)) : [];
    const messages: ListV = { kind: 'list', items: msgs, range: list?.range ?? range, site: list?.site ?? range, close: list?.kind === 'list' ? list.close : undefined };
    argObj = { kind: 'obj', entries: [], range, site: range, literal: false, syntax: 'call' };
    const body: ObjV = { kind: 'obj', entries: [{ key: 'messages', keyRange: messages.site, value: messages, range: messages.site }], range, site: range, literal: false, syntax: 'call' };
    notes.push('LangChain: the model is not in the call; the default model is used.');
    return { sdk, label: chain, range, dialect: 'openai-chat', body, args: argObj, notes };
  }
  if (r.py) argObj = r.kwargs(args);
  else {
    const first = named(args)[0];
    const v = first ? r.resolve(first) : undefined;
    argObj = v?.kind === 'obj' ? v : { kind: 'obj', entries: [], range: first ? rangeOf(first) : range, site: first ? rangeOf(first) : range, literal: false, syntax: 'object' };
    if (v && v.kind !== 'obj') notes.push(`The call's argument (${r.src(first!).slice(0, 40)}) is not an object literal in this file.`);
  }
  if (sdk === 'vercel') return vercel(r, chain, range, argObj, notes);
  const body: ObjV = { ...argObj, entries: argObj.entries.filter((e) => !NOT_BODY.has(e.key)) };
  const dialect: Dialect = sdk === 'anthropic' ? 'anthropic-messages' : sdk === 'openai-chat' ? 'openai-chat' : 'openai-responses';
  return { sdk, label: chain, range, dialect, body, args: argObj, notes };
}

function hasLangchainList(r: Resolver, args: SyntaxNode | undefined): boolean {
  const first = named(args)[0];
  if (!first || (first.type !== 'list' && first.type !== 'array')) return false;
  return named(first).some((c) => /(?:SystemMessage|HumanMessage|AIMessage)$/.test(r.src(field(c, 'function') ?? field(c, 'constructor') ?? c).trim()));
}

const LC_ROLE: Record<string, string> = { system: 'system', human: 'user', user: 'user', ai: 'assistant', assistant: 'assistant', placeholder: 'user' };

/** A LangChain message: a message object (SystemMessage(...)) or a ("role", "text") tuple. */
function langchainItem(r: Resolver, it: Value): Value {
  if (it.kind === 'obj') return it;
  if (it.kind === 'list' && it.items.length === 2 && it.items[0].kind === 'str') {
    const roleText = it.items[0].parts.map((p) => (p.t === 'lit' ? p.text : '')).join('');
    const role = LC_ROLE[roleText] ?? 'user';
    const rv = it.items[0];
    const roleV: StrV = { kind: 'str', parts: [{ ...lit(role, rv.range.start), starts: Array.from(role, () => rv.range.start), ends: Array.from(role, () => rv.range.end) }], range: rv.range, site: rv.site, synthetic: role !== roleText };
    return { kind: 'obj', entries: [e('role', roleV), e('content', it.items[1])], range: it.range, site: it.site, literal: false, syntax: 'call' };
  }
  return it;
}

function e(key: string, value: Value): Entry {
  return { key, keyRange: value.site, value, range: value.site };
}

function synthStr(text: string, at: OffsetRange): StrV {
  return { kind: 'str', parts: [{ t: 'lit', text, starts: Array.from(text, () => at.start), ends: Array.from(text, () => at.end) }], range: at, site: at, synthetic: true };
}

function obj(entries: Entry[], at: OffsetRange): ObjV {
  return { kind: 'obj', entries, range: at, site: at, literal: false, syntax: 'call' };
}

/** The Vercel AI SDK: `model: anthropic('…')` / `openai('…')` / a gateway string; system, prompt, messages, providerOptions. */
function vercel(r: Resolver, chain: string, range: OffsetRange, a: ObjV, notes: string[]): RecognisedCall {
  const modelEntry = entry(a, 'model');
  let provider: 'anthropic' | 'openai' = 'openai';
  let model: StrV | undefined;
  let openaiApi: 'chat' | 'responses' = 'chat';
  const mv = modelEntry?.value;
  if (mv?.kind === 'unknown') {
    // anthropic('claude-…'), openai('gpt-…'), openai.chat('…'), openai.responses('…'): re-read the call's argument
    const m = /^\s*(\w+)(?:\s*\.\s*(\w+))?\s*\(\s*(['"`])([^'"`]*)\3/.exec(mv.hole.expr);
    if (m) {
      provider = /anthropic|claude|bedrock/i.test(m[1]) ? 'anthropic' : 'openai';
      if (m[2] === 'responses' || (provider === 'openai' && !m[2])) openaiApi = m[2] === 'responses' || !m[2] ? 'responses' : 'chat';
      if (m[2] === 'chat') openaiApi = 'chat';
      const at = mv.hole.range.start + mv.hole.expr.indexOf(m[3]) + 1;
      model = { kind: 'str', parts: [lit(m[4], at)], range: { start: at, end: at + m[4].length }, site: { start: at, end: at + m[4].length } };
    }
  } else if (mv?.kind === 'str') {
    const name = mv.parts.map((p) => (p.t === 'lit' ? p.text : '')).join('');
    provider = /^anthropic\/|claude/i.test(name) ? 'anthropic' : 'openai';
    const slash = name.indexOf('/');
    model = slash >= 0 ? { ...mv, parts: mv.parts.map((p) => (p.t === 'lit' ? { ...p, text: p.text.slice(slash + 1), starts: p.starts.slice(slash + 1), ends: p.ends.slice(slash + 1) } : p)) } : mv;
  }
  // Vercel's default OpenAI provider uses the Responses API; the chat body counts the same prompt here.
  void openaiApi;
  const cacheOf = (v: Value | undefined): ObjV | undefined => {
    const cc = get(get(get(v, 'providerOptions') ?? get(v, 'experimental_providerMetadata'), 'anthropic'), 'cacheControl') ?? get(get(get(v, 'providerOptions'), 'anthropic'), 'cache_control');
    return cc?.kind === 'obj' ? cc : undefined;
  };
  const systemBlocks: Value[] = [];
  const messages: Value[] = [];
  const sys = get(a, 'system');
  if (sys) systemBlocks.push(provider === 'anthropic' ? obj([e('type', synthStr('text', sys.site)), e('text', sys)], sys.site) : sys);
  const msgList = get(a, 'messages');
  const items = msgList?.kind === 'list' ? msgList.items : [];
  if (msgList && msgList.kind !== 'list') notes.push('messages are not a literal list in this file: not counted.');
  for (const m of items) {
    if (m.kind !== 'obj') continue;
    const role = getStr(m, 'role') ?? 'user';
    const content = get(m, 'content');
    const cc = cacheOf(m);
    const blocks: Value[] = [];
    if (content?.kind === 'list') {
      for (const p of content.items) {
        if (p.kind !== 'obj') continue;
        const type = getStr(p, 'type') ?? 'text';
        const pcc = cacheOf(p);
        if (type === 'text') blocks.push(obj([e('type', synthStr('text', p.site)), e('text', get(p, 'text') ?? synthStr('', p.site)), ...(pcc ? [e('cache_control', pcc)] : [])], p.site));
      }
    } else if (content) blocks.push(obj([e('type', synthStr('text', content.site)), e('text', content)], content.site));
    if (cc && blocks.length) {
      const last = blocks[blocks.length - 1] as ObjV;
      blocks[blocks.length - 1] = { ...last, entries: [...last.entries, e('cache_control', cc)] };
    }
    if (provider === 'anthropic') {
      if (role === 'system') systemBlocks.push(...blocks);
      else messages.push(obj([e('role', get(m, 'role') ?? synthStr(role, m.site)), e('content', { kind: 'list', items: blocks, range: m.site, site: m.site })], m.site));
    } else {
      const text = content ?? synthStr('', m.site);
      messages.push(obj([e('role', get(m, 'role') ?? synthStr(role, m.site)), e('content', text.kind === 'list' ? { ...text, items: blocks.map((b) => (b as ObjV)) } : text)], m.site));
    }
  }
  const prompt = get(a, 'prompt');
  if (prompt) messages.push(obj([e('role', synthStr('user', prompt.site)), e('content', prompt)], prompt.site));
  const entries: Entry[] = [];
  if (model) entries.push({ key: 'model', keyRange: model.site, value: model, range: model.site });
  const tools = get(a, 'tools');
  if (tools?.kind === 'obj' && tools.entries.length) notes.push('Vercel tools (zod schemas) are not counted.');
  if (provider === 'anthropic') {
    if (systemBlocks.length) entries.push(e('system', { kind: 'list', items: systemBlocks, range: systemBlocks[0].site, site: systemBlocks[0].site }));
  } else if (sys) messages.unshift(obj([e('role', synthStr('system', sys.site)), e('content', sys)], sys.site));
  entries.push({ key: 'messages', keyRange: msgList?.site ?? range, value: { kind: 'list', items: messages, range: msgList?.site ?? range, site: msgList?.site ?? range }, range: msgList?.site ?? range });
  const mt = get(a, 'maxTokens') ?? get(a, 'maxOutputTokens');
  if (mt) entries.push(e('max_tokens', mt));
  return { sdk: 'vercel', label: chain, range, dialect: provider === 'anthropic' ? 'anthropic-messages' : 'openai-chat', body: obj(entries, range), args: a, vercelProvider: provider, notes };
}
