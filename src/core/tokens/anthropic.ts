// Claude token ESTIMATES. Anthropic publishes no offline tokenizer (provider-rules.md §1.9), so every
// number here is an estimate, calibrated as described in docs/token-counting.md:
//
//  * text: o200k_base count × a content factor — 1.16 for prose, 1.30 for code/JSON-like text (published
//    GPT-4o vs Claude 3.5 Sonnet comparison: +16 % English, +21 % math, +30 % Python) — × 1.33 for the
//    newer tokenizer of Claude 4.7 and later (Anthropic: "approximately 30 percent more"; one public
//    measurement 17,381 vs 13,076 = 1.33);
//  * structure: 3 per message, 3 per request, 6 per tool definition on top of its JSON text; fitted on
//    Anthropic's own count_tokens examples (14 for the "Hello, Claude" request, 403 for the get_weather
//    tool request, 88 for the extended-thinking request);
//  * hidden tool-use system prompt by tool_choice (§1.10 table), images by the documented formula (§1.11).
// Expect ±10–15 % on prose and more on code, CJK or emoji-heavy text. Never throws.

import { countTokens } from './encoding';
import { imageSizeFromDataUrl, decodeBase64Prefix, type ImageSize } from './imageSize';

export interface AnthropicPartCount {
  tokens: number;
  exact: boolean;
  note?: string;
}
export interface AnthropicCount {
  total: number;
  exact: false;
  method: string;
  tools: { tokens: number }[];
  /** Hidden tool-use system prompt (§1.10), by tool_choice. */
  toolOverhead: number;
  /** One entry per system block; a string system = one entry; [] when none. */
  system: { tokens: number }[];
  /** tokens includes the per-message overhead; parts aligned with content blocks (a string content = one part). */
  messages: { tokens: number; parts: AnthropicPartCount[] }[];
  overhead: number;
}

export interface AnthropicCountOptions {
  imageSize?: (url: string) => { width: number; height: number } | undefined;
}

// ---------------------------------------------------------------------------------------------------
// Calibration constants

/** Claude tokens per o200k token, prose (Claude 3.5 Sonnet vs GPT-4o, English articles: +16 %). */
export const CLAUDE_PROSE_FACTOR = 1.16;
/** Claude tokens per o200k token, code / JSON-like text (Python: +30 %). */
export const CLAUDE_CODE_FACTOR = 1.3;
/** The newer tokenizer of Claude 4.7+ / Mythos: ≈ 30 % more tokens for the same text (17,381 / 13,076). */
export const CLAUDE_NEW_TOKENIZER_FACTOR = 1.33;
/** Per-message overhead (role markers). */
export const CLAUDE_PER_MESSAGE = 3;
/** Per-request overhead (reply priming). */
export const CLAUDE_PER_REQUEST = 3;
/** Per tool definition, on top of the estimate of its JSON text. */
export const CLAUDE_PER_TOOL = 6;
/** Extra when `thinking` is enabled (fitted on the single public example: 88). */
export const CLAUDE_THINKING_ENABLED = 25;

// ---------------------------------------------------------------------------------------------------
// Model parsing

interface ClaudeModel {
  family: string; // opus | sonnet | haiku | fable | mythos | ''
  major: number;
  minor: number;
}

export function parseClaudeModel(model: string | undefined): ClaudeModel | undefined {
  const m = String(model ?? '').toLowerCase();
  // New style: claude-opus-4-7, claude-sonnet-4-5-20250929, claude-opus-5, claude-fable-5-1
  let r = /claude-(opus|sonnet|haiku|fable|mythos|instant)-(\d{1,2})(?:[-.](\d{1,2})(?!\d))?/.exec(m);
  if (r) return { family: r[1], major: Number(r[2]), minor: r[3] !== undefined ? Number(r[3]) : 0 };
  // Old style: claude-3-5-sonnet-20241022, claude-3-opus-20240229, claude-3-7-sonnet
  r = /claude-(\d{1,2})(?:[-.](\d{1,2}))?-(opus|sonnet|haiku)/.exec(m);
  if (r) return { family: r[3], major: Number(r[1]), minor: r[2] !== undefined ? Number(r[2]) : 0 };
  r = /claude-(\d{1,2})(?:\.(\d))?/.exec(m);
  if (r) return { family: '', major: Number(r[1]), minor: r[2] !== undefined ? Number(r[2]) : 0 };
  if (/mythos/.test(m)) return { family: 'mythos', major: 5, minor: 0 };
  return undefined;
}

