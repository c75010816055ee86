// Chat Completions prompt_tokens, reproduced locally.
//
// Method (docs/token-counting.md; evidence in /work/shared/reference/token-references.md §3):
//  * per message: 3 + tokens(role) + tokens(content) [+ tokens(name) + 1]; gpt-3.5-turbo-0301: 4 per
//    message and a name replaces the role; + 3 for the reply priming;
//  * tool/function definitions are rendered as a TypeScript `namespace functions { … }` block under
//    "# Tools\n\n## functions\n\n", appended (after "\n\n") to the first system message — or put in a
//    new leading system message — and the request is then 1 token cheaper;
//  * tool_choice / function_call, tool calls and results in the history, images, response_format.
// Never throws: odd shapes are counted as their JSON text and flagged exact:false.

import { countTokens, encodeTokens, tokenByteLength, utf8Offsets, type EncodingName } from './encoding';
import { imageSizeFromDataUrl, type ImageSize } from './imageSize';

export { imageSizeFromDataUrl, imageSizeFromBytes } from './imageSize';
export type { ImageSize } from './imageSize';

export interface OpenAIPartCount {
  tokens: number;
  exact: boolean;
  note?: string;
}
export interface OpenAIMessageCount {
  /** Includes the per-message overhead. */
  tokens: number;
  exact: boolean;
  /** Aligned with the content array when content is an array. */
  parts?: OpenAIPartCount[];
  note?: string;
}
export interface OpenAIChatCount {
  total: number;
  exact: boolean;
  notes: string[];
  tools?: {
    tokens: number;
    perTool: number[];
    rendered: string;
    /** Index of the system message the definitions are rendered into, or -1 when a new leading system message is created. */
    insertedIntoMessage: number;
  };
  /** Aligned with body.messages. */
  messages: OpenAIMessageCount[];
  toolChoice: number;
  responseFormat: number;
  /** Reply priming and request-level adjustments. total = sum(messages) + tools + toolChoice + responseFormat + constant. */
  constant: number;
}

export interface OpenAICountOptions {
  /** Size of an image given its URL (local files, remote images known to the host). Tried before data-URL parsing. */
  imageSize?: (url: string) => { width: number; height: number } | undefined;
}

// ---------------------------------------------------------------------------------------------------
// Model profiles

/**
 * How the definitions are rendered. Both variants come from billed data (token-references.md §3.3):
 *  - 'v2023': gpt-3.5-turbo-0613 / gpt-4-0613 (hmarr, 36/36 cases): nested objects indented 2 spaces per
 *    level (closing brace not indented), nested property descriptions dropped.
 *  - 'v2024': 2024 cl100k deployments (pamelafox, 18 cases) and, by analogy, everything newer: nested
 *    objects not indented, nested descriptions kept.
 */
export type ToolRenderVariant = 'v2023' | 'v2024';

type ImageRule =
  | { kind: 'tile'; base: number; tile: number }
  | { kind: 'patch'; multiplier: number; maxPatches: number; extra: number; verified: boolean };

interface ChatProfile {
  perMessage: number;
  /** Added for a `name`; 0301: -1 (the name replaces the role). */
  perName: number;
  toolVariant: ToolRenderVariant;
  image: ImageRule;
  /** Request-level adjustment (o-series: -1, calibrated on FV-01…04). */
  requestAdjust: number;
  /** True when the model's message formula has API-verified data. */
  verified: boolean;
  family: string;
}

function normModel(model: string): string {
  let m = String(model ?? '').trim().toLowerCase();
  if (m.startsWith('ft:')) m = m.slice(3);
  const slash = m.lastIndexOf('/');
  if (slash >= 0) m = m.slice(slash + 1);
  return m.replace(/^gpt-35/, 'gpt-3.5');
}

const TILE_4O = { kind: 'tile', base: 85, tile: 170 } as const;

