// The engine's public data model. Plain data only: no `vscode`, no DOM.
// Offsets are UTF-16 code-unit offsets into the analyzed text (what JS strings and VS Code use).

import type { SourceParser } from './dialects/source/syntax';

export interface OffsetRange {
  start: number;
  end: number;
}

/** 0-based line/character, as in VS Code. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** The request formats (dialect plugins) the engine reads. Each has one folder under src/core/dialects/. */
export const DIALECTS = ['openai-chat', 'anthropic-messages', 'openai-gateway', 'prompt-template', 'openai-responses', 'gemini', 'bedrock-converse', 'bedrock-invoke'] as const;
export type Dialect = (typeof DIALECTS)[number];
/** Shapes the detector recognises but no dialect reads (none since every recognised family has a dialect). */
export type UnreadShape = never;

/**
 * Which caching family applies: automatic prefix caching (OpenAI-style), explicit breakpoints (Anthropic-style),
 * or OpenAI GPT-5.6+ breakpoints (`prompt_cache_breakpoint`, implicit/explicit mode: cache/planOpenAIBreakpoints.ts).
 */
export type CacheFamily = 'automatic' | 'breakpoints' | 'openai-breakpoints';

export const PROVIDERS = ['openai', 'anthropic', 'google', 'deepseek', 'xai', 'alibaba', 'moonshot', 'unknown'] as const;
export type ProviderId = (typeof PROVIDERS)[number];

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Cache TTLs: Anthropic 5m / 1h; OpenAI GPT-5.6+ 30m (prompt_cache_options.ttl). */
export type Ttl = '5m' | '1h' | '30m';

/** A `cache_control` marker as written in the source. */
export interface CacheControlInfo {
  /** The `type` value as written (normally "ephemeral"). */
  type: string;
  /** The effective TTL (default 5m when not written or not understood). */
  ttl: Ttl;
  /** The raw ttl value as written, if any. */
  ttlRaw?: string;
  /** Range of the whole property `"cache_control": {...}` (key through value). */
  range: OffsetRange;
  /** Range of the value object `{...}`. */
  valueRange: OffsetRange;
  /** True when type is "ephemeral" and ttl (if any) is "5m" or "1h". */
  valid: boolean;
}

export type SegmentKind =
  | 'tools' // OpenAI: all tool definitions as rendered into the system context
  | 'tool' // one tool definition (Anthropic: each tool is its own cacheable position)
  | 'system' // a system prompt (string) or one system block
  | 'message' // a chat message
  | 'block' // a content block inside a message (child segment)
  | 'tool-choice'
  | 'response-format'
  | 'overhead' // request-level constants (reply priming, hidden tool prompt …)
  | 'template'; // a prompt-template part

/** A piece of prompt text with where it lives in the source. */
export interface TextSpan {
  /** The decoded text (JSON escapes resolved). */
  text: string;
  /** Source range of the text (inside the quotes for a JSON string). */
  range: OffsetRange;
  /**
   * When the source differs from the decoded text (escapes), sourceOffsets[i] is the source offset of
   * decoded UTF-16 unit i; its length is text.length + 1 (the last entry is the end). Omitted when the
   * mapping is the identity shifted by range.start.
   */
  sourceOffsets?: number[];
}

export interface ImageInfo {
  detail?: string; // as written ("low" | "high" | "auto"), undefined when not set
  width?: number;
  height?: number;
  /** Where the size came from. */
  sizeSource: 'data-url' | 'local-file' | 'unknown';
}

