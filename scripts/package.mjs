#!/usr/bin/env node
// `npm run package`: builds the .vsix in its own folder, build/vsix/, so the development build in dist/
// (which `npm run demo` and the tests run from) is never touched. The staging folder gets the manifest,
// the docs, media/ (without the screenshots) and a production build of the bundles (esbuild.mjs run
// inside it); vsce packages that folder into prompt-cache-lens.vsix at the repo root.
//
// The README's images: VS Code shows an installed extension's README in a webview whose CSP allows
// images from https: and data: only, with no base URL, so a relative `media/…png` never loads there
// (vsce would rewrite it to the repository's https URL, but this project has no public repository). The
// staged README therefore carries each local image inline as a data: URI.
//   node scripts/package.mjs [-o FILE.vsix]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAGE = path.join(ROOT, 'build', 'vsix');
const args = process.argv.slice(2);
const oi = args.indexOf('-o');
const out = path.resolve(ROOT, oi >= 0 ? args[oi + 1] : 'prompt-cache-lens.vsix');

/** The local images README.md shows (markdown `![](…)` and html `<img src>`), relative to the repo. */
export function readmeImages(readme) {
  const refs = [...readme.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g), ...readme.matchAll(/<img\b[^>]*\bsrc=["']([^"']+)["']/gi)].map((m) => m[1]);
  return [...new Set(refs.filter((r) => !/^[a-z][a-z0-9+.-]*:/i.test(r) && !r.startsWith('#')).map((r) => decodeURI(r.replace(/^\.\//, '').split('#')[0])))];
}

const MIME = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.svg': 'image/svg+xml', '.webp': 'image/webp' };

/** README text with every local image (markdown and <img>) replaced by a data: URI of the file under `root`. */
export function inlineImages(readme, root) {
  const uri = (ref) => {
    const rel = decodeURI(ref.replace(/^\.\//, '').split('#')[0]);
    const file = path.join(root, rel);
    if (!fs.existsSync(file)) throw new Error(`README.md shows ${rel}, which does not exist`);
    const mime = MIME[path.extname(file).toLowerCase()];
    if (!mime) throw new Error(`README.md shows ${rel}: not an image type the extension page can show`);
    return `data:${mime};base64,${fs.readFileSync(file).toString('base64')}`;
  };
  const local = (ref) => !/^[a-z][a-z0-9+.-]*:/i.test(ref) && !ref.startsWith('#');
  return readme
    .replace(/(!\[[^\]]*\]\(\s*<?)([^)\s>]+)(>?(?:\s+"[^"]*")?\s*\))/g, (m, a, ref, b) => (local(ref) ? `${a}${uri(ref)}${b}` : m))
    .replace(/(<img\b[^>]*\bsrc=["'])([^"']+)(["'])/gi, (m, a, ref, b) => (local(ref) ? `${a}${uri(ref)}${b}` : m));
}

function copy(rel) {
  const from = path.join(ROOT, rel);
  if (!fs.existsSync(from)) return;
  fs.mkdirSync(path.dirname(path.join(STAGE, rel)), { recursive: true });
  fs.cpSync(from, path.join(STAGE, rel), { recursive: true, dereference: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  fs.rmSync(STAGE, { recursive: true, force: true });
  fs.mkdirSync(STAGE, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  // built below, in the staging folder: vsce must not run the prepublish build (it would write dist/)
  if (manifest.scripts) delete manifest.scripts['vscode:prepublish'];
  fs.writeFileSync(path.join(STAGE, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  for (const f of ['README.md', 'CHANGELOG.md', 'LICENSE', 'THIRD_PARTY_NOTICES.md', 'docs/rules']) copy(f);
  for (const f of fs.readdirSync(path.join(ROOT, 'media'))) if (f !== 'screenshots') copy(`media/${f}`);
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  fs.writeFileSync(path.join(STAGE, 'README.md'), inlineImages(readme, ROOT));
  copy('.vscodeignore');
  // the sources, for esbuild (run inside the staging folder: its dist/ is build/vsix/dist/)
  fs.symlinkSync(path.join(ROOT, 'src'), path.join(STAGE, 'src'), 'dir');
  execFileSync(process.execPath, [path.join(ROOT, 'esbuild.mjs'), '--production'], { cwd: STAGE, stdio: 'inherit' });
  const vsce = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
  execFileSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out], { cwd: STAGE, stdio: 'inherit' });
}
