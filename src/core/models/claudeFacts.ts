// Claude estimator facts for names the model table has NO row for. PLAIN DATA, plus the one parse of a
// Claude name into family and version.
//
// Every Claude row of MODEL_TABLE carries its own facts (`claude`, ClaudeEstimatorFacts in ./types.ts);
// that is where a model's facts live and what a name that resolves gets. This file only serves the rest
// ("claude-haiku-5-5", "claude-opus-6", "claude-3-sonnet-20240229", "claude-2.1"). claudeFactsFor
// (./index.ts) reads the family and version from such a name (parseClaudeVersion), takes the table row of
// that family and version when there is one (a spelling the prefixes miss, e.g. "my-claude-opus-4-8"), and
// otherwise applies the generation rules below (first matching rule per fact). A name that does not read
// as a Claude version gets DEFAULT_CLAUDE_FACTS.
//
// The rules extend the table's facts to versions without a row; sources as in the rows (provider-rules.md
// §1.8 thinking, §1.9 tokenizer, §1.10 tool-use system prompt, §1.11 images).

import type { ClaudeEstimatorFacts } from './types';

/** A Claude name's family (opus | sonnet | haiku | fable | mythos | instant | '' for "claude-2.1") and version. */
export interface ClaudeVersion {
  family: string;
  /** major + minor / 10 ("claude-opus-4-7" = 4.7, "claude-3-5-haiku" = 3.5, "claude-opus-5" = 5). */
  version: number;
}

/**
 * Family and version as written anywhere in the name (lowercase, not normalised): new style
 * "claude-opus-4-7", "claude-sonnet-4-5-20250929", "claude-fable-5-1"; old style "claude-3-5-sonnet-20241022",
 * "claude-3-opus"; bare "claude-2.1"; any "mythos" = Mythos 5. Undefined when it reads as none of these.
 */
export function parseClaudeVersion(name: string | undefined): ClaudeVersion | undefined {
  const m = String(name ?? '').toLowerCase();
  const v = (major: string, minor: string | undefined): number => Number(major) + (minor !== undefined ? Number(minor) : 0) / 10;
  let r = /claude-(opus|sonnet|haiku|fable|mythos|instant)-(\d{1,2})(?:[-.](\d{1,2})(?!\d))?/.exec(m);
  if (r) return { family: r[1], version: v(r[2], r[3]) };
  r = /claude-(\d{1,2})(?:[-.](\d{1,2}))?-(opus|sonnet|haiku)/.exec(m);
  if (r) return { family: r[3], version: v(r[1], r[2]) };
  r = /claude-(\d{1,2})(?:\.(\d))?/.exec(m);
  if (r) return { family: '', version: v(r[1], r[2]) };
  if (/mythos/.test(m)) return { family: 'mythos', version: 5 };
  return undefined;
}

/** The table key of a family and version ("claude-opus-4-7", "claude-opus-5"); undefined without a family. */
export function claudeVersionKey(v: ClaudeVersion): string | undefined {
  if (!v.family) return undefined;
  const major = Math.floor(v.version);
  const minor = Math.round((v.version - major) * 10);
  return `claude-${v.family}-${major}${minor ? `-${minor}` : ''}`;
}

/** A family / version range: all of `families` (any family when absent), version in [from, below). */
interface VersionRule {
  families?: string[];
  from?: number;
  below?: number;
}

const TOOL_OVERHEAD_DEFAULT = { auto: 346, any: 313 };

/** Names that do not read as a Claude version: the older tokenizer, standard images, thinking stripped. */
export const DEFAULT_CLAUDE_FACTS: ClaudeEstimatorFacts = {
  tokenizerGeneration: 'pre-4.7',
  highResImages: false,
  keepsEarlierThinking: false,
  toolOverhead: TOOL_OVERHEAD_DEFAULT,
  source: 'no Claude version in the name: defaults (older tokenizer, standard image tier, earlier thinking stripped, the long-standing 346 / 313 tool-use prompt)',
};

/** Generation rules for versions without a table row (first matching rule wins; none: the default). */
export const CLAUDE_GENERATION_RULES: {
  newerTokenizer: VersionRule[];
  highResImages: VersionRule[];
  keepsEarlierThinking: VersionRule[];
  toolOverhead: (VersionRule & { tokens: { auto: number; any: number } })[];
  source: string;
} = {
  // §1.9: 4.7 and later, Fable and Mythos use the newer tokenizer.
  newerTokenizer: [{ families: ['fable', 'mythos'] }, { from: 4.7 }],
  // §1.11: Opus 4.7+, Fable, Mythos and everything from 5.5 on have the high-res tier.
  highResImages: [{ families: ['fable', 'mythos'] }, { families: ['opus'], from: 4.7 }, { from: 5.5 }],
  // §1.8: Opus 4.5+, Sonnet 4.6+ and all 5.x keep earlier thinking.
  keepsEarlierThinking: [{ from: 5 }, { families: ['opus'], from: 4.5 }, { families: ['sonnet'], from: 4.6 }],
  // §1.10 (newest table); other versions: the long-standing 346 / 313.
  toolOverhead: [
    { families: ['opus'], from: 5, tokens: { auto: 286, any: 406 } },
    { families: ['opus', 'sonnet'], from: 4, below: 4.5, tokens: { auto: 313, any: 315 } },
    { families: ['sonnet'], from: 5, tokens: { auto: 354, any: 474 } },
    // Claude 3 Sonnet (retired, no table row).
    { families: ['sonnet'], from: 3, below: 3.1, tokens: { auto: 159, any: 235 } },
  ],
  source: 'generation rules for Claude versions without a table row (src/core/models/claudeFacts.ts; provider-rules.md §1.8–1.11)',
};

function fits(rule: VersionRule, v: ClaudeVersion): boolean {
  return (!rule.families || rule.families.includes(v.family)) && (rule.from === undefined || v.version >= rule.from) && (rule.below === undefined || v.version < rule.below);
}

/** The facts the generation rules give a family and version (a fresh object). */
export function claudeGenerationFacts(v: ClaudeVersion): ClaudeEstimatorFacts {
  const R = CLAUDE_GENERATION_RULES;
  const tools = R.toolOverhead.find((r) => fits(r, v))?.tokens ?? TOOL_OVERHEAD_DEFAULT;
  return {
    tokenizerGeneration: R.newerTokenizer.some((r) => fits(r, v)) ? '4.7+' : 'pre-4.7',
    highResImages: R.highResImages.some((r) => fits(r, v)),
    keepsEarlierThinking: R.keepsEarlierThinking.some((r) => fits(r, v)),
    toolOverhead: { ...tools },
    source: R.source,
  };
}
