// SARIF 2.1.0 output so CI systems (GitHub code scanning and others) can show findings inline.
import { LineIndex } from '../core/lineIndex';
import type { Analysis } from '../core/types';

const LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

/**
 * `docsBase`: where the rule pages are, ending in "/" (the CLI passes the file URI of its installed
 * docs/rules folder, so a SARIF viewer opens the page); without it, the path relative to the package.
 */
export function sarifReport(files: { path: string; text: string; analysis: Analysis }[], version: string, docsBase = 'docs/rules/'): unknown {
  const results: unknown[] = [];
  const ruleIds = new Set<string>();
  for (const f of files) {
    const idx = new LineIndex(f.text);
    for (const a of f.analysis.lines ?? [f.analysis]) {
      for (const d of a.diagnostics) {
        ruleIds.add(d.code);
        const region = (r: { start: number; end: number }) => {
          const s = idx.positionAt(r.start);
          const e = idx.positionAt(r.end);
          return { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
        };
        const related = (d.related ?? []).map((r, i) => ({ id: i + 1, message: { text: r.message }, physicalLocation: { artifactLocation: { uri: f.path }, region: region(r.range) } }));
        results.push({
          ruleId: d.code,
          level: LEVEL[d.severity],
          message: { text: d.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: f.path }, region: region(d.range) } }],
          ...(related.length ? { relatedLocations: related } : {}),
        });
      }
    }
  }
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{ tool: { driver: { name: 'prompt-cache', version, rules: [...ruleIds].map((id) => ({ id, helpUri: `${docsBase}${id}.md` })) } }, results }],
  };
}
