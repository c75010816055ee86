// "Prompt Cache: Compare with…" as a person uses it: in the real workbench, a request whose tools were
// reordered since the last commit, the command from the Command Palette, "The file in git HEAD" from its
// quick pick; the diff view opens with both sides highlighted and a notification with the figures.
// Screenshot: compare-diff (media/screenshots/ with --update-screenshots).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCommand, SCREENSHOTS_DIR, startVSCode, waitForActivation, waitForIdleStatusBar } from './harness';

describe('compare: the diff view in the real workbench', () => {
  it('Compare with… → git HEAD opens a diff on the divergence', async () => {
    const vscode = await startVSCode({ settings: { 'editor.wordWrap': 'off', 'editor.minimap.enabled': false, 'breadcrumbs.enabled': false, 'diffEditor.renderSideBySide': true }, viewport: { width: 1440, height: 900 } });
    try {
      const dir = path.join(vscode.workspace, 'compare');
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e@x', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'ignore' });
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'examples');
      // The edit: the second tool first (what a client that sorts or shuffles its tools sends).
      fs.copyFileSync(path.join(dir, 'tools-reordered-b.json'), path.join(dir, 'tools-reordered-a.json'));
      await vscode.openFile('compare/tools-reordered-a.json');
      await waitForActivation(vscode);
      const page = vscode.page;
      await runCommand(page, 'Prompt Cache: Compare with…');
      const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'The file in git HEAD' }).first();
      await pick.waitFor({ timeout: 15_000 });
      await pick.click();
      // The diff editor with our title, and the notification with the figures.
      await page.locator('.tabs-container .tab.active', { hasText: 'tools-reordered' }).waitFor({ timeout: 30_000 });
      await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 30_000 });
      const toast = page.locator('.notification-toast', { hasText: 'Prompt Cache: tools-reordered' }).first();
      await toast.waitFor({ timeout: 30_000 });
      const text = await toast.innerText();
      assert.match(text, /tools-reordered: reads 0 of 3,927 tokens from cache \(unchanged: 3,923\)/);
      assert.match(text, /First difference: tool 1 \(check_trail_conditions → recommend_gear\), 496 tokens in/);
      // Both sides carry the highlight of the first difference (a decoration with a border).
      const sides = await page.evaluate(() =>
        Array.from(document.querySelectorAll('.monaco-diff-editor .editor.original, .monaco-diff-editor .editor.modified')).map(
          (ed) => Array.from(ed.querySelectorAll('.view-overlays div[class*="ced-"], .view-lines span[class*="ced-"]')).filter((el) => getComputedStyle(el).borderTopStyle === 'solid').length,
        ),
      );
      assert.equal(sides.length, 2, 'a side-by-side diff editor');
      assert.ok(sides.every((n) => n > 0), `highlight on both sides: ${sides.join(', ')}`);
      await waitForIdleStatusBar(page);
      await page.mouse.move(5, 895);
      await vscode.screenshot('compare-diff');
    } finally {
      await vscode.close();
    }
  });

  it('the cost panel shows the next turn line', async () => {
    const vscode = await startVSCode({ viewport: { width: 1280, height: 1000 } });
    try {
      await vscode.openFile('anthropic-long-conversation.json');
      await waitForActivation(vscode);
      await runCommand(vscode.page, 'Prompt Cache: Show Cache Cost Panel');
      const frame = vscode.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const line = frame.locator('#next-turn:not([hidden])');
      await line.waitFor({ timeout: 60_000 });
      assert.equal((await line.innerText()).trim(), 'Next turn: reads 4,375 of 4,411 tokens from cache: the breakpoints still hit.');
      fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
      await vscode.page.screenshot({ path: path.join(SCREENSHOTS_DIR, 'compare-next-turn-panel.png') }); // test-results only
    } finally {
      await vscode.close();
    }
  });
});
