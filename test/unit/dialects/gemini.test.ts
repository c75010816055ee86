// Gemini bodies: generateContent (implicit caching, minimums per model, the tokenizer estimate, a
// cachedContent reference whose content is not in the file) and cachedContents create bodies (TTL,
// storage). Fixtures in ./fixtures follow the shapes of Google's caching and function-calling guides.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { analyze } from '../../../src/core/analyze';
import { estimateGeminiTokens, geminiImageTokens } from '../../../src/core/dialects/gemini/tokens';
import { main } from '../../../src/cli/main';

const fixture = (name: string) => readFileSync(`test/unit/dialects/fixtures/${name}`, 'utf8');

test('generateContent (function-calling guide shape): systemInstruction, tools, functionCall / functionResponse parts', () => {
  const a = analyze(fixture('gemini-function-calling-doc.json'), { fileName: 'g.json', model: 'gemini-2.5-flash' });
  assert.equal(a.dialect, 'gemini');
  assert.equal(a.provider, 'google');
  assert.equal(a.exact, false);
  assert.match(a.tokenizer, /estimate/);
  assert.deepEqual(a.segments.map((s) => s.kind), ['system', 'tool', 'message', 'message', 'message']);
  const parts = a.segments.flatMap((s) => s.children ?? []);
  assert.deepEqual(parts.map((p) => p.blockType), ['text', 'text', 'functionCall', 'functionResponse']);
  for (const p of parts) assert.ok(p.tokens > 0, `${p.id} counted`);
  assert.equal(a.inputTokens, a.segments.reduce((n, s) => n + s.tokens, 0));
  assert.equal(a.cache.family, 'automatic');
  assert.equal(a.cache.minimumTokens, 2048);
  assert.ok(a.cache.cachedTokensNextCall >= 2048);
  assert.equal(a.cost?.prices.cacheRead, 0.03);
});

test('implicit minimums per model: 2.5 Flash / Pro 2,048; 3.1 Pro and 3.x Flash 4,096; unknown Gemini names take 4,096 and say so', () => {
  const text = fixture('gemini-function-calling-doc.json');
  const tokens = analyze(text, { model: 'gemini-2.5-pro' }).inputTokens;
  assert.ok(tokens > 2048 && tokens < 4096, `fixture size ${tokens} sits between the two minimums`);
  assert.equal(analyze(text, { model: 'gemini-2.5-pro' }).cache.minimumTokens, 2048);
  assert.ok(analyze(text, { model: 'gemini-2.5-pro' }).cache.cachedTokensNextCall > 0);
  for (const m of ['gemini-3.1-pro-preview', 'gemini-3.5-flash', 'gemini-3.8-flash']) {
    const a = analyze(text, { model: m });
    assert.equal(a.cache.minimumTokens, 4096, m);
    assert.equal(a.cache.cachedTokensNextCall, 0, `${m}: below the minimum, nothing cached`);
  }
  const unknown = analyze(text, { model: 'gemini-4-pro' });
  assert.equal(unknown.model.known, false);
  assert.equal(unknown.provider, 'google');
  assert.equal(unknown.cache.minimumTokens, 4096);
  assert.ok(unknown.problems.some((p) => /Unknown model "gemini-4-pro".*gemini-3\.8-flash/.test(p.message)));
  const none = analyze(text);
  assert.ok(none.problems.some((p) => /No model in this file.*gemini-3\.8-flash/.test(p.message)));
});

test('generateContent with a cachedContent reference: the cache content is not in the file, and that is said', () => {
  const a = analyze(fixture('gemini-generate-cached-doc.json'), { model: 'gemini-2.5-flash' });
  assert.equal(a.dialect, 'gemini');
  assert.ok(a.inputTokens > 0);
  const p = a.problems.find((x) => /cachedContents\/a1b2c3d4e5f6/.test(x.message));
  assert.ok(p && /not in this file/.test(p.message));
  assert.ok(a.cache.notes.some((n) => /not counted/.test(n)));
  const withSys = JSON.parse(fixture('gemini-generate-cached-doc.json'));
  withSys.systemInstruction = { parts: [{ text: 'Be brief.' }] };
  const b = analyze(JSON.stringify(withSys), { model: 'gemini-2.5-flash' });
  assert.ok(b.problems.some((x) => x.severity === 'warning' && /cannot also set systemInstruction/.test(x.message)));
});