/** The counting profile for a model name (snapshot names are honoured; aliases resolve to their current snapshot). */
export function chatProfileFor(model: string): ChatProfile {
  const m = normModel(model);
  const p: ChatProfile = { perMessage: 3, perName: 1, toolVariant: 'v2024', image: TILE_4O, requestAdjust: 0, verified: false, family: 'other' };
  if (/^gpt-3\.5-turbo-0301/.test(m)) return { ...p, perMessage: 4, perName: -1, toolVariant: 'v2023', verified: true, family: 'gpt-3.5' };
  if (/^gpt-3\.5/.test(m)) {
    // The 0613 snapshot (and the 2023 alias) render definitions like hmarr measured; 1106/0125 (the alias since 2024) like 2024.
    return { ...p, toolVariant: /0613/.test(m) ? 'v2023' : 'v2024', verified: true, family: 'gpt-3.5' };
  }
  if (/^gpt-4o-mini/.test(m)) return { ...p, image: { kind: 'tile', base: 2833, tile: 5667 }, verified: true, family: 'gpt-4o-mini' };
  if (/^(gpt-4o|chatgpt-4o)/.test(m)) return { ...p, verified: true, family: 'gpt-4o' };
  if (/^gpt-4\.1-mini/.test(m)) return { ...p, image: { kind: 'patch', multiplier: 1.62, maxPatches: 1536, extra: 1, verified: true }, family: 'gpt-4.1' };
  if (/^gpt-4\.1-nano/.test(m)) return { ...p, image: { kind: 'patch', multiplier: 2.46, maxPatches: 1536, extra: 1, verified: true }, family: 'gpt-4.1' };
  if (/^gpt-4\.1/.test(m)) return { ...p, family: 'gpt-4.1' };
  if (/^gpt-4\.5/.test(m)) return { ...p, family: 'gpt-4.5' };
  if (/^gpt-4-turbo|^gpt-4-(1106|0125)|^gpt-4-vision/.test(m)) return { ...p, verified: true, family: 'gpt-4' };
  if (/^gpt-4(-32k)?(-0613)?$|^gpt-4(-32k)?-0314$|^gpt-4-0613|^gpt-4-32k-0613/.test(m)) {
    // gpt-4 / gpt-4-32k resolve to the 0613 snapshot.
    return { ...p, toolVariant: /0314/.test(m) ? 'v2024' : 'v2023', verified: true, family: 'gpt-4' };
  }
  if (/^gpt-4/.test(m)) return { ...p, family: 'gpt-4' };
  if (/^o4-mini/.test(m)) return { ...p, image: { kind: 'patch', multiplier: 1.72, maxPatches: 1536, extra: 1, verified: true }, requestAdjust: -1, family: 'o-series' };
  if (/^o1-mini|^o3-mini/.test(m)) return { ...p, requestAdjust: -1, family: 'o-series' };
  if (/^o1|^o3/.test(m)) return { ...p, image: { kind: 'tile', base: 75, tile: 150 }, requestAdjust: -1, family: 'o-series' };
  if (/^gpt-5-nano/.test(m)) return { ...p, image: { kind: 'patch', multiplier: 1.5, maxPatches: 1536, extra: 1, verified: false }, family: 'gpt-5' };
  if (/^gpt-5-mini/.test(m)) return { ...p, image: { kind: 'patch', multiplier: 1.2, maxPatches: 1536, extra: 1, verified: false }, family: 'gpt-5' };
  if (/^gpt-5(\.1)?(-|$)|^gpt-5-chat/.test(m)) return { ...p, image: { kind: 'tile', base: 70, tile: 140 }, family: 'gpt-5' };
  if (/^gpt-5\./.test(m)) return { ...p, image: { kind: 'patch', multiplier: 1.2, maxPatches: 2500, extra: 1, verified: false }, family: 'gpt-5' };
  if (/^computer-use/.test(m)) return { ...p, image: { kind: 'tile', base: 65, tile: 129 } };
  return p;
}

// ---------------------------------------------------------------------------------------------------
// Helpers

function isObj(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function safeJson(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s;
  } catch {
    return String(v);
  }
}

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return safeJson(v);
}

