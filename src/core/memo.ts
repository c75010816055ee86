// Bounded string-keyed memos shared by the tokenizer and the rule scanners. The analyzer re-runs on every
// keystroke, so results for unchanged texts (messages, chunks of a long block) are looked up, not recomputed.

/** A small LRU keyed by string, bounded by entry count (Map keeps insertion order; re-insert on hit). */
export class Lru<V> {
  private map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(k: string): V | undefined {
    const v = this.map.get(k);
    if (v !== undefined) {
      this.map.delete(k);
      this.map.set(k, v);
    }
    return v;
  }
  set(k: string, v: V): void {
    if (this.map.has(k)) this.map.delete(k);
    else if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(k, v);
  }
  clear(): void {
    this.map.clear();
  }
}

/**
 * String-keyed LRU bounded by the total characters of its keys. Keys are stored as flat copies: they are
 * often slices of a (possibly huge) document string, and a copy keeps the memo from retaining the document.
 */
export class TextMemo<V> {
  private map = new Map<string, V>();
  private chars = 0;
  constructor(private readonly maxChars: number) {}
  get(k: string): V | undefined {
    const v = this.map.get(k);
    if (v !== undefined) {
      this.map.delete(k);
      this.map.set(k, v);
    }
    return v;
  }
  set(k: string, v: V): void {
    if (this.map.has(k)) return;
    const key = detach(k);
    this.map.set(key, v);
    this.chars += key.length;
    while (this.chars > this.maxChars && this.map.size > 1) {
      const old = this.map.keys().next().value as string;
      this.map.delete(old);
      this.chars -= old.length;
    }
  }
  clear(): void {
    this.map.clear();
    this.chars = 0;
  }
}

/** A string that does not share storage with the string it was sliced from. */
export function detach(s: string): string {
  return s.length < 16 ? s : (JSON.parse(JSON.stringify(s)) as string);
}
