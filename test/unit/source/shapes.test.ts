// The SDK call shapes the source-code front recognises, one test each, with exact source ranges.
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { analyzeCode, calls, find, slice, spansOf, treeSitter } from './helpers';

before(async () => {
  await treeSitter();
});

describe('source calls: Anthropic SDK', () => {
  it('Python messages.create with keyword arguments: one call, its range, system and model ranges', () => {
    const text = `import anthropic\nclient = anthropic.Anthropic()\nr = client.messages.create(model="claude-sonnet-4-5", max_tokens=10, system="Be brief.", messages=[{"role": "user", "content": "Hi"}])\n`;
    const a = analyzeCode(text);
    assert.equal(calls(a).length, 1);
    const c = calls(a)[0];
    assert.equal(c.dialect, 'anthropic-messages');
    assert.equal(c.callLabel, 'client.messages.create');
    assert.equal(slice(text, c.callRange), text.slice(text.indexOf('client.messages'), text.lastIndexOf(')') + 1));
    assert.equal(c.model.name, 'claude-sonnet-4-5');
    assert.deepEqual(c.model.range, find(text, '"claude-sonnet-4-5"'));
    const sys = spansOf(c).find((s) => s.id === 'system')!;
    assert.equal(sys.text, 'Be brief.');
    assert.deepEqual(sys.range, find(text, 'Be brief.'));
    const user = spansOf(c).find((s) => s.id === 'messages[0]')!;
    assert.deepEqual(user.range, find(text, 'Hi"}') && { start: find(text, 'Hi"}').start, end: find(text, 'Hi"}').start + 2 });
  });

  it('Python async beta.messages.create and messages.stream are recognised', () => {
    const text = `from anthropic import AsyncAnthropic\nc = AsyncAnthropic()\nasync def f():\n    await c.beta.messages.create(model="claude-sonnet-4-5", max_tokens=5, messages=[{"role": "user", "content": "a"}])\n    async with c.messages.stream(model="claude-sonnet-4-5", max_tokens=5, messages=[{"role": "user", "content": "b"}]) as s:\n        pass\n`;
    const a = analyzeCode(text);
    assert.deepEqual(
      calls(a).map((c) => c.callLabel),
      ['c.beta.messages.create', 'c.messages.stream'],
    );
  });

  it('TypeScript anthropic.messages.create with an object literal', () => {
    const text = `import Anthropic from '@anthropic-ai/sdk';\nconst anthropic = new Anthropic();\nawait anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 5, system: 'Sys', messages: [{ role: 'user', content: 'Q' }] });\n`;
    const c = calls(analyzeCode(text, 'a.ts'))[0];
    assert.equal(c.dialect, 'anthropic-messages');
    assert.deepEqual(spansOf(c).find((s) => s.id === 'system')!.range, find(text, 'Sys'));
  });

  it('Python **kwargs from a dict literal and dict(...) merge into the call', () => {
    const text = `import anthropic\nclient = anthropic.Anthropic()\nBASE = dict(model="claude-sonnet-4-5", max_tokens=5)\nEXTRA = {"system": "From the dict."}\nclient.messages.create(**BASE, **EXTRA, messages=[{"role": "user", "content": "Q"}])\n`;
    const c = calls(analyzeCode(text))[0];
    assert.equal(c.model.name, 'claude-sonnet-4-5');
    assert.deepEqual(spansOf(c).find((s) => s.id === 'system')!.range, find(text, 'From the dict.'));
  });
});

describe('source calls: OpenAI SDK', () => {
  it('Python chat.completions.create', () => {
    const text = `from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": "S"}, {"role": "user", "content": "U"}])\n`;
    const c = calls(analyzeCode(text))[0];
    assert.equal(c.dialect, 'openai-chat');
    assert.equal(c.model.name, 'gpt-4o');
    assert.deepEqual(
      spansOf(c).map((s) => slice(text, s.range)),
      ['S', 'U'],
    );
  });

  it('Python responses.create with instructions and input', () => {
    const text = `from openai import OpenAI\nclient = OpenAI()\nclient.responses.create(model="gpt-4o", instructions="Be exact.", input="What is 2+2?")\n`;
    const c = calls(analyzeCode(text))[0];
    assert.equal(c.dialect, 'openai-responses');
    const texts = spansOf(c).map((s) => slice(text, s.range));
    assert.ok(texts.includes('Be exact.') && texts.includes('What is 2+2?'), texts.join('|'));
  });

  it('TypeScript chat.completions.create with a spread of a base object', () => {
    const text = `import OpenAI from 'openai';\nconst openai = new OpenAI();\nconst base = { model: 'gpt-4o' } as const;\nconst messages = [{ role: 'user', content: 'Hello' }];\nawait openai.chat.completions.create({ ...base, messages });\n`;
    const c = calls(analyzeCode(text, 'a.ts'))[0];
    assert.equal(c.model.name, 'gpt-4o');
    assert.deepEqual(spansOf(c)[0].range, find(text, 'Hello'));
  });

  it('Assistants threads.messages.create is not a request', () => {
    const text = `from openai import OpenAI\nclient = OpenAI()\nclient.beta.threads.messages.create(thread_id="t", role="user", content="x")\n`;
    const a = analyzeCode(text);
    assert.equal(a.isRequest, false);
    assert.match(a.problems[0].message, /No LLM SDK call recognised/);
    assert.equal(a.problems[0].severity, 'info');
  });
});

