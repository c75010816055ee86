// The dialect registry. A new request format is one folder with one plugin, added here.
import type { Node } from 'jsonc-parser';
import type { ModelProfile } from '../models/types';
import { objectKeys } from '../parse/json';
import type { Dialect, UnreadShape } from '../types';
import { openaiSignals } from './openai-chat/detect';
import { anthropicMessages } from './anthropic';
import { bedrockConverse, bedrockInvoke } from './bedrock';
import { converseSignals, isBedrockInvoke } from './bedrock/detect';
import { gemini } from './gemini';
import { geminiSignals } from './gemini/detect';
import { openaiGateway } from './gateway';
import { openaiChat } from './openai-chat';
import { openaiResponses } from './openai-responses';
import { promptTemplate } from './template';
import { prompty } from './prompty';
import { dotprompt } from './dotprompt';
import type { DialectPlugin, JsonDialect, TextDialect } from './types';

export const JSON_DIALECTS: readonly JsonDialect[] = [anthropicMessages, openaiChat, openaiResponses, openaiGateway, gemini, bedrockConverse, bedrockInvoke];
/** Prompt files, by file name: the format's own dialect first, the generic template last. */
export const TEXT_DIALECTS: readonly TextDialect[] = [prompty, dotprompt, promptTemplate];
export const DIALECT_PLUGINS: readonly DialectPlugin[] = [...JSON_DIALECTS, ...TEXT_DIALECTS];

export function dialectPlugin(id: Dialect): DialectPlugin {
  return DIALECT_PLUGINS.find((d) => d.id === id)!;
}

/**
 * The body's shape (not the model's): each dialect family scores its own signals (anthropic/detect.ts,
 * openai-chat/detect.ts); the higher wins, an OpenAI-shaped body with cache_control markers is a gateway
 * body, and a tie (only user/assistant string messages) goes by the markers and the model name. Gemini
 * bodies (`contents`, `systemInstruction`) and Bedrock Converse bodies (gemini/detect.ts, bedrock/detect.ts)
 * are told apart first; an Anthropic body with a Bedrock `anthropic_version` is an InvokeModel body.
 * Responses (`input`) bodies go to openai-responses/.
 */
export function detectShape(root: Node, model?: string): Dialect | UnreadShape | undefined {
  const keys = objectKeys(root);
  if (!keys.includes('messages') && geminiSignals(root) >= 3) return 'gemini';
  if (keys.includes('input') && !keys.includes('messages')) return 'openai-responses';
  const anthropic = anthropicMessages.detect(root);
  const openai = openaiSignals(root);
  const converse = converseSignals(root);
  if (converse >= 2 && converse >= anthropic && converse > openai.score) return 'bedrock-converse';
  if (anthropic > openai.score) return isBedrockInvoke(root) ? 'bedrock-invoke' : 'anthropic-messages';
  if (openai.score > anthropic) return openai.markers > 0 ? 'openai-gateway' : 'openai-chat';
  if (openai.markers > 0) return model && /claude/i.test(model) && !/\//.test(model) ? 'anthropic-messages' : 'openai-gateway';
  if (model && /claude/i.test(model)) return 'anthropic-messages';
  return 'openai-chat';
}

/** The JSON dialect that reads a body of this detected shape for this model. */
export function selectJsonDialect(shape: Dialect, profile: ModelProfile): JsonDialect {
  return JSON_DIALECTS.find((d) => d.accepts(shape, profile)) ?? openaiGateway;
}

/** The text dialect for a prompt file (forced by id, else by file name); undefined for request files. */
export function selectTextDialect(fileName: string, forced?: Dialect): TextDialect | undefined {
  if (forced) return TEXT_DIALECTS.find((d) => d.id === forced);
  return TEXT_DIALECTS.find((d) => d.matchesFile(fileName));
}

export { promptTemplate };
export type { BuildContext, BuiltRequest, DialectCapabilities, DialectPlugin, JsonDialect, TextDialect } from './types';
