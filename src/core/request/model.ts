// The one request model every reader uses: the dialect's segment tree, its units in cache order, every
// cache_control marker, the per-request values, token positions and the plan's "what is readable before
// token t". Built once per analysis by the pipeline (request/pipeline.ts); rules and fixes read it.
import type { Node } from 'jsonc-parser';
import type { DialectCapabilities } from '../dialects/types';
import type { CacheControlInfo, Dialect, Segment } from '../types';
import type { DynamicHit } from './dynamic';
import type { MarkerSite } from './markers';
import type { OpenAICacheRequest } from './openaiCache';
import type { TokenMapper } from './tokens';

export interface RequestModel {
  dialect: Dialect;
  capabilities: DialectCapabilities;
  text: string;
  /** The JSON tree (undefined for prompt templates); fixes find a unit's node through its carrier path. */
  root?: Node;
  segments: Segment[];
  /** Leaf segments in cache order; `units[i].unitIndex === i`. */
  units: Segment[];
  inputTokens: number;
  /** Per-request values in cache order. */
  dynamic: DynamicHit[];
  /** Every cache_control marker (breakpoint dialects; empty otherwise). */
  markers: MarkerSite[];
  /** The top-level automatic cache_control, when the dialect gives it a meaning. */
  automatic?: CacheControlInfo;
  /** OpenAI GPT-5.6+ caching fields (prompt_cache_breakpoint markers, prompt_cache_options), OpenAI dialects only. */
  openai?: OpenAICacheRequest;
  mapper: TokenMapper;
  /** Token index (cache order) at a source offset; the total when the offset is outside every unit. */
  tokenAt(offset: number): number;
  /** Tokens read from cache when the prefix differs from token t on (the plan's rule). */
  readableBefore(t: number): number;
}
