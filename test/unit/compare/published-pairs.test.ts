// Every pair of requests with a published billed cache read (test/data/compare-published-pairs.jsonl, sources
// in test/data/README.md): compareRequests must predict the billed figure (exactly for OpenAI, within the
// estimate's bound for Claude).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compareRequests } from '../../../src/core/compare';

interface Pair {
  id: string;
  first: unknown;
  second: unknown;
  figure: number;
  tolerance: number;
}

const pairs: Pair[] = readFileSync('test/data/compare-published-pairs.jsonl', 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

test('published pairs: the file holds the 2 recorded pairs', () => {
  assert.equal(pairs.length, 2);
});

for (const p of pairs) {
  test(`published pair ${p.id}: predicted cache read on the second request matches the billed ${p.figure}`, () => {
    const a = JSON.stringify(p.first);
    const b = p.second === 'same' ? a : JSON.stringify(p.second);
    const c = compareRequests({ text: a, fileName: 'first.json' }, { text: b, fileName: 'second.json' });
    assert.deepEqual(c.problems, []);
    const bound = Math.max(p.tolerance * p.figure, 0);
    assert.ok(Math.abs(c.cachedTokensOnSecond - p.figure) <= bound, `${p.id}: predicted ${c.cachedTokensOnSecond}, billed ${p.figure} (bound ${bound})`);
  });
}
