// The editor as a person sees it: the real workbench (code-server) in headless Chromium, an example request
// opened through Quick Open, and then what is on screen: the cacheable-prefix highlight, the breakpoint
// label at the end of its line, the token-count CodeLenses, the status bar and a hover. Screenshots go to
// test-results/screenshots/ and, with PCL_UPDATE_SCREENSHOTS=1 (`--update-screenshots`), to
// media/screenshots/ for the README.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startVSCode, waitForActivation, type StartVSCodeOptions, type ThemeName } from './harness';

const SETTINGS = {
  'editor.wordWrap': 'on',
  'editor.minimap.enabled': false,
  'editor.fontSize': 13,
  'workbench.activityBar.location': 'default',
  'breadcrumbs.enabled': false,
  'promptCache.debounceMs': 150,
};

/** Text of the end-of-line labels (decorations' `after` content, rendered as ::after or injected text). */
async function decorationLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out = new Set<string>();
    for (const el of Array.from(document.querySelectorAll('.editor-instance .view-lines span'))) {
      const after = getComputedStyle(el, '::after').content;
      if (after && after !== 'none' && after !== 'normal') out.add(after.replace(/^"|"$/g, ''));
      if (/\bced-/.test(el.className) && el.textContent) out.add(el.textContent);
    }
    // Long breakpoint lines repeat their label as a CodeLens above the line.
    for (const el of Array.from(document.querySelectorAll('.editor-instance .codelens-decoration'))) out.add((el as HTMLElement).innerText);
    return [...out];
  });
}

/** How many overlay boxes carry a non-transparent background from one of our decorations. */
async function highlightBoxes(page: Page): Promise<number> {
  return page.evaluate(() => {
    let n = 0;
    for (const el of Array.from(document.querySelectorAll('.editor-instance .view-overlays div[class*="ced-"]'))) {
      const bg = getComputedStyle(el).backgroundColor;
      if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') n++;
    }
    return n;
  });
}

async function waitForLabel(page: Page, re: RegExp, timeout = 30_000): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const hit = (await decorationLabels(page)).find((l) => re.test(l));
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`no label matching ${re} on screen; labels: ${(await decorationLabels(page)).join(' | ')}`);
    await page.waitForTimeout(200); // polling the DOM (there is no event to wait on from outside the page)
  }
}

/** Go to Line through Quick Open (":line:column"), which centers the line; robust to Ctrl+G opening file search. */
async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`:${line}:${column}`);
  await page.locator('.quick-input-widget', { hasText: /Go to line|line \d+/i }).first().waitFor({ timeout: 15_000 }).catch(() => {});
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 15_000 });
}

async function statusBarText(page: Page): Promise<string> {
  const item = page.locator('.statusbar-item', { hasText: / cached/ }).first();
  await item.waitFor({ timeout: 30_000 });
  return (await item.innerText()).trim();
}

interface Shot {
  file: string;
  screenshot: string;
  theme?: ThemeName;
  /** 1-based line to center (Go to Line) before the screenshot. */
  line?: number;
  label: RegExp;
  settings?: Record<string, unknown>;
  hoverText?: string;
}

const SHOTS: Shot[] = [
  { file: 'openai-support-agent.json', screenshot: 'editor-openai', line: 33, label: /automatic prefix boundary · 5m · ≈?[\d,]+ tokens/ },
  { file: 'anthropic-cached-document.json', screenshot: 'editor-anthropic', line: 76, label: /cache breakpoint · 1h · ≈[\d,]+ tokens/, settings: { 'editor.wordWrap': 'off' } },
  { file: 'openrouter-gateway-claude.jsonc', screenshot: 'editor-gateway', line: 14, label: /cache breakpoint · 5m · ≈[\d,]+ tokens/, theme: 'Default Light Modern' },
  { file: 'anthropic-cache-mistakes.json', screenshot: 'editor-below-minimum-hover', line: 14, label: /below [\d,]+ minimum — not cached/, settings: { 'editor.wordWrap': 'off' }, hoverText: 'Summarise the returns policy' },
  { file: 'order-status.prompty', screenshot: 'editor-prompty', line: 76, label: /automatic prefix boundary/, theme: 'Default High Contrast' },
  // Dotprompt: the boundary stops at the first placeholder without a default after {{history}}
  { file: 'support-triage.prompt', screenshot: 'editor-dotprompt', line: 68, label: /automatic prefix boundary/, theme: 'Default Light Modern' },
  // a timestamp before the only breakpoint: the next call reads nothing; the hover says so and labels the repeat
  { file: 'timestamp-before-breakpoint.json', screenshot: 'editor-next-call-hover', line: 12, label: /cache breakpoint · 5m · ≈[\d,]+ tokens · next call reads ≈?0/, settings: { 'editor.wordWrap': 'off' }, hoverText: 'Colorado Plateau' },
];

