// Per-script Claude estimate: one linear pass cuts the text into runs by script (Latin prose, code /
// punctuation-heavy Latin lines, Cyrillic, CJK, Thai, other non-Latin); the o200k_base tokens of each run
// (attributed from ONE tokenization of the whole text, so the run counts add up to the text's o200k count)
// are multiplied by the script's ratio. Ratios, their cases and their errors: CLAUDE_SCRIPT_RATIOS below and
// docs/token-counting.md §3 (calibrated on test/data/claude-billed-cases.jsonl).
//
// Speed: the pass reads char codes through a 64 KB class table (built once); no per-character allocation.
// A text with one run (the common case) costs one memoized o200k count; a mixed text adds one walk over its
// token ids in step with the characters (run boundaries are token positions of the whole text's tokenization). Results are memoized per text (bounded by characters).

import { countTokens, countTokensBefore, encodeTokens, tokenByteLength } from '../encoding';

/** The script classes of the estimator. */
export type ClaudeScript = 'latin' | 'code' | 'cyrillic' | 'cjk' | 'thai' | 'other';

export const CLAUDE_SCRIPTS: readonly ClaudeScript[] = ['latin', 'code', 'cyrillic', 'cjk', 'thai', 'other'];

export interface ClaudeScriptRatio {
  /** Claude tokens (older tokenizer, before Claude 4.7) per o200k_base token of a run of this script. */
  ratio: number;
  /** 'fitted': least squares on the billed cases; 'assumed': no billed case with its exact text is public. */
  basis: 'fitted' | 'assumed';
  /** Ids of the billed cases (test/data/claude-billed-cases.jsonl) that carry this script. */
  cases: string[];
  source: string;
}

/**
 * Per-script ratios over o200k_base. Kept in step with docs/token-counting.md §3 (the table there has each
 * ratio's cases and its mean / max error; test/unit/claude-billed-cases.test.ts replays every case).
 */
export const CLAUDE_SCRIPT_RATIOS: Record<ClaudeScript, ClaudeScriptRatio> = {
  latin: {
    ratio: 1.1,
    basis: 'fitted',
    cases: ['ANT-TC-01', 'ANT-TC-03', 'CB-ET-01', 'PM-CT-01', 'CT-CT-01', 'CR-MF-01', 'CR-MF-02', 'JR-OUT-01', 'JR-OUT-02', 'JR-OUT-03'],
    source:
      'least squares (relative error) on the 10 Latin cases together with a per-request overhead of 4: 1.085, leave-one-out mean 2.7 %, max 10 % (the earlier 1.16 came from a published GPT-4o vs Claude 3.5 Sonnet comparison of English articles)',
  },
  code: {
    ratio: 1.3,
    basis: 'assumed',
    cases: ['ANT-TC-02', 'CB-TC-01', 'CB-TC-02', 'CB-TC-03', 'CB-TC-04', 'CR-TU-01', 'CR-TU-02', 'CR-TU-03'],
    source:
      'published comparison (+30 % Python); the only billed code-like text is tool JSON, confounded with the hidden tool-use prompt (replayed within ±5 %, not fitted)',
  },
  cyrillic: {
    ratio: 1.5,
    basis: 'assumed',
    cases: [],
    source: 'no public billed Cyrillic figure with its text: assumed like CJK (upper side of the third-party non-Latin measurements)',
  },
  cjk: {
    ratio: 1.5,
    basis: 'assumed',
    cases: [],
    source:
      'no public billed CJK figure with its text; 3rd-party (unverified): the same Chinese text costs 1.65–1.71× an English o200k baseline on Claude vs 1.15× on o200k (A. Komatsuzaki, Apr 2026) = 1.43–1.49, rounded up',
  },
  thai: {
    ratio: 2.1,
    basis: 'fitted',
    cases: ['UP1-TH-01'],
    source: 'fitted on the one public Thai figure (up1/workshop-ai-with-technical-team demo-caching, claude-3-5-sonnet: 2,424 cached + 15)',
  },
  other: {
    ratio: 2.1,
    basis: 'assumed',
    cases: [],
    source:
      'no public billed figure (Arabic, Hebrew, Devanagari, Greek, …): assumed like Thai; 3rd-party (unverified): Hindi 3.24× and Arabic 2.86× an English o200k baseline on Claude',
  },
};

// Class table ----------------------------------------------------------------------------------------

