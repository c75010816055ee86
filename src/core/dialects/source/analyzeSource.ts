// Requests built in Python, TypeScript and JavaScript code: the source-code front. The syntax tree comes
// from AnalyzeOptions.parseSource (the host loads tree-sitter); each recognised SDK call becomes the JSON
// body it sends (calls.ts, emit.ts), which the JSON dialects build, count, plan and check exactly as a
// request file, with the call's unresolved expressions as dynamic spans; every range is mapped back into
// the source (mapBack.ts) and fixes are rewritten in the SDK's syntax (fixes.ts).
import type { ExternalDynamic } from '../../request/external';
import type { Analysis, AnalyzeOptions, DynamicSpan, Fix, InputProblem, ModelInfo } from '../../types';
import { recogniseCalls, type RecognisedCall } from './calls';
import { Emitter } from './emit';
import { moveHoleFixes, translateFix } from './fixes';
import { mapAnalysis } from './mapBack';
import { Resolver } from './resolve';
import { ruleContextOf } from '../../request/pipeline';
import { cacheControlRefactorings } from '../../rules/refactor';
import type { SourceLanguage } from './syntax';

const LANGUAGE_NAMES: Record<SourceLanguage, string> = { python: 'Python', typescript: 'TypeScript', tsx: 'TypeScript (TSX)', javascript: 'JavaScript' };

export const NO_CALL_MESSAGE = 'No LLM SDK call recognised in this file (OpenAI, Anthropic, Vercel AI SDK or LangChain): nothing to analyse.';

type BodyAnalyzer = (json: string, options: AnalyzeOptions, external: ExternalDynamic[]) => Analysis;
type NotARequest = (text: string, problems: InputProblem[], model?: ModelInfo) => Analysis;

/** What the refactorings of a call need: its synthetic body's map and the call (the analysis' rule context is the body's). */
const built = new WeakMap<Analysis, { em: Emitter; call: RecognisedCall; r: Resolver }>();

export function analyzeSource(text: string, options: AnalyzeOptions, language: SourceLanguage, analyzeBody: BodyAnalyzer, notARequest: NotARequest): Analysis {
  if (!options.parseSource) {
    return notARequest(text, [{ severity: 'info', message: `The ${LANGUAGE_NAMES[language]} parser is not loaded: SDK calls in this file are not analysed.` }]);
  }
  const root = options.parseSource(text, language);
  if (!root) return notARequest(text, [{ severity: 'error', message: `The ${LANGUAGE_NAMES[language]} parser could not read this file.` }]);
  const resolver = new Resolver(text, root, language);
  const calls = recogniseCalls(resolver);
  if (!calls.length) return notARequest(text, [{ severity: 'info', message: NO_CALL_MESSAGE }]);
  const lines = calls.map((c) => analyzeCall(text, options, c, resolver, analyzeBody, notARequest));
  const first = lines.find((l) => l.isRequest) ?? lines[0];
  return { ...first, lines, textLength: text.length };
}

function analyzeCall(text: string, options: AnalyzeOptions, call: RecognisedCall, r: Resolver, analyzeBody: BodyAnalyzer, notARequest: NotARequest): Analysis {
  try {
    const em = new Emitter();
    em.value(call.body, undefined);
    const json = em.text();
    const external: ExternalDynamic[] = [];
    const extOf = new Map<number, ExternalDynamic>();
    em.holes.forEach((h, i) => {
      if (h.dropped) return;
      const x: ExternalDynamic = { range: h.synth, expr: h.hole.expr, clock: h.hole.clock, constantLike: h.hole.constantLike, reason: h.hole.reason };
      external.push(x);
      extOf.set(i, x);
    });
    const a = analyzeBody(json, { ...options, fileName: undefined, dialect: call.dialect }, external);
    const jsonFixes = a.diagnostics.map((d) => d.fixes ?? []);
    mapAnalysis(a, em, text.length, call.range);
    const dynamicSpans: DynamicSpan[] = em.holes.map((h, i) => {
      const x = extOf.get(i);
      const perRequest = !!x?.perRequest;
      return { range: { ...h.hole.range }, expression: h.hole.expr, perRequest, reason: perRequest && x?.section === 'system' && !h.hole.clock ? `${h.hole.reason}; in the system prompt, taken to change per request` : h.hole.reason, counted: !h.dropped };
    });
    a.callRange = { ...call.range };
    a.callLabel = call.label;
    a.dynamicSpans = dynamicSpans;
    if (dynamicSpans.length) {
      a.exact = false;
      a.approximate = true;
      const counted = dynamicSpans.filter((d) => d.counted).length;
      const dropped = dynamicSpans.length - counted;
      if (counted) a.cache.notes.push(`${counted} expression${counted === 1 ? '' : 's'} not resolved in this file counted by ${counted === 1 ? 'its' : 'their'} source text: counts are approximate.`);
      if (dropped) a.cache.notes.push(`${dropped} value${dropped === 1 ? '' : 's'} not held in this file left out of the counts (${dynamicSpans.filter((d) => !d.counted).map((d) => d.expression.slice(0, 30)).join(', ')}): counts are a lower bound.`);
    }
    a.cache.notes.push(...call.notes);
    if (!a.isRequest) {
      a.problems = a.problems.map((p) => ({ ...p, severity: 'info', message: `${call.label}: ${p.message.replace(/ in this JSON object/, ' in this call')}`, range: { ...call.range } }));
    }
    a.diagnostics.forEach((d, i) => {
      const translated = jsonFixes[i].map((f) => translateFix(f, em, call, r)).filter((f): f is Fix => !!f);
      const moves = moveHoleFixes(d, call, em, r, dynamicSpans);
      d.fixes = [...moves, ...translated];
      if (!d.fixes.length) delete d.fixes;
    });
    built.set(a, { em, call, r });
    return a;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const out = notARequest(text, [{ severity: 'error', message: `${call.label}: Prompt Cache Lens could not analyze this call: ${message}`, range: { ...call.range } }]);
    out.callRange = { ...call.range };
    out.callLabel = call.label;
    return out;
  }
}

/**
 * "Add cache_control here" at a source offset (refactoringsAt for source files): the body's refactorings at
 * the synthetic offset of that source character, rewritten in the SDK's syntax. [] outside any call's text.
 */
export function sourceFixesAt(analysis: Analysis, offset: number): Fix[] {
  const parts = analysis.lines?.length ? analysis.lines : [analysis];
  for (const part of parts) {
    const b = built.get(part);
    const ctx = b && ruleContextOf(part);
    if (!b || !ctx) continue;
    const at = syntheticOffset(b.em, offset);
    if (at === undefined) continue;
    const fixes = cacheControlRefactorings(ctx, at)
      .map((f) => translateFix(f, b.em, b.call, b.r))
      .filter((f): f is Fix => !!f);
    if (fixes.length) return fixes;
  }
  return [];
}

/** The synthetic offset of the prompt-text character at source `offset` (undefined: no text there). */
function syntheticOffset(em: Emitter, offset: number): number | undefined {
  for (let i = 0; i < em.len; i++) if (em.isText[i] && em.starts[i] <= offset && offset < Math.max(em.ends[i], em.starts[i] + 1)) return i;
  return undefined;
}
