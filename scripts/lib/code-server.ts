// Starts a real VS Code (code-server 4.100.3 = VS Code 1.100.3, installed by scripts/setup-vscode.sh)
// on 127.0.0.1 with a free port and throwaway user-data/extensions dirs, plus headless Chromium.
// Shared by scripts/run-vscode-tests.mjs (extension-host tests), test/e2e/harness.ts (browser tests)
// and scripts/demo.sh. Recipe: shared/testing/real-vscode.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

function findRepoRoot(): string {
  // (__dirname is not reliable under tsx's tsImport; __filename is)
  let dir = typeof __filename === 'string' && path.isAbsolute(__filename) ? path.dirname(__filename) : process.cwd();
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'prompt-cache-lens') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('prompt-cache-lens repo root not found');
    dir = up;
  }
}

export const REPO_ROOT = findRepoRoot();
export const VSCODE_TEST_DIR = path.join(REPO_ROOT, '.vscode-test');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

export function manifest(): { name: string; publisher: string; version: string; main?: string } {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
}

/** `publisher.name`, the id `vscode.extensions.getExtension` takes. */
export function extensionId(): string {
  const m = manifest();
  return `${m.publisher}.${m.name}`;
}

export function codeServerBin(): string {
  return path.join(VSCODE_TEST_DIR, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
}

/** Runs scripts/setup-vscode.sh when code-server or Chromium is missing (a no-op otherwise). */
export function ensureSetup(): void {
  const stamp = path.join(VSCODE_TEST_DIR, `code-server-${CODE_SERVER_VERSION}`, '.installed-ok');
  if (fs.existsSync(stamp) && fs.existsSync(codeServerBin()) && fs.existsSync(CHROMIUM)) return;
  const r = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'setup-vscode.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('scripts/setup-vscode.sh failed');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A fresh directory .vscode-test/tmp-<label>-<random>. */
export function makeTmpDir(label: string): string {
  fs.mkdirSync(VSCODE_TEST_DIR, { recursive: true });
  return fs.mkdtempSync(path.join(VSCODE_TEST_DIR, `tmp-${label}-`));
}

/** Copies examples/ (or `src`) into `<dir>/workspace` so tests can edit files without dirtying the repo. */
export function copyWorkspace(dir: string, src = path.join(REPO_ROOT, 'examples')): string {
  const dest = path.join(dir, 'workspace');
  fs.mkdirSync(dest, { recursive: true });
  if (fs.existsSync(src)) fs.cpSync(src, dest, { recursive: true });
  return dest;
}

export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'files.autoSave': 'off',
};

export interface StartOptions {
  /** Folder to open; defaults to a fresh copy of examples/. */
  workspace?: string;
  /** Written to <user-data-dir>/User/settings.json before start (merged over QUIET_SETTINGS). */
  settings?: Record<string, unknown>;
  /** Load the repo as an installed extension (symlink publisher.name-version → repo root). */
  linkExtension?: boolean;
  /** Install this .vsix with `code-server --install-extension` before start. */
  vsix?: string;
  /** Extra environment for code-server (and so for the extension host). */
  env?: Record<string, string>;
  /** Label used in the temp dir name and log file names. */
  label?: string;
  /** Use this (fresh) directory instead of making .vscode-test/tmp-<label>-*; removed by stop(). */
  tmpDir?: string;
  /** A fixed port (demo); default: a free one. */
  port?: number;
  /** Where code-server's own stdout/stderr go; default <tmp>/code-server.log. */
  logFile?: string;
}

export interface CodeServer {
  port: number;
  baseUrl: string;
  tmpDir: string;
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  process: ChildProcess;
  /** URL that opens `folder` (default: the workspace), optionally with a VS Code payload. */
  url(opts?: { folder?: string; payload?: [string, string][] }): string;
  /** vscode-remote:// URI for a path on this machine, as the payload wants. */
  remoteUri(p: string): string;
  /** Copies the server and extension-host logs into `dest`. */
  collectLogs(dest: string): void;
  stop(opts?: { keepTmp?: boolean }): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const p of live) killGroup(p, 'SIGKILL');
  });
  // Ctrl+C / kill: stop the servers too; exit as the default action would, unless someone else handles it
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const sig of Object.keys(codes) as (keyof typeof codes)[]) {
    process.on(sig, () => {
      for (const p of live) killGroup(p, 'SIGKILL');
      if (process.listenerCount(sig) === 1) process.exit(codes[sig]);
    });
  }
}

/** Signals code-server's whole process group (server, extension host, pty host), even after its leader exited. */
function killGroup(p: ChildProcess, signal: NodeJS.Signals): void {
  if (p.pid === undefined) return;
  try {
    process.kill(-p.pid, signal);
  } catch {
    /* group already gone */
  }
}

