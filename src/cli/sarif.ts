// SARIF 2.1.0 output so CI systems (GitHub code scanning and others) can show findings inline.
import { LineIndex } from '../core/lineIndex';
import type { Analysis } from '../core/types';

const LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

export function sarifReport(files: { path: string; text: string; analysis: Analysis }[], version: string): unknown {
  const results: unknown[] = [];
  const ruleIds = new Set<string>();
  for (const f of files) {
    const idx = new LineIndex(f.text);
    for (const a of f.analysis.lines ?? [f.analysis]) {
      for (const d of a.diagnostics) {
        ruleIds.add(d.code);
        const s = idx.positionAt(d.range.start);
        const e = idx.positionAt(d.range.end);
        results.push({
          ruleId: d.code,
          level: LEVEL[d.severity],
          message: { text: d.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: f.path }, region: { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 } } }],
        });
      }
    }
  }
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{ tool: { driver: { name: 'prompt-cache', version, rules: [...ruleIds].map((id) => ({ id, helpUri: `docs/rules/${id}.md` })) } }, results }],
  };
}