test('cachedContents create (caching guide shape): inline text counted, TTL and storage priced, minimum enforced', () => {
  const a = analyze(fixture('gemini-cached-contents-create-doc.json'), { fileName: 'cache.json' });
  assert.equal(a.dialect, 'gemini');
  assert.equal(a.model.profileId, 'gemini-2.5-flash');
  const inline = a.segments.flatMap((s) => s.children ?? []).find((c) => c.blockType === 'inlineData')!;
  assert.ok(inline.tokens > 3000, `decoded transcript counted (${inline.tokens})`);
  const note = a.cache.notes.find((n) => /cachedContents create/.test(n));
  assert.ok(note, a.cache.notes.join(' | '));
  assert.match(note!, /300 s/);
  // Storage: tokens × $1.00 / MTok / hour × 300 s (provider-rules.md §3.3, 2.5 Flash).
  const expected = (a.inputTokens * 1 * (300 / 3600)) / 1e6;
  const shown = Number(/storage ≈ \$([\d.]+)/.exec(note!)?.[1]);
  assert.ok(Math.abs(shown - expected) / expected < 0.02, `${note} ~ ${expected}`);
  const small = JSON.parse(fixture('gemini-cached-contents-create-doc.json'));
  small.contents[0].parts = [{ text: 'A short note.' }];
  delete small.ttl;
  small.displayName = 'short-note'; // a create body is told by ttl / expireTime / displayName
  const b = analyze(JSON.stringify(small));
  assert.ok(b.problems.some((p) => p.severity === 'warning' && /below the 2,048-token minimum/.test(p.message)));
  assert.ok(b.cache.notes.some((n) => /1-hour default/.test(n)));
});

test('snake_case bodies (Python SDK) are read', () => {
  const a = analyze(JSON.stringify({ system_instruction: { parts: [{ text: 'Answer in French. '.repeat(10) }] }, contents: [{ role: 'user', parts: [{ text: 'Bonjour' }] }] }), { model: 'gemini-2.5-flash' });
  assert.equal(a.dialect, 'gemini');
  assert.equal(a.segments[0].kind, 'system');
  assert.ok(a.segments[0].tokens > 10);
});

test('Gemini token estimate: o200k count, images by generation', () => {
  assert.equal(estimateGeminiTokens(''), 0);
  assert.ok(estimateGeminiTokens('The quick brown fox jumps over the lazy dog.') >= 9);
  assert.equal(geminiImageTokens('gemini-2.5-flash', { width: 300, height: 200 }).tokens, 258);
  assert.equal(geminiImageTokens('gemini-2.5-flash', { width: 1000, height: 800 }).tokens, 4 * 258);
  assert.equal(geminiImageTokens('gemini-3.1-pro-preview', undefined, 'MEDIA_RESOLUTION_LOW').tokens, 280);
  assert.equal(geminiImageTokens('gemini-3.5-flash', undefined).tokens, 1120);
});

test('CLI: a Gemini body is analysed (tokens, exit 0), not "recognised but not analyzed"', () => {
  let out = '';
  const code = main(['analyze', 'examples/gemini-generate-content.json', '--model', 'gemini-2.5-flash', '--format', 'json'], {
    readFile: (p) => readFileSync(p),
    stat: (p) => ({ size: statSync(p).size, isFile: statSync(p).isFile() }),
    stdout: (s) => (out += s),
    stderr: () => {},
  });
  const entry = JSON.parse(out).files[0];
  assert.equal(code, 0);
  assert.equal(entry.dialect, 'gemini');
  assert.ok(entry.inputTokens > 6000, String(entry.inputTokens));
  assert.ok(!out.includes('not analyzed yet'));
});

test('examples: the generateContent request (≈6.4K tokens) is read whole on 2.5 Flash and on 3.5 Flash (4,096 minimum); the cache create body is priced with storage', () => {
  const text = readFileSync('examples/gemini-generate-content.json', 'utf8');
  const flash = analyze(text, { model: 'gemini-2.5-flash' });
  assert.ok(flash.inputTokens > 4096 && flash.cache.cachedTokensNextCall > 4096);
  const newer = analyze(text, { model: 'gemini-3.5-flash' });
  assert.equal(newer.cache.minimumTokens, 4096);
  assert.equal(newer.cache.cachedTokensNextCall, newer.inputTokens, 'above 4,096 too: cached');
  const create = analyze(readFileSync('examples/gemini-cached-contents-create.json', 'utf8'));
  assert.equal(create.model.profileId, 'gemini-2.5-flash');
  assert.ok(create.cache.notes.some((n) => /1,800 s; storage ≈ \$/.test(n)));
});
