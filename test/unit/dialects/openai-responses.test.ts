// The OpenAI Responses dialect on request shapes from OpenAI's own API reference and guides (text input,
// image input, file input, function calling round trip, previous_response_id, built-in tools, structured
// outputs). Counts reuse the Chat Completions tiktoken machinery and are labelled estimates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { detectShape } from '../../../src/core/dialects';
import { parseJson } from '../../../src/core/parse/json';
import type { Analysis, Segment } from '../../../src/core/types';

const run = (body: unknown, model?: string): Analysis => analyze(JSON.stringify(body, null, 2), { fileName: 'req.json', model });
const leaves = (a: Analysis): Segment[] => a.segments.flatMap((s) => (s.children?.length ? s.children : [s]));

// API reference, "Create a model response": text input.
const TEXT = { model: 'gpt-4.1', input: 'Tell me a three sentence bedtime story about a unicorn.' };
// API reference: image input.
const IMAGE = {
  model: 'gpt-4.1',
  input: [
    {
      role: 'user',
      content: [
        { type: 'input_text', text: 'what is in this image?' },
        { type: 'input_image', image_url: 'https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg', detail: 'low' },
      ],
    },
  ],
};
// File inputs guide: a file by id.
const FILE = { model: 'gpt-4.1', input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file-6F2ksmvXxt4VdoqmHRw6kL' }, { type: 'input_text', text: 'What is the first dragon in the book?' }] }] };
// Function calling guide: the second request of the round trip.
const TOOLS = [
  {
    type: 'function',
    name: 'get_weather',
    description: 'Get current temperature for a given location.',
    parameters: { type: 'object', properties: { location: { type: 'string', description: 'City and country e.g. Bogotá, Colombia' } }, required: ['location'], additionalProperties: false },
    strict: true,
  },
];
const FUNCTION_TURN = {
  model: 'gpt-4.1',
  instructions: 'You are a weather assistant.',
  tools: TOOLS,
  input: [
    { role: 'user', content: "What's the weather like in Paris today?" },
    { type: 'function_call', id: 'fc_12345xyz', call_id: 'call_12345xyz', name: 'get_weather', arguments: '{"location":"Paris, France"}' },
    { type: 'function_call_output', call_id: 'call_12345xyz', output: '{"temperature": 14, "unit": "celsius"}' },
  ],
};
// Conversation state guide: previous_response_id.
const FOLLOW_UP = { model: 'gpt-4o-mini', previous_response_id: 'resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b', input: [{ role: 'user', content: 'explain why this is funny.' }] };
// Web search guide: a built-in tool.
const WEB_SEARCH = { model: 'gpt-4.1', tools: [{ type: 'web_search_preview' }], input: 'What was a positive news story from today?' };
// Structured outputs guide: text.format.
const STRUCTURED = {
  model: 'gpt-4o-2024-08-06',
  input: [
    { role: 'system', content: 'Extract the event information.' },
    { role: 'user', content: 'Alice and Bob are going to a science fair on Friday.' },
  ],
  text: { format: { type: 'json_schema', name: 'calendar_event', schema: { type: 'object', properties: { name: { type: 'string' }, date: { type: 'string' }, participants: { type: 'array', items: { type: 'string' } } }, required: ['name', 'date', 'participants'], additionalProperties: false }, strict: true } },
};
// Reasoning guide: a reasoning item passed back with the function call.
const REASONING = {
  model: 'o4-mini',
  input: [
    { role: 'user', content: 'What is the weather in Paris?' },
    { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAAABo…' },
    { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"location":"Paris"}' },
    { type: 'function_call_output', call_id: 'call_1', output: '14 °C' },
  ],
  tools: TOOLS,
};

test('detect: a Responses body (input, no messages) is the openai-responses dialect', () => {
  for (const b of [TEXT, IMAGE, FUNCTION_TURN, FOLLOW_UP]) assert.equal(detectShape(parseJson(JSON.stringify(b)).root!), 'openai-responses');
  assert.equal(run(TEXT).dialect, 'openai-responses');
});

test('text input: analysed (not "recognised but not analyzed"), counted as the equivalent chat body, labelled an estimate', () => {
  const a = run(TEXT);
  assert.equal(a.isRequest, true);
  assert.ok(!a.problems.some((p) => /not analyzed/.test(p.message)), JSON.stringify(a.problems));
  const chat = analyze(JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: TEXT.input }] }), { fileName: 'c.json' });
  assert.equal(a.inputTokens, chat.inputTokens);
  assert.ok(a.inputTokens > 10);
  assert.equal(a.exact, false);
  assert.match(a.tokenizer, /o200k_base.*estimated/);
  assert.deepEqual(a.segments.map((s) => s.id), ['input', 'reply-priming']);
  assert.ok(a.segments[0].estimateNote && /not published/.test(a.segments[0].estimateNote));
});

test('image input: one block per part, the image keeps its detail', () => {
  const a = run(IMAGE);
  const ls = leaves(a);
  assert.deepEqual(ls.filter((s) => s.kind === 'block').map((s) => [s.id, s.blockType]), [
    ['input[0].content[0]', 'input_text'],
    ['input[0].content[1]', 'input_image'],
  ]);
  const img = ls.find((s) => s.blockType === 'input_image')!;
  assert.equal(img.image?.detail, 'low');
  assert.equal(img.tokens, 85, 'detail low: 85 tokens on gpt-4.1 tiles');
});

