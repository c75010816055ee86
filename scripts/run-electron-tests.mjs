#!/usr/bin/env node
// `npm run test:electron`: the same extension-host suite (out/test/integration, mocha) in desktop
// VS Code via @vscode/test-electron. Needs internet (it downloads VS Code into .vscode-test/) and a
// display (on a headless Linux box: `xvfb-run -a npm run test:electron`). Offline, use
// `npm run test:vscode` (code-server) instead. VSCODE_VERSION picks the build (default: stable).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildTests, ROOT, TEST_ENTRY } from './build-tests.mjs';

await buildTests();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pcl-electron-'));
const workspace = path.join(tmp, 'workspace');
fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true }); // tests may edit files
const resultFile = path.join(ROOT, 'test-results', 'vscode-electron', 'result.json');
fs.rmSync(resultFile, { force: true });

let exitCode = 1;
try {
  await runTests({
    version: process.env.VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: TEST_ENTRY,
    extensionTestsEnv: { PCL_TEST_RESULT: resultFile, PCL_TEST_HOOKS: '1' }, // test-only commands and worker hooks
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(tmp, 'user-data')],
  });
  exitCode = 0;
} catch (err) {
  console.error(`VS Code tests failed: ${err?.message ?? err}`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
if (fs.existsSync(resultFile)) {
  const r = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  for (const f of r.failures) console.log(`  ✘ ${f.title}\n    ${f.message}`);
  console.log(`${r.passed} passed, ${r.failed} failed`);
  if (r.failed > 0) exitCode = 1;
}
process.exitCode = exitCode;