function version(cm: ClaudeModel | undefined): number {
  return cm ? cm.major + cm.minor / 10 : 4.5;
}

/** Claude 4.7 and later (and Mythos) use the newer tokenizer. Unknown models: the older one. */
export function usesNewClaudeTokenizer(model: string | undefined): boolean {
  const cm = parseClaudeModel(model);
  if (!cm) return false;
  return cm.family === 'mythos' || cm.family === 'fable' || version(cm) >= 4.7;
}

/** High-resolution image tier (2576 px / 4784 tokens): Opus 4.7, Opus 4.8, Fable 5, Mythos 5, Sonnet 5.5 and later. */
function highResImages(model: string | undefined): boolean {
  const cm = parseClaudeModel(model);
  if (!cm) return false;
  if (cm.family === 'fable' || cm.family === 'mythos') return true;
  if (cm.family === 'opus' && version(cm) >= 4.7) return true;
  return version(cm) >= 5.5;
}

/** Thinking blocks of earlier turns are kept (counted) on Opus 4.5+, Sonnet 4.6+ and 5.x (§1.8). */
function keepsEarlierThinking(model: string | undefined): boolean {
  const cm = parseClaudeModel(model);
  if (!cm) return false;
  const v = version(cm);
  if (v >= 5) return true;
  if (cm.family === 'opus') return v >= 4.5;
  if (cm.family === 'sonnet') return v >= 4.6;
  return false;
}

/** Hidden tool-use system prompt tokens [auto|none, any|tool] (provider-rules.md §1.10, newest page). */
export function claudeToolOverhead(model: string | undefined, choice: 'auto' | 'none' | 'any' | 'tool'): number {
  const cm = parseClaudeModel(model);
  const v = version(cm);
  const f = cm?.family ?? '';
  let pair: [number, number];
  if (f === 'opus' && v >= 5) pair = [286, 406];
  else if (f === 'opus' && v === 4.8) pair = [290, 410];
  else if (f === 'opus' && v === 4.7) pair = [675, 804];
  else if ((f === 'opus' || f === 'sonnet') && v === 4.6) pair = [497, 589];
  else if (v === 4.5 && (f === 'opus' || f === 'sonnet' || f === 'haiku')) pair = [496, 588];
  else if ((f === 'opus' || f === 'sonnet') && v >= 4 && v < 4.5) pair = [313, 315];
  else if (f === 'sonnet' && v >= 5) pair = [354, 474];
  else if (f === 'haiku' && v === 3.5) pair = [264, 355];
  else if (f === 'sonnet' && (v === 3.7 || v === 3.5)) pair = [346, 313];
  else if (f === 'opus' && v === 3) pair = [530, 281];
  else if (f === 'sonnet' && v === 3) pair = [159, 235];
  else if (f === 'haiku' && v === 3) pair = [264, 340];
  else pair = [346, 313]; // unknown / newer: the long-standing 4.x value
  return choice === 'any' || choice === 'tool' ? pair[1] : pair[0];
}

// ---------------------------------------------------------------------------------------------------
// Text and images

