// Gemini token estimates. Google publishes no tokenizer for Gemini (countTokens is an API call), so text
// is counted with o200k_base and taken as is (factor 1): no public billed Gemini figure was found to
// calibrate it (docs/token-counting.md, "Gemini"). Images follow the documented per-image figures.
import { countTokens } from '../../tokens/encoding';

export const GEMINI_TEXT_FACTOR = 1;
export const GEMINI_METHOD = 'estimate: o200k_base count (Gemini tokenizer not public; uncalibrated, no billed figure found)';

/** Estimated Gemini tokens of a text. */
export function estimateGeminiTokens(text: string): number {
  if (!text) return 0;
  return Math.round(countTokens(text, 'o200k_base') * GEMINI_TEXT_FACTOR);
}

/** Gemini 3 and later cap image tokens by media resolution [provider-rules.md §3.4]. */
export const GEMINI3_MEDIA_TOKENS: Record<string, number> = { low: 280, medium: 560, high: 1120, ultra_high: 2240 };

/** Is this a Gemini 3+ model name (media_resolution tiers) rather than 2.x (258-token tiles)? */
export function isGemini3Plus(model: string): boolean {
  const m = /gemini-(\d+)/i.exec(model.replace(/[._]/g, '-'));
  return !!m && Number(m[1]) >= 3;
}

/**
 * Tokens of one image. Gemini 2.x: 258 when both sides are ≤ 384 px, otherwise 258 per 768×768 tile (the
 * tile size is recalled, not re-read: provider-rules.md §3.4). Gemini 3+: the media_resolution cap
 * (`high`, 1,120, when none is set: an assumption). Unknown size on 2.x: one tile.
 */
export function geminiImageTokens(model: string, size: { width: number; height: number } | undefined, resolution?: string): { tokens: number; note?: string } {
  if (isGemini3Plus(model)) {
    const r = (resolution ?? '').toLowerCase().replace(/^media_resolution_/, '');
    const t = GEMINI3_MEDIA_TOKENS[r];
    return t ? { tokens: t } : { tokens: GEMINI3_MEDIA_TOKENS.high, note: 'media resolution not set: the high tier (1,120 tokens) is assumed' };
  }
  if (!size) return { tokens: 258, note: 'image size unknown: one 258-token tile assumed' };
  if (size.width <= 384 && size.height <= 384) return { tokens: 258 };
  return { tokens: Math.ceil(size.width / 768) * Math.ceil(size.height / 768) * 258, note: '768×768 tiles of 258 tokens (tile size not re-read)' };
}
