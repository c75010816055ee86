import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, openai, prose } from './helpers';

const R = 'below-automatic-minimum';

test(`${R}: a short OpenAI prompt – squiggle on the model`, () => {
  const t = openai({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }] });
  const [d] = expectFindings(t, R, ['"gpt-4o"']);
  assert.match(d.message, /under the 1,024-token minimum for automatic caching on gpt-4o: nothing is cached/);
});

test(`${R}: not when the prompt is long enough`, () => {
  expectFindings(openai({ messages: [{ role: 'system', content: prose(1500) }, { role: 'user', content: 'hi' }] }), R, []);
});
