import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES, RULE_LIST } from '../../../src/core/rules/index';
import { ruleSettingsSection, SECTION_ID } from '../../../scripts/gen-rule-settings';

const root = path.join(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

test('settings: package.json rule settings match the registry (run `npx tsx scripts/gen-rule-settings.ts`)', () => {
  const sections = Array.isArray(pkg.contributes?.configuration) ? pkg.contributes.configuration : [pkg.contributes?.configuration];
  const mine = sections.find((s: { id?: string }) => s?.id === SECTION_ID);
  assert.ok(mine, 'no "promptCache.rules" configuration section in package.json');
  assert.deepEqual(mine, ruleSettingsSection());
});

test('registry: unique names and codes, kebab-case, a docs page for each rule', () => {
  assert.equal(new Set(RULES.map((r) => r.name)).size, RULES.length);
  assert.equal(new Set(RULES.map((r) => r.code)).size, RULES.length);
  for (const r of RULES) {
    assert.match(r.name, /^[a-z]+(-[a-z]+)*$/);
    assert.match(r.code, /^PC\d{3}$/);
    assert.equal(r.docsUrl, `docs/rules/${r.name}.md`);
    assert.ok(fs.existsSync(path.join(root, r.docsUrl)), `missing ${r.docsUrl}`);
    const md = fs.readFileSync(path.join(root, r.docsUrl), 'utf8');
    assert.match(md, new RegExp(`^# ${r.name}`), `${r.docsUrl} must start with "# ${r.name}"`);
  }
  assert.equal(RULE_LIST.length, 20);
  const index = fs.readFileSync(path.join(root, 'docs/rules/README.md'), 'utf8');
  for (const r of RULES) assert.ok(index.includes(`(${r.name}.md)`), `docs/rules/README.md does not link ${r.name}`);
});
