// hasSdkImport (the editor's cheap gate) and sourceLanguageOf.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { hasSdkImport, sourceLanguageOf } from '../../../src/core';

describe('hasSdkImport', () => {
  const yes: [string, string][] = [
    ['python', 'import anthropic\n'],
    ['python', 'from openai import OpenAI\n'],
    ['python', '  from anthropic.types import MessageParam\n'],
    ['python', 'from langchain_core.messages import SystemMessage\n'],
    ['typescript', "import Anthropic from '@anthropic-ai/sdk';\n"],
    ['typescript', 'import OpenAI from "openai";\n'],
    ['typescriptreact', "import { generateText } from 'ai';\n"],
    ['javascript', "const { anthropic } = require('@ai-sdk/anthropic');\n"],
    ['javascriptreact', "const m = await import('openai/resources');\n"],
    ['typescript', "import { ChatPromptTemplate } from '@langchain/core/prompts';\n"],
  ];
  const no: [string, string][] = [
    ['python', 'import os\nprint("openai")\n'],
    ['python', '# import anthropic\n'.replace('# ', '#')],
    ['typescript', "import { ai } from './ai-helpers';\n"],
    ['typescript', "import x from 'openai-like';\n"],
    ['json', 'import anthropic\n'],
  ];
  for (const [lang, text] of yes) it(`${lang}: ${text.trim()}`, () => assert.equal(hasSdkImport(text, lang), true));
  for (const [lang, text] of no) it(`not: ${lang}: ${text.trim()}`, () => assert.equal(hasSdkImport(text, lang), false));
});

describe('sourceLanguageOf', () => {
  it('by extension, then by language id; .d.ts files are not source', () => {
    assert.deepEqual(
      ['a.py', 'b.ts', 'c.tsx', 'd.js', 'e.jsx', 'f.mjs', 'g.cjs', 'h.d.ts', 'i.json'].map((f) => sourceLanguageOf(f)),
      ['python', 'typescript', 'tsx', 'javascript', 'javascript', 'javascript', 'javascript', undefined, undefined],
    );
    assert.equal(sourceLanguageOf('Untitled-1', 'python'), 'python');
    assert.equal(sourceLanguageOf('Untitled-1', 'markdown'), undefined);
  });
});
