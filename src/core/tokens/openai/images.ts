// Image parts (image_url): tile and patch models.

import { imageSizeFromDataUrl, type ImageSize } from '../imageSize';
import { chatProfileFor, type ChatProfile, type ImageRule } from './profile';
import type { OpenAICountOptions, OpenAIPartCount } from './types';
import { isObj } from './util';

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

export function imagePart(part: any, profile: ChatProfile, opts: OpenAICountOptions | undefined): OpenAIPartCount {
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
