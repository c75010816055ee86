// The cost panel's "nothing is cached" state: when the next call reads nothing from the cache, say why
// (from the engine's plan: rejection, minimum, missing breakpoint, explicit mode, a per-request value …)
// and what would make it cacheable (the engine's own fix titles, the minimum's arithmetic, a compared
// model that does cache), instead of savings and break-even figures that mean nothing here.
// Pure: no `vscode`, no DOM. The webview only presents this.
import type { Analysis, Diagnostic } from '../types';
import { resolveModel } from '../models';
import { fmtInt, fmtUsd } from '../format';
import { describeCut } from '../report';
import type { NothingCachedCause, NothingCachedState } from './panelModel.types';

/** A compared model that reads something on the next call (from the panel's comparison columns). */
export interface CachingAlternative {
  displayName: string;
  cachedTokensNextCall: number;
  isCurrent: boolean;
}

/**
 * Plan notes that only restate the figures ("The next call reads 0 of 1,224 tokens …"), or the cut the
 * box already states in full ("It stops before …"): not repeated as reasons.
 */
const FIGURE_NOTE = /^(The next call reads |It stops before )/;

/** Rules whose findings explain an empty cache; their fixes are what would make it cacheable. */
const CAUSE_RULES = new Set([
  'invalid-breakpoint-target',
  'too-many-breakpoints',
  'breakpoint-below-minimum',
  'below-automatic-minimum',
  'openai-breakpoint-below-minimum',
  'openai-explicit-without-breakpoint',
  'openai-invalid-cache-value',
  'missing-breakpoint',
  'volatile-in-prefix',
  'template-variable-in-prefix',
  'breakpoint-after-volatile',
  'static-after-dynamic',
  'lookback-exceeded',
]);

/** A fix that only silences the finding (removing a useless breakpoint) makes nothing cacheable. */
const SILENCING_FIX = /^(Remove|Delete|Suppress|Disable|Ignore)\b/i;

function classify(analysis: Analysis): NothingCachedCause {
  const plan = analysis.cache;
  if (plan.rejected) return 'rejected';
  const id = analysis.model.profileId ?? analysis.model.name;
  const profile = id ? resolveModel(id) : undefined;
  if (profile && profile.cachingSupported === false) return 'not-supported';
  if (plan.cachedTokensOnRepeat > 0) return 'per-request-value';
  if (analysis.inputTokens < plan.minimumTokens) return 'below-minimum';
  const marked = plan.breakpoints.filter((b) => b.kind !== 'implicit');
  if (plan.family === 'openai-breakpoints' && plan.breakpoints.length === 0) return 'no-breakpoint';
  if (plan.family === 'breakpoints' && marked.length === 0) return 'no-breakpoint';
  if (plan.breakpoints.length && plan.breakpoints.every((b) => !b.meetsMinimum)) return 'below-minimum';
  if (plan.prefixTokens < plan.minimumTokens) return 'below-minimum';
  return 'other';
}

const TITLES: Record<NothingCachedCause, string> = {
  rejected: 'Nothing is cached: the API would reject this request',
  'not-supported': 'Nothing is cached: this model has no prompt cache',
  'below-minimum': 'Nothing is cached: the prefix is below the minimum',
  'no-breakpoint': 'Nothing is cached: no cache breakpoint',
  'per-request-value': 'The next call reads nothing from the cache',
  other: 'The next call reads nothing from the cache',
};

function uniq(list: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of list.map((x) => x.trim()).filter(Boolean)) {
    if (seen.has(s)) continue;
    seen.add(s);
    out.push(s);
  }
  return out;
}