const NEUTRAL = 0; // whitespace, digits, punctuation, symbols, emoji, combining marks: join the current run
const LATIN = 1;
const CYRILLIC = 2;
const CJK = 3;
const THAI = 4;
const OTHER = 5;
/** Run classes: the scripts above plus code (Latin lines dense in symbols). Index into the bucket array. */
const CODE = 6;
const CLASS_NAMES: Record<number, ClaudeScript> = { [LATIN]: 'latin', [CODE]: 'code', [CYRILLIC]: 'cyrillic', [CJK]: 'cjk', [THAI]: 'thai', [OTHER]: 'other' };

let table: Uint8Array | undefined;

function fill(t: Uint8Array, from: number, to: number, cls: number): void {
  t.fill(cls, from, to + 1);
}

/** Script class per UTF-16 code unit (BMP; high surrogates of the CJK planes count as CJK). */
function classTable(): Uint8Array {
  if (table) return table;
  const t = new Uint8Array(0x10000); // NEUTRAL by default
  fill(t, 0x41, 0x5a, LATIN);
  fill(t, 0x61, 0x7a, LATIN);
  fill(t, 0xaa, 0xaa, LATIN);
  fill(t, 0xba, 0xba, LATIN);
  fill(t, 0xc0, 0x24f, LATIN);
  t[0xd7] = NEUTRAL;
  t[0xf7] = NEUTRAL;
  fill(t, 0x250, 0x2af, LATIN); // IPA
  fill(t, 0x370, 0x3ff, OTHER); // Greek
  fill(t, 0x400, 0x52f, CYRILLIC);
  fill(t, 0x530, 0xdff, OTHER); // Armenian, Hebrew, Arabic, Syriac, Thaana, N'Ko, Indic scripts, Sinhala
  fill(t, 0xe00, 0xe7f, THAI);
  fill(t, 0xe80, 0x10ff, OTHER); // Lao, Tibetan, Myanmar, Georgian
  fill(t, 0x1100, 0x11ff, CJK); // Hangul Jamo
  fill(t, 0x1200, 0x1cff, OTHER); // Ethiopic, Cherokee, Canadian syllabics, Khmer, Mongolian, …
  fill(t, 0x1c80, 0x1c8f, CYRILLIC);
  fill(t, 0x1d00, 0x1dbf, LATIN); // phonetic extensions
  fill(t, 0x1e00, 0x1eff, LATIN); // Latin Extended Additional (Vietnamese)
  fill(t, 0x1f00, 0x1fff, OTHER); // Greek Extended
  fill(t, 0x2c00, 0x2dff, OTHER);
  fill(t, 0x2c60, 0x2c7f, LATIN);
  fill(t, 0x2de0, 0x2dff, CYRILLIC);
  fill(t, 0x2e80, 0x2fdf, CJK); // radicals
  fill(t, 0x3040, 0x33ff, CJK); // kana, bopomofo, compatibility jamo, enclosed CJK
  fill(t, 0x3400, 0x4dbf, CJK);
  fill(t, 0x4e00, 0x9fff, CJK);
  fill(t, 0xa000, 0xa4cf, OTHER); // Yi
  fill(t, 0xa500, 0xabff, OTHER);
  fill(t, 0xa640, 0xa69f, CYRILLIC);
  fill(t, 0xa720, 0xa7ff, LATIN);
  fill(t, 0xab30, 0xab6f, LATIN);
  fill(t, 0xac00, 0xd7ff, CJK); // Hangul syllables, Jamo extended B
  fill(t, 0xd840, 0xd8bf, CJK); // high surrogates of U+20000–U+3FFFF (CJK extensions B–H)
  fill(t, 0xf900, 0xfaff, CJK);
  fill(t, 0xfb00, 0xfb06, LATIN);
  fill(t, 0xfb13, 0xfdff, OTHER); // Armenian / Hebrew / Arabic presentation forms
  fill(t, 0xfe70, 0xfefe, OTHER);
  fill(t, 0xff21, 0xff3a, CJK); // full-width Latin (CJK typography)
  fill(t, 0xff41, 0xff5a, CJK);
  fill(t, 0xff66, 0xffdc, CJK); // half-width kana, half-width Hangul
  table = t;
  return t;
}

/** ASCII symbols that mark code / JSON / markup (the set the single-ratio estimator used). */
const SYMBOL = (() => {
  const s = new Uint8Array(128);
  for (const ch of '{}[]();:=<>"\'`,\\/|&*+-_#@$%^~!?') s[ch.charCodeAt(0)] = 1;
  return s;
})();

/** A Latin line is code when more than this share of its non-space characters are symbols… */
const CODE_DENSITY = 0.12;
/** …and it has at least this many non-space characters; shorter lines keep the previous line's kind (prose after a blank line). */
const CODE_MIN_LINE = 12;

