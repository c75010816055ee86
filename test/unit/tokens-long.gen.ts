// Random and adversarial strings for test/unit/tokens-long.test.ts (seeded: the same strings on every run).

// The bench's seeded generator (mulberry32): one copy for the bench and these tests.
export { rng } from '../../bench/inputs';

/** Fragments the generator strings together: every class the pre-tokenizer patterns distinguish. */
export const FRAGMENTS: string[] = [
  'hello', 'World', 'HTTPServer', 'camelCase', 'XMLHttpRequest', 'ABC', 'don', "'s", "'S", "'t", "'T", "'re", "'RE", "'Ve", "'m",
  "'ll", "'LL", "'d", "'D", "'ſ", 'ſ', "'", "''", "'x", '12', '123', '1234567', '٣٤٥', '½', '²', 'Ⅻ', ' ', '  ', '   ', '\t', '\n', '\r\n', '\r',
  '\n\n', ' \n', '\n ', '\t\n\t', '\u00a0', '\u3000', '\u2028', '\u0085', '\ufeff', '\u000b', '\u000c', '\u200b', '\u200d',
  '.', ',', '!', '?', '=', '==', '===', '{%', '%}', '{{', '}}', '->', '/', '//', '/*', '*/', '\\', '"', '`', '$', '#', '@', '&', '|', '~', '^',
  '<|endoftext|>', '<|im_start|>', '<|fim_prefix|>', '<|endofprompt|>', '...', '—', '–', '«', '»', '„', '“', '”', '€', '£', '©',
  '我们的', '客户服务', '。', '，', '！', '「', '」', 'お客様', 'カタカナ', 'ﾊﾝｶｸ', '한국어', 'ภาษาไทย', 'กี่', 'हिन्दी', 'नमस्ते', 'العربية', 'עברית',
  'Ελληνικά', 'Русский', 'Ёё', 'Straße', 'ǅ', 'ǈ', 'ᾈ', 'e\u0301', 'a\u0308', '\u0301', '\u20dd', 'ʰ', 'ー', '々',
  '😀', '👍🏽', '👨‍👩‍👧', '🇩🇪', '𝔘𝔫𝔦', '𠀀', '\ud800', '\udc00', '\udbff\udfff', '\u0000', '\u0007', '\u007f', '\u0080', '\u009f',
  'YWJjZGVmZ2hpams=', 'QUFBQUFBQUFB', '0xdeadBEEF', 'https://example.com/a?b=c&d=e', 'foo_bar', 'a-b', '(x)', '[1,2]', '{"k":"v"}',
];

function randomCodePoint(r: () => number): string {
  const x = r();
  if (x < 0.5) return String.fromCharCode(0x20 + Math.floor(r() * 0x5f));
  if (x < 0.85) return String.fromCharCode(Math.floor(r() * 0x10000));
  return String.fromCodePoint(0x10000 + Math.floor(r() * 0x100000));
}

/** A run of one fragment or character repeated (the long-piece shapes at a small size). */
function run(r: () => number, maxLen: number): string {
  const unit = r() < 0.5 ? FRAGMENTS[Math.floor(r() * FRAGMENTS.length)] : randomCodePoint(r);
  const n = 1 + Math.floor(r() * maxLen);
  return unit.repeat(Math.max(1, Math.floor(n / Math.max(1, unit.length))));
}

/** One random string of up to about maxLen UTF-16 units. */
export function randomText(r: () => number, maxLen: number): string {
  let s = '';
  const target = 1 + Math.floor(r() * maxLen);
  while (s.length < target) {
    const x = r();
    if (x < 0.55) s += FRAGMENTS[Math.floor(r() * FRAGMENTS.length)];
    else if (x < 0.8) s += randomCodePoint(r);
    else s += run(r, 80);
  }
  return s;
}
