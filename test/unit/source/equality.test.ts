// A fully literal call counts, plans and costs exactly as the same request written as JSON.
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../src/core/analyze';
import type { Analysis } from '../../../src/core/types';
import { analyzeCode, calls, LONG, treeSitter } from './helpers';

before(async () => {
  await treeSitter();
});

function figures(a: Analysis) {
  const segs = (s: Analysis['segments']): unknown[] => s.map((x) => [x.id, x.kind, x.tokens, x.cumulativeTokens, x.cacheControl?.ttl, segs(x.children ?? [])]);
  return {
    dialect: a.dialect,
    model: a.model.name,
    inputTokens: a.inputTokens,
    segments: segs(a.segments),
    prefix: a.cache.prefixTokens,
    next: a.cache.cachedTokensNextCall,
    repeat: a.cache.cachedTokensOnRepeat,
    written: a.cache.writtenTokens,
    breakpoints: a.cache.breakpoints.map((b) => [b.segmentId, b.kind, b.prefixTokens, b.meetsMinimum]),
    cost: a.cost && [a.cost.firstCall, a.cost.nextCall, a.cost.repeatCall],
    codes: a.diagnostics.map((d) => d.code),
  };
}

describe('source calls count as their JSON bodies', () => {
  it('Anthropic, Python: tools, system blocks with cache_control, messages', () => {
    const body = {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      tools: [{ name: 'get_weather', description: 'Weather for a city.', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }],
      system: [{ type: 'text', text: LONG, cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        { role: 'assistant', content: 'Let me check.' },
        { role: 'user', content: [{ type: 'text', text: 'Thanks, and in Rome?' }] },
      ],
    };
    const kwargs = Object.entries(body)
      .map(([k, v]) => `    ${k}=${JSON.stringify(v, null, 1).replace(/\n/g, '\n    ')}`)
      .join(',\n');
    const py = `import anthropic\nclient = anthropic.Anthropic()\nclient.messages.create(\n${kwargs},\n)\n`;
    const fromCode = calls(analyzeCode(py))[0];
    const fromJson = analyze(JSON.stringify(body, null, 2), { fileName: 'req.json' });
    assert.equal(fromCode.dynamicSpans!.length, 0);
    assert.deepEqual(figures(fromCode), figures(fromJson));
    assert.ok(fromJson.cache.cachedTokensNextCall > 1000);
  });

  it('OpenAI chat, TypeScript: an object literal with single-quoted strings and escapes', () => {
    const text = `${LONG}\nQuote: "yes" \\ done.`;
    const body = { model: 'gpt-4o', messages: [{ role: 'system', content: text }, { role: 'user', content: 'Summarise the rules.' }] };
    const ts = `import OpenAI from 'openai';\nconst openai = new OpenAI();\nawait openai.chat.completions.create({\n  model: 'gpt-4o',\n  messages: [\n    { role: 'system', content: ${JSON.stringify(text).replace(/'/g, "\\'").replace(/^"|"$/g, "'").replace(/\\"/g, '"')} },\n    { role: 'user', content: 'Summarise the rules.' },\n  ],\n});\n`;
    const fromCode = calls(analyzeCode(ts, 'app.ts'))[0];
    const fromJson = analyze(JSON.stringify(body), { fileName: 'req.json' });
    assert.equal(fromCode.segments[0].spans.map((s) => s.text).join(''), text);
    assert.deepEqual(figures(fromCode), figures(fromJson));
    assert.ok(fromJson.cache.cachedTokensNextCall >= 1024);
  });

  it('OpenAI Responses, Python: instructions and an input list', () => {
    const body = { model: 'gpt-4o', instructions: LONG, input: [{ role: 'user', content: 'Go.' }] };
    const py = `from openai import OpenAI\nclient = OpenAI()\nclient.responses.create(model="gpt-4o", instructions=${JSON.stringify(LONG)}, input=[{"role": "user", "content": "Go."}])\n`;
    const fromCode = calls(analyzeCode(py))[0];
    const fromJson = analyze(JSON.stringify(body), { fileName: 'req.json' });
    assert.deepEqual(figures(fromCode), figures(fromJson));
  });
});
