// The dialect registry. A new request format is one folder with one plugin, added here.
import type { ModelProfile } from '../models/types';
import type { Dialect } from '../types';
import { anthropicMessages } from './anthropic';
import { openaiGateway } from './gateway';
import { openaiChat } from './openai-chat';
import { promptTemplate } from './template';
import type { DialectPlugin, JsonDialect } from './types';

export const JSON_DIALECTS: readonly JsonDialect[] = [anthropicMessages, openaiChat, openaiGateway];
export const DIALECT_PLUGINS: readonly DialectPlugin[] = [...JSON_DIALECTS, promptTemplate];

export function dialectPlugin(id: Dialect): DialectPlugin {
  return DIALECT_PLUGINS.find((d) => d.id === id)!;
}

/** The JSON dialect that reads a body of this detected shape for this model. */
export function selectJsonDialect(shape: Dialect, profile: ModelProfile): JsonDialect {
  return JSON_DIALECTS.find((d) => d.accepts(shape, profile)) ?? openaiGateway;
}

export { promptTemplate };
export type { BuildContext, BuiltRequest, DialectCapabilities, DialectPlugin, JsonDialect, TextDialect } from './types';
