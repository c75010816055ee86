// PC010 below-automatic-minimum: automatic (OpenAI-style) prefix caching, but the whole prompt is under
// the model's minimum, so nothing is cached.
import type { Rule } from './types';
import { fmtInt, nodeRange, perCall, propNode, tokenMap } from './util';

export const belowAutomaticMinimum: Rule = {
  name: 'below-automatic-minimum',
  code: 'PC010',
  description: 'Automatic (OpenAI-style) caching: the whole prompt is under the minimum cacheable length, so nothing is cached.',
  defaultSeverity: 'info',
  tags: ['minimum', 'automatic'],
  check(ctx) {
    const a = ctx.analysis;
    if (a.cache?.family !== 'automatic' || !a.isRequest || a.dialect === 'prompt-template' || !ctx.root) return [];
    if (ctx.profile && ctx.profile.cachingSupported === false) return [];
    const min = a.cache.minimumTokens || ctx.profile?.minimumTokens || 1024;
    const total = tokenMap(ctx).total;
    if (total <= 0 || total >= min) return [];
    const anchor = propNode(ctx.root, 'messages') ?? propNode(ctx.root, 'input') ?? propNode(ctx.root, 'contents');
    const range = a.model?.range ?? (anchor?.children?.[0] ? nodeRange(anchor.children[0]) : { start: ctx.root.offset, end: ctx.root.offset + 1 });
    const model = a.model?.name ?? ctx.profile?.id ?? 'this model';
    return [
      {
        range,
        message:
          `The whole prompt is ${fmtInt(total)} tokens, under the ${fmtInt(min)}-token minimum for automatic caching on ${model}: nothing is cached, ` +
          `every call pays full price for all ${fmtInt(total)} tokens${perCall(ctx, total)}. This is fine for a short prompt; ` +
          `if it is reused, a stable prefix of at least ${fmtInt(min)} tokens would be cached.`,
      },
    ];
  },
};
