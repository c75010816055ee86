// The cost panel as a person sees it, in the real workbench (code-server + headless Chromium): open an
// example request, open the panel from its activity bar icon, read the figures in the webview's DOM
// (nested iframes) and compare them with the engine's own figures for that file, computed here in the
// test process from src/core (analyze, costOfCalls, compareTtls). Then change inputs with the keyboard
// and check the figures follow. Screenshots at the default window size and side bar width in light, dark
// and high-contrast themes: test-results/screenshots/panel-*.png (and media/screenshots/ with
// --update-screenshots).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { analyze } from '../../src/core/analyze';
import { costOfCalls } from '../../src/core/cache/cost';
import { compareTtls } from '../../src/core/cache/ttlCompare';
import { resolveModel } from '../../src/core/models';
import type { Analysis } from '../../src/core/types';
import { fmtUsd } from '../../src/core/format';
import { SCREENSHOTS_DIR, startVSCode, waitForActivation, waitForIdleStatusBar, type ThemeName, type VSCodeSession } from './harness';
import { checkPanelLayout } from './layoutCheck';

const EXAMPLE = 'anthropic-cached-document.json';
const DEFAULTS = { calls: 100, rate: 2, rateUnit: 'minute' as const, outputTokens: 500 };

/**
 * The panel's document: the webview's outer iframe (VS Code layers webview views over the side bar, outside
 * its DOM subtree), then its active frame. Ours is the only webview in these sessions.
 */
function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

async function openPanel(s: VSCodeSession): Promise<FrameLocator> {
  // the activity bar icon of the panel's own view container
  const icon = s.page.locator('.part.activitybar .action-item .action-label[aria-label^="Prompt Cache Lens"]').first();
  await icon.waitFor({ state: 'visible', timeout: 30_000 });
  await icon.click();
  // (the view's header is hidden while it is the container's only view: wait for it to be attached)
  await s.page.locator('.part.sidebar .pane-header[aria-label^="Cache Cost"]').first().waitFor({ state: 'attached', timeout: 30_000 });
  const frame = panelFrame(s.page);
  await frame.locator('#request:not([hidden])').waitFor({ timeout: 60_000 });
  return frame;
}

async function num(frame: FrameLocator, id: string): Promise<number> {
  const v = await frame.locator(`#${id}`).getAttribute('data-value');
  assert.ok(v !== null && v !== '', `#${id} has no data-value`);
  return Number(v);
}

