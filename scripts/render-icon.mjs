#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (128×128, transparent corners: the Marketplace and the
// extension page want a PNG) with headless Chromium. Run after changing the SVG:
//   node scripts/render-icon.mjs   (CHROMIUM_PATH overrides /usr/bin/chromium)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pcl-icon-'));
try {
  fs.copyFileSync(path.join(root, 'media', 'icon.svg'), path.join(tmp, 'icon.svg'));
  fs.writeFileSync(path.join(tmp, 'page.html'), '<!doctype html><style>html,body{margin:0;background:transparent}img{display:block}</style><img src="icon.svg" width="128" height="128">');
  const out = path.join(root, 'media', 'icon.png');
  execFileSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--hide-scrollbars', '--default-background-color=00000000', '--window-size=128,128', `--screenshot=${out}`, `file://${path.join(tmp, 'page.html')}`], { stdio: ['ignore', 'ignore', 'ignore'], timeout: 60_000 });
  const png = fs.readFileSync(out);
  console.log(`${path.relative(root, out)}: ${png.readUInt32BE(16)}×${png.readUInt32BE(20)}, ${png.length} bytes`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
