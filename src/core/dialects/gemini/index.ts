// Google Gemini bodies: generateContent requests (implicit caching, automatic family) and cachedContents
// create bodies (explicit caches, priced with storage). No breakpoint markers.
import type { JsonDialect } from '../types';
import { buildGemini } from './build';
import { geminiSignals } from './detect';

export const gemini: JsonDialect = {
  id: 'gemini',
  input: 'json',
  detect: geminiSignals,
  capabilities: { markers: false, editableBreakpoints: false, automaticMarker: false },
  accepts: (shape) => shape === 'gemini',
  build: buildGemini,
};
