// The extension-host test entry (VS Code's `extensionTestsPath`): runs every compiled
// test/integration/**/*.test.js with mocha (BDD, 60 s timeout) inside the real extension host.
// Used the same way by code-server (scripts/run-vscode-tests.mjs) and desktop VS Code
// (scripts/run-electron-tests.mjs). In code-server nobody sees an exit code, so the results also
// go to a JSON file: $PCL_TEST_RESULT, or result.json next to this file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface TestResult {
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number }[];
  failures: { title: string; message: string; stack?: string }[];
}

function resultPath(): string {
  return process.env.PCL_TEST_RESULT || path.join(__dirname, 'result.json');
}

function writeResult(result: TestResult): void {
  const file = resultPath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2));
  fs.renameSync(`${file}.tmp`, file); // the runner polls for this file: never let it see half of it
}

export async function run(): Promise<void> {
  const started = Date.now();
  // tells the runner the extension host did call run(), so a host that never does fails fast
  fs.mkdirSync(path.dirname(resultPath()), { recursive: true });
  fs.writeFileSync(`${resultPath()}.started`, new Date().toISOString());
  const result: TestResult = { passed: 0, failed: 0, pending: 0, durationMs: 0, tests: [], failures: [] };
  try {
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
    const grep = process.env.PCL_TEST_GREP;
    if (grep) mocha.grep(grep);
    const files = fs
      .readdirSync(__dirname, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.test.js'))
      .sort();
    if (files.length === 0) throw new Error(`no *.test.js files in ${__dirname}`);
    for (const f of files) mocha.addFile(path.join(__dirname, f));

    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (t) => {
        result.passed++;
        result.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
      });
      runner.on('pending', (t) => {
        result.pending++;
        result.tests.push({ title: t.fullTitle(), state: 'pending' });
      });
      runner.on('fail', (t, err: Error) => {
        result.failed++;
        result.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration });
        result.failures.push({ title: t.fullTitle(), message: String(err?.message ?? err), stack: err?.stack });
      });
    });
  } catch (err) {
    // a test file that does not load still has to reach the runner, as a failure
    const e = err as Error;
    result.failed++;
    result.failures.push({ title: 'loading the integration tests', message: String(e?.message ?? e), stack: e?.stack });
  }
  result.durationMs = Date.now() - started;
  writeResult(result);
  console.log(`${result.passed} passed, ${result.failed} failed`);
  if (result.failed > 0) throw new Error(`${result.failed} integration test(s) failed`);
}