/** Escape non-ASCII as \uXXXX (how results are billed when several tool results are merged, §1b). */
function asciiEscape(s: string): string {
  return s.replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

// ---------------------------------------------------------------------------------------------------
// Tool definitions → TypeScript namespace

interface FnDef {
  name: string;
  description?: string;
  parameters?: any;
}

interface RenderState {
  variant: ToolRenderVariant;
  unverified: Set<string>;
  /** v2024 calibration: properties without a description whose type has no string literal (see below). */
  bareUndescribed: number;
}

function enumLiteral(v: unknown, quoteNumbers: boolean): string {
  if (typeof v === 'string') return `"${v}"`;
  if (typeof v === 'number' && quoteNumbers) return `"${v}"`;
  return safeJson(v);
}

function formatType(param: any, indent: number, st: RenderState): string {
  if (!isObj(param)) return 'any';
  const union = param.anyOf ?? param.oneOf;
  if (Array.isArray(union)) {
    if (param.oneOf) st.unverified.add('oneOf');
    return union.map((v: any) => formatType(v, indent, st)).join(' | ');
  }
  if (param.allOf || param.$ref) st.unverified.add(param.$ref ? '$ref' : 'allOf');
  let type = param.type;
  if (Array.isArray(type)) {
    st.unverified.add('type array');
    return type.map((t: any) => formatType({ ...param, type: t }, indent, st)).join(' | ');
  }
  if (type === undefined && Array.isArray(param.enum)) type = param.enum.every((x: unknown) => typeof x === 'number') ? 'number' : 'string';
  if (type === undefined && isObj(param.properties)) type = 'object';
  let out: string;
  switch (type) {
    case 'string':
      out = Array.isArray(param.enum) ? param.enum.map((v: unknown) => enumLiteral(v, false)).join(' | ') : 'string';
      break;
    case 'number':
    case 'integer':
      out = Array.isArray(param.enum) ? param.enum.map((v: unknown) => enumLiteral(v, false)).join(' | ') : 'number';
      break;
    case 'boolean':
      out = 'boolean';
      break;
    case 'null':
      out = 'null';
      break;
    case 'object':
      out = ['{', formatObjectProperties(param, indent + 2, st), '}'].join('\n');
      break;
    case 'array':
      out = isObj(param.items) ? `${formatType(param.items, indent, st)}[]` : 'any[]';
      break;
    default:
      out = 'any';
  }
  if (param.nullable === true) {
    st.unverified.add('nullable');
    out += ' | null';
  }
  return out;
}

function formatObjectProperties(obj: any, indent: number, st: RenderState): string {
  const props = isObj(obj?.properties) ? obj.properties : {};
  const required: unknown[] = Array.isArray(obj?.required) ? obj.required : [];
  const lines: string[] = [];
  const depth = indent / 2;
  if (depth > 0) st.unverified.add('nested objects');
  for (const [name, param] of Object.entries<any>(props)) {
    const desc = isObj(param) && typeof param.description === 'string' && param.description !== '' ? param.description : undefined;
    if (isObj(param)) {
      if (param.default !== undefined) st.unverified.add('default');
      if (param.title !== undefined && depth === 0 && st.variant === 'v2024') {
        /* titles are not rendered (no billed data either way) */
      }
      if (param.examples !== undefined) st.unverified.add('examples');
      if (param.const !== undefined) st.unverified.add('const');
    }
    if (desc !== undefined && (st.variant === 'v2024' || indent < 2)) lines.push(`// ${desc}`);
    const opt = required.includes(name) ? '' : '?';
    const type = formatType(param, indent, st);
    // Empirical (v2024 only): a property without a description whose type renders without a string
    // literal or object ("string", "number", "-1 | 1") is billed 1 token less than its rendering.
    // Fitted on PF-T01/08/09/12/13 (3 distinct schemas; string enums such as PF-T03 are not affected);
    // the cause is unknown, so tool counts that use it are not marked exact.
    if (st.variant === 'v2024' && desc === undefined && !type.includes('"') && !type.startsWith('{')) st.bareUndescribed++;
    lines.push(`${name}${opt}: ${type},`);
  }
  const pad = st.variant === 'v2023' ? ' '.repeat(indent) : '';
  return lines.map((l) => pad + l).join('\n');
}

function renderFunction(f: FnDef, st: RenderState): string {
  const lines: string[] = [];
  if (f.description) lines.push(`// ${f.description}`);
  const params = f.parameters;
  if (isObj(params) && isObj(params.properties) && Object.keys(params.properties).length > 0) {
    lines.push(`type ${f.name} = (_: {`);
    lines.push(formatObjectProperties(params, 0, st));
    lines.push('}) => any;');
  } else {
    if (isObj(params) && params.type !== undefined && params.type !== 'object') st.unverified.add('non-object parameters');
    lines.push(`type ${f.name} = () => any;`);
  }
  return lines.join('\n');
}

/** The namespace block for a list of function definitions (without the "# Tools" header). */
export function renderFunctionsNamespace(
  fns: FnDef[],
  variant: ToolRenderVariant,
): { text: string; blocks: { start: number; end: number }[]; unverified: string[]; adjust: number[] } {
  const st: RenderState = { variant, unverified: new Set(), bareUndescribed: 0 };
  let text = 'namespace functions {\n\n';
  const blocks: { start: number; end: number }[] = [];
  const adjust: number[] = [];
  for (const f of fns) {
    const start = text.length;
    const before = st.bareUndescribed;
    text += renderFunction(f, st) + '\n\n';
    blocks.push({ start, end: text.length });
    adjust.push(-(st.bareUndescribed - before));
  }
  text += '} // namespace functions';
  return { text, blocks, unverified: [...st.unverified], adjust };
}

const TOOLS_HEADER = '# Tools\n\n## functions\n\n';

function collectFunctions(body: any, notes: string[]): { fns: FnDef[]; sources: number[]; exact: boolean; extraText: string; api: 'functions' | 'tools' | 'none' } {
  const fns: FnDef[] = [];
  const sources: number[] = [];
  let exact = true;
  let extraText = '';
  let api: 'functions' | 'tools' | 'none' = 'none';
  if (Array.isArray(body?.functions)) {
    api = 'functions';
    for (const f of body.functions) {
      if (isObj(f) && typeof f.name === 'string') {
        fns.push({ name: f.name, description: typeof f.description === 'string' ? f.description : undefined, parameters: f.parameters });
        sources.push(fns.length - 1);
      } else {
        exact = false;
        extraText += safeJson(f);
      }
    }
  }
  if (Array.isArray(body?.tools)) {
    if (body.tools.length > 0 || api === 'none') api = 'tools';
    for (const t of body.tools) {
      const f = isObj(t) ? (isObj(t.function) ? t.function : t.type === undefined && typeof t.name === 'string' ? t : undefined) : undefined;
      if (isObj(f) && typeof f.name === 'string' && (t.type === 'function' || t.type === undefined)) {
        if (f.strict === true) notes.push(`tool ${f.name}: "strict": true — effect on the count unverified`);
        fns.push({ name: f.name, description: typeof f.description === 'string' ? f.description : undefined, parameters: f.parameters });
      } else {
        exact = false;
        extraText += '\n' + safeJson(t);
        notes.push(`tool of type ${isObj(t) ? str(t.type) : typeof t}: counted as its JSON text (estimate)`);
      }
    }
  }
  return { fns, sources, exact, extraText, api };
}

// ---------------------------------------------------------------------------------------------------
// Images

function fitWithin(w: number, h: number, max: number): [number, number] {
  if (w <= max && h <= max) return [w, h];
  const s = max / Math.max(w, h);
  return [Math.max(1, Math.floor(w * s)), Math.max(1, Math.floor(h * s))];
}

/** Image tokens for a tile or patch model. detail: 'low' | 'high' | 'auto' | undefined. */
export function openAIImageTokens(width: number, height: number, detail: string | undefined, model: string): number {
  return imageTokensFor(chatProfileFor(model).image, width, height, detail);
}

function imageTokensFor(rule: ImageRule, width: number, height: number, detail: string | undefined): number {
  let w = Math.max(1, Math.round(width));
  let h = Math.max(1, Math.round(height));
  if (rule.kind === 'tile') {
    if (detail === 'low') return rule.base;
    // Fit inside 2048×2048, then shrink so the shortest side is at most 768 (never enlarge).
    [w, h] = fitWithin(w, h, 2048);
    const short = Math.min(w, h);
    if (short > 768) {
      const s = 768 / short;
      w = Math.max(1, Math.floor(w * s));
      h = Math.max(1, Math.floor(h * s));
    }
    const tiles = Math.ceil(w / 512) * Math.ceil(h / 512);
    return rule.base + rule.tile * tiles;
  }
  // Patch models: 32-px patches; shrink to the patch budget; tokens = ceil(patches × multiplier) (+1, §3.5 / FV).
  [w, h] = fitWithin(w, h, 2048);
  let patches = Math.ceil(w / 32) * Math.ceil(h / 32);
  if (patches > rule.maxPatches) {
    const shrink = Math.sqrt((32 * 32 * rule.maxPatches) / (w * h));
    const adj = shrink * Math.min(Math.floor((w * shrink) / 32) / ((w * shrink) / 32), Math.floor((h * shrink) / 32) / ((h * shrink) / 32));
    const w2 = Math.max(1, Math.floor(w * adj));
    const h2 = Math.max(1, Math.floor(h * adj));
    patches = Math.min(rule.maxPatches, Math.ceil(w2 / 32) * Math.ceil(h2 / 32));
  }
  return Math.ceil(patches * rule.multiplier - 1e-9) + rule.extra;
}

/** Size assumed when an image's size cannot be known (a remote URL): 1024×1024. */
export const UNKNOWN_IMAGE_SIZE: ImageSize = { width: 1024, height: 1024 };

function imagePart(part: any, profile: ChatProfile, opts: OpenAICountOptions | undefined): OpenAIPartCount {
  const iu = part.image_url;
  const url = typeof iu === 'string' ? iu : isObj(iu) && typeof iu.url === 'string' ? iu.url : '';
  const detail = isObj(iu) && typeof iu.detail === 'string' ? iu.detail : undefined;
  let size: ImageSize | undefined;
  try {
    size = opts?.imageSize?.(url);
  } catch {
    size = undefined;
  }
  if (!size || !(size.width > 0 && size.height > 0)) size = imageSizeFromDataUrl(url);
  const rule = profile.image;
  const notes: string[] = [];
  let exact = true;
  if (rule.kind === 'tile' && detail === 'low') {
    // size irrelevant
  } else if (!size) {
    exact = false;
    notes.push(`image size unknown: assumed ${UNKNOWN_IMAGE_SIZE.width}×${UNKNOWN_IMAGE_SIZE.height}`);
  }
  if (rule.kind === 'patch' && !rule.verified) {
    exact = false;
    notes.push('patch-model image formula not verified for this model');
  }
  if (detail !== undefined && !['low', 'high', 'auto'].includes(detail)) {
    exact = false;
    notes.push(`unknown detail "${detail}" (counted as auto)`);
  }
  if (!profile.verified && rule.kind === 'tile' && profile.family !== 'gpt-4.1' && profile.family !== 'gpt-4.5') {
    exact = false;
    notes.push('image cost for this model not verified');
  }
  const s = size ?? UNKNOWN_IMAGE_SIZE;
  const tokens = imageTokensFor(rule, s.width, s.height, detail);
  return { tokens, exact, note: notes.length ? notes.join('; ') : undefined };
}

// ---------------------------------------------------------------------------------------------------
// Messages

interface Ctx {
  enc: EncodingName;
  profile: ChatProfile;
  opts?: OpenAICountOptions;
  /** tool_call_id → function name, from assistant tool_calls seen so far. */
  callNames: Map<string, string>;
  /** tool_call_id → true when that call was part of a multi-call turn. */
  parallelCalls: Set<string>;
}

function tok(s: string, ctx: Ctx): number {
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

function countMessage(msg: any, ctx: Ctx): OpenAIMessageCount {
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

// ---------------------------------------------------------------------------------------------------
// tool_choice / function_call

function countToolChoice(body: any, api: 'functions' | 'tools' | 'none', hasTools: boolean, ctx: Ctx, notes: string[]): { tokens: number; exact: boolean } {
  if (!hasTools) return { tokens: 0, exact: true };
  const fc = body?.function_call;
  const tc = body?.tool_choice;
  let tokens = 0;
  let exact = true;
  if (fc !== undefined && fc !== null) {
    if (fc === 'none') tokens += 1;
    else if (fc === 'auto') tokens += 0;
    else if (isObj(fc) && typeof fc.name === 'string') tokens += 4 + tok(fc.name, ctx);
    else {
      exact = false;
      notes.push('function_call value not understood: counted as 0');
    }
  }
  if (tc !== undefined && tc !== null) {
    if (tc === 'none') tokens += 1;
    else if (tc === 'auto') tokens += 0;
    else if (tc === 'required') {
      tokens += 1;
      exact = false;
      notes.push('tool_choice "required": no billed data, counted like "none" (+1)');
    } else if (isObj(tc) && isObj(tc.function) && typeof tc.function.name === 'string') tokens += 7 + tok(tc.function.name, ctx);
    else if (isObj(tc) && typeof tc.name === 'string') {
      tokens += 7 + tok(tc.name, ctx);
      exact = false;
      notes.push('tool_choice shape not the Chat Completions one: counted as a named choice');
    } else {
      exact = false;
      notes.push('tool_choice value not understood: counted as 0');
    }
  }
  void api;
  return { tokens, exact };
}

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
