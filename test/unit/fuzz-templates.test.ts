// Template placeholders are scanned by hand (src/core/scan/placeholders.ts, scanDelimited) in linear time:
// the results must be exactly those of the regular expressions they replace (kept here as the reference),
// on random texts full of openers, closers, whitespace and dashes; and unclosed syntax must stay fast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { placeholderName, scanPlaceholdersWhole, type Placeholder, type PlaceholderSyntax } from '../../src/core/scan/placeholders';
import { sortMatches, dropOverlaps } from '../../src/core/scan/scanMemo';
import { analyze } from '../../src/core';

const REFERENCE: { syntax: PlaceholderSyntax; re: RegExp }[] = [
  { syntax: 'mustache', re: /\{\{\{\s*([^{}]*?)\s*\}\}\}|\{\{-?\s*([^{}]*?)\s*-?\}\}/g },
  { syntax: 'jinja-tag', re: /\{%-?\s*([\s\S]*?)\s*-?%\}/g },
  { syntax: 'dollar', re: /\$\{\s*([^{}\n]+?)\s*\}/g },
  { syntax: 'percent', re: /%\(([A-Za-z_][A-Za-z0-9_]*)\)[-#0 +]*\d*(?:\.\d+)?[sdifrgeExXoc]/g },
  { syntax: 'brace', re: /(?<![{$\\])\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[^\]\n{}]*\])*)(?:![rsa])?(?::[^{}\n]{0,20})?\}(?!\})/g },
];

function reference(text: string): Placeholder[] {
  const found: Placeholder[] = [];
  if (!text || (text.indexOf('{') === -1 && text.indexOf('%(') === -1)) return found;
  for (const p of REFERENCE) {
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(text)) !== null) {
      const expr = m[1] ?? m[2] ?? '';
      if (p.syntax === 'mustache' && /^!/.test(expr)) continue;
      if (p.syntax === 'mustache' && expr.trim() === '') continue;
      found.push({ start: m.index, end: m.index + m[0].length, name: placeholderName(expr, p.syntax), syntax: p.syntax });
    }
  }
  return dropOverlaps(sortMatches(found));
}

const PIECES = ['{', '}', '{{', '}}', '{{{', '}}}', '{%', '%}', '${', '$', '%', '-', ' ', '  ', '\t', '\n', '\n\n', '\u00a0', '\u3000', 'x', 'user.name', '!', '#each', '|', ':', '%(a)s', '[0]', '{#', '#}', '<%', '%>', '"'];
const textArb = fc.array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }), { maxLength: 30 }).map((a) => a.join(''));

test('placeholders: the linear scanner = the reference regular expressions, on random texts', () => {
  fc.assert(
    fc.property(textArb, (text) => {
      assert.deepEqual(scanPlaceholdersWhole(text).map((x) => ({ ...x })), reference(text), JSON.stringify(text));
    }),
    { numRuns: 20000, seed: 7 },
  );
});

test('unclosed template syntax: the scan of 400 KB takes bounded time (was quadratic: minutes)', () => {
  // A run of one opener is one pre-token for tiktoken (its own, separate cost); the scan is timed alone.
  for (const unit of ['{%', '{{', '{{{', '{#', '${', '<%', '{', '%(', '{{ a' + ' '.repeat(1000), '${ a' + ' '.repeat(1000), '{% a' + ' '.repeat(1000) + 'b', '{{ a }', '{a.']) {
    const text = unit.repeat(Math.ceil(400_000 / unit.length)).slice(0, 400_000);
    const t = performance.now();
    scanPlaceholdersWhole(text);
    const ms = performance.now() - t;
    assert.ok(ms < 2000, `${JSON.stringify(unit.slice(0, 6))}: ${ms.toFixed(0)} ms`);
  }
});

test('a 400 KB prompt of unclosed "{% if a" is analysed in bounded time, with its text counted', () => {
  const text = '{% if a '.repeat(50_000);
  const t = performance.now();
  const a = analyze(text, { fileName: 'p.prompt.md', model: 'claude-sonnet-4-5' });
  const ms = performance.now() - t;
  assert.ok(a.isRequest && a.inputTokens > 100_000);
  assert.ok(ms < 15_000, `${ms.toFixed(0)} ms`);
});
