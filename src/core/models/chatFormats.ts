// OpenAI Chat Completions format facts per model: how `prompt_tokens` is made up around the text
// (message overheads, tool rendering variant, image rule, request-level adjustment). PLAIN DATA ONLY.
//
// Looked up with the same rules as MODEL_TABLE (chatFormatFor in ./index.ts): the name is normalised
// like resolveModel does (lowercase, gateway prefixes and ":…"/"@…" suffixes dropped, "." "_" " " → "-"),
// `match` entries are prefixes that end at a "-" boundary and never cut through a 1–2 digit version
// ("gpt-5" does not select "gpt-5-4" = gpt-5.4, but does select "gpt-5-2025-08-07"), `aliases` are exact
// names, and the longest key wins (ties: table order). A name no row selects gets DEFAULT_CHAT_FORMAT.
//
// This table is finer than MODEL_TABLE on purpose: the format changed between snapshots of one model
// (gpt-3.5-turbo-0301 vs 0613 vs 0125; gpt-4-0314 vs 0613), and counting needs the snapshot.
//
// Sources: the team's reference notes, token-references.md §3.3–3.5 and provider-rules.md §2.5 (outside
// this repository); the data points behind them are in test/data/token-reference-cases.jsonl (ids in each
// row's `source`), and docs/token-counting.md §2 explains the rules. Changing a number here changes
// counts: run
//   node --import tsx --test test/unit/token-references.test.ts test/unit/chat-formats.test.ts

/**
 * How the definitions are rendered. Both variants come from billed data (token-references.md §3.3):
 *  - 'v2023': gpt-3.5-turbo-0613 / gpt-4-0613 (hmarr, 36/36 cases): nested objects indented 2 spaces per
 *    level (closing brace not indented), nested property descriptions dropped.
 *  - 'v2024': 2024 cl100k deployments (pamelafox, 18 cases) and, by analogy, everything newer: nested
 *    objects not indented, nested descriptions kept.
 */
export type ToolRenderVariant = 'v2023' | 'v2024';

/** Image cost rule (token-references.md §3.5): tiles of 512 px after fitting, or 32-px patches × a multiplier. */
export type ImageRule =
  | { kind: 'tile'; base: number; tile: number }
  | { kind: 'patch'; multiplier: number; maxPatches: number; extra: number; verified: boolean };

export interface ChatFormat {
  perMessage: number;
  /** Added for a `name`; 0301: -1 (the name replaces the role). */
  perName: number;
  toolVariant: ToolRenderVariant;
  image: ImageRule;
  /** Request-level adjustment (o-series: -1, calibrated on FV-01…04). */
  requestAdjust: number;
  /** True when the model's message formula has API-verified data. */
  verified: boolean;
  family: string;
}

export interface ChatFormatRow extends ChatFormat {
  /** Normalised name prefixes that select this row (same rules as MODEL_TABLE's `match`). */
  match: string[];
  /** Exact normalised names that select this row. */
  aliases?: string[];
  /** Where the facts come from (reference sections, data point ids). */
  source: string;
}

const TILE_4O = { kind: 'tile', base: 85, tile: 170 } as const;

/** Names no row selects (and the base every row starts from): the cookbook formula, v2024 tools, 4o tiles. */
export const DEFAULT_CHAT_FORMAT: ChatFormat = {
  perMessage: 3,
  perName: 1,
  toolVariant: 'v2024',
  image: TILE_4O,
  requestAdjust: 0,
  verified: false,
  family: 'other',
};

const D = DEFAULT_CHAT_FORMAT;
const SRC_MSG = 'token-references.md §3.4 (per-message formula, cookbook)';
const SRC_TOOLS = 'token-references.md §3.3 (tool rendering by snapshot)';
const SRC_IMG = 'token-references.md §3.5 (images)';
const SRC_IMG_DOCS = 'OpenAI vision guide, tile table [provider-rules.md §2.5]';

