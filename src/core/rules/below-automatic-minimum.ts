// PC010 below-automatic-minimum: automatic (OpenAI-style) prefix caching, but the cacheable prompt is under
// the model's minimum, so nothing is cached. The figure is the plan's (reply priming is not cacheable).
import type { Finding, Rule } from './types';
import { fmtInt, nodeRange, perCall, propNode } from './context';

export const belowAutomaticMinimum: Rule = {
  name: 'below-automatic-minimum',
  code: 'PC010',
  description: 'Automatic (OpenAI-style) caching: the whole prompt is under the minimum cacheable length, so nothing is cached.',
  defaultSeverity: 'info',
  tags: ['minimum', 'automatic'],
  check(ctx) {
    const a = ctx.analysis;
    if (a.cache.family !== 'automatic' || !a.isRequest || a.dialect === 'prompt-template' || !ctx.root) return [];
    if (ctx.profile && ctx.profile.cachingSupported === false) return [];
    // A Responses body continuing a server-held conversation (previous_response_id): the real prompt is longer.
    if (ctx.model.openai?.serverHistory) return [];
    const min = a.cache.minimumTokens;
    const total = a.inputTokens;
    // The plan's cacheable prefix without per-request cuts: an identical repeat reads nothing.
    if (total <= 0 || a.cache.cachedTokensOnRepeat > 0) return [];
    const anchor = propNode(ctx.root, 'messages') ?? propNode(ctx.root, 'input') ?? propNode(ctx.root, 'contents');
    const range = a.model?.range ?? (anchor?.children?.[0] ? nodeRange(anchor.children[0]) : { start: ctx.root.offset, end: ctx.root.offset + 1 });
    const model = a.model?.name ?? ctx.profile?.id ?? 'this model';
    const priming = ctx.model.units.filter((u) => u.id === 'reply-priming').reduce((n, u) => n + u.tokens, 0);
    const size = total >= min && priming ? `${fmtInt(total)} tokens, but the last ${fmtInt(priming)} prime the reply and are not cacheable: the cacheable part is ${fmtInt(total - priming)} tokens,` : `${fmtInt(total)} tokens,`;
    return [
      {
        range,
        message:
          `The whole prompt is ${size} under the ${fmtInt(min)}-token minimum for automatic caching on ${model}: nothing is cached, ` +
          `every call pays full price for all ${fmtInt(total)} tokens${perCall(ctx, total)}. This is fine for a short prompt; ` +
          `if it is reused, a stable prefix of at least ${fmtInt(min)} tokens would be cached.`,
      },
    ] as Finding[];
  },
};
