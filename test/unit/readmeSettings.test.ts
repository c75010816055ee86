// The README's settings table is generated from package.json (scripts/gen-readme-settings.mjs): this
// fails when a setting is added, removed or changed without regenerating it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

test('README settings table: up to date with package.json (run node scripts/gen-readme-settings.mjs)', async () => {
  const gen = await import('../../scripts/gen-readme-settings.mjs');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const next = gen.withSettings(readme, manifest);
  assert.ok(next !== undefined, 'README.md has the generated settings block');
  assert.equal(next, readme, 'README.md settings table is out of date: run node scripts/gen-readme-settings.mjs');
  // every setting is in it (rule settings as one row)
  const block = gen.settingsBlock(manifest);
  for (const section of [manifest.contributes.configuration].flat()) {
    for (const key of Object.keys(section.properties)) {
      if (key.startsWith('promptCache.rules.')) continue;
      assert.ok(block.includes(`| \`${key}\` |`), `${key} missing from the README table`);
    }
  }
  assert.match(block, /promptCache\.rules\.<name>/);
  // and a changed default shows up as drift
  const changed = structuredClone(manifest);
  [changed.contributes.configuration].flat()[0].properties['promptCache.debounceMs'].default = 301;
  assert.notEqual(gen.withSettings(readme, changed), readme);
});
