// Chat Completions prompt_tokens, reproduced locally. This module is the public entry; the counter
// lives in ./openai/ (types, profile: per-model facts, tools: definitions and tool_choice, images,
// messages, chat: the request).
//
// Method (docs/token-counting.md; evidence in the team's reference notes, token-references.md §3, whose
// data points are in test/data/token-reference-cases.jsonl):
//  * per message: 3 + tokens(role) + tokens(content) [+ tokens(name) + 1]; gpt-3.5-turbo-0301: 4 per
//    message and a name replaces the role; + 3 for the reply priming;
//  * tool/function definitions are rendered as a TypeScript `namespace functions { … }` block under
//    "# Tools\n\n## functions\n\n", appended (after "\n\n") to the first system message — or put in a
//    new leading system message — and the request is then 1 token cheaper;
//  * tool_choice / function_call, tool calls and results in the history, images, response_format.
// Never throws: odd shapes are counted as their JSON text and flagged exact:false.

export { imageSizeFromDataUrl, imageSizeFromBytes } from './imageSize';
export type { ImageSize } from './imageSize';
export type { OpenAIPartCount, OpenAIMessageCount, OpenAIChatCount, OpenAICountOptions } from './openai/types';
export { chatProfileFor, type ToolRenderVariant } from './openai/profile';
export { renderFunctionsNamespace } from './openai/tools';
export { openAIImageTokens, UNKNOWN_IMAGE_SIZE } from './openai/images';
export { clearOpenAICaches, countOpenAIChat } from './openai/chat';
