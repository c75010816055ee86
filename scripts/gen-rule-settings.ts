// Generates the rule settings in package.json `contributes.configuration` from the rule registry:
//   promptCache.rules.<name>   severity or "off" (one entry per rule)
//   promptCache.ignore         glob → rules map for per-file/folder suppression
// They live in their own configuration section ("Prompt Cache: Rules"); nothing else is touched.
//   npx tsx scripts/gen-rule-settings.ts          write package.json
//   npx tsx scripts/gen-rule-settings.ts --check  exit 1 when package.json is out of date
// test/unit/rules/settings.test.ts fails on drift.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../src/core/rules/index';

export const SECTION_ID = 'promptCache.rules';
export const SECTION_TITLE = 'Rules';

export function ruleSettingsSection(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  RULES.forEach((r, i) => {
    properties[`promptCache.rules.${r.name}`] = {
      type: 'string',
      enum: ['off', 'hint', 'info', 'warning', 'error'],
      enumDescriptions: ['Do not run this rule', 'Faint dots, not in the Problems panel', 'Information', 'Warning', 'Error'],
      default: r.defaultSeverity,
      order: i,
      markdownDescription: `\`${r.name}\`: ${r.description} [Documentation](${r.docsUrl}).`,
    };
  });
  properties['promptCache.ignore'] = {
    type: 'object',
    order: RULES.length,
    default: {},
    additionalProperties: {
      anyOf: [
        { type: 'array', items: { type: 'string', enum: ['*', ...RULES.map((r) => r.name)] } },
        { type: 'string', enum: ['*'] },
      ],
    },
    markdownDescription:
      'Silence rules for files or folders without changing them: a map from a glob (relative to the workspace folder; a bare name matches at any depth, a folder matches everything inside) to the rule names to silence there, or `"*"` for all. Example: `{ "examples/legacy/**": ["volatile-in-prefix"], "fixtures/": "*" }`. A `.promptcacheignore` file in the workspace folder works the same way (one `glob [rules…]` per line). In a file, use `// prompt-cache-disable-next-line <rule>` or `// prompt-cache-disable-line <rule>`.',
  };
  return { id: SECTION_ID, title: SECTION_TITLE, properties };
}

type Pkg = { contributes?: { configuration?: unknown } } & Record<string, unknown>;

/** package.json with the rules section inserted or replaced (other sections untouched). */
export function withRuleSettings(pkg: Pkg): Pkg {
  const out: Pkg = JSON.parse(JSON.stringify(pkg));
  out.contributes = out.contributes ?? {};
  const section = ruleSettingsSection();
  const cur = out.contributes.configuration;
  let sections: Record<string, unknown>[];
  if (Array.isArray(cur)) sections = cur as Record<string, unknown>[];
  else if (cur && typeof cur === 'object') sections = [cur as Record<string, unknown>];
  else sections = [];
  const i = sections.findIndex((s) => s.id === SECTION_ID);
  if (i >= 0) sections[i] = section;
  else sections.push(section);
  // never let another section also declare these keys
  for (const s of sections) {
    if (s.id === SECTION_ID || !s.properties || typeof s.properties !== 'object') continue;
    const props = s.properties as Record<string, unknown>;
    for (const k of Object.keys(props)) if (k.startsWith('promptCache.rules.') || k === 'promptCache.ignore') delete props[k];
  }
  out.contributes.configuration = sections;
  return out;
}

function main() {
  const file = path.join(__dirname, '..', 'package.json');
  const text = fs.readFileSync(file, 'utf8');
  const next = JSON.stringify(withRuleSettings(JSON.parse(text)), null, 2) + '\n';
  if (process.argv.includes('--check')) {
    if (next !== text) {
      console.error('package.json rule settings are out of date: run `npx tsx scripts/gen-rule-settings.ts`');
      process.exit(1);
    }
    return;
  }
  if (next !== text) fs.writeFileSync(file, next);
  console.log(`package.json: ${RULES.length} rule settings + promptCache.ignore`);
}

if (require.main === module) main();
