// A recognised call's body, written as the JSON request body it sends, with a map from every character of
// that JSON back to source characters: the existing JSON dialects build, count and plan it, and every range
// of the result is mapped back into the source file (mapBack.ts). Strings' characters map to the literal's
// characters (through escapes and f-string holes); structure maps to the dict / object / call it came from.
import type { OffsetRange } from '../../types';
import type { Entry, Hole, ObjV, Value } from './values';

/** Keys whose unresolved value is still prompt text (counted by its expression, a dynamic span). */
const STRINGY = new Set(['system', 'content', 'text', 'instructions', 'input', 'prompt', 'description']);

export interface EmittedHole {
  hole: Hole;
  /** Synthetic range of the hole's text in the JSON. */
  synth: OffsetRange;
  /** Not in the JSON: the value is left out of the counts (a whole list or object the file does not hold). */
  dropped?: boolean;
}

export interface EmittedNode {
  synth: OffsetRange;
  value: Value;
  /** The object entry whose value this is. */
  entry?: Entry;
  parent?: ObjV;
}

export class Emitter {
  private out: string[] = [];
  len = 0;
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /** 1 where the synthetic character is prompt text from a string (read ranges are split on these). */
  readonly isText: number[] = [];
  readonly holes: EmittedHole[] = [];
  readonly nodes: EmittedNode[] = [];

  private put(s: string, a: number, b: number, text = 0): void {
    this.out.push(s);
    for (let i = 0; i < s.length; i++) {
      this.starts.push(a);
      this.ends.push(b);
      this.isText.push(text);
    }
    this.len += s.length;
  }

  text(): string {
    return this.out.join('');
  }

  /** Map a synthetic offset (as a range start) to the source. */
  start(o: number, fallback: number): number {
    if (o < this.len) return this.starts[o];
    return this.len ? this.ends[this.len - 1] : fallback;
  }

  /** Map a synthetic range end (exclusive) to the source. */
  end(o: number, fallback: number): number {
    if (o <= 0) return this.len ? this.starts[0] : fallback;
    return this.ends[Math.min(o, this.len) - 1];
  }

  value(v: Value, key: string | undefined, entry?: Entry, parent?: ObjV): boolean {
    const at = this.len;
    switch (v.kind) {
      case 'str': {
        this.put('"', v.site.start, v.site.start);
        for (const p of v.parts) {
          if (p.t === 'lit') {
            for (let i = 0; i < p.text.length; i++) this.put(jsonChar(p.text, i), p.starts[i], p.ends[i], v.synthetic ? 0 : 1);
          } else {
            const s = this.len;
            for (let i = 0; i < p.expr.length; i++) this.put(jsonChar(p.expr, i), p.range.start + i, p.range.start + i + 1, 1);
            this.holes.push({ hole: p, synth: { start: s, end: this.len } });
          }
        }
        this.put('"', v.site.end, v.site.end);
        break;
      }
      case 'atom':
        this.put(v.json, v.site.start, v.site.end);
        break;
      case 'unknown': {
        if (!STRINGY.has(key ?? '')) {
          this.holes.push({ hole: v.hole, synth: { start: this.len, end: this.len }, dropped: true });
          return false;
        }
        this.put('"', v.site.start, v.site.start);
        const s = this.len;
        for (let i = 0; i < v.hole.expr.length; i++) this.put(jsonChar(v.hole.expr, i), v.hole.range.start + i, v.hole.range.start + i + 1, 1);
        this.holes.push({ hole: v.hole, synth: { start: s, end: this.len } });
        this.put('"', v.site.end, v.site.end);
        break;
      }
      case 'list': {
        this.put('[', v.site.start, v.site.start + 1);
        let first = true;
        for (const it of v.items) {
          const mark = this.mark();
          if (!first) this.put(',', it.site.start, it.site.start);
          if (!this.value(it, key === 'messages' || key === 'input' ? undefined : key === 'system' ? 'system' : undefined)) this.reset(mark);
          else first = false;
        }
        this.put(']', v.site.end - 1, v.site.end);
        break;
      }
      case 'obj': {
        this.put('{', v.site.start, v.site.start + 1);
        let first = true;
        // Later entries win (Python **kwargs / JS spread): keep the last of each key.
        const last = new Map<string, Entry>();
        for (const e of v.entries) last.set(e.key, e);
        for (const e of v.entries) {
          if (last.get(e.key) !== e) continue;
          const mark = this.mark();
          if (!first) this.put(',', e.range.start, e.range.start);
          const ks = this.len;
          this.put(JSON.stringify(e.key), e.keyRange.start, e.keyRange.end);
          this.put(':', e.keyRange.end, e.keyRange.end);
          if (!this.value(e.value, e.key, e, v)) this.reset(mark);
          else {
            first = false;
            this.nodes.push({ synth: { start: ks, end: this.len }, value: e.value, entry: e, parent: v });
          }
        }
        this.put('}', Math.max(v.site.start, v.site.end - 1), v.site.end);
        break;
      }
    }
    this.nodes.push({ synth: { start: at, end: this.len }, value: v, entry, parent });
    return true;
  }

  private mark(): { len: number; out: number; holes: number; nodes: number } {
    return { len: this.len, out: this.out.length, holes: this.holes.length, nodes: this.nodes.length };
  }

  /** Undo a value left out (its holes are kept, as dropped). */
  private reset(m: { len: number; out: number; holes: number; nodes: number }): void {
    const dropped = this.holes.slice(m.holes).map((h) => ({ ...h, synth: { start: m.len, end: m.len }, dropped: true }));
    this.out.length = m.out;
    this.len = m.len;
    this.starts.length = this.ends.length = this.isText.length = m.len;
    this.holes.length = m.holes;
    this.holes.push(...dropped);
    this.nodes.length = m.nodes;
  }
}

function jsonChar(s: string, i: number): string {
  const c = s.charCodeAt(i);
  if (c === 0x22) return '\\"';
  if (c === 0x5c) return '\\\\';
  if (c < 0x20) return c === 10 ? '\\n' : c === 9 ? '\\t' : c === 13 ? '\\r' : `\\u${c.toString(16).padStart(4, '0')}`;
  // lone surrogates stay as they are (the JSON reader keeps them, as JSON.parse does)
  return s[i];
}
