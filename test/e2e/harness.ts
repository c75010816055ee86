// Helpers for browser tests that drive the real VS Code workbench (code-server 4.100.3) as a person
// would: headless Chromium, the extension installed from this folder, a throwaway copy of examples/.
// Run with `npm run test:e2e` (node:test via tsx); see scripts/run-vscode-tests.mjs --e2e.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT, RESULTS_DIR, extensionId, launchChromium, startCodeServer, type CodeServer } from '../../scripts/lib/code-server';

export const THEMES = ['Default Light Modern', 'Default Dark Modern', 'Default High Contrast'] as const;
export type ThemeName = (typeof THEMES)[number];

export const SCREENSHOTS_DIR = path.join(RESULTS_DIR, 'screenshots');
/** Tracked screenshots for the README: written only with PCL_UPDATE_SCREENSHOTS=1 (`npm run screenshots`). */
export const README_SCREENSHOTS_DIR = path.join(REPO_ROOT, 'media', 'screenshots');

export interface StartVSCodeOptions {
  /** workbench.colorTheme, written to the user settings before start. Default: Default Dark Modern. */
  theme?: ThemeName;
  /** More user settings (e.g. the extension's own). */
  settings?: Record<string, unknown>;
  /** Folder to open; default: a fresh copy of examples/. */
  workspace?: string;
  /** 'link' (default): the repo folder as an installed extension; 'none': no extension; or a .vsix path. */
  extension?: 'link' | 'none' | { vsix: string };
  viewport?: { width: number; height: number };
}

export interface VSCodeSession {
  server: CodeServer;
  browser: Browser;
  page: Page;
  /** Absolute path of the opened folder (a copy of examples/ unless given). */
  workspace: string;
  /** Everything the page logged (console + page errors), for assertions and debugging. */
  consoleLines: string[];
  openFile(relPath: string): Promise<void>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startVSCode(opts: StartVSCodeOptions = {}): Promise<VSCodeSession> {
  const ext = opts.extension ?? 'link';
  const server = await startCodeServer({
    label: 'e2e',
    workspace: opts.workspace,
    settings: { 'workbench.colorTheme': opts.theme ?? 'Default Dark Modern', ...opts.settings },
    linkExtension: ext === 'link',
    vsix: typeof ext === 'object' ? ext.vsix : undefined,
  });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1280, height: 800 } });
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    await page.goto(server.url(), { waitUntil: 'domcontentloaded' });
    await waitForWorkbench(page);
    const b = browser;
    return {
      server,
      browser: b,
      page,
      workspace: server.workspace,
      consoleLines,
      openFile: (rel) => openFile(page, rel),
      screenshot: (name) => screenshot(page, name),
      async close() {
        await b.close().catch(() => {});
        server.collectLogs(path.join(RESULTS_DIR, 'e2e-logs', path.basename(server.tmpDir)));
        await server.stop();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw err;
  }
}

/** Waits until the workbench is up: its root element and the activity bar are rendered. */
export async function waitForWorkbench(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForSelector('.monaco-workbench', { timeout });
  await page.waitForSelector('.part.activitybar, .part.sidebar', { timeout });
}

/**
 * Waits until the extension host has activated the extension (its log says so) and the status bar no
 * longer shows "Activating Extensions…".
 */
export async function waitForActivation(session: { server: CodeServer; page: Page }, id = extensionId(), timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  const logsDir = path.join(session.server.userDataDir, 'logs');
  const activated = () =>
    fs.existsSync(logsDir) &&
    fs
      .readdirSync(logsDir, { recursive: true })
      .map(String)
      .filter((f) => /exthost\.log$/i.test(f))
      .some((f) => fs.readFileSync(path.join(logsDir, f), 'utf8').includes(`_doActivateExtension ${id},`));
  while (!activated()) {
    if (Date.now() > deadline) throw new Error(`${id} was not activated within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
  await session.page
    .locator('.statusbar-item', { hasText: 'Activating Extensions' })
    .waitFor({ state: 'detached', timeout: Math.max(1000, deadline - Date.now()) });
}

/**
 * Waits (up to `timeout`, without failing) until no status bar item spins: extensions have finished
 * their work on the open editor, so a screenshot shows the settled state.
 */
export async function waitForIdleStatusBar(page: Page, timeout = 15_000): Promise<boolean> {
  return page
    .locator('.part.statusbar .codicon-modifier-spin')
    .first()
    .waitFor({ state: 'detached', timeout })
    .then(() => true, () => false);
}

/** Opens a file of the workspace through Quick Open (Ctrl+P), as a person would, and waits for its tab. */
export async function openFile(page: Page, relPath: string): Promise<void> {
  const name = path.basename(relPath);
  await page.locator('.monaco-workbench').click({ position: { x: 600, y: 5 } }).catch(() => {}); // focus the window
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(relPath);
  // wait for the file result, not just any row (the list fills in as the file search answers)
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: name })
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
}

/** Runs a command from the Command Palette by its title (F1, type, Enter). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Moves the cursor in the active editor with Go to Line (Ctrl+G), 1-based line and column. */
export async function goToPosition(page: Page, line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 15_000 });
}

/** Shows the hover at the cursor (Ctrl+K Ctrl+I) and returns its text once it has some. */
export async function readHoverAtCursor(page: Page, timeout = 15_000): Promise<string> {
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
  await hover.waitFor({ state: 'visible', timeout });
  return (await hover.innerText()).trim();
}

/** Hovers the mouse over the first editor text matching `text` and returns the hover's text. */
export async function readHoverOver(page: Page, text: string, timeout = 15_000): Promise<string> {
  await page.locator('.editor-instance .view-lines span', { hasText: text }).first().hover();
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
  await hover.waitFor({ state: 'visible', timeout });
  return (await hover.innerText()).trim();
}

/** Counts the squiggles in the visible editor, by severity. */
export async function squiggles(page: Page): Promise<{ error: number; warning: number; info: number; hint: number }> {
  const count = (cls: string) => page.locator(`.editor-instance .${cls}`).count();
  return {
    error: await count('squiggly-error'),
    warning: await count('squiggly-warning'),
    info: await count('squiggly-info'),
    hint: await count('squiggly-hint'),
  };
}

/** Waits until the visible editor shows at least one squiggle (warning, error or info). */
export async function waitForSquiggles(page: Page, timeout = 30_000): Promise<void> {
  await page.locator('.editor-instance :is(.squiggly-error, .squiggly-warning, .squiggly-info)').first().waitFor({ state: 'attached', timeout });
}

/** Opens the Problems panel (Ctrl+Shift+M) and returns its rows' text. */
export async function readProblems(page: Page): Promise<string[]> {
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  await rows.first().waitFor({ timeout: 15_000 }).catch(() => {});
  return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/**
 * Saves a PNG of the page to test-results/screenshots/<name>.png and, with PCL_UPDATE_SCREENSHOTS=1,
 * to media/screenshots/<name>.png (tracked, used by the README). Returns the test-results path.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  if (process.env.PCL_UPDATE_SCREENSHOTS === '1') {
    fs.mkdirSync(README_SCREENSHOTS_DIR, { recursive: true });
    fs.copyFileSync(file, path.join(README_SCREENSHOTS_DIR, `${name}.png`));
  }
  return file;
}

/** The JSON request files of examples/ (relative paths, sorted): what the tests open. */
export function exampleRequests(): string[] {
  const dir = path.join(REPO_ROOT, 'examples');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.json'))
    .sort();
}
