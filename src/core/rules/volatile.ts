// Pure detector for per-request ("volatile") values in prompt text: dates, times, timestamps, "today is …",
// UUIDs, request/trace/session/user ids, long random hex or base64, nonces. Used by the
// `volatile-in-prefix` rule and by the cache plan (where does the first volatile value sit).
// Offsets are into the decoded text passed in (map to source with TextSpan.sourceOffsets).

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
    re: /(?<![\w.])\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2}|\s?UTC|\s?GMT)?(?![\w])/g,
  },
  // RFC 2822 / HTTP date: "Tue, 04 Mar 2025 10:15:30 GMT" (also +0000), and JS Date.toString:
  // "Tue Mar 04 2025 10:15:30 GMT+0000 (Coordinated Universal Time)".
  {
    kind: 'datetime',
    re: new RegExp(`\\b${WEEKDAY},?\\s+\\d{1,2}\\s+${MONTH}\\s+\\d{4}\\s+\\d{2}:\\d{2}(?::\\d{2})?(?:\\s*(?:GMT|UTC|[+-]\\d{4}|[A-Z]{3}))?`, 'g'),
  },
  {
    kind: 'datetime',
    re: new RegExp(`\\b${WEEKDAY}\\s+${MONTH}\\s+\\d{1,2}\\s+\\d{4}\\s+\\d{2}:\\d{2}:\\d{2}(?:\\s*GMT[+-]\\d{4})?(?:\\s*\\([^)\\n]{1,60}\\))?`, 'g'),
  },
  // Unix epoch: seconds (10 digits, 2017–2033) or milliseconds (13 digits).
  { kind: 'epoch', re: /(?<![\w.])1[5-9]\d{8}(?:\d{3})?(?:\.\d+)?(?![\w.])/g },
  // UUIDs (any version).
  { kind: 'uuid', re: /(?<![\w-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/g },
  // Labelled ids: "request_id: abc123", "Session ID = 42f…", "trace-id: …", "nonce=…". The value is flagged.
  {
    kind: 'id',
    re: /\b(?:request|req|trace|span|session|sess|user|correlation|conversation|conv|run|message|msg|transaction|txn|client|device|idempotency)[ _-]?(?:id|key)\b["']?\s*[:=]\s*["']?([A-Za-z0-9][A-Za-z0-9_.:\-]{3,})/gi,
    group: 1,
  },
  { kind: 'id', re: /\b(?:nonce|cache[_-]?buster|random[_ -]?seed|seed)\b["']?\s*[:=]\s*["']?([A-Za-z0-9][A-Za-z0-9_.:+/=\-]{3,})/gi, group: 1 },
  // Prefixed ids as issued by APIs: req_…, msg_01…, chatcmpl-…, sess_…, run_…, call_…, toolu_…
  {
    kind: 'id',
    re: /(?<![\w-])(?:req|msg|chatcmpl|sess|run|call|toolu|resp|trace|span|evt|txn)[_-][A-Za-z0-9]{10,}(?![\w])/g,
    accept: (v) => /\d/.test(v),
  },
  // Date-times and dates written with month names, current era: "March 4, 2025", "4 March 2025 10:15".
  {
    kind: 'date',
    re: new RegExp(`\\b(?:${WEEKDAY},?\\s+)?${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+${YEAR_NOW}\\b(?:,?\\s+(?:at\\s+)?\\d{1,2}:\\d{2}(?::\\d{2})?\\s*(?:[AaPp]\\.?[Mm]\\.?)?)?`, 'g'),
  },
  {
    kind: 'date',
    re: new RegExp(`\\b(?:${WEEKDAY},?\\s+)?\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\.?,?\\s+${YEAR_NOW}\\b`, 'g'),
  },
  // Calendar dates in the current era: 2025-03-04, 2025/03/04, 03/04/2025, 04.03.2025.
  { kind: 'date', re: /(?<![\w./-])20\d\d[-/](?:0[1-9]|1[0-2])[-/](?:0[1-9]|[12]\d|3[01])(?![\w/-])/g },
  { kind: 'date', re: /(?<![\w./-])(?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|[12]\d|3[01])[/.]20\d\d(?![\w/.-]?\d)/g },
  // Clock times with seconds: 10:15:30, 10:15:30.123, 3:04:05 PM.
  { kind: 'time', re: /(?<![\w:.])\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?:\s?[AaPp][Mm])?(?![\w:])/g },
  // hh:mm after a clock word: "current time: 10:15", "it is now 9:30 pm".
  {
    kind: 'time',
    re: /\b(?:time|now|clock|o'clock|as of|it is|it's)\b[^\n\d]{0,12}?(\d{1,2}:\d{2}(?:\s?(?:[AaPp][Mm]\b|[AaPp]\.[Mm]\.))?)(?![\d:])/gi,
    group: 1,
  },
  // "Today is …", "The current date is …", "Current time: …": flag the value after the phrase when it looks
  // like a date (a digit, a weekday or a month name).
  {
    kind: 'today',
    re: /\b(?:today is|today's date is|today’s date is|the date is|the current date is|current date(?: is|:)|the current time is|current time(?: is|:)|current date and time(?: is|:)|the time is|it is currently|now is|date today(?: is|:))\s*([^\n.;!?"]{1,60})/gi,
    group: 1,
    accept: (v) => /\d/.test(v) || new RegExp(`\\b(?:${WEEKDAY}|${MONTH})\\b`, 'i').test(v),
  },
  // Long hex (≥ 16 chars, with at least one letter and one digit): hashes used as nonces, trace ids …
  {
    kind: 'hex',
    re: /(?<![\w-])(?:0x)?[0-9a-fA-F]{16,}(?![\w-])/g,
    accept: (v) => /[a-fA-F]/.test(v) && /\d/.test(v) && (v === v.toLowerCase() || v === v.toUpperCase()),
  },
  // Long random base64 / base62 tokens.
  { kind: 'random', re: /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{20,}={0,2}(?![A-Za-z0-9+/_=-])/g, accept: looksRandom },
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

const compiledExtra = new Map<string, RegExp | null>();

function compileExtra(src: string): RegExp | null {
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
  compiledExtra.set(src, re);
  return re;
}

/** True when the user-supplied pattern is a valid, non-empty-matching regex. */
export function isValidVolatilePattern(src: string): boolean {
  return compileExtra(src) !== null;
}

/**
 * Every volatile value in `text`, sorted by start, non-overlapping (on overlap the earlier, then longer,
 * match wins). `extraPatterns` are regex sources (kind "custom"); invalid ones are ignored. A pattern
 * with a capture group flags group 1, otherwise the whole match.
 */
export function findVolatileValues(text: string, extraPatterns?: string[]): VolatileValue[] {
  const found: VolatileValue[] = [];
  if (!text) return found;
  const run = (p: Pattern) => {
    const re = p.re.flags.includes('d') ? p.re : new RegExp(p.re.source, p.re.flags + 'd');
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const g = p.group ?? 0;
      const raw = m[g];
      const at = m.indices?.[g];
      if (raw === undefined || !at) continue;
      // Trim trailing spaces and punctuation from phrase captures.
      const value = raw.replace(/[\s,:.;-]+$/, '');
      if (!value) continue;
      if (p.accept && !p.accept(value)) continue;
      found.push({ start: at[0], end: at[0] + value.length, kind: p.kind, value });
    }
  };
  for (const p of PATTERNS) run(p);
  for (const src of extraPatterns ?? []) {
    const re = compileExtra(src);
    if (!re) continue;
    const hasGroup = new RegExp(`${re.source}|`).exec('')!.length > 1;
    run({ kind: 'custom', re, group: hasGroup ? 1 : 0 });
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: VolatileValue[] = [];
  for (const v of found) {
    const last = out[out.length - 1];
    if (last && v.start < last.end) continue;
    out.push(v);
  }
  return out;
}

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
