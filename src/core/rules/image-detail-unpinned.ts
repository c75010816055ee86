// PC012 image-detail-unpinned: an OpenAI-style image in the cached prefix without an explicit `detail`
// (Chat Completions `image_url` parts, Responses `input_image` parts).
// Images are cached only when identical, including `detail`; pinning it keeps the prefix stable.
import type { Node } from 'jsonc-parser';
import type { Fix } from '../types';
import type { Finding, Rule } from './types';
import { addPropertyEdit } from './edits';
import { style } from './fixBuilders';
import { describe, nodeRange, prop, propNode, target, units } from './context';

export const imageDetailUnpinned: Rule = {
  name: 'image-detail-unpinned',
  code: 'PC012',
  description: 'An image in the cached prefix without an explicit detail, which must stay identical for a cache hit.',
  defaultSeverity: 'hint',
  tags: ['image', 'prefix'],
  check(ctx) {
    const d = ctx.analysis.dialect;
    // Chat Completions (image_url parts, direct or through a gateway) and Responses (input_image parts).
    if (!ctx.root || (d !== 'openai-chat' && d !== 'openai-gateway' && d !== 'openai-responses')) return [];
    const out: Finding[] = [];
    const st = style(ctx);
    for (const u of units(ctx)) {
      if (u.newest || u.kind !== 'block') continue;
      const node = target(ctx, u)?.node;
      if (!node) continue;
      const t = u.blockType;
      let holder: Node | undefined;
      let anchor: Node | undefined;
      if (t === 'image_url') {
        const iu = prop(node, 'image_url');
        if (iu?.type === 'object') {
          if (propNode(iu, 'detail')) continue;
          holder = iu;
          anchor = propNode(node, 'image_url')?.children?.[0];
        } else if (iu?.type === 'string') {
          // legacy string form: convert to {"url": …, "detail": …}
          const raw = ctx.text.slice(iu.offset, iu.offset + iu.length);
          const mk = (detail: string, preferred: boolean): Fix => ({
            title: `Pin "detail": "${detail}"`,
            kind: 'quickfix',
            isPreferred: preferred,
            edits: [{ range: nodeRange(iu), newText: `{"url":${st.sp}${raw},${st.sp}"detail":${st.sp}"${detail}"}` }],
          });
          out.push(finding(nodeRange(propNode(node, 'image_url')!.children![0]), describe(u), [mk('auto', true), mk('low', false), mk('high', false)]));
          continue;
        }
      } else if (t === 'input_image') {
        if (propNode(node, 'detail')) continue;
        holder = node;
        anchor = propNode(node, 'type');
      }
      if (!holder || !anchor) continue;
      const h = holder;
      const mk = (detail: string, preferred: boolean): Fix => ({
        title: `Pin "detail": "${detail}"`,
        kind: 'quickfix',
        isPreferred: preferred,
        edits: [addPropertyEdit(ctx.text, h, 'detail', `"${detail}"`, st)],
      });
      out.push(finding(nodeRange(anchor), describe(u), [mk('auto', true), mk('low', false), mk('high', false)]));
    }
    return out;
  },
};

function finding(range: { start: number; end: number }, label: string, fixes: Fix[]): Finding {
  return {
    range,
    message:
      `Image in the cached prefix (${label}) without an explicit "detail": a cache hit needs the image to be identical, detail included, ` +
      `so pin it ("auto" is the current default) to keep the prefix stable across clients and SDK versions.`,
    fixes,
  };
}