const PUNCT = /[{}[\]();:=<>"'`,\\/|&*+\-_#@$%^~!?]/g;

/** True when the text looks like code / JSON / markup (many symbols per character). */
function looksLikeCode(text: string): boolean {
  const sample = text.length > 20000 ? text.slice(0, 10000) + text.slice(-10000) : text;
  const nonSpace = sample.replace(/\s+/g, '').length;
  if (nonSpace === 0) return false;
  const punct = (sample.match(PUNCT) ?? []).length;
  return punct / nonSpace > 0.12;
}

/** Estimated Claude tokens for `text` (see the header comment for the method and its accuracy). */
export function estimateClaudeTokens(text: string, model?: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const base = countTokens(text, 'o200k_base');
  let factor = looksLikeCode(text) ? CLAUDE_CODE_FACTOR : CLAUDE_PROSE_FACTOR;
  if (usesNewClaudeTokenizer(model)) factor *= CLAUDE_NEW_TOKENIZER_FACTOR;
  return Math.max(1, Math.round(base * factor));
}

function fitSize(w: number, h: number, maxEdge: number, maxTokens: number): [number, number] {
  const ok = (a: number, b: number) => Math.ceil(a / 28) * 28 <= maxEdge && Math.ceil(b / 28) * 28 <= maxEdge && Math.ceil(a / 28) * Math.ceil(b / 28) <= maxTokens;
  if (ok(w, h)) return [w, h];
  const long = Math.max(w, h);
  const short = Math.min(w, h);
  for (let L = Math.min(long, maxEdge); L >= 1; L--) {
    const s = Math.max(1, Math.round((short * L) / long));
    const [a, b] = w >= h ? [L, s] : [s, L];
    if (ok(a, b)) return [a, b];
  }
  return [1, 1];
}

/**
 * Image tokens per the current vision docs (§1.11): resize to the largest aspect-preserving size within
 * the edge cap (1568 px; 2576 px for the high-res tier) and the token cap (1568; 4784), then one token
 * per 28×28 patch. `model` selects the tier (default: standard).
 */
export function claudeImageTokens(width: number, height: number, model?: string): number {
  const w = Math.max(1, Math.round(Number(width) || 1));
  const h = Math.max(1, Math.round(Number(height) || 1));
  const hi = highResImages(model);
  const [a, b] = fitSize(w, h, hi ? 2576 : 1568, hi ? 4784 : 1568);
  return Math.ceil(a / 28) * Math.ceil(b / 28);
}

/** The legacy (2024–2025 docs) formula: w·h/750 after shrinking to ≤ 1568 px long edge and ≈ 1.15 MP. */
export function claudeImageTokensLegacy(width: number, height: number): number {
  let w = Math.max(1, Number(width) || 1);
  let h = Math.max(1, Number(height) || 1);
  const long = Math.max(w, h);
  if (long > 1568) {
    w = (w * 1568) / long;
    h = (h * 1568) / long;
  }
  const maxPixels = 1568 * 750 * 0.98; // ≈ 1,600 tokens
  if (w * h > maxPixels) {
    const s = Math.sqrt(maxPixels / (w * h));
    w *= s;
    h *= s;
  }
  return Math.ceil((w * h) / 750);
}

/** Size assumed for an image whose size cannot be known (URL source): a 1568-token image. */
const UNKNOWN_IMAGE_TOKENS = 1568;

// ---------------------------------------------------------------------------------------------------
// Blocks

function isObj(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON text of a value without the cache_control / citations keys (they are not prompt text). */
function jsonText(v: unknown): string {
  try {
    const s = JSON.stringify(v, (k, val) => (k === 'cache_control' || k === 'citations' ? undefined : val));
    return s === undefined ? String(v) : s;
  } catch {
    return String(v);
  }
}

const pdfPageCache = new Map<string, number | undefined>();

/** Pages in a base64 PDF (counts "/Type /Page" objects); undefined when it cannot tell. Memoized. */
function pdfPages(data: string): number | undefined {
  if (data.length > 8 * 1024 * 1024) return undefined;
  if (pdfPageCache.has(data)) return pdfPageCache.get(data);
  let pages: number | undefined;
  try {
    const bytes = decodeBase64Prefix(data, Math.ceil((data.length * 3) / 4));
    let s = '';
    for (let i = 0; i < bytes.length; i += 65536) s += String.fromCharCode(...bytes.subarray(i, i + 65536));
    const n = (s.match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
    pages = n > 0 ? n : undefined;
  } catch {
    pages = undefined;
  }
  if (pdfPageCache.size > 64) pdfPageCache.clear();
  pdfPageCache.set(data, pages);
  return pages;
}

/** Per PDF page: text (documented 1,500–3,000, midpoint) plus the page image (≈ a full-size image). */
const PDF_TOKENS_PER_PAGE = 2250 + 1568;

interface BlockCtx {
  model?: string;
  opts?: AnthropicCountOptions;
  countThinking: boolean;
}

function imageBlock(src: any, ctx: BlockCtx): AnthropicPartCount {
  let size: ImageSize | undefined;
  let url = '';
  if (isObj(src) && src.type === 'base64' && typeof src.data === 'string') {
    url = `data:${typeof src.media_type === 'string' ? src.media_type : 'image/png'};base64,${src.data}`;
  } else if (isObj(src) && src.type === 'url' && typeof src.url === 'string') {
    url = src.url;
  } else if (isObj(src) && typeof src.file_id === 'string') {
    url = src.file_id;
  }
  try {
    size = ctx.opts?.imageSize?.(url);
  } catch {
    size = undefined;
  }
  if (!size || !(size.width > 0 && size.height > 0)) size = imageSizeFromDataUrl(url);
  if (!size) return { tokens: UNKNOWN_IMAGE_TOKENS, exact: false, note: `image size unknown: assumed the ${UNKNOWN_IMAGE_TOKENS}-token maximum` };
  return { tokens: claudeImageTokens(size.width, size.height, ctx.model), exact: false, note: 'image: documented formula' };
}

function documentBlock(b: any, ctx: BlockCtx): AnthropicPartCount {
  const src = b.source;
  let extra = 0;
  if (typeof b.title === 'string') extra += estimateClaudeTokens(b.title, ctx.model);
  if (typeof b.context === 'string') extra += estimateClaudeTokens(b.context, ctx.model);
  if (isObj(src) && src.type === 'text' && typeof src.data === 'string') {
    return { tokens: extra + estimateClaudeTokens(src.data, ctx.model), exact: false };
  }
  if (isObj(src) && src.type === 'content' && Array.isArray(src.content)) {
    let t = extra;
    for (const c of src.content) t += blockTokens(c, ctx).tokens;
    return { tokens: t, exact: false };
  }
  if (isObj(src) && src.type === 'base64' && typeof src.data === 'string' && /pdf/i.test(String(src.media_type ?? ''))) {
    const pages = pdfPages(src.data);
    if (pages !== undefined) {
      return { tokens: extra + pages * PDF_TOKENS_PER_PAGE, exact: false, note: `PDF: ${pages} page(s) × ~${PDF_TOKENS_PER_PAGE} tokens (rough; use count_tokens for a real figure)` };
    }
    return { tokens: extra, exact: false, note: 'PDF: size unknown offline, not counted' };
  }
  return { tokens: extra, exact: false, note: 'document source unknown offline (URL / file): not counted' };
}

function blockTokens(b: unknown, ctx: BlockCtx): AnthropicPartCount {
  if (typeof b === 'string') return { tokens: estimateClaudeTokens(b, ctx.model), exact: false };
  if (!isObj(b)) return { tokens: estimateClaudeTokens(jsonText(b), ctx.model), exact: false, note: 'not a content block: counted as JSON text' };
  switch (b.type) {
    case 'text':
      return { tokens: estimateClaudeTokens(typeof b.text === 'string' ? b.text : jsonText(b.text), ctx.model), exact: false };
    case 'image':
      return imageBlock(b.source, ctx);
    case 'document':
      return documentBlock(b, ctx);
    case 'tool_use':
    case 'server_tool_use':
      return { tokens: estimateClaudeTokens(String(b.name ?? ''), ctx.model) + estimateClaudeTokens(jsonText(b.input ?? {}), ctx.model), exact: false };
    case 'tool_result': {
      let t = 0;
      let note: string | undefined;
      if (typeof b.content === 'string') t = estimateClaudeTokens(b.content, ctx.model);
      else if (Array.isArray(b.content)) {
        for (const c of b.content) {
          const r = blockTokens(c, ctx);
          t += r.tokens;
          if (r.note) note = r.note;
        }
      } else if (b.content !== undefined) t = estimateClaudeTokens(jsonText(b.content), ctx.model);
      return { tokens: t, exact: false, note };
    }
    case 'thinking':
      if (!ctx.countThinking) return { tokens: 0, exact: false, note: 'thinking block of an earlier turn: stripped by the API on this model (not counted)' };
      return { tokens: estimateClaudeTokens(String(b.thinking ?? ''), ctx.model), exact: false, note: 'thinking block: counted (current turn or a model that keeps thinking)' };
    case 'redacted_thinking':
      if (!ctx.countThinking) return { tokens: 0, exact: false, note: 'redacted thinking of an earlier turn: stripped by the API on this model (not counted)' };
      return {
        tokens: Math.round(String(b.data ?? '').length / 4),
        exact: false,
        note: 'redacted thinking: encrypted, size guessed from its length',
      };
    default:
      return { tokens: estimateClaudeTokens(jsonText(b), ctx.model), exact: false, note: `${String(b.type ?? 'untyped')} block: counted as JSON text` };
  }
}

// ---------------------------------------------------------------------------------------------------
// Request

/** Estimate of a Messages API request's input tokens. Never throws. */
export function countAnthropicMessages(body: any, model: string, opts?: AnthropicCountOptions): AnthropicCount {
  const m = model || (typeof body?.model === 'string' ? body.model : undefined);
  const method = `estimate: o200k_base × ${CLAUDE_PROSE_FACTOR} (prose) / ${CLAUDE_CODE_FACTOR} (code)${usesNewClaudeTokenizer(m) ? ` × ${CLAUDE_NEW_TOKENIZER_FACTOR} (Claude 4.7+ tokenizer)` : ''}`;
  const baseCtx: BlockCtx = { model: m, opts, countThinking: false };

  // Tools
  const tools: { tokens: number }[] = [];
  const rawTools: unknown[] = Array.isArray(body?.tools) ? body.tools : [];
  for (const t of rawTools) {
    try {
      if (isObj(t) && (t.type === undefined || t.type === 'custom') && typeof t.name === 'string') {
        const def = { name: t.name, description: t.description, input_schema: t.input_schema };
        tools.push({ tokens: CLAUDE_PER_TOOL + estimateClaudeTokens(jsonText(def), m) });
      } else {
        // Server / client tools with a versioned type (web_search_…, bash_…, text_editor_…): their hidden definitions are unknown.
        tools.push({ tokens: CLAUDE_PER_TOOL + estimateClaudeTokens(jsonText(t), m) });
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
    toolOverhead = claudeToolOverhead(m, choice);
  }

  // System
  const system: { tokens: number }[] = [];
  const sys = body?.system;
  if (typeof sys === 'string') system.push({ tokens: estimateClaudeTokens(sys, m) });
  else if (Array.isArray(sys)) for (const b of sys) system.push({ tokens: blockTokens(b, baseCtx).tokens });
  else if (sys !== undefined && sys !== null) system.push({ tokens: estimateClaudeTokens(jsonText(sys), m) });

  // Messages. The current turn starts after the last user message with content other than tool results.
  const raw: unknown[] = Array.isArray(body?.messages) ? body.messages : [];
  let turnStart = -1;
  raw.forEach((msg: any, i) => {
    if (!isObj(msg) || msg.role !== 'user') return;
    const c = msg.content;
    const onlyToolResults = Array.isArray(c) && c.length > 0 && c.every((b: any) => isObj(b) && b.type === 'tool_result');
    if (!onlyToolResults) turnStart = i;
  });
  const keeps = keepsEarlierThinking(m);
  const messages: AnthropicCount['messages'] = [];
  raw.forEach((msg: any, i) => {
    const ctx: BlockCtx = { ...baseCtx, countThinking: keeps || i > turnStart };
    const parts: AnthropicPartCount[] = [];
    try {
      if (!isObj(msg)) parts.push({ tokens: estimateClaudeTokens(jsonText(msg), m), exact: false, note: 'not a message object' });
      else if (typeof msg.content === 'string') parts.push({ tokens: estimateClaudeTokens(msg.content, m), exact: false });
      else if (Array.isArray(msg.content)) for (const b of msg.content) parts.push(blockTokens(b, ctx));
      else if (msg.content !== undefined && msg.content !== null) parts.push({ tokens: estimateClaudeTokens(jsonText(msg.content), m), exact: false });
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
