// A Responses body rewritten as the Chat Completions body the model would see, so that the chat dialect's
// tiktoken machinery (tokens/openai/chat.ts) counts it. Per-item rendering of the Responses API is not
// public: the mapping below is our hypothesis and every count it gives is an estimate (docs/token-counting.md,
// "OpenAI Responses").

/** Where a chat message of the converted body comes from. */
export type ChatSource = { kind: 'instructions' } | { kind: 'input-string' } | { kind: 'item'; index: number };

export interface ConvertedResponses {
  /** The Chat Completions body (messages, tools, tool_choice, response_format). */
  chat: { messages: unknown[]; tools?: unknown[]; tool_choice?: unknown; response_format?: unknown };
  /** sources[k]: where chat.messages[k] comes from. */
  sources: ChatSource[];
  /** chatIndexOfItem[i]: the chat message of input[i], or -1 (reasoning items: not rendered). */
  chatIndexOfItem: number[];
  /** For each entry of `tools`: index among the converted function tools, or -1 for a built-in tool. */
  functionToolIndex: number[];
  /** Why the count is not exact beyond the general layout hypothesis (per item index). */
  itemNotes: Map<number, string>;
  notes: string[];
}

function isObj(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const TEXT_PARTS = new Set(['input_text', 'output_text', 'text', 'summary_text']);

/** One Responses content part → one chat part (aligned, so per-part counts map back by index). */
function convertPart(p: unknown): Record<string, unknown> {
  if (typeof p === 'string') return { type: 'text', text: p };
  if (!isObj(p)) return { type: 'text', text: JSON.stringify(p) ?? '' };
  const type = p.type;
  if (TEXT_PARTS.has(type)) return { type: 'text', text: typeof p.text === 'string' ? p.text : '' };
  if (type === 'refusal') return { type: 'text', text: typeof p.refusal === 'string' ? p.refusal : '' };
  if (type === 'input_image') {
    const url = typeof p.image_url === 'string' ? p.image_url : '';
    return { type: 'image_url', image_url: { url, ...(typeof p.detail === 'string' ? { detail: p.detail } : {}) } };
  }
  // input_file (a PDF or other file is extracted server side: its tokens cannot be counted from here) and
  // anything else: counted as its JSON text, flagged by the caller.
  return { type: 'text', text: type === 'input_file' ? String(p.filename ?? '') : JSON.stringify(p) };
}

function convertContent(c: unknown): unknown {
  if (typeof c === 'string' || c === null || c === undefined) return c ?? '';
  if (Array.isArray(c)) return c.map(convertPart);
  return JSON.stringify(c);
}

function partNotes(c: unknown): string | undefined {
  if (!Array.isArray(c)) return undefined;
  const types = new Set(c.filter(isObj).map((p) => String(p.type)));
  if (types.has('input_file')) return 'input_file: the file is extracted server side; its content is not counted (only its name)';
  if (types.has('input_image') && c.some((p) => isObj(p) && p.type === 'input_image' && typeof p.image_url !== 'string')) return 'input_image by file_id: size unknown, counted at a default size';
  return undefined;
}

export function convertResponses(body: any): ConvertedResponses {
  const messages: unknown[] = [];
  const sources: ChatSource[] = [];
  const itemNotes = new Map<number, string>();
  const notes: string[] = [];
  if (typeof body?.instructions === 'string' && body.instructions.length) {
    messages.push({ role: 'developer', content: body.instructions });
    sources.push({ kind: 'instructions' });
  }
  const chatIndexOfItem: number[] = [];
  if (typeof body?.input === 'string') {
    messages.push({ role: 'user', content: body.input });
    sources.push({ kind: 'input-string' });
  } else if (Array.isArray(body?.input)) {
    body.input.forEach((it: unknown, i: number) => {
      const push = (m: unknown) => {
        chatIndexOfItem[i] = messages.length;
        messages.push(m);
        sources.push({ kind: 'item', index: i });
      };
      if (!isObj(it)) {
        push({ role: 'user', content: typeof it === 'string' ? it : JSON.stringify(it) });
        itemNotes.set(i, 'not an input item object: counted as text');
        return;
      }
      const type = it.type ?? (it.role ? 'message' : undefined);
      if (type === 'message') {
        push({ role: typeof it.role === 'string' ? it.role : 'user', content: convertContent(it.content) });
        const n = partNotes(it.content);
        if (n) itemNotes.set(i, n);
      } else if (type === 'function_call' || type === 'custom_tool_call') {
        const args = typeof it.arguments === 'string' ? it.arguments : typeof it.input === 'string' ? it.input : JSON.stringify(it.arguments ?? it.input ?? {});
        push({ role: 'assistant', content: null, tool_calls: [{ id: String(it.call_id ?? it.id ?? `call_${i}`), type: 'function', function: { name: String(it.name ?? ''), arguments: args } }] });
      } else if (type === 'function_call_output' || type === 'custom_tool_call_output') {
        push({ role: 'tool', tool_call_id: String(it.call_id ?? ''), content: convertContent(it.output) });
        const n = partNotes(it.output);
        if (n) itemNotes.set(i, n);
      } else if (type === 'reasoning') {
        chatIndexOfItem[i] = -1;
        itemNotes.set(i, 'reasoning item: its content is encrypted or summarised; what the model is given back is not readable from the file, not counted');
      } else {
        push({ role: 'assistant', content: JSON.stringify(it) });
        itemNotes.set(i, `${String(type)} item: rendering not public, counted as its JSON text`);
      }
    });
  }
  const functionToolIndex: number[] = [];
  const tools: unknown[] = [];
  if (Array.isArray(body?.tools)) {
    for (const t of body.tools) {
      if (isObj(t) && t.type === 'function') {
        functionToolIndex.push(tools.length);
        tools.push({ type: 'function', function: { name: t.name, ...(t.description !== undefined ? { description: t.description } : {}), ...(t.parameters !== undefined ? { parameters: t.parameters } : {}) } });
      } else functionToolIndex.push(-1);
    }
  }
  const chat: ConvertedResponses['chat'] = { messages };
  if (tools.length) chat.tools = tools;
  const tc = body?.tool_choice;
  if (typeof tc === 'string') chat.tool_choice = tc;
  else if (isObj(tc) && tc.type === 'function' && typeof tc.name === 'string') chat.tool_choice = { type: 'function', function: { name: tc.name } };
  else if (tc !== undefined) notes.push('tool_choice of this form (allowed_tools or a built-in tool) is not counted');
  const fmt = body?.text?.format;
  if (isObj(fmt) && fmt.type === 'json_schema') {
    chat.response_format = { type: 'json_schema', json_schema: { name: fmt.name, ...(fmt.description !== undefined ? { description: fmt.description } : {}), schema: fmt.schema, ...(fmt.strict !== undefined ? { strict: fmt.strict } : {}) } };
  } else if (isObj(fmt) && fmt.type === 'json_object') chat.response_format = { type: 'json_object' };
  return { chat, sources, chatIndexOfItem, functionToolIndex, itemNotes, notes };
}
