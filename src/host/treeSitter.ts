// web-tree-sitter for the source-code front (Node only: the CLI, the analysis worker, tests). Loads the
// runtime and the Python / TypeScript / TSX / JavaScript grammars once (WASM, asynchronous); analyze() is
// synchronous and gets a SourceParser through AnalyzeOptions.parseSource. Per document key the previous
// text and tree are kept: the next parse edits the old tree (the changed range found from the common
// prefix and suffix of the two texts) and reparses incrementally.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SourceLanguage, SourceParser, SyntaxNode } from '../core/dialects/source/syntax';

// The runtime is plain JS (UMD); esbuild bundles it. Types come from its .d.ts.
import * as TreeSitter from '@vscode/tree-sitter-wasm';

type TsParser = InstanceType<typeof TreeSitter.Parser>;
type TsTree = NonNullable<ReturnType<TsParser['parse']>>;
type TsLanguage = Awaited<ReturnType<typeof TreeSitter.Language.load>>;

const GRAMMARS: Record<SourceLanguage, string> = {
  python: 'tree-sitter-python.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
};

/** The WASM files the bundles need (esbuild.mjs copies them to dist/tree-sitter/). */
export const TREE_SITTER_FILES = ['tree-sitter.wasm', ...Object.values(GRAMMARS)];

/** Where the WASM files are: beside the bundle (dist/tree-sitter/), else the package's own folder. */
export function defaultWasmDir(): string {
  const here = typeof __dirname === 'string' ? __dirname : '.';
  for (const d of [join(here, 'tree-sitter'), join(here, '..', 'dist', 'tree-sitter'), join(here, '..', '..', 'dist', 'tree-sitter')]) {
    if (existsSync(join(d, 'tree-sitter.wasm'))) return d;
  }
  try {
    return join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
  } catch {
    return join(here, '..', '..', 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
  }
}

interface DocTree {
  text: string;
  language: SourceLanguage;
  tree: TsTree;
}

const MAX_DOCS = 16;

export class TreeSitterHost {
  private parsers = new Map<SourceLanguage, TsParser>();
  private docs = new Map<string, DocTree>();

  constructor(private languages: Map<SourceLanguage, TsLanguage>) {}

  private parser(language: SourceLanguage): TsParser | undefined {
    let p = this.parsers.get(language);
    if (!p) {
      const lang = this.languages.get(language);
      if (!lang) return undefined;
      p = new TreeSitter.Parser();
      p.setLanguage(lang);
      this.parsers.set(language, p);
    }
    return p;
  }

  /** Stateless: parse once (the tree is kept only until the next stateless parse). */
  readonly parse: SourceParser = (text, language) => this.parserFor('\u0000oneshot')(text, language);

  /** A parser bound to one document: incremental against that document's previous text. */
  parserFor(key: string): SourceParser {
    return (text: string, language: SourceLanguage): SyntaxNode | undefined => {
      const p = this.parser(language);
      if (!p) return undefined;
      const old = this.docs.get(key);
      let tree: TsTree | null = null;
      if (old && old.language === language && old.text === text) {
        tree = old.tree;
      } else if (old && old.language === language) {
        old.tree.edit(editBetween(old.text, text));
        tree = p.parse(text, old.tree);
        old.tree.delete();
      } else {
        if (old) old.tree.delete();
        tree = p.parse(text);
      }
      this.docs.delete(key);
      if (!tree) return undefined;
      this.docs.set(key, { text, language, tree });
      while (this.docs.size > MAX_DOCS) {
        const [k, d] = this.docs.entries().next().value as [string, DocTree];
        d.tree.delete();
        this.docs.delete(k);
      }
      return tree.rootNode as unknown as SyntaxNode;
    };
  }

  forget(key: string): void {
    const d = this.docs.get(key);
    if (d) d.tree.delete();
    this.docs.delete(key);
  }
}

/** The tree-sitter edit that turns `a` into `b` (one changed range: common prefix and suffix kept). */
export function editBetween(a: string, b: string) {
  let s = 0;
  const max = Math.min(a.length, b.length);
  while (s < max && a.charCodeAt(s) === b.charCodeAt(s)) s++;
  let ea = a.length;
  let eb = b.length;
  while (ea > s && eb > s && a.charCodeAt(ea - 1) === b.charCodeAt(eb - 1)) {
    ea--;
    eb--;
  }
  return { startIndex: s, oldEndIndex: ea, newEndIndex: eb, startPosition: pointAt(a, s), oldEndPosition: pointAt(a, ea), newEndPosition: pointAt(b, eb) };
}

/** Row / column (UTF-16 units, as web-tree-sitter uses for JS strings) of an offset. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    last = i;
  }
  return { row, column: offset - last - 1 };
}

let loading: Promise<TreeSitterHost> | undefined;
let loaded: TreeSitterHost | undefined;

/** Load web-tree-sitter and the grammars once (later calls share the promise). */
export function loadTreeSitter(wasmDir = defaultWasmDir()): Promise<TreeSitterHost> {
  if (!loading) {
    loading = (async () => {
      await TreeSitter.Parser.init({ locateFile: (file: string) => join(wasmDir, file) });
      const langs = new Map<SourceLanguage, TsLanguage>();
      for (const [id, file] of Object.entries(GRAMMARS) as [SourceLanguage, string][]) langs.set(id, await TreeSitter.Language.load(join(wasmDir, file)));
      loaded = new TreeSitterHost(langs);
      return loaded;
    })();
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

/** The host when already loaded (synchronous), else undefined. */
export function treeSitterIfLoaded(): TreeSitterHost | undefined {
  return loaded;
}
