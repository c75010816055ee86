// The demo and packaging scripts (issue 16): the demo works on a temporary copy of examples/ with
// auto-save off, and `npm run package` stages its build outside dist/ with the README's images.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

test('demo.sh opens a temporary copy of examples/, never the repository\'s own folder', () => {
  const sh = readFileSync(join(ROOT, 'scripts/demo.sh'), 'utf8');
  assert.match(sh, /WORK="\$\(mktemp -d /);
  assert.match(sh, /cp -R "\$ROOT\/examples\/\." "\$WORK\/"/);
  assert.match(sh, /folder=\$WORK"/);
  assert.match(sh, /--extensionDevelopmentPath="\$ROOT" "\$WORK"/);
  const opened = sh.split('\n').filter((l) => !l.trim().startsWith('#') && /\$ROOT\/examples\b/.test(l));
  assert.deepEqual(opened, ['cp -R "$ROOT/examples/." "$WORK/"'], 'examples/ is only copied');
});

test('demo.sh turns off VS Code for the web\'s default auto-save, so a fix stays unsaved and undoable', () => {
  const sh = readFileSync(join(ROOT, 'scripts/demo.sh'), 'utf8');
  assert.match(sh, /"files\.autoSave": "off"/);
});

test('package.mjs: the README images it ships (markdown and <img>, local only)', async () => {
  const { readmeImages } = await import('../../scripts/package.mjs');
  const md = '![a](media/screenshots/a.png) ![b](./media/b%20c.png "t") <img src="media/c.png" width=3> ![x](https://x.test/y.png) [link](media/d.png)';
  assert.deepEqual(readmeImages(md), ['media/screenshots/a.png', 'media/b c.png', 'media/c.png']);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.ok(readmeImages(readme).length >= 1);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.scripts.package, 'node scripts/package.mjs');
  assert.notEqual(pkg.publisher, pkg.name, 'a real publisher id, not the name again');
  assert.equal(pkg.icon, 'media/icon.png');
  const png = readFileSync(join(ROOT, pkg.icon));
  assert.equal(png.toString('latin1', 1, 4), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
});

test('package.mjs: the packaged README carries each local image inline (the extension page loads https: and data: images only)', async () => {
  const { inlineImages, readmeImages } = await import('../../scripts/package.mjs');
  const md = '| ![icon](media/icon.png) | <img src="./media/icon.png"> | ![web](https://x.test/a.png) |';
  const out = inlineImages(md, ROOT);
  assert.deepEqual(readmeImages(out), [], 'no relative image left');
  const b64 = readFileSync(join(ROOT, 'media/icon.png')).toString('base64');
  assert.equal(out.split(`data:image/png;base64,${b64}`).length, 3);
  assert.ok(out.includes('](https://x.test/a.png)'), 'remote images untouched');
  assert.throws(() => inlineImages('![x](media/missing.png)', ROOT), /does not exist/);
});