function sentence(s: string): string {
  const t = s.trim();
  if (!t) return t;
  const capital = `${t.charAt(0).toUpperCase()}${t.slice(1)}`;
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The engine's fix titles for the findings that explain the empty cache (silencing fixes left out). */
function fixTitles(diagnostics: readonly Diagnostic[]): string[] {
  const out: string[] = [];
  for (const d of diagnostics) {
    if (!CAUSE_RULES.has(d.code) || d.severity === 'info') continue;
    for (const f of d.fixes ?? []) if (!SILENCING_FIX.test(f.title)) out.push(sentence(f.title));
  }
  return out;
}

/**
 * Set when the next call reads nothing from the cache (or the API would reject the request); undefined
 * when it reads something, or when there is nothing to cache at all (no input).
 * `alternatives`: the panel's compared models, to name one that does cache this text.
 */
export function nothingCachedState(
  analysis: Analysis,
  alternatives: readonly CachingAlternative[] = [],
  calls?: { calls: number; savings: number },
): NothingCachedState | undefined {
  const plan = analysis.cache;
  if (!analysis.isRequest || analysis.inputTokens <= 0) return undefined;
  if (!plan.rejected && plan.cachedTokensNextCall > 0) return undefined;
  const cause = classify(analysis);
  const model = analysis.model.name ?? 'this model';
  const min = plan.minimumTokens;

  // Why: the engine's own plan notes, minus the ones that only restate figures.
  const usedNotes = plan.notes.filter((n) => !FIGURE_NOTE.test(n));
  const why: string[] = [];
  if (cause === 'rejected' && !usedNotes.some((n) => plan.rejected && n.includes(plan.rejected))) why.push(sentence(`The API would reject it: ${plan.rejected}`));
  if (cause === 'not-supported') why.push(`${model} does not cache prompts: every call pays the full input price.`);
  const cut = plan.nextCallCut;
  if (cause === 'per-request-value' && cut && !usedNotes.some((n) => n.includes(cut.value))) {
    why.push(`The next call stops before ${describeCut(cut)}, which changes on every call: an identical repeat would read ${fmtInt(plan.cachedTokensOnRepeat)} tokens.`);
  }
  why.push(...usedNotes);
  if (!why.length) why.push('No part of the request is cached for the next call.');

  // What would make it cacheable.
  const fixes: string[] = [];
  if (cause === 'below-minimum') {
    const marked = plan.breakpoints.filter((b) => b.kind !== 'implicit');
    if (analysis.inputTokens < min) {
      fixes.push(`${fmtInt(min - analysis.inputTokens)} more tokens of stable prefix: the whole request has ${fmtInt(analysis.inputTokens)}, and ${model} caches from ${fmtInt(min)}.`);
    } else if (marked.length) {
      fixes.push(`A breakpoint that closes at least ${fmtInt(min)} tokens: move it to a later block (the request has ${fmtInt(analysis.inputTokens)}).`);
    }
  }
  fixes.push(...fixTitles(analysis.diagnostics));
  if (cause === 'below-minimum' || cause === 'not-supported') {
    const other = alternatives.find((a) => !a.isCurrent && a.cachedTokensNextCall > 0);
    if (other) fixes.push(`Another model: on ${other.displayName} the next call reads ${fmtInt(other.cachedTokensNextCall)} tokens from the cache (see Compare models).`);
  }
  if (!fixes.length && cause === 'per-request-value') fixes.push('Move the value that changes per request after the stable text, so the prefix before it stays the same.');

  // What N calls do when nothing is read.
  const written = plan.rejected ? 0 : plan.writtenTokens;
  let callsNote = 'Nothing is written or read: every call pays the full input price, at any call rate.';
  if (written > 0) {
    const again = `Every call writes ${fmtInt(written)} tokens to the cache again and the next call reads none of them`;
    callsNote =
      calls && calls.savings < 0
        ? `${again}: ${fmtInt(calls.calls)} calls cost ${fmtUsd(-calls.savings)} more than without caching, at any call rate.`
        : `${again}; this model charges no write premium, so caching costs the same as no caching, at any call rate.`;
  }

  // the cut's own note ("It stops before …") is said by the box in full: the notes list leaves it out too
  const replaced = plan.notes.filter((n) => /^It stops before /.test(n));
  return { cause, title: TITLES[cause], why: uniq(why), fixes: uniq(fixes), writesEveryCall: written > 0, callsNote, usedNotes: [...usedNotes, ...replaced] };
}
