import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anthropic, diagnostics, prose } from './helpers';
import { globMatches, parseIgnoreFile } from '../../../src/core/rules/suppress';

const CC = { type: 'ephemeral' };
const base = () => anthropic({ system: [{ type: 'text', text: 'Tiny.', cache_control: CC }] });
const codes = (t: string, o = {}) => diagnostics(t, o).map((d) => d.code);

test('suppress: severity per rule and off', () => {
  assert.deepEqual(codes(base()), ['breakpoint-below-minimum']);
  assert.equal(diagnostics(base(), { rules: { 'breakpoint-below-minimum': 'error' } })[0].severity, 'error');
  assert.deepEqual(codes(base(), { rules: { 'breakpoint-below-minimum': 'off' } }), []);
  assert.deepEqual(codes(base(), { rules: { PC003: 'off' } }), []);
});

test('suppress: prompt-cache-disable-next-line / -line / -file comments (by name or code)', () => {
  const t = base();
  const lines = t.split('\n');
  const i = lines.findIndex((l) => l.includes('"cache_control"'));
  const next = [...lines.slice(0, i), '      // prompt-cache-disable-next-line breakpoint-below-minimum -- tiny on purpose', ...lines.slice(i)].join('\n');
  assert.deepEqual(codes(next), []);
  const other = [...lines.slice(0, i), '      // prompt-cache-disable-next-line ttl-order', ...lines.slice(i)].join('\n');
  assert.deepEqual(codes(other), ['breakpoint-below-minimum']);
  const same = lines.map((l, k) => (k === i ? `${l} // prompt-cache-disable-line PC003` : l)).join('\n');
  assert.deepEqual(codes(same), []);
  assert.deepEqual(codes(`// prompt-cache-disable-file\n${t}`), []);
});

test('suppress: per file/folder globs without touching the body', () => {
  const o = (ignore: Record<string, string[] | string>, rel: string) => ({ suppress: { ignore, relativePath: rel } });
  assert.deepEqual(codes(base(), o({ 'fixtures/**': '*' }, 'fixtures/a/b.json')), []);
  assert.deepEqual(codes(base(), o({ fixtures: ['breakpoint-below-minimum'] }, 'fixtures/a/b.json')), []);
  assert.deepEqual(codes(base(), o({ 'other/**': '*' }, 'fixtures/a/b.json')), ['breakpoint-below-minimum']);
  assert.deepEqual(codes(base(), o({ '*.json': ['ttl-order'] }, 'x/y.json')), ['breakpoint-below-minimum']);
});

test('suppress: glob matching and .promptcacheignore parsing', () => {
  assert.ok(globMatches('examples/legacy/**', 'examples/legacy/a/b.json'));
  assert.ok(globMatches('*.jsonc', 'deep/dir/x.jsonc'));
  assert.ok(globMatches('legacy/', 'examples/legacy/x.json'));
  assert.ok(!globMatches('/legacy', 'examples/legacy/x.json'));
  assert.ok(globMatches('**/*.{json,jsonc}', 'a/b.jsonc'));
  assert.ok(!globMatches('examples/*.json', 'examples/sub/x.json'));
  assert.deepEqual(parseIgnoreFile('# comment\nexamples/legacy/**  volatile-in-prefix, PC009\nfixtures/   # all\n'), {
    'examples/legacy/**': ['volatile-in-prefix', 'PC009'],
    'fixtures/': ['*'],
  });
  void prose;
});
