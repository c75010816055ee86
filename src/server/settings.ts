// The `promptCache.*` settings for the language server, from plain data: what `workspace/configuration`
// (section "promptCache") answers, or what a client sends in initializationOptions / didChangeConfiguration.
// No vscode here. The same keys, defaults and bounds as src/extension/config.ts (the extension reads them
// through vscode.workspace.getConfiguration); keys may come nested ({ tokenCounts: { display } }, as VS Code
// and most LSP clients send them) or dotted ({ "tokenCounts.display": … }). Bad values fall back to defaults.
import type { AnalyzeOptions, Dialect, Prices, Severity } from '../core/types';

export type TokenCountDisplay = 'codelens' | 'inline' | 'off';

export interface ServerSettings {
  enable: boolean;
  include: string[];
  exclude: string[];
  debounceMs: number;
  /** Characters; larger documents are not analysed until "analyze anyway". */
  maxFileSize: number;
  breakpointLabels: boolean;
  tokenCounts: TokenCountDisplay;
  tokenCountsForBlocks: boolean;
  analysisTimeLimitMs: number;
  analysisMemoryLimitMb: number;
  /** promptCache.ignore: glob → rules silenced. */
  ignore: Record<string, string[] | string>;
  analyze: AnalyzeOptions;
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);
const DIALECTS = new Set(['auto', 'openai-chat', 'anthropic-messages', 'openai-gateway', 'prompt-template', 'gemini', 'bedrock-converse', 'bedrock-invoke']);
const PRICE_KEYS: (keyof Prices)[] = ['input', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead', 'output'];

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
}

function num(v: unknown, fallback: number, min: number, max: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** `key` ("a.b") in `obj`: dotted first, then nested. */
function pick(obj: Record<string, unknown>, key: string): unknown {
  if (key in obj) return obj[key];
  let cur: unknown = obj;
  for (const part of key.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/**
 * The settings section from whatever a client sent: the section itself, or an object holding it under
 * "promptCache" (Helix/Zed/Neovim users often write { promptCache = { … } }).
 */
export function settingsSection(raw: unknown): Record<string, unknown> {
  if (!isObject(raw)) return {};
  if (isObject(raw.promptCache)) return raw.promptCache;
  // dotted keys at the top level: { "promptCache.defaultModel": … }
  const dotted = Object.entries(raw).filter(([k]) => k.startsWith('promptCache.'));
  if (dotted.length) return Object.fromEntries(dotted.map(([k, v]) => [k.slice('promptCache.'.length), v]));
  return raw;
}

/** Reads and validates a `promptCache` settings object. */
export function parseSettings(raw: unknown): ServerSettings {
  const c = settingsSection(raw);
  const get = (k: string) => pick(c, k);

  const rules: Record<string, Severity | 'off'> = {};
  const rawRules = get('rules');
  if (isObject(rawRules)) {
    for (const [k, v] of Object.entries(rawRules)) if (typeof v === 'string' && SEVERITIES.has(v)) rules[k] = v as Severity | 'off';
  }
  const priceOverrides: Record<string, Partial<Prices>> = {};
  const rawPrices = get('prices');
  if (isObject(rawPrices)) {
    for (const [model, p] of Object.entries(rawPrices)) {
      if (!isObject(p)) continue;
      const row: Partial<Prices> = {};
      for (const k of PRICE_KEYS) {
        const v = p[k];
        if (typeof v === 'number' && Number.isFinite(v) && v >= 0) row[k] = v;
      }
      if (Object.keys(row).length) priceOverrides[model] = row;
    }
  }
  const ignore: Record<string, string[] | string> = {};
  const rawIgnore = get('ignore');
  if (isObject(rawIgnore)) {
    for (const [glob, v] of Object.entries(rawIgnore)) {
      if (typeof v === 'string') ignore[glob] = v;
      else if (Array.isArray(v)) ignore[glob] = strings(v);
    }
  }
  const dialect = typeof get('dialect') === 'string' ? (get('dialect') as string) : 'auto';
  const defaultModel = typeof get('defaultModel') === 'string' ? (get('defaultModel') as string).trim() : '';
  const display = get('tokenCounts.display');
  const bool = (k: string) => get(k) !== false;

  return {
    enable: bool('enable'),
    include: strings(get('include')),
    exclude: strings(get('exclude')),
    debounceMs: num(get('debounceMs'), 300, 0, 5000),
    maxFileSize: Math.round(num(get('maxFileSize'), 1024, 1, 1024 * 1024) * 1024),
    breakpointLabels: bool('breakpoints.showLabels'),
    tokenCounts: display === 'inline' || display === 'off' ? display : 'codelens',
    tokenCountsForBlocks: bool('tokenCounts.blocks'),
    analysisTimeLimitMs: Math.round(num(get('analysisTimeLimit'), 10, 0.1, 600) * 1000),
    analysisMemoryLimitMb: Math.round(num(get('analysisMemoryLimit'), 1024, 128, 16384)),
    ignore,
    analyze: {
      dialect: DIALECTS.has(dialect) ? (dialect as Dialect | 'auto') : 'auto',
      defaultModel: defaultModel || undefined,
      priceOverrides: Object.keys(priceOverrides).length ? priceOverrides : undefined,
      rules: Object.keys(rules).length ? rules : undefined,
      volatilePatterns: strings(get('volatilePatterns')),
    },
  };
}