// Segmentation --------------------------------------------------------------------------------------

/** o200k_base tokens per run class (index: the class constants), for one text. */
export type ScriptTokens = Float64Array;

/** UTF-8 length per o200k token id, filled on first use (a typed array: the walk below reads it per token). */
let byteLens = new Uint16Array(0);

function byteLenOf(id: number): number {
  if (id >= byteLens.length) {
    const grown = new Uint16Array(Math.max(262144, id + 1));
    grown.set(byteLens);
    byteLens = grown;
  }
  let n = byteLens[id];
  if (n === 0) byteLens[id] = n = tokenByteLength(id, 'o200k_base');
  return n;
}

/**
 * Tokens of the whole text's tokenization that end at or before each boundary (ascending UTF-16 offsets):
 * few boundaries ask the encoding (countTokensBefore, chunk-memoized); many walk the token ids once in step
 * with the characters (the ids of a long text are assembled from the encoding's chunk memo).
 */
function tokensAt(text: string, total: number, ends: Int32Array, count: number, out: Int32Array): void {
  if (count <= FEW_BOUNDARIES) {
    for (let k = 0; k < count; k++) out[k] = ends[k] >= text.length ? total : countTokensBefore(text, 'o200k_base', ends[k]);
    return;
  }
  const ids = encodeTokens(text, 'o200k_base');
  let tok = 0; // tokens wholly before `bytes`
  let tokEnd = ids.length > 0 ? byteLenOf(ids[0]) : Infinity;
  let at = 0; // characters walked
  let bytes = 0; // their UTF-8 length
  for (let k = 0; k < count; k++) {
    const i = ends[k];
    if (i >= text.length) {
      out[k] = total;
      continue;
    }
    for (; at < i; at++) {
      const c = text.charCodeAt(at);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c <= 0xdbff && at + 1 < text.length && (text.charCodeAt(at + 1) & 0xfc00) === 0xdc00) {
        bytes += 4;
        at++;
      } else bytes += 3;
    }
    while (tok < ids.length && tokEnd <= bytes) {
      tok++;
      if (tok < ids.length) tokEnd += byteLenOf(ids[tok]);
    }
    out[k] = tok;
  }
}

/** Up to this many run boundaries, each is asked of the encoding; more: one walk over the ids. */
const FEW_BOUNDARIES = 16;

/**
 * o200k_base tokens of `text` per run class, in one pass. Runs change at a strong character of another script
 * and, inside Latin text, at a line whose kind (prose / code) differs from the run's. Neutral characters
 * (spaces, digits, punctuation, emoji) belong to the run they are in.
 */
export function scriptTokens(text: string): ScriptTokens {
  const out = new Float64Array(7);
  const n = text.length;
  if (n === 0) return out;
  const total = countTokens(text, 'o200k_base');
  const T = classTable();
  // Run ends (UTF-16 offsets, ascending) and their classes; grown by doubling (not per character).
  let ends = new Int32Array(16);
  let classes = new Uint8Array(16);
  let count = 0;
  let runStart = 0;
  let runCls = -1; // -1: no strong character yet
  let lineStart = 0;
  let lineSym = 0;
  let lineNonSpace = 0;
  let lineLatin = false;
  let lineKind = LATIN; // the kind of the last Latin line long enough to decide (prose at the start)
  const flush = (end: number, cls: number) => {
    if (end <= runStart) return;
    if (count === ends.length) {
      const e = new Int32Array(count * 2);
      e.set(ends);
      ends = e;
      const c = new Uint8Array(count * 2);
      c.set(classes);
      classes = c;
    }
    ends[count] = end;
    classes[count++] = cls < 0 ? LATIN : cls;
    runStart = end;
  };
  const endLine = (end: number) => {
    if (lineNonSpace === 0) lineKind = LATIN; // a blank line: the next paragraph starts as prose
    else if (lineLatin && lineNonSpace >= CODE_MIN_LINE) lineKind = lineSym / lineNonSpace > CODE_DENSITY ? CODE : LATIN;
    if (lineLatin && (runCls === LATIN || runCls === CODE) && runCls !== lineKind) {
      // This line is of the other kind: the run so far ends where the line starts (or the run takes the line's kind).
      if (runStart < lineStart) flush(lineStart, runCls);
      runCls = lineKind;
    }
    lineStart = end;
    lineSym = 0;
    lineNonSpace = 0;
    lineLatin = false;
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      endLine(i + 1);
      continue;
    }
    if (c < 128) {
      if (c > 32) {
        lineNonSpace++;
        lineSym += SYMBOL[c];
      }
      if (T[c] === NEUTRAL) continue;
      lineLatin = true;
      if (runCls === LATIN || runCls === CODE) continue;
      if (runCls !== -1) flush(i, runCls);
      runCls = lineKind;
      continue;
    }
    lineNonSpace++;
    const cls = T[c];
    if (cls === NEUTRAL) continue;
    if (cls === LATIN) {
      lineLatin = true;
      if (runCls === LATIN || runCls === CODE) continue;
      if (runCls !== -1) flush(i, runCls);
      runCls = lineKind;
      continue;
    }
    if (cls === runCls) continue;
    if (runCls !== -1) flush(i, runCls);
    runCls = cls;
  }
  endLine(n);
  if (runStart === 0) {
    out[runCls < 0 ? LATIN : runCls] = total; // one run: no position question at all
    return out;
  }
  flush(n, runCls);
  const at = new Int32Array(count);
  tokensAt(text, total, ends, count, at);
  let prev = 0;
  for (let k = 0; k < count; k++) {
    out[classes[k]] += at[k] - prev;
    prev = at[k];
  }
  return out;
}

