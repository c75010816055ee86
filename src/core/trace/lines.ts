// A line splitter over an injected byte stream: push chunks as they are read, get each complete line once,
// with its 0-based line number. Only the unfinished last line is kept between chunks, so memory does not
// grow with the file. `document` mode (a .json file): the whole input is one record, bounded by maxBytes.

export interface SplitterOptions {
  /** Longest line (bytes) accepted; a longer one is reported and skipped. Default 64 MB. */
  maxLineBytes?: number;
  /** Read the whole input as one JSON document (a .json file), not as JSONL. */
  document?: boolean;
}

export type LineHandler = (text: string, line: number) => void;
export type LineProblem = (line: number, message: string) => void;

const NL = 10;

export class LineSplitter {
  private carry: Uint8Array[] = [];
  private carryBytes = 0;
  private line = 0;
  private skipping = false;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly max: number;
  /** Bytes pushed so far (for progress). */
  bytes = 0;

  constructor(
    private readonly onLine: LineHandler,
    private readonly onProblem: LineProblem,
    private readonly options: SplitterOptions = {},
  ) {
    this.max = options.maxLineBytes ?? 64 * 1024 * 1024;
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    if (this.options.document) {
      this.keep(chunk);
      return;
    }
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(NL, pos);
      if (nl < 0) {
        this.keep(chunk.subarray(pos));
        return;
      }
      this.keep(chunk.subarray(pos, nl));
      this.flush();
      pos = nl + 1;
    }
  }

  end(): void {
    if (this.options.document) {
      if (!this.skipping) this.emit(this.take());
      this.reset();
      return;
    }
    if (this.carryBytes || this.skipping) this.flush();
  }

  private keep(part: Uint8Array): void {
    if (this.skipping || !part.length) return;
    if (this.carryBytes + part.length > this.max) {
      this.onProblem(this.line, `Line ${this.line + 1} is longer than ${Math.round(this.max / 1048576)} MB: skipped.`);
      this.skipping = true;
      this.carry = [];
      this.carryBytes = 0;
      return;
    }
    // Copy: the caller may reuse its read buffer.
    this.carry.push(part.slice());
    this.carryBytes += part.length;
  }

  private take(): string {
    let bytes: Uint8Array;
    if (this.carry.length === 1) bytes = this.carry[0];
    else {
      bytes = new Uint8Array(this.carryBytes);
      let o = 0;
      for (const c of this.carry) {
        bytes.set(c, o);
        o += c.length;
      }
    }
    return this.decoder.decode(bytes);
  }

  private flush(): void {
    if (!this.skipping) this.emit(this.take());
    this.reset();
    this.line++;
  }

  private reset(): void {
    this.carry = [];
    this.carryBytes = 0;
    this.skipping = false;
  }

  private emit(text: string): void {
    const t = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (t.trim()) this.onLine(t, this.line);
  }
}
