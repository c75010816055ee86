// The minimal syntax-tree interface the source-code dialect reads. web-tree-sitter's `Node` satisfies it;
// the core never imports tree-sitter (the host loads the WASM grammars and passes a parse function in
// AnalyzeOptions.parseSource). Offsets are UTF-16 code units, as web-tree-sitter reports for JS strings.

export interface SyntaxNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly children: readonly (SyntaxNode | null)[];
  readonly namedChildren: readonly (SyntaxNode | null)[];
  childForFieldName(name: string): SyntaxNode | null;
  readonly parent: SyntaxNode | null;
  /** The smallest node spanning [start, end) (web-tree-sitter has it natively; without it a walk is used). */
  descendantForIndex?(start: number, end?: number): SyntaxNode | null;
}

/** The smallest node under root spanning [start, end). */
export function nodeAt(root: SyntaxNode, start: number, end = start): SyntaxNode {
  if (typeof root.descendantForIndex === 'function') return root.descendantForIndex(start, end) ?? root;
  let n = root;
  for (;;) {
    const next = kids(n).find((c) => c.startIndex <= start && end <= c.endIndex && (c.startIndex < c.endIndex || start === end));
    if (!next || next === n) return n;
    n = next;
  }
}

export type SourceLanguage = 'python' | 'typescript' | 'tsx' | 'javascript';

/** Parse `text` in `language`, returning the root node (undefined: the parser could not run). */
export type SourceParser = (text: string, language: SourceLanguage) => SyntaxNode | undefined;

export function kids(n: SyntaxNode | null | undefined): SyntaxNode[] {
  if (!n) return [];
  const out: SyntaxNode[] = [];
  for (const c of n.children) if (c) out.push(c);
  return out;
}

export function named(n: SyntaxNode | null | undefined): SyntaxNode[] {
  if (!n) return [];
  const out: SyntaxNode[] = [];
  for (const c of n.namedChildren) if (c) out.push(c);
  return out;
}

export function field(n: SyntaxNode | null | undefined, name: string): SyntaxNode | undefined {
  return n?.childForFieldName(name) ?? undefined;
}
