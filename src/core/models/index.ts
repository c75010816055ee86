// Model lookup: resolve a model name as written in a request file (or a CLI option / setting) to its row in
// MODEL_TABLE, plus price overrides from settings. Pure functions, no `vscode`.
import type { Prices, ProviderId } from '../types';
import { CHAT_FORMATS, DEFAULT_CHAT_FORMAT, type ChatFormat, type ChatFormatRow } from './chatFormats';
import { claudeGenerationFacts, claudeVersionKey, DEFAULT_CLAUDE_FACTS, parseClaudeVersion } from './claudeFacts';
import { MODEL_TABLE, type ModelRow } from './table';
import type { ClaudeEstimatorFacts, ModelProfile } from './types';

export type { ClaudeEstimatorFacts, LongContextPricing, ModelProfile, TokenizerSpec } from './types';
export { CLAUDE_GENERATION_RULES, DEFAULT_CLAUDE_FACTS, parseClaudeVersion, type ClaudeVersion } from './claudeFacts';
export { MODEL_TABLE, type ModelRow } from './table';
export { CHAT_FORMATS, DEFAULT_CHAT_FORMAT, type ChatFormat, type ChatFormatRow, type ImageRule, type ToolRenderVariant } from './chatFormats';

/** The newest `asOf` of any row: "prices as of" for the table as a whole. */
export const MODEL_TABLE_AS_OF: string = MODEL_TABLE.reduce((max, r) => (r.asOf > max ? r.asOf : max), '0000-00-00');

/** Where a name says the model runs, when that changes the rules (only Bedrock's Claude minimums differ). */
export type ModelPlatform = 'bedrock';

export interface NormalizedModelName {
  /** Lowercase key with gateway prefixes and version suffixes removed and "." "_" " " turned into "-". */
  key: string;
  /** Provider named by a gateway prefix ("anthropic/…", Bedrock "anthropic.…"), if any. */
  gatewayProvider?: string;
  platform?: ModelPlatform;
}

const BEDROCK_PREFIX =
  /^(?:(?:us|eu|apac|ap|global|jp|au|ca|us-gov)\.)?(anthropic|openai|google|deepseek|xai|meta|amazon|mistral|cohere|qwen|moonshot|moonshotai)\./;

/**
 * Normalise a model name for lookup:
 * - lowercase, trimmed; fine-tunes "ft:gpt-4o-mini-2024-07-18:org::id" → the base model;
 * - everything up to the last "/" dropped ("anthropic/claude-sonnet-4.5", "models/gemini-2.5-flash",
 *   "openrouter/…", Vertex "publishers/google/models/…", Bedrock ARNs);
 * - ":…" and "@…" suffixes dropped (OpenRouter ":thinking", Bedrock "-v1:0", Vertex "@20241022");
 * - Bedrock "us.anthropic." style prefixes dropped (platform = 'bedrock' for Claude);
 * - ".", "_" and whitespace become "-" ("claude-sonnet-4.5" = "claude-sonnet-4-5", "gpt-4.1" = "gpt-4-1").
 */
