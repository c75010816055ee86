import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, openai, prose } from './helpers';

const R = 'static-after-dynamic';

test(`${R}: a large static document after a timestamp`, () => {
  const t = openai({
    messages: [
      { role: 'system', content: 'Now: 2025-03-04T10:15:30Z. You are helpful.' },
      { role: 'user', content: [{ type: 'text', text: prose(800, 'document') }, { type: 'text', text: 'Question?' }] },
    ],
  });
  const [d] = expectFindings(t, R, ['"type": "text"']);
  assert.match(d.message, /is static \([\d,]+ tokens\) but comes after per-request content \("2025-03-04T10:15:30Z" in system message 1\)/);
});

test(`${R}: nothing when static content comes first`, () => {
  const t = openai({
    messages: [
      { role: 'system', content: prose(800, 'document') },
      { role: 'user', content: 'Now: 2025-03-04T10:15:30Z. Question?' },
    ],
  });
  expectFindings(t, R, []);
});
