// Unit names in words for the compare output: "tool 3 (lookup_order) description", "message 5 (user), part 2".
import type { Segment } from '../types';

/** Block types that are images in some dialect. */
export const IMAGE_BLOCKS = new Set(['image', 'image_url', 'input_image', 'inlineData', 'fileData']);

export function isImageUnit(u: Segment): boolean {
  return !!u.image || IMAGE_BLOCKS.has(u.blockType ?? '') || (u.path.includes('inlineData') as boolean);
}

function toolName(u: Segment): string {
  return u.label.replace(/^tool\s+/, '');
}

const pathText = (p: readonly (string | number)[]): string =>
  p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');

/** The unit (and where inside it) in words. `units` gives the tool's ordinal. */
export function describeUnit(units: readonly Segment[], u: Segment, detail: readonly (string | number)[] = [], other?: Segment): string {
  const last = [...detail].reverse().find((k) => typeof k === 'string') as string | undefined;
  if (u.section === 'tools' && (u.kind === 'tool' || u.kind === 'tools')) {
    const k = units.filter((x) => x.section === 'tools' && x.kind === u.kind && (x.unitIndex ?? 0) <= (u.unitIndex ?? 0)).length;
    const names = other && other.kind === 'tool' && other.label !== u.label ? `${toolName(other)} → ${toolName(u)}` : toolName(u);
    const base = u.kind === 'tools' ? 'the tool definitions' : `tool ${k} (${names})`;
    if (!detail.length) return base;
    if (last === 'description') return `${base} description`;
    if (last === 'name') return other && other.label !== u.label ? base : `${base} name`;
    if (detail.some((x) => x === 'parameters' || x === 'input_schema' || x === 'inputSchema' || x === 'parametersJsonSchema')) return `${base} parameters (${pathText(detail)})`;
    return `${base}, ${pathText(detail)}`;
  }
  if (u.section === 'messages' && u.messageIndex !== undefined) {
    const block = u.path.length >= 4 && typeof u.path[3] === 'number' ? `, part ${(u.path[3] as number) + 1}` : '';
    const type = u.blockType && !['text', 'input_text', 'output_text'].includes(u.blockType) ? ` (${u.blockType})` : '';
    return `message ${u.messageIndex + 1} (${u.role ?? 'message'})${block}${type}`;
  }
  return u.label;
}
