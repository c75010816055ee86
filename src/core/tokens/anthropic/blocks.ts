// Content blocks: text, image, document (PDF), tool use / result, thinking.

import { imageSizeFromDataUrl, decodeBase64Prefix, type ImageSize } from '../imageSize';
import { claudeImageTokensTier, UNKNOWN_IMAGE_TOKENS } from './images';
import type { ClaudeFacts } from './model';
import { estimateClaudeText } from './text';
import type { AnthropicCountOptions, AnthropicPartCount } from './types';

export function isObj(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON text of a value without the cache_control / citations keys (they are not prompt text). */
export function jsonText(v: unknown): string {
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

export interface BlockCtx {
  facts: ClaudeFacts;
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
  return { tokens: claudeImageTokensTier(size.width, size.height, ctx.facts.highResImages), exact: false, note: 'image: documented formula' };
}

function documentBlock(b: any, ctx: BlockCtx): AnthropicPartCount {
  const src = b.source;
  let extra = 0;
  if (typeof b.title === 'string') extra += estimateClaudeText(b.title, ctx.facts);
  if (typeof b.context === 'string') extra += estimateClaudeText(b.context, ctx.facts);
  if (isObj(src) && src.type === 'text' && typeof src.data === 'string') {
    return { tokens: extra + estimateClaudeText(src.data, ctx.facts), exact: false };
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

export function blockTokens(b: unknown, ctx: BlockCtx): AnthropicPartCount {
  if (typeof b === 'string') return { tokens: estimateClaudeText(b, ctx.facts), exact: false };
  if (!isObj(b)) return { tokens: estimateClaudeText(jsonText(b), ctx.facts), exact: false, note: 'not a content block: counted as JSON text' };
  switch (b.type) {
    case 'text':
      return { tokens: estimateClaudeText(typeof b.text === 'string' ? b.text : jsonText(b.text), ctx.facts), exact: false };
    case 'image':
      return imageBlock(b.source, ctx);
    case 'document':
      return documentBlock(b, ctx);
    case 'tool_use':
    case 'server_tool_use':
      return { tokens: estimateClaudeText(String(b.name ?? ''), ctx.facts) + estimateClaudeText(jsonText(b.input ?? {}), ctx.facts), exact: false };
    case 'tool_result': {
      let t = 0;
      let note: string | undefined;
      if (typeof b.content === 'string') t = estimateClaudeText(b.content, ctx.facts);
      else if (Array.isArray(b.content)) {
        for (const c of b.content) {
          const r = blockTokens(c, ctx);
          t += r.tokens;
          if (r.note) note = r.note;
        }
      } else if (b.content !== undefined) t = estimateClaudeText(jsonText(b.content), ctx.facts);
      return { tokens: t, exact: false, note };
    }
    case 'thinking':
      if (!ctx.countThinking) return { tokens: 0, exact: false, note: 'thinking block of an earlier turn: stripped by the API on this model (not counted)' };
      return { tokens: estimateClaudeText(String(b.thinking ?? ''), ctx.facts), exact: false, note: 'thinking block: counted (current turn or a model that keeps thinking)' };
    case 'redacted_thinking':
      if (!ctx.countThinking) return { tokens: 0, exact: false, note: 'redacted thinking of an earlier turn: stripped by the API on this model (not counted)' };
      return {
        tokens: Math.round(String(b.data ?? '').length / 4),
        exact: false,
        note: 'redacted thinking: encrypted, size guessed from its length',
      };
    default:
      return { tokens: estimateClaudeText(jsonText(b), ctx.facts), exact: false, note: `${String(b.type ?? 'untyped')} block: counted as JSON text` };
  }
}
