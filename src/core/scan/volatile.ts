// Pure detector for per-request ("volatile") values in prompt text: dates, times, timestamps, "today is …",
// UUIDs, request/trace/session/user ids, long random hex or base64, nonces. Used by the
// `volatile-in-prefix` rule and by the cache plan (where does the first volatile value sit).
// Offsets are into the decoded text passed in (map to source with TextSpan.sourceOffsets).
import { blankLineCuts, CHUNK_THRESHOLD, dropOverlaps, LongTextMemo, scanChunks, sortMatches, TextMemo } from './scanMemo';

export type VolatileKind =
  | 'datetime' // ISO 8601 / RFC 3339 date-time, RFC 2822, JS Date.toString
  | 'date' // a calendar date in the current era (2000–2099)
  | 'time' // a clock time with seconds, or hh:mm after "time"/"now"
  | 'epoch' // a Unix timestamp in seconds or milliseconds (2017–2033)
  | 'today' // "today is Tuesday, March 4" and similar phrases
  | 'uuid'
  | 'id' // request/trace/session/user/… id values and prefixed ids (req_…, msg_…, chatcmpl-…)
  | 'hex' // long random hex (≥ 16 chars)
  | 'random' // long random base64/base62-looking token
  | 'custom'; // a user-supplied pattern

export interface VolatileValue {
  start: number;
  end: number;
  kind: VolatileKind | string;
  value: string;
}

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const WEEKDAY = '(?:Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:rs(?:day)?)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)';
const YEAR_NOW = '20\\d\\d';
const WEEKDAY_OR_MONTH = new RegExp(`\\b(?:${WEEKDAY}|${MONTH})\\b`, 'i');

interface Pattern {
  kind: VolatileKind;
  re: RegExp;
  /** Capture group holding the value (default: whole match). */
  group?: number;
  /** Extra acceptance test on the value. */
  accept?: (value: string) => boolean;
}

