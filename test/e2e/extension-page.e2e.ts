// The installed .vsix's extension page, as a person sees it in the Extensions view: the icon, the publisher,
// and the README with every image loaded from the package (none broken). Packages the extension into a temp
// folder first (scripts/package.mjs; dist/ untouched) unless PCL_VSIX names a .vsix.
// PCL_SHOT_DIR=DIR also copies the screenshot there.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/code-server';
import { screenshot, startVSCode, type VSCodeSession } from './harness';

let s: VSCodeSession;
let tmp: string | undefined;
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

before(async () => {
  let vsix = process.env.PCL_VSIX;
  if (!vsix) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pcl-page-'));
    vsix = path.join(tmp, 'prompt-cache-lens.vsix');
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'package.mjs'), '-o', vsix], { cwd: REPO_ROOT, stdio: 'ignore' });
  }
  s = await startVSCode({ theme: 'Default Dark Modern', viewport: { width: 1400, height: 900 }, extension: { vsix: path.resolve(vsix) } });
});

after(async () => {
  await s?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('extension page of the installed .vsix: icon, publisher, and every README image loads', async () => {
  const { page } = s;
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 5 } }).catch(() => {});
    await page.keyboard.press('Control+Shift+X');
    const search = page.locator('.extensions-viewlet .suggest-input-container .monaco-editor').first();
    await search.waitFor({ timeout: 30_000 });
    await search.click();
    await page.keyboard.type('@installed');
  const item = page.locator('.extensions-viewlet .monaco-list-row', { hasText: manifest.displayName }).first();
  await item.waitFor({ timeout: 60_000 });
  await item.click();
  const editor = page.locator('.extension-editor');
  await editor.waitFor({ timeout: 30_000 });
  // the header: name, publisher (not the name again), icon loaded from the package
  const publisher = (await editor.locator('.header .publisher').first().innerText()).trim();
  assert.ok(publisher.length > 0 && publisher !== manifest.name, `publisher: ${publisher}`);
  const icon = await editor.locator('.header .icon').first().evaluate((img: HTMLImageElement) => ({ src: img.src, w: img.naturalWidth }));
  assert.ok(icon.w > 0 && !/default-icon|extension-default/i.test(icon.src), `icon: ${JSON.stringify(icon)}`);
  // the README, in the details webview: wait for its images to settle
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await frame.locator('h1').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1500);
  const images = await frame.locator('img').evaluateAll((els) =>
    els.map((e) => {
      const img = e as HTMLImageElement;
      return { src: img.getAttribute('src') ?? '', complete: img.complete, w: img.naturalWidth };
    }),
  );
  assert.ok(images.length >= 1, 'the README shows images');
  const broken = images.filter((i) => !i.complete || i.w === 0);
  assert.deepEqual(broken, [], `broken images on the extension page: ${broken.map((b) => b.src).join(', ')}`);
  const shots = [await screenshot(page, 'extension-page')];
  await frame.locator('img').first().scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  shots.push(await screenshot(page, 'extension-page-images'));
  if (process.env.PCL_SHOT_DIR) {
    fs.mkdirSync(process.env.PCL_SHOT_DIR, { recursive: true });
    for (const f of shots) fs.copyFileSync(f, path.join(process.env.PCL_SHOT_DIR, path.basename(f)));
  }
});
