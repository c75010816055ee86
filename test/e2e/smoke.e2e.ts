// Smoke test as a person would see it: the workbench comes up in each built-in theme with the
// extension installed, an example request opens through Quick Open, and a screenshot is taken.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { THEMES, exampleRequests, startVSCode, waitForActivation, waitForIdleStatusBar } from './harness';

const slug = (theme: string) => theme.replace(/^Default /, '').toLowerCase().replace(/\s+/g, '-');

describe('smoke: an example request in the real workbench', () => {
  for (const theme of THEMES) {
    it(`opens an example in ${theme}`, async () => {
      const [example] = exampleRequests();
      assert.ok(example, 'examples/ has no *.json request file');
      const vscode = await startVSCode({ theme });
      try {
        await vscode.openFile(example);
        const text = await vscode.page.locator('.editor-instance .view-lines').first().innerText();
        const firstKey = Object.keys(JSON.parse(fs.readFileSync(`${vscode.workspace}/${example}`, 'utf8')))[0];
        assert.ok(text.includes(firstKey), `editor does not show ${example}: ${text.slice(0, 200)}`);
        await waitForActivation(vscode);
        await waitForIdleStatusBar(vscode.page);
        const png = await vscode.screenshot(`smoke-${slug(theme)}`);
        assert.ok(fs.statSync(png).size > 10_000, 'screenshot is suspiciously small');
        const crashed = vscode.consoleLines.filter((l) => /extension host terminated unexpectedly/i.test(l));
        assert.deepEqual(crashed, []);
      } finally {
        await vscode.close();
      }
    });
  }
});
