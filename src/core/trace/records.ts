// Trace records → calls. One JSON value (a JSONL line, or a whole .json document) holds one call or many:
// - a request body (JSONL of request bodies);
// - a `{request, response, timestamp}` record (also `usage` beside the response, `time` / `startTime`);
// - LiteLLM's StandardLoggingPayload (docs.litellm.ai/docs/proxy/logging_spec: `model`, `messages`,
//   `model_parameters`, `response` with its `usage`, `startTime` / `endTime` in epoch seconds, `cache_hit`
//   = LiteLLM's own response cache), bare or under `standard_logging_object`;
// - an OpenTelemetry OTLP/JSON export (`resourceSpans[].scopeSpans[].spans[]`) of GenAI spans: model from
//   `gen_ai.request.model`, usage from `gen_ai.usage.input_tokens` and `gen_ai.usage.cache_read.input_tokens`
//   (older `gen_ai.usage.cache_read_input_tokens`, Sentry's `gen_ai.usage.input_tokens.cached`), the prompt
//   from `gen_ai.system_instructions` + `gen_ai.input.messages` (parts), or older `gen_ai.prompt.N.*`
//   attributes, or `gen_ai.*.message` events.
import { normaliseUsage, providerMissReason, usageOfResponse } from './usage';
import type { TraceFormat, TraceProblem, TraceUsage, ProviderMissReason } from './types';

type Obj = Record<string, unknown>;

/** A call as read from one record, before it gets its index and line. */
export interface RecordCall {
  format: TraceFormat;
  requestText: string;
  time?: number;
  usage?: TraceUsage;
  providerReason?: ProviderMissReason;
  /** The first element in cache order, markers left out: calls that can share a cache entry share it (shards). */
  shardKey: string;
}

export interface RecordResult {
  calls: RecordCall[];
  problems: Omit<TraceProblem, 'line'>[];
}

