#!/usr/bin/env node
// Runs the tests in a real VS Code (code-server 4.100.3) offline, driven by headless Chromium.
//
//   node scripts/run-vscode-tests.mjs                 extension-host tests (test/integration, mocha)
//   node scripts/run-vscode-tests.mjs --vsix F.vsix   the same suite against the installed .vsix
//   node scripts/run-vscode-tests.mjs --e2e           browser tests (test/e2e/*.e2e.ts, node:test)
//   node scripts/run-vscode-tests.mjs --e2e --update-screenshots   also refresh media/screenshots/
//
// Assumes `npm run build` was done (dist/); compiles the integration tests itself. Installs
// code-server/Chromium on first use (scripts/setup-vscode.sh). Logs: test-results/vscode-*/.
// Env: PCL_VSCODE_TEST_TIMEOUT (seconds; default 480, --e2e 1200), PCL_TEST_GREP (mocha grep),
// PCL_KEEP_TMP=1 (keep .vscode-test/tmp-* for debugging).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { require as tsxRequire } from 'tsx/cjs/api';
import { buildTests } from './build-tests.mjs';

const cs = tsxRequire('./lib/code-server.ts', import.meta.url);
const { REPO_ROOT, RESULTS_DIR } = cs;

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
// overall time limit: 8 min for the extension-host suite, 20 min for the e2e files (each starts its own VS Code)
const timeoutMs = Number(option('--timeout') ?? process.env.PCL_VSCODE_TEST_TIMEOUT ?? (flag('--e2e') ? 1200 : 480)) * 1000;
const started = Date.now();
const secs = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const log = (msg) => console.log(`[vscode-tests ${secs()}] ${msg}`);

