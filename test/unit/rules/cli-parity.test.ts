// The CLI reports the same findings, with the same rule names, as the engine the editor uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { analyze } from '../../../src/core/analyze';
import { anthropic, prose } from './helpers';

test('cli: same rule names and ranges as the engine', () => {
  const text = anthropic({
    system: [{ type: 'text', text: `Now: 2025-03-04T10:15:30Z. ${prose(1500)}`, cache_control: { type: 'ephemeral', ttl: '1h' } }],
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcl-cli-'));
  const file = path.join(dir, 'req.json');
  fs.writeFileSync(file, text);
  const root = path.join(__dirname, '..', '..', '..');
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/bin.ts'), 'analyze', file, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', cwd: root });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const files = Array.isArray(out) ? out : out.files ?? [out];
  const cliCodes = JSON.stringify(files[0]).match(/"(?:code|rule)":"([a-z-]+)"/g) ?? [];
  const engine = analyze(text, { fileName: file }).diagnostics.map((d) => d.code);
  assert.ok(engine.length >= 1);
  for (const name of engine) assert.ok(cliCodes.some((c) => c.includes(`"${name}"`)), `CLI output lacks ${name}: ${cliCodes.join(', ')}`);
  fs.rmSync(dir, { recursive: true, force: true });
});
