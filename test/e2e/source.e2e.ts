// Prompts in code (issue 13) as a person sees them in the real workbench (code-server + headless Chromium):
// examples/python-agent.py and examples/typescript-app.ts opened through Quick Open. On screen: a CodeLens on
// each recognised SDK call with its tokens and what the next call reads, the cacheable-prefix highlight inside
// the string literals, the f-string date outlined as a per-request value with its hover ("unknown at edit
// time"), a squiggle on it, and the cost panel showing the call under the cursor ("call 2 of 2").
// Screenshots: test-results/screenshots/source-*.png (and media/screenshots/ with PCL_UPDATE_SCREENSHOTS=1).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { startVSCode, waitForActivation, waitForIdleStatusBar, type VSCodeSession } from './harness';

const SETTINGS = {
  'editor.minimap.enabled': false,
  'editor.fontSize': 13,
  'breadcrumbs.enabled': false,
  'editor.stickyScroll.enabled': false,
  'editor.wordWrap': 'on',
  // the workbench's own TypeScript checks would underline the SDK imports (no node_modules in examples/)
  'typescript.validate.enable': false,
  'javascript.validate.enable': false,
  'promptCache.debounceMs': 150,
};

/** 1-based line of the first line of `file` matching `re`. */
function lineOf(workspace: string, file: string, re: RegExp): number {
  const lines = fs.readFileSync(path.join(workspace, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => re.test(l));
  assert.ok(i >= 0, `${file}: no line matching ${re}`);
  return i + 1;
}

/** Go to Line through Quick Open (":line:column"), which centers the line. */
async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 15_000 });
}

async function callLenses(page: Page): Promise<string[]> {
  return page.locator('.editor-instance .codelens-decoration', { hasText: /next call reads|nothing cached/ }).allInnerTexts();
}

async function waitForCallLens(page: Page, re: RegExp, timeout = 45_000): Promise<string> {
  const lens = page.locator('.editor-instance .codelens-decoration', { hasText: re }).first();
  await lens.waitFor({ timeout });
  return (await lens.innerText()).trim();
}

/** How many boxes of our decorations carry a background / a border on screen. */
async function decorated(page: Page): Promise<{ backgrounds: number; outlines: number }> {
  return page.evaluate(() => {
    let backgrounds = 0;
    let outlines = 0;
    for (const el of Array.from(document.querySelectorAll('.editor-instance .view-overlays div[class*="ced-"], .editor-instance .view-lines span[class*="ced-"]'))) {
      const cs = getComputedStyle(el);
      if (cs.backgroundColor && cs.backgroundColor !== 'rgba(0, 0, 0, 0)' && cs.backgroundColor !== 'transparent') backgrounds++;
      if (cs.borderTopStyle === 'dashed' || cs.borderTopStyle === 'dotted') outlines++;
    }
    return { backgrounds, outlines };
  });
}

function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

async function openPanel(s: VSCodeSession): Promise<FrameLocator> {
  const icon = s.page.locator('.part.activitybar .action-item .action-label[aria-label^="Prompt Cache Lens"]').first();
  await icon.waitFor({ state: 'visible', timeout: 30_000 });
  const expanded = await icon.getAttribute('aria-expanded').catch(() => null);
  if (expanded !== 'true') await icon.click();
  const frame = panelFrame(s.page);
  await frame.locator('#request:not([hidden])').waitFor({ timeout: 60_000 });
  return frame;
}

async function waitForFileName(frame: FrameLocator, re: RegExp, timeout = 30_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await frame.locator('#file-name').innerText().catch(() => '')).trim();
    if (re.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100)); // polling the webview's DOM (no event reaches the test)
  }
  assert.fail(`the panel shows "${last}", expected ${re}`);
}

