// The panel's trace section in the real workbench, as a person sees it: open a trace file
// (examples/traces/support-session.jsonl), open the panel, read the rows, click the tools-reordered miss
// and land on its line. Screenshot: test-results/screenshots/trace-view.png (media/screenshots/ with
// --update-screenshots).
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { screenshot, startVSCode, waitForActivation, type VSCodeSession } from './harness';

describe('trace view', () => {
  let s: VSCodeSession;
  before(async () => {
    s = await startVSCode({ viewport: { width: 1400, height: 900 } });
  });
  after(async () => {
    await s?.close();
  });

  it('lists predicted against billed reads with the miss explanations; a row reveals its line', async () => {
    await s.openFile('traces/support-session.jsonl');
    await waitForActivation(s);
    const icon = s.page.locator('.part.activitybar .action-item .action-label[aria-label^="Prompt Cache Lens"]').first();
    await icon.waitFor({ state: 'visible', timeout: 30_000 });
    await icon.click();
    const frame = s.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const rows = frame.locator('#trace-section .trace-row');
    await rows.nth(9).waitFor({ timeout: 60_000 });
    assert.equal(await rows.count(), 10);
    const text = (await frame.locator('#trace-section').innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Trace: support-session\.jsonl/);
    assert.match(text, /ttl-expired: The entry of [\d,]+ tokens expired/);
    assert.match(text, /prefix-changed: Differs from call 6 at tool 1/);
    assert.match(text, /10 of 10 agree/);
    await frame.locator('#trace-section').scrollIntoViewIfNeeded();
    await rows.nth(6).click();
    // the editor's cursor moves to line 7 (the status bar shows "Ln 7")
    await s.page.locator('.statusbar-item[id="status.editor.selection"]', { hasText: /Ln 7,/ }).waitFor({ timeout: 20_000 });
    await rows.nth(4).scrollIntoViewIfNeeded();
    await screenshot(s.page, 'trace-view');
  });
});
