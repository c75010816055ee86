// Shared by the Prompty and Dotprompt dialects: the body's sections (one per message, as the format
// splits it) rendered and counted as template segments, with the format's placeholders for the pipeline.
import type { ModelProfile } from '../../models/types';
import type { DialectPlaceholder } from '../../request/dialectValues';
import type { TokenMapper } from '../../request/tokens';
import { placeholderName } from '../../scan/placeholders';
import type { OffsetRange, Segment } from '../../types';
import { overheadSegment, segment } from '../common';
import type { BuiltRequest } from '../types';
import { renderRange, type TagAction } from './render';
import type { TagSyntax, TemplateTag } from './tags';

export interface FileSection {
  /** The role as the format writes it ("system", "user", "assistant", Dotprompt "model" …); none for a completion prompt. */
  role?: string;
  /** The chat role it is sent as (Dotprompt "model" → "assistant"), for the per-message overhead. */
  sentAs?: string;
  /** The role line or marker that opens it. */
  header?: OffsetRange;
  start: number;
  end: number;
  /** A conversation-history insertion point ({{history}}, ![thread]): no text of its own in the file. */
  history?: boolean;
}

export interface PromptFileBuild extends BuiltRequest {
  placeholders: DialectPlaceholder[];
  /** Placeholders counted with a known value, by name. */
  filled: string[];
  /** Placeholders left as written (no value known), by name. */
  open: string[];
}

function sectionLabel(s: FileSection): string {
  if (s.history) return 'conversation history (inserted at run time)';
  if (!s.role) return 'prompt';
  return `${s.role} message`;
}

/** Count the sections with the tags' actions applied. `chat`: the sections are chat messages (overheads). */
export function buildSections(
  text: string,
  sections: readonly FileSection[],
  tags: readonly TemplateTag[],
  syntax: TagSyntax,
  action: (t: TemplateTag) => TagAction,
  profile: ModelProfile,
  mapper: TokenMapper,
  chat: boolean,
): PromptFileBuild {
  const tiktoken = profile.tokenizer.kind === 'tiktoken';
  const overhead = (role: string) => (tiktoken ? 3 + mapper.count(role) : 4);
  const segments: Segment[] = [];
  const placeholders: DialectPlaceholder[] = [];
  const filled = new Set<string>();
  const open = new Set<string>();
  let t0 = 0;
  sections.forEach((sec, i) => {
    const range = { start: sec.header?.start ?? sec.start, end: Math.max(sec.end, sec.header?.end ?? sec.end) };
    if (sec.history) {
      segments.push(
        segment({ id: `section[${i}]`, path: [], kind: 'template', role: undefined, label: sectionLabel(sec), range, spans: [], tokens: 0, exact: false, estimateNote: 'the conversation so far is inserted here at run time: its size is not in the file (counted as 0)' }),
      );
      return;
    }
    while (t0 < tags.length && tags[t0].end <= sec.start) t0++;
    let t1 = t0;
    while (t1 < tags.length && tags[t1].start < sec.end) t1++;
    const r = renderRange(text, sec.start, sec.end, tags.slice(t0, t1), action);
    const tokens = mapper.count(r.span.text) + (chat && sec.role ? overhead(sec.sentAs ?? sec.role) : 0);
    const seg = segment({
      id: `section[${i}]`,
      path: [],
      kind: 'template',
      role: sec.sentAs ?? sec.role,
      label: sectionLabel(sec),
      range,
      spans: [r.span],
      tokens,
      exact: false,
      estimateNote: tiktoken
        ? 'prompt file: text counted exactly, placeholders with a sample or default value counted as that value, the others as written'
        : "estimate: this model's tokenizer is not public; placeholders with a sample or default value counted as that value",
    });
    segments.push(seg);
    for (const p of r.placeholders) {
      const tag = p.tag;
      const jinjaTag = syntax === 'jinja' && tag.kind !== 'expr';
      const kind = jinjaTag ? 'jinja-tag' : 'mustache';
      // {{media url=photo}}: the variable is the url's.
      const media = syntax === 'handlebars' && tag.head === 'media' ? /\burl=([\w.@[\]]+)/.exec(tag.args)?.[1] : undefined;
      // {% for x in items %}: the variable is the iterable.
      const loop = syntax === 'jinja' && tag.kind === 'open' && tag.head === 'for' ? /\bin\s+([\w.]+)/.exec(tag.args)?.[1] : undefined;
      const name = media ?? loop ?? placeholderName(tag.kind === 'open' ? tag.inner.replace(/^(?:each|if|unless|with|for)\s+/, '') : tag.inner, kind);
      (p.filled !== undefined ? filled : open).add(name);
      placeholders.push({ unit: seg, span: r.span, start: p.start, end: p.end, kind, value: text.slice(tag.start, tag.end), name });
    }
  });
  if (chat && tiktoken && segments.some((s) => s.role)) segments.push(overheadSegment('reply-priming', 'reply priming', text.length, 3, true));
  return {
    segments,
    inputTokens: segments.reduce((a, s) => a + s.tokens, 0),
    exact: false,
    tokenizer: tiktoken ? `tiktoken ${(profile.tokenizer as { encoding: string }).encoding} (prompt file, values filled in)` : 'estimate',
    notes: [],
    placeholders,
    filled: [...filled],
    open: [...open].filter((n) => !filled.has(n)),
  };
}

/** "a, b and 2 more" */
export function nameList(names: readonly string[], max = 4): string {
  const shown = names.slice(0, max).map((n) => `{{${n}}}`);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : shown.join('');
}
