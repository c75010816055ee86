// Property: random edits inside a source file (the examples, and a file typed character by character)
// never make analyze() throw or fail, and every range of the result stays inside the document. The
// incremental parser (one document key, edited tree reused) gives the same analysis as a fresh parse.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../../src/core/analyze';
import type { Analysis, OffsetRange } from '../../../src/core/types';
import { treeSitter } from './helpers';
import type { TreeSitterHost } from '../../../src/host/treeSitter';

let host: TreeSitterHost;
before(async () => {
  host = await treeSitter();
});

function ranges(a: Analysis): OffsetRange[] {
  const out: OffsetRange[] = [];
  for (const x of a.lines ?? [a]) {
    if (x.callRange) out.push(x.callRange);
    for (const d of x.dynamicSpans ?? []) out.push(d.range);
    const walk = (segs: Analysis['segments']) => {
      for (const s of segs) {
        out.push(s.range, ...s.spans.map((sp) => sp.range));
        for (const sp of s.spans) for (const o of sp.sourceOffsets ?? []) out.push({ start: o, end: o });
        if (s.cacheControl) out.push(s.cacheControl.range, s.cacheControl.valueRange);
        if (s.children) walk(s.children);
      }
    };
    walk(x.segments);
    out.push(...x.cache.readRanges, ...x.cache.writeOnlyRanges, ...x.cache.breakpoints.map((b) => b.range));
    if (x.cache.nextCallCut) out.push(x.cache.nextCallCut.range);
    for (const d of x.diagnostics) {
      out.push(d.range, ...(d.related ?? []).map((r) => r.range));
      for (const f of d.fixes ?? []) out.push(...f.edits.map((e) => e.range));
    }
    for (const p of x.problems) if (p.range) out.push(p.range);
    if (x.model.range) out.push(x.model.range);
  }
  return out;
}

function check(text: string, fileName: string, parse = host.parse): Analysis {
  const a = analyze(text, { fileName, parseSource: parse });
  assert.ok(!a.problems.some((p) => /could not analy[sz]e/.test(p.message)), a.problems.map((p) => p.message).join('; '));
  for (const x of a.lines ?? []) assert.ok(!x.problems.some((p) => /could not analy[sz]e/.test(p.message)), x.problems.map((p) => p.message).join('; '));
  for (const r of ranges(a)) assert.ok(r.start >= 0 && r.start <= r.end && r.end <= text.length, `${fileName}: ${JSON.stringify(r)} outside 0..${text.length}`);
  return a;
}

const PIECES = ['"', "'", '`', '"""', '{', '}', '(', ')', '[', ']', ',', ':', '=', '\\', '\n', '${', 'f"', '**', '...', 'system=', 'content: ', 'x', ' ', '#', '//'];

const edit = (len: number) =>
  fc.record({
    at: fc.integer({ min: 0, max: len }),
    del: fc.integer({ min: 0, max: 12 }),
    ins: fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((a) => a.join('')),
  });

function apply(text: string, e: { at: number; del: number; ins: string }): string {
  const at = Math.min(e.at, text.length);
  return text.slice(0, at) + e.ins + text.slice(Math.min(text.length, at + e.del));
}

describe('source files under random edits', () => {
  for (const file of ['examples/python-agent.py', 'examples/typescript-app.ts']) {
    it(`${file}: random edits never throw and keep every range inside the document`, () => {
      const base = readFileSync(file, 'utf8');
      assert.ok(check(base, file).lines!.length > 0, 'the example has calls');
      fc.assert(
        fc.property(fc.array(edit(base.length), { minLength: 1, maxLength: 6 }), (edits) => {
          let text = base;
          for (const e of edits) text = apply(text, e);
          check(text, file);
        }),
        { numRuns: 150, seed: 1302 },
      );
    });
  }

  it('typing a file from empty, character by character, with the incremental parser', () => {
    const full = readFileSync('examples/python-agent.py', 'utf8');
    const parse = host.parserFor('typing-test');
    for (let n = 0; n <= full.length; n += 37) {
      const text = full.slice(0, n);
      const inc = check(text, 'typing.py', parse);
      if (n % (37 * 8) === 0) assert.deepEqual(JSON.stringify(inc), JSON.stringify(check(text, 'typing.py')), `incremental = fresh at ${n}`);
    }
    host.forget('typing-test');
  });

  it('incremental reparse after edits in the middle equals a fresh parse', () => {
    const base = readFileSync('examples/typescript-app.ts', 'utf8');
    const parse = host.parserFor('edit-test');
    fc.assert(
      fc.property(fc.array(edit(base.length), { minLength: 1, maxLength: 4 }), (edits) => {
        let text = base;
        check(text, 'a.ts', parse);
        for (const e of edits) {
          text = apply(text, e);
          const inc = analyze(text, { fileName: 'a.ts', parseSource: parse });
          const fresh = analyze(text, { fileName: 'a.ts', parseSource: host.parse });
          assert.equal(JSON.stringify(inc), JSON.stringify(fresh));
        }
      }),
      { numRuns: 40, seed: 77 },
    );
    host.forget('edit-test');
  });
});