export interface Segment {
  /** Stable JSON-path-like id: "tools", "tools[0]", "system", "system[1]", "messages[2]", "messages[2].content[1]". */
  id: string;
  /** JSON path of the node (empty for prompt templates). */
  path: (string | number)[];
  kind: SegmentKind;
  role?: string;
  /** For blocks / system blocks: text | image | image_url | document | tool_use | tool_result | thinking | … */
  blockType?: string;
  /** Human label, e.g. "system", "tool get_weather", "user message 3", "text block 2". */
  label: string;
  /** Source range of the whole JSON node (object, array or string). */
  range: OffsetRange;
  /** The prompt text of this segment, in order, with source mapping. Blocks' text is in their children. */
  spans: TextSpan[];
  /** Tokens attributed to this segment (message overhead included for messages). */
  tokens: number;
  /** Cumulative tokens before this segment (in cache order). */
  startTokens: number;
  /** Cumulative tokens through the end of this segment. */
  cumulativeTokens: number;
  /** False when the count is an estimate (non-public tokenizer, image of unknown size …). */
  exact: boolean;
  /** Why not exact, when not exact. */
  estimateNote?: string;
  /** cache_control on this node, if any. */
  cacheControl?: CacheControlInfo;
  /** Child segments (content blocks of a message, parts of a system prompt). */
  children?: Segment[];
  image?: ImageInfo;
  /** Index among cacheable positions (Anthropic: tools, system blocks, message blocks), for lookback. */
  position?: number;
  // --- Unit facts (set by the dialect on leaf segments: the request model's cacheable units) ---
  /** Which part of the request this unit belongs to. */
  section?: 'tools' | 'system' | 'messages' | 'template' | 'overhead';
  /** messages[i] this unit belongs to (also for system messages lifted by a gateway). */
  messageIndex?: number;
  /** JSON path of the node that carries (or would carry) this unit's breakpoint; for a string form, the string. */
  carrier?: (string | number)[];
  /** The carrier is a string (`"system": "…"`, `"content": "…"`): a breakpoint needs conversion to blocks. */
  stringForm?: boolean;
  /** The API accepts a cache_control breakpoint on this unit (not thinking, not empty text, not overhead). */
  breakpointAllowed?: boolean;
  /** The last unit of the newest message: the per-request tail. */
  newest?: boolean;
  /** Index of this unit in the request model's unit list (cache order). */
  unitIndex?: number;
}

/** A value in the prompt taken to change on the next call (timestamp, id, template placeholder …). */
export interface DynamicValue {
  source: 'volatile' | 'placeholder';
  /** Volatile kind ("timestamp", "uuid" …) or placeholder syntax ("mustache" …). */
  kind: string;
  value: string;
  /** Placeholder name, for template variables. */
  name?: string;
  range: OffsetRange;
  /** Id of the unit (leaf segment) it sits in; undefined for template text outside units. */
  unitId?: string;
  /** Token index (cache order) where the value starts. */
  tokenIndex: number;
}

export type BreakpointKind = 'explicit' | 'automatic' | 'implicit';

export interface Breakpoint {
  /** Segment id the breakpoint is attached to (the block whose end closes the prefix). */
  segmentId: string;
  kind: BreakpointKind;
  ttl: Ttl;
  /** Where to render it: the cache_control property, or (implicit) a point range at prefix end. */
  range: OffsetRange;
  /** Tokens of the prefix this breakpoint closes (everything before and including its block). */
  prefixTokens: number;
  minimumTokens: number;
  meetsMinimum: boolean;
  /**
   * Cacheable positions from the nearest entry an earlier request wrote (the previous turn's end for the
   * moving last breakpoint, else the previous breakpoint), or from the start (src/core/cache/lookback.ts).
   */
  positionsSincePrevious: number;
  /** True when the entry an earlier request wrote can be found from here (< lookback), or none is needed. */
  withinLookback: boolean;
  /** Unit id whose end holds the earlier entry measured from (the previous turn's end or breakpoint). */
  lookbackFrom?: string;
  /** Tokens written to cache by this breakpoint on a first call (beyond what earlier ones wrote). */
  writeTokens: number;
  /** Tokens read from cache up to this breakpoint on an identical repeat. */
  readTokensOnRepeat: number;
  /** Tokens read from cache up to this breakpoint on the next call (per-request values changed). */
  readTokensNextCall: number;
}

/** Why the next call reads less than an identical repeat: the first per-request value in the prefix. */
export interface NextCallCut {
  value: string;
  kind: string;
  source: DynamicValue['source'];
  range: OffsetRange;
  /** Label of the unit holding it ("system block 1"). */
  unitLabel?: string;
  tokenIndex: number;
}