describe('editor: highlight, breakpoint labels, counts and status bar in the real workbench', () => {
  for (const shot of SHOTS) {
    it(`${shot.file} (${shot.theme ?? 'Default Dark Modern'})`, async (t) => {
      const opts: StartVSCodeOptions = { theme: shot.theme, settings: { ...SETTINGS, ...shot.settings }, viewport: { width: 1440, height: 900 } };
      const vscode = await startVSCode(opts);
      try {
        if (!fs.existsSync(`${vscode.workspace}/${shot.file}`)) return t.skip(`${shot.file} not in examples/`);
        await vscode.openFile(shot.file);
        await waitForActivation(vscode);
        const page = vscode.page;

        // CodeLens token counts ("system message 1 · 1,195 tokens · Σ 1,195").
        await page.locator('.editor-instance .codelens-decoration', { hasText: 'Σ' }).first().waitFor({ timeout: 30_000 });
        const lens = await page.locator('.editor-instance .codelens-decoration', { hasText: 'Σ' }).first().innerText();
        assert.match(lens, /· ≈?[\d,]+ tokens? · Σ ≈?[\d,]+/);

        // Status bar: model · input · cached on the next call · next-call cost.
        const sb = await statusBarText(page);
        assert.match(sb, /[\d,]+ in · ≈?[\d,]+ cached( · \$[\d.]+\/call)?/);

        if (shot.line) await goToLine(page, shot.line, 1);
        const label = await waitForLabel(page, shot.label);
        assert.match(label, shot.label);
        if (!/below/.test(label) || shot.file !== 'anthropic-cache-mistakes.json') assert.ok((await highlightBoxes(page)) > 0, 'no cacheable-prefix highlight on screen');

        if (shot.hoverText) {
          await page.locator('.editor-instance .view-lines span', { hasText: shot.hoverText }).first().hover({ position: { x: 40, y: 5 } });
          const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
          await hover.waitFor({ state: 'visible', timeout: 15_000 });
          // Let the fade-in finish so the screenshot shows the hover opaque.
          await page.waitForFunction(() => {
            const el = document.querySelector('.monaco-hover:not(.hidden)');
            return !!el && el.getAnimations({ subtree: true }).every((a) => a.playState !== 'running') && getComputedStyle(el).opacity === '1';
          }, undefined, { timeout: 5_000 }).catch(() => {});
          const text = await hover.innerText();
          assert.match(text, /On the next call/);
          assert.match(text, /Why not/);
          assert.doesNotMatch(text, /On a repeat|writes 0/);
          if (shot.file === 'timestamp-before-breakpoint.json') {
            assert.match(text, /Identical repeat/);
            assert.match(text, /the next call reads ≈?0 \(an identical repeat reads/);
          }
        } else {
          // Park the mouse and the cursor where they do not cover anything.
          await page.mouse.move(5, 890);
        }
        const png = await vscode.screenshot(shot.screenshot);
        assert.ok(fs.statSync(png).size > 20_000, 'screenshot is suspiciously small');
        const crashed = vscode.consoleLines.filter((l) => /extension host terminated unexpectedly/i.test(l));
        assert.deepEqual(crashed, []);
      } finally {
        await vscode.close();
      }
    });
  }
});
