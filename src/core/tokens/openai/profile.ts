// Per-model chat-format facts of the Chat Completions counter: message overheads, tool rendering
// variant, image rule, request-level adjustment. The facts are data in the model layer
// (src/core/models/chatFormats.ts), resolved with the model table's name rules; nothing here matches
// model names itself.

import { chatFormatFor, type ChatFormat, type ImageRule, type ToolRenderVariant } from '../../models';

export type { ImageRule, ToolRenderVariant };
export type ChatProfile = ChatFormat;

/** The counting profile for a model name (snapshot names are honoured; aliases resolve to their current snapshot). */
export function chatProfileFor(model: string): ChatProfile {
  return chatFormatFor(model);
}
