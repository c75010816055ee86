// Prompt templates (*.prompt, *.prompt.md, *.prompty): front matter plus a body with role lines.
import { isPromptFileName } from '../../detect';
import { overheadSegment } from '../common';
import type { TextDialect } from '../types';
import { buildTemplateSegments, splitTemplate } from './build';

export const promptTemplate: TextDialect = {
  id: 'prompt-template',
  input: 'text',
  capabilities: { markers: false, editableBreakpoints: false, automaticMarker: false },
  matchesFile: isPromptFileName,
  modelName: (text) => splitTemplate(text).model,
  build(text, profile, mapper) {
    const parts = splitTemplate(text);
    const tiktoken = profile.tokenizer.kind === 'tiktoken';
    const roleTokens = (role: string) => (tiktoken ? 3 + mapper.count(role) : 4);
    const { segments } = buildTemplateSegments(text, parts, mapper.count, roleTokens, tiktoken);
    if (tiktoken && parts.sections.some((s) => s.role)) segments.push(overheadSegment('reply-priming', 'reply priming', text.length, 3, true));
    const notes = profile.family === 'breakpoints' ? ['Prompt template: put a cache_control breakpoint at the end of the static part when you render it into a request.'] : [];
    return {
      segments,
      inputTokens: segments.reduce((a, s) => a + s.tokens, 0),
      exact: false,
      tokenizer: tiktoken ? `tiktoken ${(profile.tokenizer as { encoding: string }).encoding} (template text)` : 'estimate',
      notes,
    };
  },
};