export function normalizeModelName(name: string): NormalizedModelName {
  let s = name.trim().toLowerCase();
  let gatewayProvider: string | undefined;
  let platform: ModelPlatform | undefined;
  if (s.startsWith('ft:')) s = s.slice(3).split(':')[0];
  if (/^arn:aws[^:]*:bedrock:/.test(s)) platform = 'bedrock';
  const slash = s.lastIndexOf('/');
  if (slash >= 0) {
    const parts = s.slice(0, slash).split('/').filter(Boolean);
    const named = parts.filter((p) => p !== 'models');
    if (named.length && !platform) gatewayProvider = named[named.length - 1];
    s = s.slice(slash + 1);
  }
  s = s.split(':')[0].split('@')[0];
  const bedrock = BEDROCK_PREFIX.exec(s);
  if (bedrock) {
    gatewayProvider = bedrock[1];
    if (bedrock[1] === 'anthropic') platform = 'bedrock';
    s = s.slice(bedrock[0].length);
  }
  const key = s
    .replace(/[._\s]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return { key, gatewayProvider, platform };
}

function normKey(k: string): string {
  return normalizeModelName(k).key;
}

/**
 * True when `key` selects `name`: equal, or a prefix ending at a "-" boundary that does not cut through a
 * version number: after a key ending in a digit, a 1–2 digit segment is a different version
 * ("claude-opus-4" ≠ "claude-opus-4-1", "gpt-5" ≠ "gpt-5-4") while longer numbers are snapshots/dates
 * ("claude-opus-4-20250514", "gpt-4-0613").
 */
function prefixMatches(name: string, key: string): boolean {
  if (name === key) return true;
  if (!key || !name.startsWith(key)) return false;
  const rest = name.slice(key.length);
  if (rest[0] !== '-') return false;
  if (/\d$/.test(key) && /^-\d{1,2}(?:-|$)/.test(rest)) return false;
  return true;
}

/** What a name lookup needs from a row: MODEL_TABLE rows and CHAT_FORMATS rows. */
interface NameKeyedRow {
  id?: string;
  match: string[];
  aliases?: string[];
  exclude?: string[];
}

interface IndexEntry<R> {
  key: string;
  exact: boolean;
  row: R;
  order: number;
}

function buildIndex<R extends NameKeyedRow>(rows: readonly R[]): IndexEntry<R>[] {
  const entries: IndexEntry<R>[] = [];
  rows.forEach((row, order) => {
    for (const m of row.match) entries.push({ key: normKey(m), exact: false, row, order });
    for (const a of row.aliases ?? []) entries.push({ key: normKey(a), exact: true, row, order });
    if (row.id !== undefined) entries.push({ key: normKey(row.id), exact: true, row, order });
  });
  // Longest key first; ties: table order.
  entries.sort((a, b) => b.key.length - a.key.length || a.order - b.order);
  return entries;
}

/** The row a normalised key selects: exact aliases / ids, or the longest matching prefix not excluded. */
function findIn<R extends NameKeyedRow>(entries: IndexEntry<R>[], key: string): R | undefined {
  if (!key) return undefined;
  for (const e of entries) {
    const ok = e.exact ? key === e.key : prefixMatches(key, e.key);
    if (!ok) continue;
    if (e.row.exclude?.some((x) => prefixMatches(key, normKey(x)))) continue;
    return e.row;
  }
  return undefined;
}

let index: IndexEntry<ModelRow>[] | undefined;

function findRow(key: string): ModelRow | undefined {
  index ??= buildIndex(MODEL_TABLE);
  return findIn(index, key);
}

let chatIndex: IndexEntry<ChatFormatRow>[] | undefined;

/**
 * The Chat Completions format facts (message overheads, tool rendering, image rule) for a model name as
 * written, from CHAT_FORMATS, resolved with the same normalisation and prefix rules as resolveModel;
 * DEFAULT_CHAT_FORMAT when no row matches. Snapshot names are honoured ("gpt-3.5-turbo-0301"); aliases
 * get their current snapshot. Returns a fresh object (the image rule is shared: do not modify it).
 */
export function chatFormatFor(name: string | undefined): ChatFormat {
  const key = typeof name === 'string' ? normalizeModelName(name).key : '';
  chatIndex ??= buildIndex(CHAT_FORMATS);
  const f: ChatFormat = findIn(chatIndex, key) ?? DEFAULT_CHAT_FORMAT;
  return { perMessage: f.perMessage, perName: f.perName, toolVariant: f.toolVariant, image: f.image, requestAdjust: f.requestAdjust, verified: f.verified, family: f.family };
}

function copyClaudeFacts(f: ClaudeEstimatorFacts): ClaudeEstimatorFacts {
  return { ...f, toolOverhead: { ...f.toolOverhead } };
}

/**
 * The Claude token estimator's facts (tokenizer generation, image tier, earlier-turn thinking, tool-use
 * system prompt) for a model name as written: the `claude` facts of the row resolveModel would pick; for
 * a name no Claude row selects, the row of the family and version the name spells (a spelling the
 * prefixes miss), else the generation rules of ./claudeFacts.ts; DEFAULT_CLAUDE_FACTS for names that do
 * not read as a Claude version. Returns a fresh object.
 */
export function claudeFactsFor(name: string | undefined): ClaudeEstimatorFacts {
  const row = typeof name === 'string' ? findRow(normalizeModelName(name).key) : undefined;
  if (row?.claude) return copyClaudeFacts(row.claude);
  const v = parseClaudeVersion(name);
  if (!v) return copyClaudeFacts(DEFAULT_CLAUDE_FACTS);
  const key = claudeVersionKey(v);
  const same = key !== undefined ? findRow(key) : undefined;
  return same?.claude ? copyClaudeFacts(same.claude) : claudeGenerationFacts(v);
}

function toProfile(row: ModelRow): ModelProfile {
  const { match, aliases, exclude, ...profile } = row;
  const copy: ModelProfile = {
    ...profile,
    tokenizer: { ...profile.tokenizer },
    ttls: [...profile.ttls],
    prices: { ...profile.prices },
  };
  if (profile.platformMinimumTokens) copy.platformMinimumTokens = { ...profile.platformMinimumTokens };
  if (profile.longContext) copy.longContext = { ...profile.longContext, prices: { ...profile.longContext.prices } };
  if (profile.claude) copy.claude = copyClaudeFacts(profile.claude);
  return copy;
}

/**
 * The table row for a model name, or undefined when the model is unknown.
 * Case-insensitive; gateway prefixes ("anthropic/claude-sonnet-4.5", "openai/gpt-4o") and suffixes
 * (":thinking", "@20241022", "-v1:0") are ignored; dots and dashes are interchangeable; dated snapshots
 * ("gpt-4o-2024-08-06", "claude-3-5-haiku-20241022") resolve to their model's row; the longest match wins.
 * A Bedrock id ("us.anthropic.claude-opus-4-7-v1:0", a Bedrock ARN) gets the row's Bedrock minimum.
 * Returns a fresh copy: callers may modify it.
 */
export function resolveModel(name: string | undefined): ModelProfile | undefined {
  if (typeof name !== 'string' || !name.trim()) return undefined;
  const n = normalizeModelName(name);
  const row = findRow(n.key);
  if (!row) return undefined;
  const profile = toProfile(row);
  if (n.platform === 'bedrock' && row.platformMinimumTokens?.bedrock !== undefined) {
    const bedrockMin = row.platformMinimumTokens.bedrock;
    if (bedrockMin !== profile.minimumTokens) {
      profile.notes = `${profile.notes ? profile.notes + ' ' : ''}Bedrock minimum ${bedrockMin} tokens used (Claude API: ${profile.minimumTokens}).`;
      profile.minimumTokens = bedrockMin;
    }
  }
  return profile;
}

/**
 * The provider a model name belongs to, from the name alone (works for models not in the table):
 * claude → anthropic; gpt / chatgpt / o1 / o3 / o4 … → openai; gemini → google; deepseek → deepseek;
 * grok → xai; qwen / qwq → alibaba; kimi / moonshot → moonshot. Otherwise a gateway prefix decides ("anthropic/…", "x-ai/…", Bedrock "anthropic.…"),
 * else 'unknown'.
 */
export function providerFromModelName(name: string): ProviderId {
  if (typeof name !== 'string') return 'unknown';
  const n = normalizeModelName(name);
  const k = n.key;
  if (k.startsWith('claude')) return 'anthropic';
  if (/^(?:gpt|chatgpt|o\d(?:-|$)|text-davinci|davinci|babbage|codex-mini)/.test(k)) return 'openai';
  if (k.startsWith('gemini')) return 'google';
  if (k.startsWith('deepseek')) return 'deepseek';
  if (k.startsWith('grok')) return 'xai';
  if (/^(?:qwen|qwq)/.test(k)) return 'alibaba';
  if (/^(?:kimi|moonshot)/.test(k)) return 'moonshot';
  switch (n.gatewayProvider) {
    case 'anthropic':
      return 'anthropic';
    case 'openai':
      return 'openai';
    case 'google':
    case 'gemini':
      return 'google';
    case 'deepseek':
      return 'deepseek';
    case 'xai':
    case 'x-ai':
      return 'xai';
    case 'qwen':
    case 'alibaba':
    case 'dashscope':
      return 'alibaba';
    case 'moonshot':
    case 'moonshotai':
      return 'moonshot';
    default:
      return 'unknown';
  }
}

/** Every model in the table, in table order (grouped by provider, newest first), for pickers. Copies. */
export function listModels(): ModelProfile[] {
  return MODEL_TABLE.map(toProfile);
}

const PRICE_FIELDS = ['input', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead', 'output'] as const;
type PriceField = (typeof PRICE_FIELDS)[number];

function validPrice(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

/**
 * Apply user price overrides (the `promptCache.prices` setting, CLI --prices) to a profile's prices.
 *
 * `overrides` maps a key to partial prices in USD per million tokens. An entry applies when its key is
 * (lowest to highest precedence; higher ones win field by field):
 *   1. "*"                       — every model;
 *   2. any name that resolves to the same table row ("claude-sonnet-4.5", "anthropic/claude-sonnet-4-5");
 *   3. the profile id exactly ("claude-sonnet-4-5", "gpt-4.1"), case-insensitive;
 *   4. `modelName`, the model name as written in the request, exactly (case-insensitive, trimmed).
 * Invalid values (not a finite number ≥ 0) are ignored.
 *
 * Fields left out keep the table value, except the cache prices (cacheWrite5m, cacheWrite1h, cacheRead)
 * when `input` is overridden: they keep their table ratio to input (override input 4 on a $3 Sonnet row →
 * write 5, read 0.4). `overridden` is true when at least one valid field came from an override.
 */
export function applyPriceOverrides(
  profile: ModelProfile,
  overrides?: Record<string, Partial<Prices>>,
  modelName?: string,
): { prices: Prices; overridden: boolean } {
  const base = profile.prices;
  if (!overrides || typeof overrides !== 'object') return { prices: { ...base }, overridden: false };
  const written = modelName?.trim().toLowerCase();
  const id = profile.id.toLowerCase();
  const applicable: { level: number; value: Partial<Prices> }[] = [];
  for (const [rawKey, value] of Object.entries(overrides)) {
    if (!value || typeof value !== 'object') continue;
    const key = rawKey.trim().toLowerCase();
    let level = -1;
    if (written && key === written) level = 3;
    else if (key === id) level = 2;
    else if (key === '*') level = 0;
    else if (resolveModel(key)?.id === profile.id) level = 1;
    if (level >= 0) applicable.push({ level, value });
  }
  if (!applicable.length) return { prices: { ...base }, overridden: false };
  applicable.sort((a, b) => a.level - b.level);
  const explicit: Partial<Record<PriceField, number>> = {};
  for (const { value } of applicable) {
    for (const f of PRICE_FIELDS) {
      const v = (value as Record<string, unknown>)[f];
      if (validPrice(v)) explicit[f] = v;
    }
  }
  const overridden = Object.keys(explicit).length > 0;
  const input = explicit.input ?? base.input;
  const scale = (v: number): number => (base.input > 0 ? (v * input) / base.input : v);
  const prices: Prices = {
    input,
    cacheWrite5m: explicit.cacheWrite5m ?? scale(base.cacheWrite5m),
    cacheRead: explicit.cacheRead ?? scale(base.cacheRead),
    output: explicit.output ?? base.output,
  };
  const oneHour = explicit.cacheWrite1h ?? (base.cacheWrite1h !== undefined ? scale(base.cacheWrite1h) : undefined);
  if (oneHour !== undefined) prices.cacheWrite1h = oneHour;
  return { prices, overridden };
}
