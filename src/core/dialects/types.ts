// The dialect plugin shape: one folder per request format under src/core/dialects/, each exporting one
// plugin. A dialect builds the request model's segments (with counts); the pipeline in analyze.ts does
// the rest (units, per-request values, markers, plan, costs, rules) the same way for every dialect.
import type { Node } from 'jsonc-parser';
import type { ModelProfile } from '../models/types';
import type { CacheControlInfo, Dialect, InputProblem, Segment } from '../types';
import type { MarkerSite } from '../request/markers';
import type { TokenMapper } from '../request/tokens';
import type { DialectPlaceholder } from '../request/dialectValues';

export interface BuildContext {
  text: string;
  root: Node;
  /** Resolved model name (for snapshot-specific counting rules). */
  model: string;
  profile: ModelProfile;
  imageSize: (url: string) => { width: number; height: number } | undefined;
}

export interface BuiltRequest {
  /** Top-level segments in cache order. */
  segments: Segment[];
  inputTokens: number;
  exact: boolean;
  tokenizer: string;
  notes: string[];
  /** The top-level automatic cache_control, when this dialect gives it a meaning. */
  automatic?: CacheControlInfo;
  /** Problems with the body this dialect found (turns held server side, a referenced cache whose content is not in the file …). */
  problems?: InputProblem[];
  /** Placeholders found by the format's own rules (prompt files); the pipeline then skips its generic scan. */
  placeholders?: DialectPlaceholder[];
}

/** What a dialect supports: the rules and fixes read this instead of comparing dialect ids. */
export interface DialectCapabilities {
  /** cache_control markers in the body are the caching mechanism (breakpoint family). */
  markers: boolean;
  /** Fixes may add, move and remove cache_control in this body. */
  editableBreakpoints: boolean;
  /** A top-level cache_control switches on automatic caching. */
  automaticMarker: boolean;
  /**
   * How a breakpoint is written in this body: a `cache_control` property on the block (default), or a
   * separate `{"cachePoint": {"type": "default"}}` element after the content it closes (Bedrock Converse).
   * Fixes that add or split a breakpoint read this.
   */
  markerSyntax?: 'cache_control' | 'cachePoint';
  /** The body runs on this platform whatever the model name says (Bedrock: its own minimums). */
  platform?: 'bedrock';
}

/** A JSON request body format. */
export interface JsonDialect {
  id: Dialect;
  input: 'json';
  capabilities: DialectCapabilities;
  /** How strongly the body shows this dialect family's signals (0: none); detectShape compares them. */
  detect(root: Node): number;
  /** Does this dialect read a body of this shape (as detected) for this model? */
  accepts(shape: Dialect, profile: ModelProfile): boolean;
  build(ctx: BuildContext): BuiltRequest;
  /**
   * The body's breakpoint markers, when this dialect writes them otherwise than as cache_control properties
   * (Bedrock Converse cachePoint elements) or judges them otherwise (Bedrock's refusal of automatic caching).
   * Undefined: the pipeline's cache_control walk (request/markers.ts).
   */
  markers?(root: Node, units: readonly Segment[], profile: ModelProfile, text: string): MarkerSite[];
}

/** A text prompt format (templates), recognised by file name. */
export interface TextDialect {
  id: Dialect;
  input: 'text';
  capabilities: DialectCapabilities;
  matchesFile(fileName: string): boolean;
  /** The model the file names, with its range; `provider`: the provider the file names besides (Dotprompt "googleai/…", Prompty "type: azure_openai"), for the fallback of an unknown name. */
  modelName(text: string): { name: string; start: number; end: number; provider?: 'openai' | 'anthropic' | 'google' } | undefined;
  build(text: string, profile: ModelProfile, mapper: TokenMapper): BuiltRequest;
}

export type DialectPlugin = JsonDialect | TextDialect;