// Memo: per text, bounded by characters (re-analysis on every keystroke asks for the same blocks again).
const MEMO_CHARS = 16 * 1024 * 1024;
const memo = new Map<string, ScriptTokens>();
let memoChars = 0;

function memoized(text: string): ScriptTokens {
  const hit = memo.get(text);
  if (hit) return hit;
  const r = scriptTokens(text);
  if (memoChars + text.length > MEMO_CHARS) {
    memo.clear();
    memoChars = 0;
  }
  // A flat copy of the key, so a slice never retains the document it was cut from.
  memo.set(text.length > 64 ? (' ' + text).slice(1) : text, r);
  memoChars += text.length;
  return r;
}

/** Long texts are counted in pieces of at least this many characters, cut at blank lines. */
const PIECE_MIN = 16 * 1024;

/**
 * The end of the piece that starts at `from`: just after the first blank line ("\n\n" followed by a
 * non-space character) at least PIECE_MIN characters on; the text's end when there is none. Content-defined,
 * so an edit changes its own piece only (the cuts after it fall where they fell before). Such a cut is a
 * boundary of o200k's pre-tokenizer (no token spans it), so the pieces' counts add up to the text's.
 */
function pieceEnd(text: string, from: number): number {
  let i = from + PIECE_MIN;
  while (i < text.length) {
    const j = text.indexOf('\n\n', i);
    if (j < 0) return text.length;
    let k = j + 2;
    while (k < text.length && text.charCodeAt(k) === 10) k++;
    if (k >= text.length) return text.length;
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 12 && c !== 11 && c !== 0xa0 && c !== 0x3000) return k;
    i = k;
  }
  return text.length;
}

/**
 * scriptTokens, memoized per text; a long text is summed over content-defined pieces memoized one by one,
 * so after a keystroke in a long block only the edited piece is segmented again. The returned array must not
 * be mutated.
 */
export function scriptTokensMemo(text: string): ScriptTokens {
  if (text.length < 4 * PIECE_MIN) return memoized(text);
  const hit = memo.get(text);
  if (hit) return hit;
  const out = new Float64Array(7);
  for (let start = 0; start < text.length; ) {
    const end = pieceEnd(text, start);
    const r = end - start === text.length ? scriptTokens(text) : memoized(text.slice(start, end));
    for (let k = 0; k < 7; k++) out[k] += r[k];
    start = end;
  }
  return out;
}

/** Claude tokens (older tokenizer) for per-class o200k tokens: Σ tokens × the class's ratio. */
export function applyScriptRatios(t: ScriptTokens, ratios: Record<ClaudeScript, ClaudeScriptRatio> = CLAUDE_SCRIPT_RATIOS): number {
  let s = 0;
  for (let k = 1; k < t.length; k++) if (t[k] !== 0) s += t[k] * ratios[CLASS_NAMES[k]].ratio;
  return s;
}

/** Per-script o200k tokens as a plain object (for tests, the docs table and the method string). */
export function scriptBreakdown(text: string): Record<ClaudeScript, number> {
  const t = scriptTokens(text);
  return { latin: t[LATIN], code: t[CODE], cyrillic: t[CYRILLIC], cjk: t[CJK], thai: t[THAI], other: t[OTHER] };
}

/** Drop the per-text memo (for clearCaches in src/core/analyze.ts, tests and benchmarks; the class table stays). */
export function clearScriptCaches(): void {
  memo.clear();
  memoChars = 0;
}
