// The analysis pipeline after a dialect has built its segments, the same for every dialect:
// units → per-request values → markers → plan → cost → rules.
import type { Node } from 'jsonc-parser';
import { planCache } from '../cache/plan';
import { computeCost } from '../cache/cost';
import type { DialectCapabilities } from '../dialects/types';
import { accumulate } from '../dialects/common';
import type { ModelProfile } from '../models/types';
import { runRules, type RuleContext } from '../rules';
import type { Analysis, AnalyzeOptions, Dialect, InputProblem, ModelInfo, Segment } from '../types';
import { findDynamicValues } from './dynamic';
import { externalHits, mergeDynamic, type ExternalDynamic } from './external';
import { collectMarkers, type MarkerSite } from './markers';
import { collectOpenAICache, hasOpenAICacheFields } from './openaiCache';
import { olderModelNote } from '../cache/planOpenAIBreakpoints';
import type { RequestModel } from './model';
import { tokenAtOffset, type TokenMapper } from './tokens';
import { markUnits } from './units';

export interface PipelineInput {
  text: string;
  options: AnalyzeOptions;
  root?: Node;
  dialect: Dialect;
  capabilities: DialectCapabilities;
  profile: ModelProfile;
  model: ModelInfo;
  mapper: TokenMapper;
  segments: Segment[];
  inputTokens: number;
  exact: boolean;
  tokenizer: string;
  notes: string[];
  automatic?: RequestModel['automatic'];
  problems: InputProblem[];
  /** The dialect's own marker reader (Bedrock cachePoint elements …); default: the cache_control walk. */
  collectMarkers?: (root: Node, units: readonly Segment[], profile: ModelProfile, text: string) => MarkerSite[];
  /** Per-request values found by a source-code front (unresolved expressions), classified in request/external.ts. */
  externalDynamic?: ExternalDynamic[];
}

/** The rule context (request model included) behind each analysis this process built, for code actions. */
const contexts = new WeakMap<Analysis, RuleContext>();

/** The rule context behind an analysis built in this process (undefined after a thread hop or for non-requests). */
export function ruleContextOf(analysis: Analysis): RuleContext | undefined {
  return contexts.get(analysis);
}

export function runPipeline(p: PipelineInput): Analysis {
  const { segments, profile, mapper, root } = p;
  accumulate(segments);
  const units = markUnits(segments, root);
  const inputTokens = p.inputTokens;
  const memo = new Map<number, number>();
  const tokenAt = (offset: number): number => {
    let t = memo.get(offset);
    if (t === undefined) memo.set(offset, (t = tokenAtOffset(units, offset, mapper) ?? inputTokens));
    return t;
  };
  const scanned = findDynamicValues(units, tokenAt, p.options.volatilePatterns);
  const dynamic = p.externalDynamic ? mergeDynamic(scanned, externalHits(units, p.externalDynamic, tokenAt)) : scanned;
  const markers = !p.capabilities.markers ? [] : p.collectMarkers && root ? p.collectMarkers(root, units, profile, p.text) : collectMarkers(root, units, p.dialect);
  const automatic = p.capabilities.automaticMarker ? p.automatic : undefined;
  const openai = profile.provider === 'openai' && (p.dialect === 'openai-chat' || p.dialect === 'openai-responses') ? collectOpenAICache(root, units, p.text) : undefined;
  const { plan, readableBefore } = planCache({ segments, units, inputTokens, profile, mapper, dynamic, markers, automatic, openai, markerName: p.capabilities.markerSyntax === 'cachePoint' ? 'cachePoint' : undefined });
  if (openai && profile.family !== 'openai-breakpoints' && hasOpenAICacheFields(openai)) plan.notes.push(olderModelNote(profile));
  plan.notes.push(...p.notes);
  const analysis: Analysis = {
    isRequest: true,
    dialect: p.dialect,
    provider: profile.provider,
    model: p.model,
    inputTokens,
    exact: p.exact,
    tokenizer: p.tokenizer,
    segments,
    cache: plan,
    diagnostics: [],
    problems: p.problems,
    textLength: p.text.length,
  };
  analysis.cost = computeCost(profile, plan, inputTokens, p.options.priceOverrides, p.model.name);
  const model: RequestModel = { dialect: p.dialect, capabilities: p.capabilities, text: p.text, root, segments, units, inputTokens, dynamic, markers, automatic, openai, mapper, tokenAt, readableBefore };
  const ctx = { text: p.text, root, analysis, profile, options: p.options, model };
  contexts.set(analysis, ctx);
  const { diagnostics, failures } = runRules(ctx);
  analysis.diagnostics = diagnostics;
  for (const f of failures) analysis.problems.push({ severity: 'error', message: `The rule ${f.rule} failed on this file and was skipped: ${f.message}. Please report this.` });
  return analysis;
}
