#!/usr/bin/env node
// `npm run test:vsix`: packages the extension (`npm run package`, production build in build/vsix/), checks
// what the .vsix holds (no source maps, only the screenshots the README shows, every README image inside
// the package, the icon, the bundles present) and its size, then installs
// it into a fresh code-server (`code-server --install-extension`) and runs the smoke suite of
// test/integration against the installed extension: it must activate and analyse an example.
//   node scripts/test-vsix.mjs [file.vsix] [--all]   (--all: the whole integration suite)
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { ROOT } from './build-tests.mjs';
import { readmeImages } from './package.mjs';

const args = process.argv.slice(2);
let vsix = args.find((a) => a.endsWith('.vsix'));
if (!vsix) {
  vsix = path.join(ROOT, 'prompt-cache-lens.vsix');
  const t = Date.now();
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'inherit' });
  console.log(`packaged in ${((Date.now() - t) / 1000).toFixed(1)}s`);
}
vsix = path.resolve(vsix);

/** Names in a zip's central directory (a .vsix is a zip); no unzip binary needed. */
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${file} is not a zip`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/** One stored or deflated entry of a zip, as text (node:zlib, no unzip binary). */
function zipText(file, name) {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    if (buf.toString('utf8', at + 46, at + 46 + nameLen) === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`${name} is not in ${file}`);
}

const listing = zipEntries(vsix);
const files = listing.filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
const problems = [];
// the README inside the package (vsce stores it as extension/readme.md): the extension page shows it in a
// webview that loads images from https: and data: only (no base URL), so package.mjs inlines every local
// image as a data: URI; a relative image left in it, or one not in the package, is a broken image there
const readmeName = files.find((f) => /^readme\.md$/i.test(f));
if (!readmeName) problems.push('missing from the .vsix: README.md');
else {
  const readme = zipText(vsix, `extension/${readmeName}`);
  for (const img of readmeImages(readme)) problems.push(`the packaged README shows ${img} by a relative path: a broken image on the extension page${files.includes(img) ? '' : ' (and it is not in the .vsix)'}`);
  const inline = readme.match(/(\]\(|src=["'])data:image\/[a-z+]+;base64,/g) ?? [];
  const source = readmeImages(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  if (inline.length < source.length) problems.push(`README.md shows ${source.length} local images, the packaged README ${inline.length} inline ones`);
}
const manifestInVsix = JSON.parse(zipText(vsix, 'extension/package.json'));
if (!manifestInVsix.icon || !files.includes(manifestInVsix.icon)) problems.push(`the icon ${manifestInVsix.icon} is not in the .vsix`);
if (manifestInVsix.publisher === manifestInVsix.name) problems.push('the publisher equals the name');
const forbidden = files.filter((f) => f.endsWith('.map') || f.startsWith('media/screenshots/') || /^(src|test|node_modules|scripts)\//.test(f));
if (forbidden.length) problems.push(`should not be in the .vsix: ${forbidden.join(', ')}`);
const main = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).main.replace(/^\.\//, '');
for (const needed of ['package.json', main]) if (!files.includes(needed)) problems.push(`missing from the .vsix: ${needed}`);
if (!files.some((f) => /^license(\.txt|\.md)?$/i.test(f))) problems.push('missing from the .vsix: LICENSE'); // vsce renames it LICENSE.txt
// the bundles carry third-party code (esbuild inlines it): its licenses must ship with them
if (!files.includes('THIRD_PARTY_NOTICES.md')) problems.push('missing from the .vsix: THIRD_PARTY_NOTICES.md');
else {
  const notices = fs.readFileSync(path.join(ROOT, 'THIRD_PARTY_NOTICES.md'), 'utf8');
  const deps = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).dependencies ?? {});
  for (const d of deps) if (!new RegExp(`^## ${d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'm').test(notices)) problems.push(`THIRD_PARTY_NOTICES.md has no license section for the bundled dependency ${d}`);
  if ((notices.match(/Permission is hereby granted/g) ?? []).length < deps.length) problems.push('THIRD_PARTY_NOTICES.md lacks full license texts');
}
// The rule pages: each diagnostic's code link, the quick fix and the hover open docs/rules/<rule>.md.
for (const page of fs.readdirSync(path.join(ROOT, 'docs', 'rules')).filter((f) => f.endsWith('.md'))) {
  if (!files.includes(`docs/rules/${page}`)) problems.push(`missing from the .vsix: docs/rules/${page}`);
}
const size = fs.statSync(vsix).size;
console.log(`${path.relative(ROOT, vsix)}: ${(size / 1024).toFixed(0)} KiB, ${files.length} files`);
for (const f of files.sort()) console.log(`  ${f}`);
if (problems.length) {
  for (const p of problems) console.error(`ERROR: ${p}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run-vscode-tests.mjs'), '--vsix', vsix], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, ...(args.includes('--all') ? {} : { PCL_TEST_GREP: process.env.PCL_TEST_GREP || 'smoke' }) },
});
process.exitCode = r.status ?? 1;