function checkBuilt() {
  const main = cs.manifest().main;
  if (main && !fs.existsSync(path.join(REPO_ROOT, main))) {
    console.error(`${main} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
}

/** A do-nothing extension folder, used as the development extension when testing an installed .vsix. */
function emptyExtension(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = { name: 'test-host', publisher: 'prompt-cache-lens-tests', version: '0.0.0', engines: { vscode: '^1.100.0' } };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

async function runIntegration() {
  const vsix = option('--vsix');
  if (!vsix) checkBuilt();
  cs.ensureSetup();
  const label = vsix ? 'vsix' : 'integration';
  // everything of this run (compiled tests, results, logs) lives in its own temp dir, because other
  // runs may share this work tree; the results and logs are copied to test-results/vscode-<label>/
  const tmpDir = cs.makeTmpDir(label);
  const testEntry = path.join(tmpDir, 'tests', 'index.js');
  const built = await buildTests(path.dirname(testEntry));
  log(`compiled ${built.length} file(s): ${built.join(', ')}`);
  const runDir = path.join(tmpDir, 'results');
  fs.mkdirSync(runDir, { recursive: true });
  const logDir = path.join(RESULTS_DIR, `vscode-${label}`);
  const resultFile = path.join(runDir, 'result.json');
  const consoleLog = fs.createWriteStream(path.join(runDir, 'browser-console.log')).on('error', () => {});

  let server;
  let browser;
  let result;
  let error;
  try {
    server = await cs.startCodeServer({
      label,
      tmpDir,
      vsix: vsix && path.resolve(vsix),
      // PCL_TEST_HOOKS: the extension registers its test-only commands (and the worker honours its test hooks)
      env: { PCL_TEST_RESULT: resultFile, PCL_TEST_HOOKS: '1', ...(process.env.PCL_TEST_GREP ? { PCL_TEST_GREP: process.env.PCL_TEST_GREP } : {}) },
    });
    log(`code-server ${server.baseUrl} (workspace: copy of examples/ in ${path.relative(REPO_ROOT, server.workspace)})`);
    browser = await cs.launchChromium();
    const page = await browser.newPage();
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack ?? e}\n`));
    page.on('crash', () => consoleLog.write('[crash] page crashed\n'));
    // VS Code runs extensionTestsPath only along with an extensionDevelopmentPath: against a .vsix,
    // that is an empty extension, and the installed one is loaded as usual beside it
    const devPath = vsix ? emptyExtension(path.join(tmpDir, 'test-host')) : REPO_ROOT;
    const payload = [
      ['extensionDevelopmentPath', server.remoteUri(devPath)],
      ['extensionTestsPath', server.remoteUri(testEntry)],
    ];
    await page.goto(server.url({ payload }), { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    log('workbench loaded, extension host running the tests…');

    const deadline = started + timeoutMs;
    const startDeadline = Math.min(deadline, Date.now() + 120_000);
    while (!fs.existsSync(resultFile)) {
      if (Date.now() > deadline) throw new Error(`no test result after ${timeoutMs / 1000}s (see ${path.relative(REPO_ROOT, logDir)}/)`);
      if (Date.now() > startDeadline && !fs.existsSync(`${resultFile}.started`)) {
        throw new Error(`the extension host did not start the tests within 120s (see ${path.relative(REPO_ROOT, logDir)}/)`);
      }
      if (server.process.exitCode !== null) throw new Error('code-server exited during the tests');
      await new Promise((r) => setTimeout(r, 500));
    }
    result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    await page.screenshot({ path: path.join(runDir, 'workbench.png') }).catch(() => {});
  } catch (err) {
    error = err;
  } finally {
    await browser?.close().catch(() => {});
    await new Promise((r) => consoleLog.end(r));
    server?.collectLogs(runDir);
    fs.rmSync(logDir, { recursive: true, force: true });
    if (fs.existsSync(runDir)) fs.cpSync(runDir, logDir, { recursive: true });
    if (server) await server.stop();
    else if (!process.env.PCL_KEEP_TMP) fs.rmSync(tmpDir, { recursive: true, force: true });
  }

  if (result) {
    for (const t of result.tests) console.log(`  ${t.state === 'passed' ? '✔' : t.state === 'failed' ? '✘' : '-'} ${t.title}${t.durationMs ? ` (${t.durationMs} ms)` : ''}`);
    for (const [i, f] of result.failures.entries()) {
      console.log(`\n  ${i + 1}) ${f.title}\n     ${f.message}`);
      const frames = (f.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 6);
      if (frames.length) console.log(frames.map((l) => `     ${l.trim()}`).join('\n'));
    }
    console.log(`\nlogs: ${path.relative(REPO_ROOT, logDir)}/ (${secs()})`);
    console.log(`${result.passed} passed, ${result.failed} failed${result.pending ? `, ${result.pending} skipped` : ''}`);
    return result.failed === 0 && result.passed > 0 && !error ? 0 : 1;
  }
  console.error(`\nERROR: ${error?.message ?? error}`);
  const consoleFile = path.join(logDir, 'browser-console.log');
  const tail = fs.existsSync(consoleFile)
    ? fs.readFileSync(consoleFile, 'utf8').split('\n').filter((l) => /error|fail/i.test(l)).slice(-15)
    : [];
  if (tail.length) console.error(`last errors in the browser console:\n  ${tail.join('\n  ')}`);
  console.log('0 passed, 1 failed');
  return 1;
}

async function runE2E() {
  checkBuilt();
  cs.ensureSetup();
  const dir = path.join(REPO_ROOT, 'test', 'e2e');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.e2e.ts')).sort() : [];
  if (files.length === 0) {
    console.error('no test/e2e/*.e2e.ts files');
    return 1;
  }
  fs.rmSync(path.join(RESULTS_DIR, 'e2e-logs'), { recursive: true, force: true }); // the harness fills it per VS Code started
  fs.mkdirSync(path.join(RESULTS_DIR, 'screenshots'), { recursive: true });
  const env = { ...process.env };
  if (flag('--update-screenshots')) env.PCL_UPDATE_SCREENSHOTS = '1';
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files.map((f) => path.join('test', 'e2e', f))],
    { cwd: REPO_ROOT, stdio: 'inherit', env, detached: true },
  );
  const signalTests = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {}
  };
  const timer = setTimeout(() => {
    // SIGTERM first: the harness then stops the code-servers it started (their own process groups)
    console.error(`e2e tests did not finish within ${timeoutMs / 1000}s: stopping them`);
    signalTests('SIGTERM');
    setTimeout(() => signalTests('SIGKILL'), 15_000).unref();
  }, timeoutMs);
  process.on('SIGINT', () => signalTests('SIGINT'));
  process.on('SIGTERM', () => signalTests('SIGTERM'));
  const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
  clearTimeout(timer);
  return code === 0 ? 0 : 1;
}

process.exitCode = flag('--e2e') ? await runE2E() : await runIntegration();