export const CHAT_FORMATS: ChatFormatRow[] = [
  // ── gpt-3.5 (cl100k) ──
  {
    ...D,
    match: ['gpt-3-5-turbo-0301', 'gpt-35-turbo-0301'],
    perMessage: 4,
    perName: -1,
    toolVariant: 'v2023',
    verified: true,
    family: 'gpt-3.5',
    source: `${SRC_MSG}: 4 per message, a name replaces the role (CB-01, CB-03 = 127); tools: no data of its own, rendered like 0613`,
  },
  {
    ...D,
    // The 0613 snapshot (and the 2023 alias) render definitions like hmarr measured.
    match: ['gpt-3-5-turbo-0613', 'gpt-35-turbo-0613', 'gpt-3-5-turbo-16k-0613', 'gpt-35-turbo-16k-0613'],
    toolVariant: 'v2023',
    verified: true,
    family: 'gpt-3.5',
    source: `${SRC_MSG} (CB-02); ${SRC_TOOLS}: v2023 (HM-01…HM-36, FT-01)`,
  },
  {
    ...D,
    // 1106/0125 (the alias since 2024) render definitions like 2024.
    match: ['gpt-3-5', 'gpt-35'],
    verified: true,
    family: 'gpt-3.5',
    source: `${SRC_MSG} (CB-07 = 129); ${SRC_TOOLS}: v2024 (cookbook 0125 tool case)`,
  },
  // ── gpt-4o ──
  {
    ...D,
    match: ['gpt-4o-mini'],
    image: { kind: 'tile', base: 2833, tile: 5667 },
    verified: true,
    family: 'gpt-4o-mini',
    source: `${SRC_MSG}; ${SRC_IMG}: base 2833, 5667 per tile (PF-I, FV)`,
  },
  {
    ...D,
    match: ['gpt-4o', 'chatgpt-4o'],
    verified: true,
    family: 'gpt-4o',
    source: `${SRC_MSG} (cookbook 124 / 101); ${SRC_IMG}: 85 + 170 per tile (PF-I07 = 603)`,
  },
  // ── gpt-4.1, gpt-4.5 ──
  {
    ...D,
    match: ['gpt-4-1-mini'],
    image: { kind: 'patch', multiplier: 1.62, maxPatches: 1536, extra: 1, verified: true },
    family: 'gpt-4.1',
    source: `${SRC_IMG}: patches × 1.62, +1 calibrated (FV)`,
  },
  {
    ...D,
    match: ['gpt-4-1-nano'],
    image: { kind: 'patch', multiplier: 2.46, maxPatches: 1536, extra: 1, verified: true },
    family: 'gpt-4.1',
    source: `${SRC_IMG}: patches × 2.46, +1 calibrated (FV)`,
  },
  { ...D, match: ['gpt-4-1'], family: 'gpt-4.1', source: `${SRC_IMG}: tile model (FV)` },
  { ...D, match: ['gpt-4-5'], family: 'gpt-4.5', source: `${SRC_IMG}: tile model (FV)` },
  // ── gpt-4 (cl100k) ──
  {
    ...D,
    match: ['gpt-4-turbo', 'gpt-4-1106', 'gpt-4-0125', 'gpt-4-vision'],
    verified: true,
    family: 'gpt-4',
    source: `${SRC_MSG}; ${SRC_IMG}: tile model (gpt-4-turbo image cases)`,
  },
  {
    ...D,
    // gpt-4 / gpt-4-32k resolve to the 0613 snapshot.
    match: ['gpt-4-0613', 'gpt-4-32k-0613'],
    aliases: ['gpt-4', 'gpt-4-32k'],
    toolVariant: 'v2023',
    verified: true,
    family: 'gpt-4',
    source: `${SRC_MSG} (CB-05); ${SRC_TOOLS}: v2023 (cookbook gpt-4 tool case = 105, FW-01)`,
  },
  {
    ...D,
    aliases: ['gpt-4-0314', 'gpt-4-32k-0314'],
    match: [],
    verified: true,
    family: 'gpt-4',
    source: `${SRC_MSG} (CB-04)`,
  },
  { ...D, match: ['gpt-4'], family: 'gpt-4', source: `${SRC_MSG} (other gpt-4 names: no data of their own)` },
  // ── o-series ──
  {
    ...D,
    match: ['o4-mini'],
    image: { kind: 'patch', multiplier: 1.72, maxPatches: 1536, extra: 1, verified: true },
    requestAdjust: -1,
    family: 'o-series',
    source: `${SRC_IMG}: patches × 1.72 (FV); request -1 calibrated on FV-01…04`,
  },
  { ...D, match: ['o1-mini', 'o3-mini'], requestAdjust: -1, family: 'o-series', source: 'request -1 as the other o-series models (FV-01…04)' },
  {
    ...D,
    match: ['o1', 'o3'],
    image: { kind: 'tile', base: 75, tile: 150 },
    requestAdjust: -1,
    family: 'o-series',
    source: `${SRC_IMG}: documented 75 + 150 per tile (FV o3; o1 is anomalous, FV-13/14); request -1 calibrated on FV-01…04`,
  },
  // ── gpt-5 ──
  {
    ...D,
    match: ['gpt-5-nano'],
    image: { kind: 'patch', multiplier: 1.5, maxPatches: 1536, extra: 1, verified: false },
    family: 'gpt-5',
    source: `${SRC_IMG}: patches × 1.5 (forum t/1377015, unverified)`,
  },
  {
    ...D,
    match: ['gpt-5-mini'],
    image: { kind: 'patch', multiplier: 1.2, maxPatches: 1536, extra: 1, verified: false },
    family: 'gpt-5',
    source: `${SRC_IMG}: patches × 1.2 (forum t/1377015, unverified)`,
  },
  {
    ...D,
    match: ['gpt-5', 'gpt-5-1'],
    image: { kind: 'tile', base: 70, tile: 140 },
    family: 'gpt-5',
    source: `${SRC_IMG_DOCS}: gpt-5 / gpt-5.1 tile model, 70 + 140 per tile`,
  },
  {
    ...D,
    // gpt-5.2 and later point releases.
    match: ['gpt-5-2', 'gpt-5-3', 'gpt-5-4', 'gpt-5-5', 'gpt-5-6', 'gpt-5-7', 'gpt-5-8', 'gpt-5-9'],
    image: { kind: 'patch', multiplier: 1.2, maxPatches: 2500, extra: 1, verified: false },
    family: 'gpt-5',
    source: `${SRC_IMG}: patches × 1.2, larger cap on newer models (forum t/1377015, unverified)`,
  },
  {
    ...D,
    // GPT-6 (Astra / Sol / Luna): no published tokenizer or billed data; the gpt-5.2+ formula is assumed, and
    // the table row marks its tokenizer as assumed (counts are estimates).
    match: ['gpt-6'],
    image: { kind: 'patch', multiplier: 1.2, maxPatches: 2500, extra: 1, verified: false },
    family: 'gpt-6',
    source: `${SRC_IMG}: gpt-5.2+ formula assumed for GPT-6 (no billed data, unverified)`,
  },
  // ── other ──
  { ...D, match: ['computer-use'], image: { kind: 'tile', base: 65, tile: 129 }, source: `${SRC_IMG_DOCS}: computer-use-preview tile model, 65 + 129 per tile` },
];
