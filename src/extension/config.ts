// Settings → typed configuration and the engine's AnalyzeOptions. The only place that reads `promptCache.*`.
import * as vscode from 'vscode';
import type { AnalyzeOptions, Dialect, Prices, Severity } from '../core/types';

export const SECTION = 'promptCache';

export type TokenCountDisplay = 'codelens' | 'inline' | 'off';

export interface EditorConfig {
  enable: boolean;
  include: string[];
  exclude: string[];
  debounceMs: number;
  /** Characters; documents larger than this are not analyzed on open. */
  maxFileSize: number;
  highlights: boolean;
  breakpointLabels: boolean;
  tokenCounts: TokenCountDisplay;
  tokenCountsForBlocks: boolean;
  statusBar: boolean;
  /** Time limit of one analysis, ms (promptCache.analysisTimeLimit, in seconds). */
  analysisTimeLimitMs: number;
  /** Heap limit of an analysis worker, MB (promptCache.analysisMemoryLimit). */
  analysisMemoryLimitMb: number;
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

/** Reads and validates the settings. Bad values fall back to defaults instead of throwing. */
export function readConfig(scope?: vscode.ConfigurationScope): EditorConfig {
  const c = vscode.workspace.getConfiguration(SECTION, scope);

  const rules: Record<string, Severity | 'off'> = {};
  const rawRules = c.get<unknown>('rules');
  if (rawRules && typeof rawRules === 'object') {
    for (const [k, v] of Object.entries(rawRules as Record<string, unknown>)) if (typeof v === 'string' && SEVERITIES.has(v)) rules[k] = v as Severity | 'off';
  }

  const priceOverrides: Record<string, Partial<Prices>> = {};
  const rawPrices = c.get<unknown>('prices');
  if (rawPrices && typeof rawPrices === 'object') {
    for (const [model, p] of Object.entries(rawPrices as Record<string, unknown>)) {
      if (!p || typeof p !== 'object') continue;
      const row: Partial<Prices> = {};
      for (const k of PRICE_KEYS) {
        const v = (p as Record<string, unknown>)[k];
        if (typeof v === 'number' && Number.isFinite(v) && v >= 0) row[k] = v;
      }
      if (Object.keys(row).length) priceOverrides[model] = row;
    }
  }

  const dialect = c.get<string>('dialect', 'auto');
  const defaultModel = (c.get<string>('defaultModel', '') ?? '').trim();
  const display = c.get<string>('tokenCounts.display', 'codelens');

  return {
    enable: c.get<boolean>('enable', true) !== false,
    include: strings(c.get('include')),
    exclude: strings(c.get('exclude')),
    debounceMs: num(c.get('debounceMs'), 300, 0, 5000),
    maxFileSize: Math.round(num(c.get('maxFileSize'), 1024, 1, 1024 * 1024) * 1024),
    highlights: c.get<boolean>('highlights.enabled', true) !== false,
    breakpointLabels: c.get<boolean>('breakpoints.showLabels', true) !== false,
    tokenCounts: display === 'inline' || display === 'off' ? display : 'codelens',
    tokenCountsForBlocks: c.get<boolean>('tokenCounts.blocks', true) !== false,
    statusBar: c.get<boolean>('statusBar.enabled', true) !== false,
    analysisTimeLimitMs: Math.round(num(c.get('analysisTimeLimit'), 10, 0.1, 600) * 1000),
    analysisMemoryLimitMb: Math.round(num(c.get('analysisMemoryLimit'), 1024, 128, 16384)),
    analyze: {
      dialect: DIALECTS.has(dialect) ? (dialect as Dialect | 'auto') : 'auto',
      defaultModel: defaultModel || undefined,
      priceOverrides: Object.keys(priceOverrides).length ? priceOverrides : undefined,
      rules: Object.keys(rules).length ? rules : undefined,
      volatilePatterns: strings(c.get('volatilePatterns')),
    },
  };
}