describe('source calls: Vercel AI SDK', () => {
  it('generateText with anthropic(...) model, system and prompt: an Anthropic body', () => {
    const text = `import { generateText } from 'ai';\nimport { anthropic } from '@ai-sdk/anthropic';\nawait generateText({ model: anthropic('claude-sonnet-4-5'), system: 'You help.', prompt: 'Hi there' });\n`;
    const c = calls(analyzeCode(text, 'a.ts'))[0];
    assert.equal(c.dialect, 'anthropic-messages');
    assert.equal(c.model.name, 'claude-sonnet-4-5');
    assert.deepEqual(c.model.range, find(text, 'claude-sonnet-4-5'));
    assert.deepEqual(
      spansOf(c).map((s) => slice(text, s.range)),
      ['You help.', 'Hi there'],
    );
  });

  it('streamText with openai(...) model: an OpenAI chat body', () => {
    const text = `import { streamText } from 'ai';\nimport { openai } from '@ai-sdk/openai';\nstreamText({ model: openai('gpt-4o'), system: 'S', messages: [{ role: 'user', content: 'U' }] });\n`;
    const c = calls(analyzeCode(text, 'a.ts'))[0];
    assert.equal(c.dialect, 'openai-chat');
    assert.equal(c.model.name, 'gpt-4o');
  });

  it('providerOptions.anthropic.cacheControl on a message is its breakpoint', () => {
    const text = `import { generateObject } from 'ai';\nimport { anthropic } from '@ai-sdk/anthropic';\ngenerateObject({ model: anthropic('claude-sonnet-4-5'), messages: [{ role: 'system', content: 'S', providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } } }, { role: 'user', content: 'U' }] });\n`;
    const c = calls(analyzeCode(text, 'a.ts'))[0];
    assert.equal(c.cache.breakpoints.length, 1);
    assert.equal(c.cache.breakpoints[0].kind, 'explicit');
    assert.equal(slice(text, c.cache.breakpoints[0].range), "{ type: 'ephemeral' }");
  });
});

describe('source calls: LangChain', () => {
  it('ChatPromptTemplate.from_messages with (role, text) tuples', () => {
    const text = `from langchain_core.prompts import ChatPromptTemplate\np = ChatPromptTemplate.from_messages([("system", "You are terse."), ("human", "{question}")])\n`;
    const c = calls(analyzeCode(text))[0];
    assert.equal(c.dialect, 'openai-chat');
    assert.deepEqual(
      spansOf(c).map((s) => [s.text, slice(text, s.range)]),
      [
        ['You are terse.', 'You are terse.'],
        ['{question}', '{question}'],
      ],
    );
  });

  it('llm.invoke([SystemMessage(...), HumanMessage(...)])', () => {
    const text = `from langchain_core.messages import SystemMessage, HumanMessage\nllm.invoke([SystemMessage(content="Sys text"), HumanMessage("User text")])\n`;
    const c = calls(analyzeCode(text))[0];
    assert.deepEqual(
      spansOf(c).map((s) => slice(text, s.range)),
      ['Sys text', 'User text'],
    );
    assert.equal(c.segments[0].role, 'system');
  });
});

describe('source files: several calls, none, and no parser', () => {
  it('two calls give two entries in file order, each with its own range', () => {
    const text = `import openai\nopenai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "one"}])\nopenai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "two"}])\n`;
    const a = analyzeCode(text);
    assert.deepEqual(
      calls(a).map((c) => text.slice(c.callRange!.start, c.callRange!.start + 30)),
      ['openai.chat.completions.create', 'openai.chat.completions.create'],
    );
    assert.ok(calls(a)[0].callRange!.end < calls(a)[1].callRange!.start);
  });

  it('a source file without a parser says so, without throwing', async () => {
    const { analyze } = await import('../../../src/core/analyze');
    const a = analyze('import openai\n', { fileName: 'x.py' });
    assert.equal(a.isRequest, false);
    assert.match(a.problems[0].message, /parser is not loaded/);
  });
});

describe('source calls: TSX, JSX and CommonJS files', () => {
  const tsx = `import OpenAI from 'openai';\nconst o = new OpenAI();\nexport const App = () => <div className="x">{o.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi there' }] }) && null}</div>;\n`;
  for (const f of ['App.tsx', 'App.jsx']) {
    it(`${f}: a call inside JSX`, () => {
      const c = calls(analyzeCode(tsx, f))[0];
      assert.equal(c?.callLabel, 'o.chat.completions.create');
      assert.deepEqual(spansOf(c)[0].range, find(tsx, 'Hi there'));
    });
  }
  it('a .cjs file with require', () => {
    const js = `const Anthropic = require('@anthropic-ai/sdk');\nconst c = new Anthropic();\nmodule.exports = async () => c.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 9, messages: [{ role: 'user', content: 'x' }] });\n`;
    assert.deepEqual(calls(analyzeCode(js, 'agent.cjs')).map((x) => x.dialect), ['anthropic-messages']);
  });
});
