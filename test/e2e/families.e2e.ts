// The API families of late 2026 as a person sees them in the real workbench (code-server + headless
// Chromium): a GPT-5.6 Responses request, a Gemini request, a Bedrock Converse request and a Qwen
// (DashScope) request, each opened through Quick Open. For each, the status bar and the cost panel must show
// the engine's own figures for that file (computed here in the test process from src/core): the model and
// its rules (the plan's notes), the tokens the next call reads, the prices and the next call's cost.
// Screenshots: test-results/screenshots/family-*.png (and media/screenshots/ with --update-screenshots).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { analyze } from '../../src/core/analyze';
import { costOfCalls } from '../../src/core/cache/cost';
import { resolveModel } from '../../src/core/models';
import { fmtUsd } from '../../src/core/format';
import type { Analysis } from '../../src/core/types';
import { statusBarText } from '../../src/extension/text';
import { startVSCode, waitForActivation, waitForIdleStatusBar, type VSCodeSession } from './harness';

const FAMILIES: { file: string; slug: string; family: string; notExact: boolean }[] = [
  { file: 'openai-responses-gpt-5.6-breakpoints.json', slug: 'openai-responses-gpt-5.6', family: 'openai-breakpoints', notExact: true },
  { file: 'gemini-generate-content.json', slug: 'gemini', family: 'automatic', notExact: true },
  { file: 'bedrock-converse-cachepoints.json', slug: 'bedrock-converse', family: 'breakpoints', notExact: true },
  { file: 'dashscope-qwen-explicit-cache.json', slug: 'qwen-dashscope', family: 'breakpoints', notExact: true },
];
const OUTPUT_TOKENS = 500;

function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

async function openPanel(s: VSCodeSession): Promise<FrameLocator> {
  const icon = s.page.locator('.part.activitybar .action-item .action-label[aria-label^="Prompt Cache Lens"]').first();
  await icon.waitFor({ state: 'visible', timeout: 30_000 });
  const frame = panelFrame(s.page);
  // open it from its activity bar icon unless it is already showing (a second click would close the side bar)
  const showing = await frame.locator('#request:not([hidden])').waitFor({ timeout: 3_000 }).then(() => true, () => false);
  if (!showing) await icon.click();
  await frame.locator('#request:not([hidden])').waitFor({ timeout: 60_000 });
  return frame;
}

async function waitFor<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeout = 30_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  for (;;) {
    last = await read().catch(() => undefined as T);
    if (last !== undefined && ok(last)) return last;
    if (Date.now() > deadline) assert.fail(`${what}: last seen ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 150)); // polling the DOM: there is no event to wait on from outside the page
  }
}

/** The status bar item of the extension (its accessible label is the text without codicons). */
async function statusItem(page: Page): Promise<string> {
  const items = await page.locator('.part.statusbar .statusbar-item').allInnerTexts();
  return items.map((t) => t.replace(/\s+/g, ' ').trim()).find((t) => / in · .* cached/.test(t)) ?? '';
}

const plain = (s: string) => s.replace(/\$\([^)]*\)\s*/g, '').replace(/\s+/g, ' ').trim();

describe('API families in the real workbench: status bar and panel show the engine figures', () => {
  let s: VSCodeSession;

  before(async () => {
    s = await startVSCode({ theme: 'Default Light Modern', viewport: { width: 1440, height: 1400 } });
  });

  after(async () => {
    await s?.close();
  });

  for (const fam of FAMILIES) {
    it(`${fam.file}: ${fam.family} rules, prices and next-call figures`, async () => {
      const file = path.join(s.workspace, fam.file);
      const text = fs.readFileSync(file, 'utf8');
      const a: Analysis = analyze(text, { fileName: file, dialect: 'auto', volatilePatterns: [] });
      assert.equal(a.isRequest, true, `${fam.file} is a request`);
      assert.equal(a.cache.family, fam.family, `${fam.file}: engine family`);
      assert.ok(a.inputTokens > 0, 'the engine counted the request');
      if (fam.notExact) assert.equal(a.exact, false, 'an estimate is labelled as one');
      const profile = resolveModel(a.model.profileId ?? a.model.name ?? '');
      assert.ok(profile, `${fam.file}: a known model (${a.model.name})`);

      await s.openFile(fam.file);
      await waitForActivation(s);
      await waitForIdleStatusBar(s.page);
      const expectedStatus = plain(statusBarText(a));
      await waitFor(`status bar for ${fam.file} = "${expectedStatus}"`, () => statusItem(s.page), (t) => plain(t) === expectedStatus);

      const frame = await openPanel(s);
      await waitFor(`panel file name ${fam.file}`, async () => (await frame.locator('#file-name').innerText()).trim(), (t) => t === fam.file);
      const sub = await frame.locator('#file-sub').innerText();
      assert.ok(sub.includes(profile.displayName), `panel names the model ${profile.displayName}: "${sub}"`);
      const num = async (id: string) => Number(await frame.locator(`#${id}`).getAttribute('data-value'));
      await waitFor('panel input tokens', () => num('t-input'), (v) => v === a.inputTokens);
      assert.equal(await num('t-read'), a.cache.cachedTokensNextCall, 'next call reads');
      assert.equal(await num('t-written'), a.cache.writtenTokens, 'first call writes');
      // the rules that apply: the plan's notes, word for word
      const notes = (await frame.locator('#notes li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      for (const n of a.cache.notes) assert.ok(notes.includes(n.replace(/\s+/g, ' ').trim()), `panel note missing: "${n}"\npanel: ${notes.join(' | ')}`);
      // the prices: the next call's cost with the panel's default output tokens
      assert.ok(a.cost, 'the engine priced the request');
      const out = (OUTPUT_TOKENS / 1e6) * a.cost!.prices.output;
      const next = await num('c-next');
      assert.ok(Math.abs(next - (a.cost!.nextCall + out)) < 1e-9, `next call cost: panel ${next}, engine ${a.cost!.nextCall + out}`);
      assert.equal((await frame.locator('#c-next').innerText()).trim(), fmtUsd(a.cost!.nextCall + out));
      // the TTL the family's entries live for, in the cost table's label (GPT-5.6+: 30 minutes)
      const ttlLabel = (await frame.locator('#c-ttl').innerText()).trim();
      const calls = costOfCalls({ profile, plan: a.cache, inputTokens: a.inputTokens, outputTokens: OUTPUT_TOKENS, calls: 100, callsPerMinute: 2, modelName: a.model.name });
      assert.equal(ttlLabel, { '5m': '5 min', '30m': '30 min', '1h': '1 hour' }[calls.ttl], `TTL label for ${fam.file}`);
      if (fam.family === 'openai-breakpoints') assert.equal(ttlLabel, '30 min');
      const png = await s.screenshot(`family-${fam.slug}`);
      assert.ok(fs.statSync(png).size > 20_000, 'screenshot is suspiciously small');
    });
  }
});