export interface CachePlan {
  family: CacheFamily;
  /** Minimum cacheable prefix for this model (tokens). */
  minimumTokens: number;
  /** Automatic caching: the increment after the minimum (OpenAI: 128). */
  incrementTokens?: number;
  /** Tokens of the stable prefix the cache can reach (before the first volatile part / last breakpoint). */
  prefixTokens: number;
  /** Source offset where the cacheable prefix ends (may be inside a string). -1 when nothing is cacheable. */
  prefixEnd: number;
  /** Tokens an identical second request within the TTL would read from cache (labelled "identical repeat"). */
  cachedTokensOnRepeat: number;
  /**
   * The headline: tokens the next call reads from cache when every per-request value found in the prefix
   * (timestamps, ids, template placeholders) has changed. ≤ cachedTokensOnRepeat.
   */
  cachedTokensNextCall: number;
  /** The per-request value that ends what the next call can read, when there is one before the cached end. */
  nextCallCut?: NextCallCut;
  /** Set when the API would reject the request (too many breakpoints, invalid cache_control …): nothing is cached. */
  rejected?: string;
  /** Tokens written to cache on the first call (Anthropic: cache_creation_input_tokens). */
  writtenTokens: number;
  /** Tokens written on this call that the next call cannot read (after a per-request value) – the "write-only" tint. */
  writeOnlyTokens: number;
  breakpoints: Breakpoint[];
  /** Source ranges the next call reads from cache (the highlight). */
  readRanges: OffsetRange[];
  /** Source ranges written to cache that the next call cannot read (other tint). Never below-minimum text: that is not written. */
  writeOnlyRanges: OffsetRange[];
  /** Human notes explaining the plan ("below the 1,024-token minimum: nothing is cached"). */
  notes: string[];
}

export interface Prices {
  /** USD per million tokens. */
  input: number;
  cacheWrite5m: number;
  cacheWrite1h?: number;
  cacheRead: number;
  output: number;
}

export interface CostEstimate {
  currency: 'USD';
  /** Input cost of the first call (cache writes at write price). */
  firstCall: number;
  /** Input cost of an identical repeat inside the TTL. */
  repeatCall: number;
  /** Input cost of the next call inside the TTL, per-request values changed (reads cachedTokensNextCall). The headline. */
  nextCall: number;
  /** Same request without any caching. */
  uncachedCall: number;
  prices: Prices;
  pricesAsOf: string;
  pricesSource: string;
  /** True when prices came from user overrides. */
  overridden: boolean;
  /**
   * Set when the input is above the model's long-context threshold: the whole request is priced at the
   * long-context rates (`prices` holds them), as Anthropic and Google bill it.
   */
  longContext?: { thresholdTokens: number; applied: true; source: string };
}

export interface TextEdit {
  range: OffsetRange;
  newText: string;
}

export interface Fix {
  title: string;
  kind: 'quickfix' | 'refactor';
  isPreferred?: boolean;
  edits: TextEdit[];
}

export interface Diagnostic {
  /** Stable kebab-case rule name, e.g. "volatile-in-prefix". */
  code: string;
  severity: Severity;
  message: string;
  range: OffsetRange;
  /** Link to docs/rules/<code>.md. */
  docsUrl?: string;
  fixes?: Fix[];
  /** Other places of the same root cause (VS Code relatedInformation, SARIF relatedLocations). */
  related?: RelatedInfo[];
}

/** A place related to a diagnostic, with what happens there. */
export interface RelatedInfo {
  range: OffsetRange;
  message: string;
}

/** A problem with the input itself (broken JSON, unknown shape …), shown as a clear message. */
export interface InputProblem {
  severity: Severity;
  message: string;
  range?: OffsetRange;
  /**
   * Set on problems about a body that was read and analysed but that the API would reject ("strict-json":
   * JSONC syntax in a .json file; "block-type": a wrongly typed value in one block). Unset: the input could
   * not be read (syntax errors, not a request). The CLI exits 2 only for the latter; the former count
   * towards --fail-on like findings.
   */
  code?: 'strict-json' | 'block-type';
}

