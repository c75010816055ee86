// Images: the documented vision formula (current and legacy).

import { claudeFactsForModel } from './model';

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
 * per 28×28 patch. `model` selects the tier (its `highResImages` fact; default: standard).
 */
export function claudeImageTokens(width: number, height: number, model?: string): number {
  return claudeImageTokensTier(width, height, model === undefined ? false : claudeFactsForModel(model).highResImages);
}

/** claudeImageTokens for a known tier (true: the high-res tier). */
export function claudeImageTokensTier(width: number, height: number, highRes: boolean): number {
  const w = Math.max(1, Math.round(Number(width) || 1));
  const h = Math.max(1, Math.round(Number(height) || 1));
  const hi = highRes;
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
export const UNKNOWN_IMAGE_TOKENS = 1568;
