// A TypeScript app with two calls: the OpenAI SDK (chat.completions.create) and the Vercel AI SDK
// (generateText with an Anthropic model and a cache breakpoint in providerOptions). The template literal
// with `new Date().toISOString()` in the OpenAI system prompt is what breaks its cache on every call.
import OpenAI from 'openai';
import { generateText } from 'ai';
import { anthropic } from '@ai-sdk/anthropic';

const openai = new OpenAI();

const STYLE_GUIDE = `You are a release-notes writer for a developer tools company.
Write in plain English, short sentences, present tense. Group changes under "Added", "Changed" and "Fixed".
Never invent a change that is not in the commit list. Link each item to its pull request.`;

export async function releaseNotes(commits: string): Promise<string> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: `${STYLE_GUIDE}\nGenerated at ${new Date().toISOString()}.` },
      { role: 'user', content: commits },
    ],
  });
  return completion.choices[0].message.content ?? '';
}

const REVIEW_RULES = `You review pull requests for a TypeScript monorepo.
Check for: missing tests, unhandled promise rejections, any use of "any", breaking changes to exported APIs.
Answer with a bullet list of findings, most important first, and a one-line verdict.`;

export async function review(diff: string): Promise<string> {
  const { text } = await generateText({
    model: anthropic('claude-sonnet-4-5'),
    messages: [
      { role: 'system', content: REVIEW_RULES, providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } } },
      { role: 'user', content: diff },
    ],
  });
  return text;
}