const PATTERNS: Pattern[] = [
  // ISO 8601 / RFC 3339 date-time: 2025-03-04T10:15:30Z, 2025-03-04 10:15, with fraction and zone.
  {
    kind: 'datetime',
    re: /(?<![\w.])\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2}|\s?UTC|\s?GMT)?(?![\w])/gd,
  },
  // RFC 2822 / HTTP date: "Tue, 04 Mar 2025 10:15:30 GMT" (also +0000), and JS Date.toString:
  // "Tue Mar 04 2025 10:15:30 GMT+0000 (Coordinated Universal Time)".
  {
    kind: 'datetime',
    re: new RegExp(`\\b${WEEKDAY},?\\s+\\d{1,2}\\s+${MONTH}\\s+\\d{4}\\s+\\d{2}:\\d{2}(?::\\d{2})?(?:\\s*(?:GMT|UTC|[+-]\\d{4}|[A-Z]{3}))?`, 'gd'),
  },
  {
    kind: 'datetime',
    re: new RegExp(`\\b${WEEKDAY}\\s+${MONTH}\\s+\\d{1,2}\\s+\\d{4}\\s+\\d{2}:\\d{2}:\\d{2}(?:\\s*GMT[+-]\\d{4})?(?:\\s*\\([^)\\n]{1,60}\\))?`, 'gd'),
  },
  // Unix epoch: seconds (10 digits, 2017–2033) or milliseconds (13 digits).
  { kind: 'epoch', re: /(?<![\w.])1[5-9]\d{8}(?:\d{3})?(?:\.\d+)?(?![\w.])/gd },
  // UUIDs (any version).
  { kind: 'uuid', re: /(?<![\w-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/gd },
  // Labelled ids: "request_id: abc123", "Session ID = 42f…", "trace-id: …", "nonce=…". The value is flagged.
  {
    kind: 'id',
    re: /\b(?:request|req|trace|span|session|sess|user|correlation|conversation|conv|run|message|msg|transaction|txn|client|device|idempotency)[ _-]?(?:id|key)\b["']?\s*[:=]\s*["']?([A-Za-z0-9][A-Za-z0-9_.:\-]{3,})/gid,
    group: 1,
  },
  { kind: 'id', re: /\b(?:nonce|cache[_-]?buster|random[_ -]?seed|seed)\b["']?\s*[:=]\s*["']?([A-Za-z0-9][A-Za-z0-9_.:+/=\-]{3,})/gid, group: 1 },
  // Prefixed ids as issued by APIs: req_…, msg_01…, chatcmpl-…, sess_…, run_…, call_…, toolu_…
  {
    kind: 'id',
    re: /(?<![\w-])(?:req|msg|chatcmpl|sess|run|call|toolu|resp|trace|span|evt|txn)[_-][A-Za-z0-9]{10,}(?![\w])/gd,
    accept: (v) => /\d/.test(v),
  },
  // Date-times and dates written with month names, current era: "March 4, 2025", "4 March 2025 10:15".
  {
    kind: 'date',
    re: new RegExp(`\\b(?:${WEEKDAY},?\\s+)?${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+${YEAR_NOW}\\b(?:,?\\s+(?:at\\s+)?\\d{1,2}:\\d{2}(?::\\d{2})?\\s*(?:[AaPp]\\.?[Mm]\\.?)?)?`, 'gd'),
  },
  {
    kind: 'date',
    re: new RegExp(`\\b(?:${WEEKDAY},?\\s+)?\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\.?,?\\s+${YEAR_NOW}\\b`, 'gd'),
  },
  // Calendar dates in the current era: 2025-03-04, 2025/03/04, 03/04/2025, 04.03.2025.
  { kind: 'date', re: /(?<![\w./-])20\d\d[-/](?:0[1-9]|1[0-2])[-/](?:0[1-9]|[12]\d|3[01])(?![\w/-])/gd },
  { kind: 'date', re: /(?<![\w./-])(?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|[12]\d|3[01])[/.]20\d\d(?![\w/.-]?\d)/gd },
  // Clock times with seconds: 10:15:30, 10:15:30.123, 3:04:05 PM.
  { kind: 'time', re: /(?<![\w:.])\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?:\s?[AaPp][Mm])?(?![\w:])/gd },
  // hh:mm after a clock word: "current time: 10:15", "it is now 9:30 pm".
  {
    kind: 'time',
    re: /\b(?:time|now|clock|o'clock|as of|it is|it's)\b[^\n\d]{0,12}?(\d{1,2}:\d{2}(?:\s?(?:[AaPp][Mm]\b|[AaPp]\.[Mm]\.))?)(?![\d:])/gid,
    group: 1,
  },
  // "Today is …", "The current date is …", "Current time: …": flag the value after the phrase when it looks
  // like a date (a digit, a weekday or a month name).
  {
    kind: 'today',
    re: /\b(?:today is|today's date is|today’s date is|the date is|the current date is|current date(?: is|:)|the current time is|current time(?: is|:)|current date and time(?: is|:)|the time is|it is currently|now is|date today(?: is|:))\s*([^\n.;!?"]{1,60})/gid,
    group: 1,
    accept: (v) => /\d/.test(v) || WEEKDAY_OR_MONTH.test(v),
  },
  // Long hex (≥ 16 chars, with at least one letter and one digit): hashes used as nonces, trace ids …
  {
    kind: 'hex',
    re: /(?<![\w-])(?:0x)?[0-9a-fA-F]{16,}(?![\w-])/gd,
    accept: (v) => /[a-fA-F]/.test(v) && /\d/.test(v) && (v === v.toLowerCase() || v === v.toUpperCase()),
  },
  // Long random base64 / base62 tokens.
  { kind: 'random', re: /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{20,}={0,2}(?![A-Za-z0-9+/_=-])/gd, accept: looksRandom },
];

/** Heuristic: a mix of upper, lower and digits with frequent class changes and high entropy. */
export function looksRandom(v: string): boolean {
  const s = v.replace(/=+$/, '');
  if (s.length < 20) return false;
  if (/^[a-z_-]+$/i.test(s) && !/\d/.test(s)) return false;
  const digits = (s.match(/\d/g) ?? []).length;
  const upper = (s.match(/[A-Z]/g) ?? []).length;
  const lower = (s.match(/[a-z]/g) ?? []).length;
  if (digits < 2 || upper < 2 || lower < 2) return false;
  // Paths and identifiers: mostly words separated by / _ -.
  const parts = s.split(/[/_-]/).filter(Boolean);
  if (parts.length > 1 && parts.every((p) => p.length < 12)) return false;
  let changes = 0;
  const cls = (c: string) => (/\d/.test(c) ? 0 : /[A-Z]/.test(c) ? 1 : /[a-z]/.test(c) ? 2 : 3);
  for (let i = 1; i < s.length; i++) if (cls(s[i]) !== cls(s[i - 1])) changes++;
  if (changes < s.length / 4) return false;
  const freq = new Map<string, number>();
  for (const c of s) freq.set(c, (freq.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of freq.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h >= Math.min(4, Math.log2(s.length) - 0.5);
}

interface Extra {
  re: RegExp;
  /** Flag capture group 1 (the pattern has a group) rather than the whole match. */
  group: number;
}

const compiledExtra = new Map<string, Extra | null>();

function compileExtra(src: string): Extra | null {
  if (compiledExtra.has(src)) return compiledExtra.get(src)!;
  let re: RegExp | null = null;
  try {
    // "/source/flags" form lets users pass flags (i, m, s, u); otherwise the string is the source.
    const slashed = /^\/(.+)\/([dimsuy]*)$/s.exec(src);
    re = slashed ? new RegExp(slashed[1], slashed[2].replace(/[gd]/g, '') + 'gd') : new RegExp(src, 'gd');
    if (re.test('')) re = null; // a pattern matching the empty string would flag everything
  } catch {
    re = null;
  }
  const extra = re ? { re, group: new RegExp(`${re.source}|`).exec('')!.length > 1 ? 1 : 0 } : null;
  compiledExtra.set(src, extra);
  return extra;
}

/** True when the user-supplied pattern is a valid, non-empty-matching regex. */
export function isValidVolatilePattern(src: string): boolean {
  return compileExtra(src) !== null;
}

/** Appends every match of one pattern in `text` to `found`. Patterns are compiled once (flags gd). */
function runPattern(re: RegExp, kind: string, group: number, accept: ((v: string) => boolean) | undefined, text: string, found: VolatileValue[]): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const raw = m[group];
    const at = m.indices?.[group];
    if (raw === undefined || !at) continue;
    // Trim trailing spaces and punctuation from phrase captures.
    const value = raw.replace(/[\s,:.;-]+$/, '');
    if (!value) continue;
    if (accept && !accept(value)) continue;
    found.push({ start: at[0], end: at[0] + value.length, kind, value });
  }
}

/** Matches of the built-in patterns, sorted by start (longer first), overlaps not yet dropped. */
function scanBuiltins(text: string): VolatileValue[] {
  const found: VolatileValue[] = [];
  for (const p of PATTERNS) runPattern(p.re, p.kind, p.group ?? 0, p.accept, text, found);
  return sortMatches(found);
}

// ---------------------------------------------------------------------------------------------------
// Chunked scanning of long texts (scanMemo.ts). A long text is cut at blank lines where no built-in
// pattern can match across the cut, and each chunk's matches are memoized by its text.
//
// Why a cut c with text[c-1] = text[c] = "\n" is exact when the last non-whitespace character before it,
// text[x], is not risky (see mayContinueOverBlankLine):
//  * Every pattern starts with a non-whitespace character and looks behind at most one character (a
//    lookbehind class or \b); the character before c is "\n", which every lookbehind class and \b treat
//    as they treat the start of the input. So attempts from s >= c are the same in the whole text and in
//    the chunk after c.
//  * An attempt from s < c (so s <= x) reads past c only after consuming both "\n" at c-1 and c. Patterns
//    that consume "\n" at all do it only through \s: single \s? (ISO date-time, clock times) must be
//    followed by a letter, so they cannot consume two; \s* / \s+ (RFC 2822 and JS dates, month-name dates,
//    labelled ids, nonces, "today is") would have to consume the whole run text[x+1 .. c], right after the
//    component that consumed text[x]. The components followed by \s* / \s+ end with a letter or digit
//    (words, numbers, "at", "id", "key"), "," ":" "=" a quote, or "." after a month name — the risky
//    characters. Other lookaheads at c test character classes without "\n" (or \b), so "\n" at c gives
//    the same outcome as the end of the input.
//  So every match lies inside one chunk and is found there with the same offsets and value; the sorted,
//  de-overlapped lists then agree too (test/unit/rules/scan-equivalence.test.ts checks it on random texts).
// User patterns (promptCache.volatilePatterns) can be anything: they always run on the whole text.

/** "Jan." … "December." at the end of a string (case-sensitive, like the patterns). */
const MONTH_DOT_END = new RegExp(`${MONTH}\\.$`);

/** True when a built-in pattern may consume text[x] and then continue over whitespace (see above). */
function mayContinueOverBlankLine(text: string, x: number): boolean {
  const c = text.charCodeAt(x);
  if (c >= 0x80) return false;
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true; // [0-9A-Za-z]
  if (c === 0x2c || c === 0x3a || c === 0x3d || c === 0x22 || c === 0x27) return true; // , : = " '
  if (c === 0x2e) return MONTH_DOT_END.test(text.slice(Math.max(0, x - 9), x + 1)); // "Mar. 4, 2025"
  return false;
}

/** Cut positions of a long text for the built-in patterns (exact, see above). */
export function volatileCuts(text: string): number[] {
  return blankLineCuts(text, (_c, x) => x < 0 || !mayContinueOverBlankLine(text, x));
}

const chunkMemo = new TextMemo<VolatileValue[]>(8 * 1024 * 1024);
const shortMemo = new TextMemo<VolatileValue[]>(8 * 1024 * 1024);
const longMemo = new LongTextMemo<VolatileValue[]>(4);

/** Sorted built-in matches of `text` (memoized; long texts chunked). Shared: callers must not mutate it. */
function builtinMatches(text: string): VolatileValue[] {
  if (text.length < CHUNK_THRESHOLD) {
    let hit = shortMemo.get(text);
    if (!hit) shortMemo.set(text, (hit = scanBuiltins(text)));
    return hit;
  }
  let hit = longMemo.get(text);
  if (!hit) longMemo.set(text, (hit = scanChunks(text, volatileCuts(text), chunkMemo, scanBuiltins)));
  return hit;
}

/** Drop every memo (tests, benchmarks: the engine's clearCaches()). */
export function clearVolatileCaches(): void {
  chunkMemo.clear();
  shortMemo.clear();
  longMemo.clear();
  customMemo.clear();
}

/** Results with user patterns, by pattern list and text (short texts only). */
const customMemo = new TextMemo<VolatileValue[]>(8 * 1024 * 1024);

/**
 * Every volatile value in `text`, sorted by start, non-overlapping (on overlap the earlier, then longer,
 * match wins). `extraPatterns` are regex sources (kind "custom"); invalid ones are ignored. A pattern
 * with a capture group flags group 1, otherwise the whole match.
 * Memoized by text: the returned array and its values are shared and must not be mutated.
 */
export function findVolatileValues(text: string, extraPatterns?: string[]): VolatileValue[] {
  if (!text) return [];
  const extras = (extraPatterns ?? []).map(compileExtra).filter((e): e is Extra => !!e);
  if (!extras.length) {
    const builtins = builtinMatches(text);
    let out = dropped.get(builtins);
    if (!out) dropped.set(builtins, (out = dropOverlaps(builtins)));
    return out;
  }
  const key = text.length < CHUNK_THRESHOLD ? `${JSON.stringify(extraPatterns)}\u0000${text}` : undefined;
  const hit = key !== undefined ? customMemo.get(key) : undefined;
  if (hit) return hit;
  // Built-ins first, then user patterns, as if all ran in one list: a stable sort keeps that order on ties.
  const found = builtinMatches(text).slice();
  for (const e of extras) runPattern(e.re, 'custom', e.group, undefined, text, found);
  const out = dropOverlaps(sortMatches(found));
  if (key !== undefined) customMemo.set(key, out);
  return out;
}

/** For tests: the reference whole-text scan (every pattern over all of `text`, no memo, no chunks). */
export function scanVolatileWhole(text: string, extraPatterns?: string[]): VolatileValue[] {
  const found: VolatileValue[] = [];
  for (const p of PATTERNS) runPattern(p.re, p.kind, p.group ?? 0, p.accept, text, found);
  for (const e of (extraPatterns ?? []).map(compileExtra)) if (e) runPattern(e.re, 'custom', e.group, undefined, text, found);
  return dropOverlaps(sortMatches(found));
}

/** For tests: the chunked scan of the built-in patterns at volatileCuts, whatever the text's length. */
export function scanVolatileChunked(text: string): VolatileValue[] {
  return dropOverlaps(scanChunks(text, volatileCuts(text), chunkMemo, scanBuiltins));
}

/** De-overlapped lists of the memoized built-in match lists. */
const dropped = new WeakMap<VolatileValue[], VolatileValue[]>();

/** Short human description of a kind, for messages. */
export function describeVolatileKind(kind: string): string {
  switch (kind) {
    case 'datetime':
      return 'timestamp';
    case 'date':
      return 'date';
    case 'time':
      return 'clock time';
    case 'epoch':
      return 'Unix timestamp';
    case 'today':
      return '"today is" date';
    case 'uuid':
      return 'UUID';
    case 'id':
      return 'per-request id';
    case 'hex':
      return 'random hex value';
    case 'random':
      return 'random token';
    case 'custom':
      return 'value matching a custom volatile pattern';
    default:
      return 'per-request value';
  }
}
