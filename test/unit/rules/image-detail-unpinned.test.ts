import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, openai, prose, roundTrip } from './helpers';

const R = 'image-detail-unpinned';
const img = (detail?: string) => ({ type: 'image_url', image_url: { url: 'https://example.com/a.png', ...(detail ? { detail } : {}) } });

test(`${R}: an image in the prefix without detail`, () => {
  const t = openai({ messages: [{ role: 'system', content: prose(1200) }, { role: 'user', content: [img(), { type: 'text', text: 'Describe' }] }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'more?' }] });
  const [d] = expectFindings(t, R, ['"image_url"']);
  assert.match(d.message, /without an explicit "detail"/);
});

test(`${R}: pinned detail, or an image in the final turn, is fine`, () => {
  expectFindings(openai({ messages: [{ role: 'user', content: [img('low'), { type: 'text', text: 'x' }] }, { role: 'user', content: 'q' }] }), R, []);
  expectFindings(openai({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }, img()] }] }), R, []);
});

test(`${R}: fix pins detail "auto" (round trip)`, () => {
  const t = openai({ messages: [{ role: 'user', content: [img(), { type: 'text', text: 'Describe' }] }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'more?' }] });
  const { fixed } = roundTrip(t, R);
  assert.match(fixed, /"url": "https:\/\/example.com\/a.png",\n\s+"detail": "auto"/);
});