describe('prompts in code in the real workbench', () => {
  it('python-agent.py: call lens, highlight in the literal, the f-string date outlined with its hover (dark)', async (t) => {
    const s = await startVSCode({ theme: 'Default Dark Modern', settings: SETTINGS, viewport: { width: 1440, height: 900 } });
    try {
      if (!fs.existsSync(path.join(s.workspace, 'python-agent.py'))) return t.skip('examples/python-agent.py missing');
      await s.openFile('python-agent.py');
      await waitForActivation(s);
      const page = s.page;
      // the call and the f-string with the date on screen together
      const callLine = lineOf(s.workspace, 'python-agent.py', /messages\.(create|stream)\(/);
      const dateLine = lineOf(s.workspace, 'python-agent.py', /\{[^}]*(today|datetime|now|date)[^}]*\}/i);
      await goToLine(page, Math.round((callLine + dateLine) / 2), 1);
      const lens = await waitForCallLens(page, /messages\.(create|stream)/);
      assert.match(lens, /≈?[\d,]+ tokens? · (next call reads|nothing cached)/);
      await goToLine(page, dateLine, 1);
      const d = await decorated(page);
      assert.ok(d.backgrounds > 0, 'no highlight on screen');
      assert.ok(d.outlines > 0, 'the dynamic span is not outlined');
      // the squiggle of the rule at the date
      await page.locator('.editor-instance :is(.squiggly-warning, .squiggly-error, .squiggly-info)').first().waitFor({ state: 'attached', timeout: 30_000 });
      // the README shot: the call's lens, the tints, the outlined date and its squiggle (no hover over them)
      await goToLine(page, Math.max(1, callLine - 14), 1);
      await goToLine(page, callLine, 1);
      await page.mouse.move(5, 890);
      await waitForIdleStatusBar(page);
      const png = await s.screenshot('source-python');
      assert.ok(fs.statSync(png).size > 20_000, 'screenshot is suspiciously small');

      // hover the outlined date: "unknown at edit time"
      const box = await page.evaluate(() => {
        for (const el of Array.from(document.querySelectorAll('.editor-instance .view-overlays div[class*="ced-"]'))) {
          if (getComputedStyle(el).borderTopStyle !== 'dashed') continue;
          const r = el.getBoundingClientRect();
          if (r.width > 0) return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
        }
        return undefined;
      });
      assert.ok(box, 'no per-request span outline on screen');
      await page.mouse.move(box!.x, box!.y);
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: /unknown at edit time/i }).first();
      await hover.waitFor({ state: 'visible', timeout: 15_000 });
      await page
        .waitForFunction(() => {
          const el = document.querySelector('.monaco-hover:not(.hidden)');
          return !!el && el.getAnimations({ subtree: true }).every((a) => a.playState !== 'running') && getComputedStyle(el).opacity === '1';
        }, undefined, { timeout: 5_000 })
        .catch(() => {});
      const text = await hover.innerText();
      assert.match(text, /Counted as ≥/);
      assert.match(text, /Changes on every request/);
      assert.deepEqual(s.consoleLines.filter((l) => /extension host terminated unexpectedly/i.test(l)), []);
    } catch (err) {
      await s.screenshot(`source-python-failed`).catch(() => undefined); // what was on screen, for the log
      throw err;
    } finally {
      await s.close();
    }
  });

  it('typescript-app.ts: a lens per call, the panel follows the call under the cursor (light)', async (t) => {
    const s = await startVSCode({ theme: 'Default Light Modern', settings: SETTINGS, viewport: { width: 1440, height: 900 } });
    try {
      if (!fs.existsSync(path.join(s.workspace, 'typescript-app.ts'))) return t.skip('examples/typescript-app.ts missing');
      await s.openFile('typescript-app.ts');
      await waitForActivation(s);
      const page = s.page;
      const text = fs.readFileSync(path.join(s.workspace, 'typescript-app.ts'), 'utf8').split('\n');
      const callLines = text.map((l, i) => (/\b(chat\.completions\.create|responses\.create|messages\.create|generateText|streamText|generateObject)\s*\(/.test(l) && !/^\s*(\/\/|\*|import)/.test(l) ? i + 1 : 0)).filter((n) => n > 0);
      assert.ok(callLines.length >= 2, `expected two calls in typescript-app.ts, found lines ${callLines.join(', ')}`);
      await goToLine(page, callLines[0], 1);
      await waitForCallLens(page, /tokens? · (next call reads|nothing cached)/);
      const frame = await openPanel(s);
      // the editor keeps the focus for Go to Line
      await page.mouse.move(700, 400);
      await page.keyboard.press('Control+1'); // View: Focus First Editor Group
      await goToLine(page, callLines[0] + 1, 5);
      const first = await waitForFileName(frame, /call 1 of \d+/);
      await goToLine(page, callLines[callLines.length - 1] + 1, 5);
      const last = await waitForFileName(frame, new RegExp(`call ${callLines.length} of ${callLines.length}\\b`));
      assert.notEqual(first, last, 'the panel did not follow the cursor to the other call');
      const lenses = await callLenses(page);
      assert.ok(lenses.length >= 1, 'no call lens on screen');
      await page.mouse.move(1000, 850); // below the last line: no hover, no tooltip
      await waitForIdleStatusBar(page);
      const png = await s.screenshot('source-typescript');
      assert.ok(fs.statSync(png).size > 20_000, 'screenshot is suspiciously small');
    } catch (err) {
      await s.screenshot(`source-typescript-failed`).catch(() => undefined); // what was on screen, for the log
      throw err;
    } finally {
      await s.close();
    }
  });
});