export interface ModelInfo {
  /** The model as resolved (file, option, or default). */
  name?: string;
  source: 'file' | 'option' | 'default' | 'none';
  /** Range of the model value in the file, when it came from the file. */
  range?: OffsetRange;
  /** True when the model is in the table. */
  known: boolean;
  /** The table row id that matched (e.g. "claude-sonnet-4-5"). */
  profileId?: string;
  /** Set when the model is unknown or missing: whose rules and prices were used instead, worded once for every front. */
  fallback?: ModelFallback;
}

/** What an unknown (or missing) model fell back to (src/core/models/fallback.ts). */
export interface ModelFallback {
  reason: 'unknown' | 'missing';
  /** The row used instead. */
  usedId: string;
  usedName: string;
  /** That row's rules and prices, in one line. */
  rules: string;
  /** For tight places (status bar): "unknown model: gpt-4o rules". */
  short: string;
  /** The full sentence (CLI, panel, tooltip, problems). */
  message: string;
}

export interface Analysis {
  /** Whether the text was recognised as a request or prompt file at all. */
  isRequest: boolean;
  dialect?: Dialect;
  provider: ProviderId;
  model: ModelInfo;
  /** The request's whole prompt size as the provider counts it. */
  inputTokens: number;
  /** False when any count is an estimate. */
  exact: boolean;
  /** How the counts were obtained ("tiktoken o200k_base", "estimate: …"). */
  tokenizer: string;
  /** Top-level segments in cache order. */
  segments: Segment[];
  cache: CachePlan;
  cost?: CostEstimate;
  diagnostics: Diagnostic[];
  problems: InputProblem[];
  /** Length of the analyzed text, for range checks. */
  textLength: number;
  /** JSONL only: one analysis per request line (ranges are offsets in the whole file). The top-level fields describe the first request. */
  lines?: Analysis[];
  // --- Source files (Python / TypeScript / JavaScript): one entry of `lines` per recognised SDK call ---
  /** The call expression's source range. */
  callRange?: OffsetRange;
  /** The call as written ("client.messages.create", "generateText"). */
  callLabel?: string;
  /** Expressions the file does not resolve, inside this call's request (counted by their expression text). */
  dynamicSpans?: DynamicSpan[];
  /** True when counts include dynamic spans counted by their expression text: fronts print "≈ N". */
  approximate?: boolean;
}

/** An unresolved expression in a request built in code (a function call, an import, a parameter …). */
export interface DynamicSpan {
  /** The expression's source range. */
  range: OffsetRange;
  /** The expression's source text. */
  expression: string;
  /** The plan takes it to change on every call (a clock or random id, or a non-constant in the system prompt). */
  perRequest: boolean;
  reason: string;
  /** False when the value is left out of the counts (a list or object the file does not hold, e.g. `tools=get_tools()`). */
  counted: boolean;
}

export interface AnalyzeOptions {
  fileName?: string;
  /** Force a dialect ('auto' or undefined: detect). */
  dialect?: Dialect | 'auto';
  /** Model override (CLI --model, per-file choice in the editor). Wins over the file. */
  model?: string;
  /** Used when the file names no model. */
  defaultModel?: string;
  /** Per-model price overrides, keyed by model name or profile id. */
  priceOverrides?: Record<string, Partial<Prices>>;
  /** Rule severities: rule name → severity or 'off'. */
  rules?: Record<string, Severity | 'off'>;
  /** Extra regexes (source strings) for volatile-in-prefix. */
  volatilePatterns?: string[];
  /** Injected IO: read a local file (for image sizes). Return undefined when unreadable. */
  readFile?: (path: string) => Uint8Array | undefined;
  /** Texts larger than this (chars) are not analyzed; a problem says so. Default 50 MB. */
  maxChars?: number;
  /**
   * Rules work (issue 3): file/folder suppression, glob → rule names ("*" = all). See
   * SuppressOptions in src/core/rules/types.ts and docs/rules/README.md.
   */
  suppress?: { ignore?: Record<string, string[] | string>; relativePath?: string };
  /**
   * Source files (.py .ts .tsx .js …): parses the text into a syntax tree. The host provides it (src/host/treeSitter.ts
   * loads web-tree-sitter); without it a source file is not analysed (a problem says so).
   */
  parseSource?: SourceParser;
  /** The editor's language id (python, typescript, typescriptreact, javascript, javascriptreact), for files without an extension. */
  languageId?: string;
}
