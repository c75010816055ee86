// Usage fields normalised across providers (provider-rules.md §1.7, §2, §3; addendum):
// - OpenAI Chat Completions: usage.prompt_tokens, prompt_tokens_details.cached_tokens,
//   prompt_tokens_details.cache_write_tokens (GPT-5.6+; also accepted at usage level, as gateways send it);
// - OpenAI Responses: usage.input_tokens, input_tokens_details.cached_tokens (+ cache_write_tokens);
// - Anthropic: usage.input_tokens (only what follows the last breakpoint), cache_read_input_tokens,
//   cache_creation_input_tokens: the whole prompt is their sum;
// - Gemini: usageMetadata.promptTokenCount (cached included), cachedContentTokenCount;
// - Bedrock Converse: usage.inputTokens, cacheReadInputTokens, cacheWriteInputTokens (summed like Anthropic);
// - DeepSeek: prompt_tokens, prompt_cache_hit_tokens (prompt_cache_miss_tokens the rest).
import type { ProviderMissReason, TraceUsage } from './types';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v);
  return undefined;
}

/** Usage figures of one usage object (any provider's), or undefined when it has none of the known fields. */
export function normaliseUsage(u: unknown, prefix = 'usage'): TraceUsage | undefined {
  const o = obj(u);
  if (!o) return undefined;
  const fields: string[] = [];
  const take = (v: unknown, name: string): number | undefined => {
    const n = num(v);
    if (n !== undefined) fields.push(`${prefix}.${name}`);
    return n;
  };
  // Gemini
  if ('promptTokenCount' in o || 'cachedContentTokenCount' in o) {
    return { promptTokens: take(o.promptTokenCount, 'promptTokenCount'), cachedRead: take(o.cachedContentTokenCount, 'cachedContentTokenCount') ?? 0, fields };
  }
  // Bedrock Converse (camelCase)
  if ('cacheReadInputTokens' in o || 'cacheWriteInputTokens' in o || ('inputTokens' in o && !('input_tokens' in o))) {
    const input = take(o.inputTokens, 'inputTokens') ?? 0;
    const read = take(o.cacheReadInputTokens, 'cacheReadInputTokens') ?? 0;
    const write = take(o.cacheWriteInputTokens, 'cacheWriteInputTokens') ?? 0;
    return { promptTokens: input + read + write, cachedRead: read, cacheWrite: write, fields };
  }
  // DeepSeek
  if ('prompt_cache_hit_tokens' in o) {
    const hit = take(o.prompt_cache_hit_tokens, 'prompt_cache_hit_tokens') ?? 0;
    const miss = take(o.prompt_cache_miss_tokens, 'prompt_cache_miss_tokens');
    const prompt = take(o.prompt_tokens, 'prompt_tokens') ?? (miss !== undefined ? hit + miss : undefined);
    return { promptTokens: prompt, cachedRead: hit, fields };
  }
  const details = obj(o.prompt_tokens_details);
  const inDetails = obj(o.input_tokens_details);
  const anthropicRead = 'cache_read_input_tokens' in o || 'cache_creation_input_tokens' in o;
  // OpenAI Chat Completions (also LiteLLM's usage, which may carry Anthropic's cache fields beside prompt_tokens)
  if ('prompt_tokens' in o || details) {
    const prompt = take(o.prompt_tokens, 'prompt_tokens');
    let read = details ? num(details.cached_tokens) : undefined;
    if (read !== undefined) fields.push(`${prefix}.prompt_tokens_details.cached_tokens`);
    else if (anthropicRead) read = take(o.cache_read_input_tokens, 'cache_read_input_tokens');
    let write = details ? num(details.cache_write_tokens) : undefined;
    if (write !== undefined) fields.push(`${prefix}.prompt_tokens_details.cache_write_tokens`);
    else write = take(o.cache_write_tokens, 'cache_write_tokens') ?? (anthropicRead ? take(o.cache_creation_input_tokens, 'cache_creation_input_tokens') : undefined);
    return { promptTokens: prompt, cachedRead: read ?? 0, cacheWrite: write, fields };
  }
  // Anthropic Messages
  if (anthropicRead) {
    const input = take(o.input_tokens, 'input_tokens') ?? 0;
    const read = take(o.cache_read_input_tokens, 'cache_read_input_tokens') ?? 0;
    const write = take(o.cache_creation_input_tokens, 'cache_creation_input_tokens') ?? 0;
    return { promptTokens: input + read + write, cachedRead: read, cacheWrite: write, fields };
  }
  // OpenAI Responses
  if ('input_tokens' in o || inDetails) {
    const input = take(o.input_tokens, 'input_tokens');
    const read = inDetails ? num(inDetails.cached_tokens) : undefined;
    if (read !== undefined) fields.push(`${prefix}.input_tokens_details.cached_tokens`);
    const write = inDetails ? num(inDetails.cache_write_tokens) : undefined;
    if (write !== undefined) fields.push(`${prefix}.input_tokens_details.cache_write_tokens`);
    return { promptTokens: input, cachedRead: read ?? 0, cacheWrite: write, fields };
  }
  return undefined;
}

/** Usage of a response body (OpenAI / Anthropic / DeepSeek `usage`, Gemini `usageMetadata`, Bedrock `usage`). */
export function usageOfResponse(response: unknown): TraceUsage | undefined {
  const r = obj(response);
  if (!r) return undefined;
  if (r.usageMetadata) return normaliseUsage(r.usageMetadata, 'usageMetadata');
  if (r.usage) return normaliseUsage(r.usage, 'usage');
  // A streamed Anthropic response logged as its message_start event
  const msg = obj(r.message);
  if (msg?.usage) return normaliseUsage(msg.usage, 'message.usage');
  return undefined;
}

/**
 * Provider miss reasons recorded in a response: Anthropic `diagnostics.cache_miss_reason` (beta
 * cache-diagnosis-2026-04-07: model_changed, system_changed, tools_changed, messages_changed,
 * previous_message_not_found, unavailable); OpenAI `prompt_cache_diagnostics` (GPT-5.6+ Responses with
 * `prompt_cache_options.comparison_response_id`), read from its `reason` (or `cache_miss_reason`) field.
 */
export function providerMissReason(response: unknown): ProviderMissReason | undefined {
  const r = obj(response);
  if (!r) return undefined;
  const diag = obj(r.diagnostics);
  if (diag && typeof diag.cache_miss_reason === 'string') return { provider: 'anthropic', reason: diag.cache_miss_reason, field: 'diagnostics.cache_miss_reason' };
  const oai = r.prompt_cache_diagnostics ?? obj(r.usage)?.prompt_cache_diagnostics;
  if (typeof oai === 'string') return { provider: 'openai', reason: oai, field: 'prompt_cache_diagnostics' };
  const o = obj(oai);
  if (o) {
    for (const k of ['reason', 'cache_miss_reason', 'miss_reason', 'type']) {
      if (typeof o[k] === 'string') return { provider: 'openai', reason: o[k] as string, field: `prompt_cache_diagnostics.${k}` };
    }
  }
  return undefined;
}