/** Waits until the figure `id` carries `value` (the webview updates in place after an input change). */
async function waitForValue(frame: FrameLocator, id: string, value: number, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await frame.locator(`#${id}`).getAttribute('data-value');
    if (last !== null && close(Number(last), value)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`#${id}: expected ${value}, the panel shows ${last}`);
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function assertClose(actual: number, expected: number, what: string): void {
  assert.ok(close(actual, expected), `${what}: panel ${actual}, engine ${expected}`);
}

function engine(workspace: string): { text: string; analysis: Analysis } {
  const file = path.join(workspace, EXAMPLE);
  const text = fs.readFileSync(file, 'utf8');
  // the extension's options with default settings: dialect auto, no default model, the file's name
  return { text, analysis: analyze(text, { fileName: file, dialect: 'auto', volatilePatterns: [] }) };
}

function costs(a: Analysis, usage: { calls: number; rate: number; rateUnit: 'minute' | 'hour'; outputTokens: number }) {
  const profile = resolveModel(a.model.profileId ?? a.model.name)!;
  const opts = {
    profile,
    plan: a.cache,
    inputTokens: a.inputTokens,
    outputTokens: usage.outputTokens,
    calls: usage.calls,
    callsPerMinute: usage.rateUnit === 'hour' ? usage.rate / 60 : usage.rate,
    modelName: a.model.name,
  };
  return { calls: costOfCalls(opts), ttl: compareTtls(opts) };
}

const slug = (theme: ThemeName) => (theme.includes('High Contrast') ? 'hc' : theme.includes('Light') ? 'light' : 'dark');

describe('cost panel in the real workbench', () => {
  describe('figures match the engine (light theme)', () => {
    let s: VSCodeSession;
    let frame: FrameLocator;
    let a: Analysis;

    before(async () => {
      s = await startVSCode({ theme: 'Default Light Modern', viewport: { width: 1440, height: 1000 } });
      await s.openFile(EXAMPLE);
      await waitForActivation(s);
      frame = await openPanel(s);
      a = engine(s.workspace).analysis;
      assert.equal(a.isRequest, true);
    });

    after(async () => {
      await s?.close();
    });

    it('shows the file and its model', async () => {
      assert.equal((await frame.locator('#file-name').innerText()).trim(), EXAMPLE);
      const sub = await frame.locator('#file-sub').innerText();
      assert.match(sub, new RegExp(resolveModel(a.model.name)!.displayName.replace(/\./g, '\\.')));
    });

    it('token split = the engine cache plan (the next call first, the identical repeat labelled)', async () => {
      await waitForValue(frame, 't-input', a.inputTokens);
      assert.equal(await num(frame, 't-read'), a.cache.cachedTokensNextCall);
      assert.equal(await num(frame, 't-repeat'), a.cache.cachedTokensOnRepeat);
      assert.match(await frame.locator('#t-read').locator('xpath=..').innerText(), /next call/i);
      assert.match(await frame.locator('#t-repeat').locator('xpath=..').innerText(), /identical repeat/i);
      assert.equal(await num(frame, 't-written'), a.cache.writtenTokens);
      assert.equal(await num(frame, 't-wonly'), a.cache.writeOnlyTokens);
      assert.equal(await num(frame, 't-never'), a.inputTokens - a.cache.cachedTokensNextCall - a.cache.writeOnlyTokens);
      assert.equal(await num(frame, 't-output'), DEFAULTS.outputTokens);
      // and as text, formatted
      assert.equal((await frame.locator('#t-input').innerText()).trim(), a.inputTokens.toLocaleString('en-US'));
      // the bar has a visible segment for the cached part
      const w = await frame.locator('#bar .seg.read').evaluate((el) => (el as HTMLElement).getBoundingClientRect().width);
      assert.ok(w > 10, `cached bar segment is ${w}px wide`);
    });

    it('cost per call and N calls = the engine cost model', async () => {
      const { calls } = costs(a, DEFAULTS);
      const out = calls.perCall.outputCost;
      assertClose(await num(frame, 'c-first'), a.cost!.firstCall + out, 'first call');
      assertClose(await num(frame, 'c-next'), a.cost!.nextCall + out, 'next call within TTL');
      assertClose(await num(frame, 'c-repeat'), a.cost!.repeatCall + out, 'identical repeat within TTL');
      // money reads as the engine's formatter writes it (the same string as the hover, status bar and CLI)
      assert.equal((await frame.locator('#c-next').innerText()).trim(), fmtUsd(a.cost!.nextCall + out));
      assertClose(await num(frame, 'c-uncached'), a.cost!.uncachedCall + out, 'without caching');
      // the input-only column: the engine's CostEstimate, the figures of the status bar and the CLI
      assertClose(await num(frame, 'c-first-in'), a.cost!.firstCall, 'first call, input');
      assertClose(await num(frame, 'c-next-in'), a.cost!.nextCall, 'next call, input');
      assert.equal((await frame.locator('#c-next-in').innerText()).trim(), fmtUsd(a.cost!.nextCall));
      assertClose(await num(frame, 'n-with'), calls.withCache, 'N calls with cache');
      assertClose(await num(frame, 'n-without'), calls.withoutCache, 'N calls without cache');
      assertClose(await num(frame, 'n-savings'), calls.savings, 'savings');
      assert.equal(await num(frame, 'n-breakeven'), calls.breakEvenCalls);
      const savingsText = await frame.locator('#n-savings').innerText();
      assert.match(savingsText, new RegExp(`\\(${Math.round(calls.savingsPercent)}%\\)`));
    });

    it('5 m vs 1 h TTL = compareTtls', async () => {
      const { ttl } = costs(a, DEFAULTS);
      assert.ok(ttl, 'an Anthropic request has a TTL comparison');
      await frame.locator('#ttl-section:not([hidden])').waitFor();
      assertClose(await num(frame, 'ttl5-with'), ttl.fiveMinutes.withCache, '5m N calls');
      assertClose(await num(frame, 'ttl1-with'), ttl.oneHour.withCache, '1h N calls');
      assert.equal((await frame.locator('#ttl-summary').innerText()).trim(), ttl.summary);
    });

    it('per-segment table: a row per segment with its tokens and cumulative count; a block says what it adds', async () => {
      const rows = frame.locator('#seg-body tr');
      const top = a.segments;
      const ids = await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.id));
      let expanded = 0;
      for (const seg of top) {
        assert.ok(ids.includes(seg.id), `segment ${seg.id} missing from the table (${ids.join(', ')})`);
        const tr = frame.locator(`#seg-body tr[data-id="${seg.id}"]`);
        assert.equal(Number(await tr.locator('td').nth(0).getAttribute('data-value')), seg.tokens, `${seg.id} tokens`);
        const cum = await tr.locator('td').nth(1).getAttribute('data-value');
        if ((await tr.getAttribute('class'))?.includes('expanded')) {
          // its blocks carry the cumulative figures: the message's row does not repeat its last block's
          expanded++;
          assert.equal(cum, null, `${seg.id}: no cumulative figure on an expanded message`);
          const last = seg.children![seg.children!.length - 1];
          const lastRow = frame.locator(`#seg-body tr[data-id="${last.id}"]`);
          assert.match((await lastRow.locator('td').nth(0).innerText()).trim(), /^\+/, 'a block says what it adds (+n)');
          assert.equal(Number(await lastRow.locator('td').nth(1).getAttribute('data-value')), seg.cumulativeTokens);
        } else {
          assert.equal(Number(cum), seg.cumulativeTokens, `${seg.id} cumulative`);
        }
      }
      assert.ok(expanded > 0, 'the example expands the message whose block carries a breakpoint');
      // real table markup for screen readers
      assert.equal(await frame.locator('#seg-table thead th[scope="col"]').count(), 3);
      assert.equal(await frame.locator('#seg-body th[scope="row"]').count(), ids.length);
      // the cache state is written in each row
      assert.equal(await frame.locator('#seg-body .chip[data-state]').count(), ids.length);
    });

    it('the legend of the editor tints uses the editor decorations’ theme colors', async () => {
      const legend = frame.locator('#legend');
      assert.match(await legend.innerText(), /read on the next call[\s\S]*written but never read/);
      const bg = await frame.locator('#legend .tint-read').evaluate((el) => getComputedStyle(el).backgroundImage);
      assert.match(bg, /gradient/, 'the tint sample is painted with promptCache.cachedPrefixBackground');
      const color = await frame.locator('#legend').evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--vscode-promptCache-cachedPrefixBackground').trim());
      assert.ok(color, 'the workbench passes the contributed color to the webview');
    });

    it('compares models in cards, each with its prices date and the settings link', async () => {
      assert.equal(await frame.locator('.cmp-card').count(), 3);
      const first = await frame.locator('#in-model-0').evaluate((el) => (el as HTMLSelectElement).options[(el as HTMLSelectElement).selectedIndex].textContent ?? '');
      assert.match(first, new RegExp(resolveModel(a.model.name)!.displayName.replace(/\./g, '\\.')), 'the first card = the current model');
      assert.match(await frame.locator('#cmp-h-0').innerText(), /current model/);
      const asOf = await frame.locator('.cmp-card tr[data-row="asOf"] td').allInnerTexts();
      assert.equal(asOf.length, 3);
      assert.ok(asOf.every((t) => /^\d{4}-\d{2}-\d{2}/.test(t.trim())), `as-of dates: ${asOf.join(' | ')}`);
      // the current-model card equals the panel's own N-call figure
      const withCell = frame.locator('.cmp-card[data-slot="0"] tr[data-row="with"] td');
      assertClose(Number(await withCell.getAttribute('data-value')), costs(a, DEFAULTS).calls.withCache, 'current model card');
      const href = await frame.locator('#prices-link').getAttribute('href');
      assert.match(href ?? '', /^command:workbench\.action\.openSettings\?/);
      assert.match(decodeURIComponent(href ?? ''), /promptCache\.prices/);
    });

    it('inputs are labelled and the figures follow them (keyboard only)', async () => {
      for (const id of ['in-calls', 'in-rate', 'in-unit', 'in-output', 'in-model-0', 'in-model-1', 'in-model-2']) {
        assert.equal(await frame.locator(`label[for="${id}"], #${id}[aria-label]`).count() > 0, true, `#${id} has a label`);
      }
      const calls = frame.locator('#in-calls');
      await calls.focus();
      await calls.press('Control+A');
      await calls.pressSequentially('1000');
      await calls.press('Tab'); // commits (change)
      const usage = { ...DEFAULTS, calls: 1000 };
      await waitForValue(frame, 'n-with', costs(a, usage).calls.withCache);

      // one call every 10 minutes: 5-minute entries expire, 1-hour ones survive
      const rate = frame.locator('#in-rate');
      await rate.focus();
      await rate.press('Control+A');
      await rate.pressSequentially('6');
      await rate.press('Tab');
      await frame.locator('#in-unit').selectOption('hour');
      const hourly = { ...usage, rate: 6, rateUnit: 'hour' as const };
      const expected = costs(a, hourly);
      await waitForValue(frame, 'n-with', expected.calls.withCache);
      await waitForValue(frame, 'ttl1-with', expected.ttl!.oneHour.withCache);
      assert.equal(expected.ttl!.cheaper, '1h');
      assert.match(await frame.locator('#ttl1-with').getAttribute('class') ?? '', /best/);

      // back to the defaults for the screenshots
      await calls.focus();
      await calls.press('Control+A');
      await calls.pressSequentially('100');
      await rate.focus();
      await rate.press('Control+A');
      await rate.pressSequentially('2');
      await rate.press('Tab');
      await frame.locator('#in-unit').selectOption('minute');
      await waitForValue(frame, 'n-with', costs(a, DEFAULTS).calls.withCache);
    });

    it('the webview has a strict CSP with a nonce and loads nothing remote', async () => {
      const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      assert.ok(csp);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'nonce-[A-Za-z0-9]+'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      // the only origins are the webview's own resource origin (webview.cspSource: 'self' and VS Code's
      // resource host *.vscode-cdn.net, served locally by the workbench), never a remote site
      const origins = csp.match(/https?:\/\/[^\s;]+/g) ?? [];
      for (const o of origins) assert.equal(o, 'https://*.vscode-cdn.net', `unexpected origin ${o} in the CSP`);
      const srcs = await frame.locator('script[src], link[href]').evaluateAll((els) => els.map((e) => e.getAttribute('src') ?? e.getAttribute('href') ?? ''));
      assert.ok(srcs.length >= 2);
      for (const src of srcs) assert.doesNotMatch(src, /^https?:\/\/(?!.*vscode-cdn\.net)/, `remote resource ${src}`);
    });
  });

  // The README's screenshots: the default window (1400×900) and the default side bar width (300 px), as a
  // person first sees the panel; the whole panel is checked for labels that do not read whole.
  for (const theme of ['Default Light Modern', 'Default Dark Modern', 'Default High Contrast'] as ThemeName[]) {
    it(`screenshot of the panel at the default size: ${theme}`, async () => {
      const s = await startVSCode({ theme, viewport: { width: 1400, height: 900 } });
      try {
        await s.openFile(EXAMPLE);
        await waitForActivation(s);
        const frame = await openPanel(s);
        const a = engine(s.workspace).analysis;
        await waitForValue(frame, 't-input', a.inputTokens);
        await waitForValue(frame, 'n-with', costs(a, DEFAULTS).calls.withCache);
        const box = await s.page.locator('.part.sidebar').boundingBox();
        assert.equal(Math.round(box?.width ?? 0), 300, 'the default side bar width');
        await frame.locator('#app').evaluate(() => {
          (globalThis as Record<string, unknown>).__name ??= (f: unknown) => f;
        });
        const problems = await frame.locator('#app').evaluate(checkPanelLayout);
        assert.deepEqual(problems, [], `labels that do not read whole in ${theme}`);
        await waitForIdleStatusBar(s.page);
        await s.page.mouse.move(900, 12); // off the activity bar: no tooltip over the panel
        await s.page.waitForTimeout(400);
        const png = await s.screenshot(`panel-${slug(theme)}`);
        assert.ok(fs.statSync(png).size > 20_000, 'screenshot is suspiciously small');
        // the lower part of the panel (segments, compare models), scrolled as a person would
        await frame.locator('#h-segments').scrollIntoViewIfNeeded();
        await frame.locator('#h-segments').evaluate((el) => el.scrollIntoView({ block: 'start' }));
        // (tracked for the light theme only; the others in test-results/)
        if (slug(theme) === 'light') await s.screenshot('panel-light-segments');
        else await s.page.screenshot({ path: path.join(SCREENSHOTS_DIR, `panel-${slug(theme)}-segments.png`) });
      } finally {
        await s.close();
      }
    });
  }
});
