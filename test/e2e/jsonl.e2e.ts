// A JSONL file (one request per line) as a person sees it at the default window size: one summary lens per
// line that fits the editor ("request 2 · 1,208 tokens · next call reads 1,152"), and the line's segments on
// demand (the "segments" lens opens a list; picking one selects it). Screenshot: media/screenshots/editor-jsonl.png
// (with PCL_UPDATE_SCREENSHOTS=1). PCL_SHOT_DIR=DIR also copies the screenshots there.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openFile, screenshot, startVSCode, waitForActivation, type VSCodeSession } from './harness';

let s: VSCodeSession;

function keep(file: string, name: string): void {
  const dir = process.env.PCL_SHOT_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(file, path.join(dir, `${name}.png`));
}

before(async () => {
  s = await startVSCode({ theme: 'Default Dark Modern', viewport: { width: 1400, height: 900 } });
  // the extension activates on the first request file opened, not before
  await openFile(s.page, 'batch-requests.jsonl');
  await waitForActivation(s);
});

after(async () => {
  await s?.close();
});

test('JSONL: each request line has one summary lens and a "segments" lens, and every lens row fits the editor', async () => {
  const { page } = s;
  await openFile(page, 'batch-requests.jsonl');
  await page.locator('.editor-instance .codelens-decoration', { hasText: 'request 3 ·' }).first().waitFor({ timeout: 60_000 });
  const rows = await page.evaluate(() => {
    const editor = document.querySelector('.editor-instance .monaco-editor .overflow-guard') as HTMLElement;
    const right = editor.getBoundingClientRect().right;
    return Array.from(document.querySelectorAll('.editor-instance .codelens-decoration')).map((el) => {
      const r = (el as HTMLElement).getBoundingClientRect();
      let widest = r.right;
      for (const a of Array.from(el.querySelectorAll('a, span'))) widest = Math.max(widest, a.getBoundingClientRect().right);
      return { text: (el as HTMLElement).innerText.replace(/\s+/g, ' ').trim(), right: widest, editorRight: right };
    });
  });
  assert.equal(rows.length, 3, rows.map((r) => r.text).join('\n'));
  for (const [i, r] of rows.entries()) {
    assert.match(r.text, new RegExp(`^request ${i + 1} · [\\d,]+ tokens · next call reads [\\d,]+ \\| \\S* ?\\d+ segments$`), r.text);
    assert.ok(r.right <= r.editorRight, `lens row ${i + 1} runs off the editor: ${r.right} > ${r.editorRight}`);
    assert.doesNotMatch(r.text, /Σ/, 'no per-segment lens on a JSONL line');
  }
  keep(await screenshot(page, 'editor-jsonl'), 'editor-jsonl');
});

test('JSONL: the "segments" lens lists the line\'s segments; picking one selects it in the editor', async () => {
  const { page } = s;
  await page.locator('.editor-instance .codelens-decoration a', { hasText: 'segments' }).nth(1).click();
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'system message 1' }).first();
  await row.waitFor({ timeout: 15_000 });
  const title = await page.locator('.quick-input-widget .quick-input-title').innerText();
  assert.match(title, /Segments of request 2 \(line 2\)/);
  const items = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
  assert.ok(items.some((t) => /system message 1 · 1,195 tokens · Σ 1,195/.test(t) && /first [\d,]+ tokens read on the next call/.test(t)), items.join('\n'));
  keep(await screenshot(page, 'editor-jsonl-segments'), 'editor-jsonl-segments');
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
  // the pick selects that segment on line 2 (the status bar's position item says so)
  const status = page.locator('.statusbar-item[id="status.editor.selection"]');
  await status.filter({ hasText: /Ln 2, Col \d+ \([\d,]+ selected\)/ }).waitFor({ timeout: 15_000 });
});
