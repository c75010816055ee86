// Prompt templates: *.prompt, *.prompt.md, *.prompty (YAML front matter + body with optional
// `system:` / `user:` / `assistant:` role lines). The static prefix ends at the first placeholder.
import type { Segment, TextSpan } from '../../types';
import { segment } from '../common';

export interface TemplateParts {
  /** Model named in the front matter, with its range. */
  model?: { name: string; start: number; end: number };
  bodyStart: number;
  sections: { role?: string; header?: { start: number; end: number }; start: number; end: number }[];
}

const ROLE_LINE = /^[ \t]*(system|user|assistant|developer)[ \t]*:[ \t]*$/gim;

export function splitTemplate(text: string): TemplateParts {
  let bodyStart = 0;
  let model: TemplateParts['model'];
  const fm = /^(?:\uFEFF)?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (fm) {
    bodyStart = fm[0].length;
    const yaml = fm[1];
    const yamlStart = fm[0].indexOf(yaml);
    // model: gpt-4o | model:\n  configuration:\n    name: gpt-4o | azure_deployment: … | model:\n  id: …
    const direct = /^model[ \t]*:[ \t]*["']?([A-Za-z0-9][\w.\-/:]*)["']?[ \t]*$/m.exec(yaml);
    const nested = /^[ \t]+(?:name|model|azure_deployment|id)[ \t]*:[ \t]*["']?([A-Za-z0-9][\w.\-/:]*)["']?[ \t]*$/m.exec(yaml.slice(yaml.search(/^model[ \t]*:/m) >= 0 ? yaml.search(/^model[ \t]*:/m) : yaml.length));
    const hit = direct ?? nested;
    if (hit) {
      const base = direct ? yamlStart + hit.index : yamlStart + yaml.search(/^model[ \t]*:/m) + hit.index;
      const s = base + hit[0].indexOf(hit[1]);
      model = { name: hit[1], start: s, end: s + hit[1].length };
    }
  }
  const sections: TemplateParts['sections'] = [];
  ROLE_LINE.lastIndex = bodyStart;
  let m: RegExpExecArray | null;
  let cur: TemplateParts['sections'][number] = { start: bodyStart, end: text.length };
  while ((m = ROLE_LINE.exec(text))) {
    if (m.index < bodyStart) continue;
    cur.end = m.index;
    if (cur.role || text.slice(cur.start, cur.end).trim()) sections.push(cur);
    let after = m.index + m[0].length;
    if (text[after] === '\r') after++;
    if (text[after] === '\n') after++;
    cur = { role: m[1].toLowerCase(), header: { start: m.index, end: m.index + m[0].length }, start: after, end: text.length };
  }
  cur.end = text.length;
  if (cur.role || text.slice(cur.start, cur.end).trim() || !sections.length) sections.push(cur);
  return { model, bodyStart, sections };
}

export function buildTemplateSegments(
  text: string,
  parts: TemplateParts,
  count: (s: string) => number,
  messageOverhead: (role: string) => number,
  exactText: boolean,
): { segments: Segment[]; total: number } {
  const segments: Segment[] = [];
  let total = 0;
  parts.sections.forEach((sec, i) => {
    const body = text.slice(sec.start, sec.end);
    const span: TextSpan = { text: body, range: { start: sec.start, end: sec.end } };
    const tokens = count(body) + (sec.role ? messageOverhead(sec.role) : 0);
    total += tokens;
    segments.push(
      segment({
        id: `section[${i}]`,
        path: [],
        kind: 'template',
        role: sec.role,
        label: sec.role ? `${sec.role} section` : 'prompt',
        range: { start: sec.header?.start ?? sec.start, end: sec.end },
        spans: [span],
        tokens,
        exact: false,
        estimateNote: exactText
          ? 'template: static text counted exactly; placeholders are counted as written, not as their values'
          : "estimate: this model's tokenizer is not public; placeholders counted as written",
      }),
    );
  });
  return { segments, total };
}
