// Activation cost of the shipped bundle: time to require dist/extension.js and to run activate(), in a
// fresh process each time, with a permissive stand-in for the `vscode` module (every API is a no-op
// proxy; configuration reads return their defaults). Also checks the tokenizer was NOT loaded.
//   npm run build && node --import tsx bench/activation.ts [--runs=5]
import { execFileSync } from 'child_process';
import * as path from 'path';

const CHILD = `
const Module = require('module');
const made = () => {
  const f = function () {};
  const p = new Proxy(f, {
    get(_t, k) {
      if (k === 'then') return undefined;
      if (k === Symbol.toPrimitive) return () => 0;
      if (k === Symbol.iterator) return function* () {};
      if (k === 'get') return (_key, def) => def;
      if (k === 'event') return () => ({ dispose() {} });
      return p;
    },
    set() { return true; },
    defineProperty() { return true; },
    apply() { return p; },
    construct() { return p; },
  });
  return p;
};
const names = ${JSON.stringify(['CodeAction', 'CodeActionKind', 'CodeLens', 'ConfigurationTarget', 'DecorationRangeBehavior', 'Diagnostic', 'DiagnosticSeverity', 'EventEmitter', 'Hover', 'MarkdownString', 'OverviewRulerLane', 'QuickPickItemKind', 'Range', 'Selection', 'StatusBarAlignment', 'TextEditorRevealType', 'ThemeColor', 'Uri', 'ViewColumn', 'WorkspaceEdit', 'commands', 'languages', 'window', 'workspace', 'env', 'extensions', 'Position', 'Disposable'])};
const stub = {};
for (const n of names) stub[n] = made();
const orig = Module._load;
Module._load = function (req, ...rest) { return req === 'vscode' ? stub : orig.call(this, req, ...rest); };
const ctx = { subscriptions: [], extensionPath: ${JSON.stringify(path.join(__dirname, '..'))}, extensionUri: stub, globalState: stub, workspaceState: { get: (_k, d) => d, update: async () => {} }, asAbsolutePath: (p) => p, extensionMode: 1, logUri: stub, storageUri: stub, globalStorageUri: stub };
const t0 = performance.now();
const ext = require(${JSON.stringify(path.join(__dirname, '..', 'dist', 'extension.js'))});
const t1 = performance.now();
let api;
try { api = ext.activate(ctx); } catch (e) { console.error('activate threw', e && e.message); }
const t2 = performance.now();
const enc = require(${JSON.stringify(path.join(__dirname, '..', 'dist', 'extension.js'))});
console.log(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, tokenizerLoaded: api && api.activation ? api.activation.tokenizerLoaded : 'n/a', rssMB: process.memoryUsage().rss / 1048576 }));
process.exit(0);
`;

export function measureActivation(runs = 5): { requireMs: number; activateMs: number; tokenizerLoaded: unknown; runs: number } {
  const rs: { requireMs: number; activateMs: number; tokenizerLoaded: unknown }[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['-e', CHILD], { encoding: 'utf8' });
    rs.push(JSON.parse(out.trim().split('\n').pop()!));
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { requireMs: med(rs.map((r) => r.requireMs)), activateMs: med(rs.map((r) => r.activateMs)), tokenizerLoaded: rs[0].tokenizerLoaded, runs };
}

if (require.main === module) {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 5);
  const r = measureActivation(runs);
  console.log(`dist/extension.js: require ${r.requireMs.toFixed(1)} ms, activate() ${r.activateMs.toFixed(1)} ms (median of ${r.runs} fresh processes); tokenizer loaded at activation: ${r.tokenizerLoaded}`);
}