/** Environment without the variables that make code-server act as a client of another VS Code. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function writeSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

async function waitHealthy(port: number, p: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (p.exitCode !== null || p.signalCode !== null) throw new Error(`code-server exited early (${p.exitCode ?? p.signalCode})`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer on port ${port} within ${timeoutMs} ms`);
}

export function installVsix(vsix: string, extensionsDir: string, userDataDir: string): void {
  const r = spawnSync(
    codeServerBin(),
    ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', path.resolve(vsix), '--force'],
    { encoding: 'utf8', env: cleanEnv() },
  );
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) throw new Error(`installing ${vsix} failed:\n${out}`);
}

export async function startCodeServer(opts: StartOptions = {}): Promise<CodeServer> {
  ensureSetup();
  installExitHook();
  const tmpDir = opts.tmpDir ?? makeTmpDir(opts.label ?? 'vscode');
  const userDataDir = path.join(tmpDir, 'user-data');
  const extensionsDir = path.join(tmpDir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  const workspace = opts.workspace ?? copyWorkspace(tmpDir);
  writeSettings(userDataDir, { ...QUIET_SETTINGS, ...opts.settings });

  if (opts.linkExtension) {
    const m = manifest();
    fs.symlinkSync(REPO_ROOT, path.join(extensionsDir, `${m.publisher}.${m.name}-${m.version}`), 'dir');
  }
  if (opts.vsix) installVsix(opts.vsix, extensionsDir, userDataDir);

  const logFile = opts.logFile ?? path.join(tmpDir, 'code-server.log');
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = opts.port ?? (await freePort());
    const out = fs.openSync(logFile, 'a');
    const child = spawn(
      codeServerBin(),
      [
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--user-data-dir', userDataDir,
        '--extensions-dir', extensionsDir,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--config', path.join(tmpDir, 'config.yaml'), // not ~/.config/code-server
        workspace,
      ],
      // no marketplace: the extension gallery (open-vsx) is not reachable here and not wanted in tests
      { detached: true, stdio: ['ignore', out, out], env: cleanEnv({ EXTENSIONS_GALLERY: '{"serviceUrl":""}', ...opts.env }) },
    );
    fs.closeSync(out);
    live.add(child);
    child.on('exit', () => live.delete(child));
    try {
      await waitHealthy(port, child, 60_000);
    } catch (err) {
      lastError = err;
      killGroup(child, 'SIGKILL');
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
      if (opts.port === undefined && /EADDRINUSE/.test(log)) continue; // someone took the port: try another
      break;
    }
    return makeHandle({ port, child, tmpDir, workspace, userDataDir, extensionsDir, logFile });
  }
  if (!opts.tmpDir && !process.env.PCL_KEEP_TMP) fs.rmSync(tmpDir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

function makeHandle(h: {
  port: number;
  child: ChildProcess;
  tmpDir: string;
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
}): CodeServer {
  const baseUrl = `http://127.0.0.1:${h.port}`;
  const remoteUri = (p: string) => `vscode-remote://127.0.0.1:${h.port}${path.resolve(p)}`;
  return {
    port: h.port,
    baseUrl,
    tmpDir: h.tmpDir,
    workspace: h.workspace,
    userDataDir: h.userDataDir,
    extensionsDir: h.extensionsDir,
    logFile: h.logFile,
    process: h.child,
    remoteUri,
    url(opts = {}) {
      const q = new URLSearchParams({ folder: path.resolve(opts.folder ?? h.workspace) });
      if (opts.payload) q.set('payload', JSON.stringify(opts.payload));
      return `${baseUrl}/?${q.toString()}`;
    },
    collectLogs(dest) {
      fs.mkdirSync(dest, { recursive: true });
      if (fs.existsSync(h.logFile)) fs.copyFileSync(h.logFile, path.join(dest, 'code-server.log'));
      const logs = path.join(h.userDataDir, 'logs');
      if (fs.existsSync(logs)) fs.cpSync(logs, path.join(dest, 'vscode-logs'), { recursive: true });
    },
    async stop(opts = {}) {
      const child = h.child;
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        killGroup(child, 'SIGTERM');
        const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000).unref());
        if ((await Promise.race([exited, timer])) === 'timeout') killGroup(child, 'SIGKILL');
      }
      // the extension host and pty host share the process group: make sure none survives
      killGroup(child, 'SIGKILL');
      live.delete(child);
      if (!opts.keepTmp && !process.env.PCL_KEEP_TMP) fs.rmSync(h.tmpDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/setup-vscode.sh`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
