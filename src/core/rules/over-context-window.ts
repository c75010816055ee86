// PC013 over-context-window: the request's input alone is larger than the model's context window, so the API
// rejects it (nothing is sent to the model, nothing is cached). Reads only ctx.analysis and ctx.profile.
import type { OffsetRange } from '../types';
import { fmtInt, fmtTokens } from '../format';
import type { Rule } from './types';

export const overContextWindow: Rule = {
  name: 'over-context-window',
  code: 'PC013',
  description: "The request's input is larger than the model's context window: the API rejects it.",
  defaultSeverity: 'error',
  tags: ['context-window', 'rejected'],
  check(ctx) {
    const a = ctx.analysis;
    const window = ctx.profile?.contextWindow;
    // An unknown model is analyzed with a stand-in row: its window says nothing about the real model.
    if (!a?.isRequest || !a.model?.known || typeof window !== 'number' || !(window > 0)) return [];
    const input = a.inputTokens;
    if (!Number.isFinite(input) || input <= window) return [];
    const exact = a.exact !== false;
    const model = a.model.name ?? ctx.profile?.id ?? 'this model';
    return [
      {
        range: anchor(ctx.analysis),
        message:
          `The request is ${fmtTokens(input, exact)}, ${fmtTokens(input - window, exact)} over the ${fmtInt(window)}-token context window of ${model}: ` +
          `the API rejects it, so nothing is answered or cached. Shorten the prompt (older turns, tool results, documents) or use a model with a larger window.` +
          (exact ? '' : ' The count is an estimate; check it with the provider\'s token counter if it is close.'),
      },
    ];
  },
};

/** The model value, else the start of the request (its first part in cache order), else the file start. */
function anchor(a: { model?: { range?: OffsetRange }; segments?: { range: OffsetRange }[] }): OffsetRange {
  if (a.model?.range) return a.model.range;
  const starts = (a.segments ?? []).map((s) => s.range?.start).filter((n): n is number => typeof n === 'number' && n >= 0);
  const start = starts.length ? Math.min(...starts) : 0;
  return { start, end: start + 1 };
}