function obj(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** Milliseconds since the epoch from seconds, milliseconds, nanoseconds or an ISO date. */
export function parseTime(v: unknown): number | undefined {
  let n: number | undefined;
  if (typeof v === 'number' && Number.isFinite(v)) n = v;
  else if (typeof v === 'string' && v.trim()) {
    const s = v.trim();
    if (/^\d+(\.\d+)?$/.test(s)) n = Number(s);
    else {
      const d = Date.parse(s);
      return Number.isFinite(d) ? d : undefined;
    }
  }
  if (n === undefined || n <= 0) return undefined;
  if (n > 1e17) return n / 1e6; // nanoseconds
  if (n > 1e14) return n / 1e3; // microseconds
  if (n > 1e11) return n; // milliseconds
  return n * 1000; // seconds
}

const NO_MARKERS = (k: string, v: unknown) => (k === 'cache_control' || k === 'cachePoint' || k === 'prompt_cache_breakpoint' ? undefined : v);

function first(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The shard key of a request: its first element in cache order (tools, then system, then the first message),
 * markers left out, model left out (a model change is explained against the other model's calls). Any two
 * calls that can share a cache entry share their first unit, so they land in the same shard.
 */
export function shardKeyOf(req: Obj): string {
  const tc = obj(req.toolConfig);
  const el = first(req.tools) ?? first(tc?.tools) ?? first(req.system) ?? first(req.systemInstruction) ?? req.instructions ?? first(req.messages) ?? first(req.contents) ?? first(req.input);
  return (JSON.stringify(el ?? null, NO_MARKERS) ?? '').slice(0, 4096);
}

function isRequestBody(o: Obj): boolean {
  return Array.isArray(o.messages) || o.system !== undefined || Array.isArray(o.contents) || (o.input !== undefined && typeof o.model === 'string');
}

function isLiteLLM(o: Obj): boolean {
  return 'messages' in o && ('call_type' in o || 'model_parameters' in o || 'hidden_params' in o || 'startTime' in o || 'response_cost' in o);
}

/** Read one parsed JSON value as calls. Never throws. */
export function callsOfRecord(v: unknown): RecordResult {
  const out: RecordResult = { calls: [], problems: [] };
  try {
    collect(v, out);
  } catch (e) {
    out.problems.push({ message: `This record could not be read: ${(e as Error).message}` });
  }
  return out;
}

function collect(v: unknown, out: RecordResult): void {
  if (Array.isArray(v)) {
    for (const x of v) collect(x, out);
    return;
  }
  const o = obj(v);
  if (!o) {
    out.problems.push({ message: 'Not a trace record: the value is not a JSON object.' });
    return;
  }
  if (Array.isArray(o.resourceSpans)) return otlp(o, out);
  if (obj(o.standard_logging_object)) return litellm(o.standard_logging_object as Obj, out);
  if (isLiteLLM(o)) return litellm(o, out);
  if (o.request !== undefined) return record(o, out);
  if (isRequestBody(o)) {
    out.calls.push({ format: 'request', requestText: JSON.stringify(o), shardKey: shardKeyOf(o) });
    return;
  }
  out.problems.push({ message: 'Not a trace record: no request body, no `request` field, no LiteLLM payload, no OpenTelemetry resourceSpans.' });
}

function record(o: Obj, out: RecordResult): void {
  let req = o.request;
  if (typeof req === 'string') {
    try {
      req = JSON.parse(req);
    } catch {
      out.problems.push({ message: 'The record\'s `request` is a string that is not JSON.' });
      return;
    }
  }
  const body = obj(req);
  // `{request: {body: {...}}}` (HTTP-style logs)
  const inner = body && !isRequestBody(body) && obj(body.body) ? (body.body as Obj) : body;
  if (!inner) {
    out.problems.push({ message: 'The record\'s `request` is not a JSON object.' });
    return;
  }
  let response = o.response ?? o.output;
  if (typeof response === 'string') {
    try {
      response = JSON.parse(response);
    } catch {
      response = undefined;
    }
  }
  const r = obj(response);
  const rBody = r && !r.usage && !r.usageMetadata && obj(r.body) ? r.body : response;
  const usage = usageOfResponse(rBody) ?? normaliseUsage(o.usage, 'usage');
  out.calls.push({
    format: 'record',
    requestText: JSON.stringify(inner),
    shardKey: shardKeyOf(inner),
    time: parseTime(o.timestamp ?? o.time ?? o.startTime ?? o.start_time ?? o.created_at),
    usage,
    providerReason: providerMissReason(rBody),
  });
}

function litellm(o: Obj, out: RecordResult): void {
  if (o.cache_hit === true) {
    out.problems.push({ message: 'LiteLLM cache_hit: answered from LiteLLM\'s own response cache, never sent to the provider (skipped).' });
    return;
  }
  const messages = o.messages;
  if (!Array.isArray(messages)) {
    out.problems.push({ message: 'LiteLLM payload without a `messages` list (message logging turned off, or not a chat call): skipped.' });
    return;
  }
  const params = obj(o.model_parameters) ?? {};
  const request: Obj = { model: o.model, ...params, messages };
  delete request.stream_options;
  let response = o.response;
  if (typeof response === 'string') {
    try {
      response = JSON.parse(response);
    } catch {
      response = undefined;
    }
  }
  const metaUsage = obj(o.metadata)?.usage_object;
  const usage = usageOfResponse(response) ?? normaliseUsage(metaUsage, 'metadata.usage_object') ?? (typeof o.prompt_tokens === 'number' ? { promptTokens: o.prompt_tokens, fields: ['prompt_tokens'] } : undefined);
  out.calls.push({ format: 'litellm', requestText: JSON.stringify(request), shardKey: shardKeyOf(request), time: parseTime(o.startTime), usage, providerReason: providerMissReason(response) });
}

// --- OpenTelemetry -------------------------------------------------------------------------------------

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
  kvlistValue?: { values?: { key: string; value: OtlpValue }[] };
}

function otlpValue(v: OtlpValue | undefined): unknown {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(otlpValue);
  if (v.kvlistValue) return Object.fromEntries((v.kvlistValue.values ?? []).map((kv) => [kv.key, otlpValue(kv.value)]));
  return undefined;
}

function attrs(list: unknown): Obj {
  const o: Obj = {};
  if (Array.isArray(list)) for (const kv of list) if (kv && typeof kv.key === 'string') o[kv.key] = otlpValue(kv.value);
  return o;
}

function jsonAttr(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

function partsText(parts: unknown): string {
  if (typeof parts === 'string') return parts;
  if (!Array.isArray(parts)) return parts === undefined ? '' : JSON.stringify(parts);
  return parts
    .map((p) => {
      const o = obj(p);
      if (!o) return typeof p === 'string' ? p : '';
      if (typeof o.content === 'string') return o.content;
      if (typeof o.text === 'string') return o.text;
      return JSON.stringify(o);
    })
    .join('\n');
}

function otlp(o: Obj, out: RecordResult): void {
  let spans = 0;
  for (const rs of o.resourceSpans as unknown[]) {
    for (const ss of (obj(rs)?.scopeSpans ?? obj(rs)?.instrumentationLibrarySpans ?? []) as unknown[]) {
      for (const span of (obj(ss)?.spans ?? []) as unknown[]) {
        const s = obj(span);
        if (!s) continue;
        const a = attrs(s.attributes);
        const model = a['gen_ai.request.model'] ?? a['gen_ai.response.model'];
        if (typeof model !== 'string') continue; // not a GenAI model call (a tool or agent span)
        spans++;
        const call = otlpSpan(s, a, model);
        if (typeof call === 'string') out.problems.push({ message: call });
        else out.calls.push(call);
      }
    }
  }
  if (!spans) out.problems.push({ message: 'OpenTelemetry export without GenAI spans (no span has gen_ai.request.model).' });
}

function otlpSpan(s: Obj, a: Obj, model: string): RecordCall | string {
  const provider = String(a['gen_ai.provider.name'] ?? a['gen_ai.system'] ?? '').toLowerCase();
  const anthropic = provider.includes('anthropic') || /claude/i.test(model);
  const messages: { role: string; text: string }[] = [];
  const system: string[] = [];
  const sys = jsonAttr(a['gen_ai.system_instructions']);
  if (sys !== undefined) system.push(partsText(sys));
  const input = jsonAttr(a['gen_ai.input.messages']);
  if (Array.isArray(input)) {
    for (const m of input) {
      const mo = obj(m);
      if (!mo) continue;
      messages.push({ role: String(mo.role ?? 'user'), text: partsText(mo.parts ?? mo.content) });
    }
  } else {
    // OpenLLMetry-style flat attributes gen_ai.prompt.N.role / .content
    for (let i = 0; a[`gen_ai.prompt.${i}.content`] !== undefined || a[`gen_ai.prompt.${i}.role`] !== undefined; i++) {
      messages.push({ role: String(a[`gen_ai.prompt.${i}.role`] ?? 'user'), text: String(a[`gen_ai.prompt.${i}.content`] ?? '') });
    }
    if (!messages.length && Array.isArray(s.events)) {
      // Older semconv: one event per message (gen_ai.system.message, gen_ai.user.message, …)
      for (const ev of s.events) {
        const e = obj(ev);
        const m = e && typeof e.name === 'string' ? /^gen_ai\.(system|user|assistant|tool)\.message$/.exec(e.name) : null;
        if (!m) continue;
        const ea = attrs(e!.attributes);
        const body = jsonAttr(ea['content'] ?? ea['gen_ai.event.content']);
        messages.push({ role: m[1], text: partsText(obj(body)?.content ?? body) });
      }
    }
  }
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'system' || messages[i].role === 'developer') {
      system.unshift(messages[i].text);
      messages.splice(i, 1);
    }
  }
  if (!messages.length && !system.length) return `GenAI span for ${model} without the prompt (message capture turned off?): skipped.`;
  const tools = jsonAttr(a['gen_ai.tool.definitions']);
  let request: Obj;
  if (anthropic) {
    // Spans do not record cache_control markers: top-level automatic caching is assumed (one moving breakpoint).
    request = { model, max_tokens: 1024, cache_control: { type: 'ephemeral' }, messages: messages.map((m) => ({ role: m.role === 'assistant' ? 'assistant' : 'user', content: [{ type: 'text', text: m.text }] })) };
    if (system.length) request.system = system.map((t) => ({ type: 'text', text: t }));
    if (Array.isArray(tools)) request.tools = tools;
  } else {
    request = { model, messages: [...system.map((t) => ({ role: 'system', content: t })), ...messages.map((m) => ({ role: m.role === 'tool' ? 'user' : m.role, content: m.text }))] };
    if (Array.isArray(tools)) request.tools = tools;
  }
  const fields: string[] = [];
  const pick = (...names: string[]): number | undefined => {
    for (const n of names) {
      const v = a[n];
      if (typeof v === 'number' && Number.isFinite(v)) {
        fields.push(n);
        return v;
      }
    }
    return undefined;
  };
  const prompt = pick('gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens');
  const read = pick('gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens', 'gen_ai.usage.input_tokens.cached');
  const write = pick('gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.cache_creation_input_tokens', 'gen_ai.usage.input_tokens.cache_write');
  // The semantic conventions say the cache figures SHOULD be included in gen_ai.usage.input_tokens.
  const usage: TraceUsage | undefined = prompt !== undefined || read !== undefined ? { promptTokens: prompt, cachedRead: read ?? 0, cacheWrite: write, fields } : undefined;
  return { format: 'otel', requestText: JSON.stringify(request), shardKey: shardKeyOf(request), time: parseTime(s.startTimeUnixNano), usage };
}