test('file input: the file content cannot be counted, and says so', () => {
  const a = run(FILE);
  const f = leaves(a).find((s) => s.blockType === 'input_file')!;
  assert.ok(f);
  assert.match(f.estimateNote ?? '', /not counted/);
  assert.equal(a.exact, false);
});

test('function calling turn: instructions, tools, items in order; roles; the output is the newest unit', () => {
  const a = run(FUNCTION_TURN);
  assert.deepEqual(a.segments.map((s) => s.id), ['instructions', 'tools', 'input[0]', 'input[1]', 'input[2]', 'reply-priming']);
  assert.deepEqual(a.segments.slice(2, 5).map((s) => s.role), ['user', 'assistant', 'tool']);
  assert.match(a.segments[3].label, /function_call get_weather/);
  assert.ok(a.segments[1].tokens > 20, 'tool definitions are counted');
  assert.ok(a.segments[3].tokens > 5 && a.segments[4].tokens > 5);
  // The chat counter's exact figure for the same conversation: the Responses count reuses it.
  const chat = analyze(
    JSON.stringify({
      model: 'gpt-4.1',
      tools: [{ type: 'function', function: { name: TOOLS[0].name, description: TOOLS[0].description, parameters: TOOLS[0].parameters } }],
      messages: [
        { role: 'developer', content: 'You are a weather assistant.' },
        { role: 'user', content: "What's the weather like in Paris today?" },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_12345xyz', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris, France"}' } }] },
        { role: 'tool', tool_call_id: 'call_12345xyz', content: '{"temperature": 14, "unit": "celsius"}' },
      ],
    }),
    { fileName: 'c.json' },
  );
  assert.equal(a.inputTokens, chat.inputTokens);
});

test('previous_response_id: earlier turns are held server side, said as an info problem', () => {
  const a = run(FOLLOW_UP);
  const p = a.problems.find((x) => /previous_response_id/.test(x.message));
  assert.ok(p, JSON.stringify(a.problems));
  assert.equal(p!.severity, 'info');
  assert.match(p!.message, /held server side and cannot be counted/);
  assert.equal(a.isRequest, true);
  assert.ok(!run(TEXT).problems.some((x) => /server side/.test(x.message)));
  // The file shows only the new input: no "under the minimum" finding on it (the real prompt is longer).
  assert.ok(!a.diagnostics.some((d) => /minimum/.test(d.code)), a.diagnostics.map((d) => d.code).join());
  assert.ok(run({ ...FOLLOW_UP, previous_response_id: undefined }).diagnostics.some((d) => d.code === 'below-automatic-minimum'));
  assert.ok(!run(FOLLOW_UP, 'gpt-5.6').diagnostics.some((d) => d.code === 'openai-breakpoint-below-minimum'));
  assert.ok(run({ ...FOLLOW_UP, previous_response_id: undefined }, 'gpt-5.6').diagnostics.some((d) => d.code === 'openai-breakpoint-below-minimum'));
});

test('built-in tools: counted as their JSON text, with a note that the hidden prompt is not public', () => {
  const a = run(WEB_SEARCH);
  const tool = a.segments.find((s) => s.id === 'tools')!.children![0];
  assert.equal(tool.label, 'built-in tool web_search_preview');
  assert.ok(tool.tokens > 0);
  assert.match(tool.estimateNote ?? '', /not public/);
  assert.equal(a.inputTokens, a.segments.reduce((n, s) => n + s.tokens, 0));
});

test('text.format: a structured-output segment, placed as the chat dialect places response_format', () => {
  const a = run(STRUCTURED);
  const f = a.segments.find((s) => s.id === 'text.format');
  assert.ok(f && f.tokens > 10, JSON.stringify(a.segments.map((s) => s.id)));
  assert.equal(f!.kind, 'response-format');
  assert.deepEqual(a.segments.map((s) => s.id), ['text.format', 'input[0]', 'input[1]', 'reply-priming']);
});

test('reasoning item: kept in order, not counted, and the note says why', () => {
  const a = run(REASONING);
  const r = a.segments.find((s) => s.id === 'input[1]')!;
  assert.equal(r.tokens, 0);
  assert.match(r.estimateNote ?? '', /encrypted/);
  assert.deepEqual(a.segments.filter((s) => s.id.startsWith('input')).map((s) => s.id), ['input[0]', 'input[1]', 'input[2]', 'input[3]']);
});

test('bad Responses bodies never throw and never claim an exact 0', () => {
  for (const body of [{ model: 'gpt-4.1', input: 42 }, { model: 'gpt-4.1', input: [null, 3, {}, { type: 'function_call' }], tools: 'x' }, { model: 'gpt-4.1', input: [], instructions: 7 }]) {
    const a = run(body);
    assert.ok(!(a.inputTokens === 0 && a.exact), JSON.stringify({ body, t: a.inputTokens, e: a.exact }));
  }
});

test('a non-OpenAI model on a Responses body is counted with o200k_base and says so', () => {
  const a = run(TEXT, 'claude-sonnet-4-5');
  assert.equal(a.dialect, 'openai-responses');
  assert.equal(a.exact, false);
  assert.ok(a.cache.notes.some((n) => /no public tiktoken encoding/.test(n)), a.cache.notes.join('\n'));
});
