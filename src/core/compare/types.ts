// The compare engine's public data: what two requests share in cache order, where they part, and what the
// second reads from cache after the first under the provider's rules (src/core/compare/compare.ts).
import type { Analysis, AnalyzeOptions, CacheFamily, Dialect, OffsetRange, Position } from '../types';

/** Why the cache prefix of the second request stops matching the first's. */
export const COMPARE_CATEGORIES = [
  'identical', // same cache prefix (and same breakpoints)
  'extended', // the second request starts with all of the first (a normal next turn)
  'tools-reordered', // same tool definitions, other order
  'tool-changed', // a tool definition differs (or one was added/removed)
  'system-changed', // the system prompt / instructions differ
  'history-rewritten', // an earlier message was edited, dropped, compacted or reordered
  'image-changed', // an image block differs, or images were added/removed
  'model-or-parameters-changed', // another model (or format), or a parameter that invalidates the cache (thinking, tool_choice …)
  'breakpoint-moved', // same content, cache breakpoints elsewhere: the second finds no entry the first wrote
  'lookback-exceeded', // same content, but the first's entry is more than the lookback (20 positions) before the second's breakpoints
  'ttl-expired', // same content, but the gap outlived the entries' TTL
  'not-comparable', // one side is not a request
] as const;
export type CompareCategory = (typeof COMPARE_CATEGORIES)[number];

/** A range in one of the two files: offsets and 0-based line/character (as VS Code); `text` is what is there. */
export interface SideRange extends OffsetRange {
  startPos: Position;
  endPos: Position;
  /** The differing characters on this side (may be empty: something was inserted on the other side), cut to 200. */
  text: string;
}

export interface FirstDifference {
  /** The unit, in words: "tool 3 (lookup_order) description", "system block 2", "message 5 (user), part 2". */
  unit: string;
  /** Which part of the request. */
  section: 'tools' | 'system' | 'messages' | 'template' | 'overhead' | 'model' | 'parameters';
  /** Unit ids on each side ("tools[2]", "messages[4].content[1]"); undefined where that side has no such unit. */
  unitId: { a?: string; b?: string };
  /** Path inside the unit of the first differing JSON value ("function.description"), when there is one. */
  detail?: string;
  /** The differing text range in each file. */
  range: { a: SideRange; b: SideRange };
  /** Token index (cache order) where the difference starts, in each request. */
  tokenIndex: { a: number; b: number };
}

export interface CompareTtl {
  gapSeconds: number;
  /** Seconds the longest-lived entry of the first request survives unused (its breakpoint's TTL, or the model row's cacheLifetimeMinutes). */
  ttlSeconds: number;
  /** True when the gap outlives every entry the second could read (then it reads nothing). */
  expired: boolean;
}

export interface Comparison {
  category: CompareCategory;
  /** Every change found (the primary first), e.g. ["system-changed", "breakpoint-moved"]. */
  categories: CompareCategory[];
  /** Tokens (second request's count, cache order) before the first difference. */
  sharedPrefixTokens: number;
  /** What the second request reads from cache after the first, under the provider's rules. */
  cachedTokensOnSecond: number;
  /** What the second would read after an identical copy of itself (its own identical repeat): what the change costs. */
  cachedTokensIfUnchanged: number;
  inputTokens: { a: number; b: number };
  firstDifference?: FirstDifference;
  family: CacheFamily;
  dialect: { a?: Dialect; b?: Dialect };
  model: { a?: string; b?: string };
  ttl?: CompareTtl;
  /** How the figure was reached, in sentences (minimum, steps, breakpoints, lookback, TTL). */
  notes: string[];
  /** Input problems that make the comparison partial or impossible. */
  problems: string[];
}

/** One side: a text (with its file name, and a 1-based JSONL request line), or an analysis built from that text. */
export interface CompareSide {
  text: string;
  fileName?: string;
  /** JSONL: which request line (1-based line number in the file); default: the first request line. */
  line?: number;
  /** Reuse an analysis of `text` (built in this process, so its request model is known). */
  analysis?: Analysis;
  /** When the request was sent (ms since epoch), for the TTL. */
  timestamp?: number;
}

export interface CompareOptions extends AnalyzeOptions {
  /** Seconds between the two requests (else from the sides' timestamps). */
  gapSeconds?: number;
}
