// The single entry point: analyze(text, options) → Analysis. Pure: no vscode, no network; file reads
// only through options.readFile (for local image sizes).
// The pipeline, top to bottom: detect → build (dialect plugin) → count (inside the build) → units,
// per-request values, markers → plan → cost → rules (request/pipeline.ts).
import type { Node } from 'jsonc-parser';
import { isJsonlFileName } from './detect';
import { afterMessages, overheadSegment } from './dialects/common';
import { detectShape, promptTemplate, selectJsonDialect } from './dialects';
import { routeRequest } from './dialects/gateway/route';
import { providerFromModelName, resolveModel } from './models';
import { onBedrock } from './models/bedrock';
import { estimateGeminiTokens } from './dialects/gemini/tokens';
import { describeFallback } from './models/fallback';
import type { ModelProfile } from './models/types';
import { jsoncOnlySyntax, nodeRange, parseJson, prop, stringProp } from './parse/json';
import { shapeProblems } from './parse/shape';
import { ruleContextOf, runPipeline } from './request/pipeline';
import { cacheControlRefactorings } from './rules/refactor';
import type { TokenMapper } from './request/tokens';
import { clearPlaceholderCaches } from './scan/placeholders';
import { clearVolatileCaches } from './scan/volatile';
import { clearClaudeCaches, estimateClaudeTokens } from './tokens/anthropic';
import { clearTokenCaches, countTokens, countTokensBefore, prefixOffsetForTokens } from './tokens/encoding';
import { clearOpenAICaches, imageSizeFromBytes, imageSizeFromDataUrl } from './tokens/openai';
import type { Analysis, AnalyzeOptions, CachePlan, Fix, InputProblem, ModelInfo, OffsetRange, Segment } from './types';
import type { ExternalDynamic } from './request/external';
import { analyzeSource, sourceFixesAt } from './dialects/source/analyzeSource';
import { sourceLanguageOf } from './dialects/source/languages';

export const DEFAULT_MAX_CHARS = 50 * 1024 * 1024;
const FALLBACK_OPENAI = 'gpt-4o';
const FALLBACK_ANTHROPIC = 'claude-sonnet-4-5';
/** Gemini bodies and Gemini names the table does not have: the newest Flash row (4,096 minimum, as 3.6 / 3.7 Flash and Gemini 4). */
const FALLBACK_GEMINI = 'gemini-3.8-flash';

function emptyPlan(): CachePlan {
  return { family: 'automatic', minimumTokens: 0, prefixTokens: 0, prefixEnd: -1, cachedTokensOnRepeat: 0, cachedTokensNextCall: 0, writtenTokens: 0, writeOnlyTokens: 0, breakpoints: [], readRanges: [], writeOnlyRanges: [], notes: [] };
}

function notARequest(text: string, problems: InputProblem[], model: ModelInfo = { source: 'none', known: false }): Analysis {
  return { isRequest: false, provider: 'unknown', model, inputTokens: 0, exact: false, tokenizer: 'none (not analyzed)', segments: [], cache: emptyPlan(), diagnostics: [], problems, textLength: text.length };
}

/**
 * "Add cache_control here" refactorings at a source offset, from the request model this process built for
 * `analysis` (the worker answers this for the editor: no second parse). Undefined when this process holds no
 * model for that analysis object.
 */
export function refactoringsAt(analysis: Analysis, offset: number): Fix[] | undefined {
  if (analysis.callRange || analysis.lines?.some((l) => l.callRange)) return sourceFixesAt(analysis, offset);
  const parts = analysis.lines?.length ? analysis.lines : [analysis];
  const part = parts.find((a) => a.segments.some((s) => s.range.start <= offset && offset <= s.range.end)) ?? parts[0];
  const ctx = ruleContextOf(part);
  return ctx ? cacheControlRefactorings(ctx, offset) : undefined;
}

/** Drop every memo the engine keeps between analyses (token counts, chunk encodings): the next analysis is cold. */
export function clearCaches(): void {
  clearTokenCaches();
  clearVolatileCaches();
  clearPlaceholderCaches();
  clearOpenAICaches();
  clearClaudeCaches();
}

/** Analyze a request body (JSON/JSONC), a JSONL file of requests, or a prompt template. Never throws. */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  try {
    return analyzeUnsafe(text, options);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return notARequest(text, [{ severity: 'error', message: `Prompt Cache Lens could not analyze this file: ${message}` }]);
  }
}

function analyzeUnsafe(text: string, options: AnalyzeOptions): Analysis {
  const fileName = options.fileName ?? '';
  const max = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (text.length > max) {
    return notARequest(text, [{ severity: 'error', message: `${fileName || 'This file'} is ${(text.length / 1048576).toFixed(1)} MB, above the ${(max / 1048576).toFixed(1)} MB limit: not analyzed.` }]);
  }
  if (looksBinary(text)) {
    return notARequest(text, [{ severity: 'error', message: `${fileName || 'This file'} looks binary (it contains NUL bytes), not a JSON request or a prompt.` }]);
  }
  const forced = options.dialect && options.dialect !== 'auto' ? options.dialect : undefined;
  if (forced === 'prompt-template' || (!forced && promptTemplate.matchesFile(fileName))) return analyzeTemplate(text, options);
  if (isJsonlFileName(fileName)) return analyzeJsonl(text, options);
  const language = forced ? undefined : sourceLanguageOf(fileName, options.languageId);
  if (language) return analyzeSource(text, options, language, analyzeBody, notARequest);
  return analyzeJson(text, options, 0, text.length);
}

function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 8192);
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) === 0) return true;
  return false;
}

function analyzeJsonl(text: string, options: AnalyzeOptions): Analysis {
  const lines: Analysis[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const end = offset + line.length;
    if (line.trim()) lines.push(analyzeJson(text, options, offset, end));
    offset = end + 1;
  }
  if (!lines.length) return notARequest(text, [{ severity: 'info', message: 'Empty JSONL file: no request lines.' }]);
  const first = lines.find((l) => l.isRequest) ?? lines[0];
  return { ...first, lines, textLength: text.length };
}

/**
 * Model resolution, once per analysis, through the model table: the option wins over the file, the file
 * over the default. An unknown or missing model takes a fallback row and says so (a problem at the model).
 */
function resolveModelInfo(
  fromFile: { name: string; range: OffsetRange } | undefined,
  options: AnalyzeOptions,
  anthropicShape: boolean,
  problems: InputProblem[],
  severity: InputProblem['severity'],
  shapeFallback?: string,
): { info: ModelInfo; profile: ModelProfile; name: string } {
  let name = options.model ?? fromFile?.name ?? options.defaultModel;
  const source: ModelInfo['source'] = options.model ? 'option' : fromFile ? 'file' : options.defaultModel ? 'default' : 'none';
  let profile = name ? resolveModel(name) : undefined;
  const known = !!profile;
  let fallback: ModelInfo['fallback'];
  if (!profile) {
    const provider = name ? providerFromModelName(name) : 'unknown';
    const fallbackId = provider === 'google' || (shapeFallback && provider === 'unknown') ? (shapeFallback ?? FALLBACK_GEMINI) : provider === 'anthropic' || anthropicShape ? FALLBACK_ANTHROPIC : FALLBACK_OPENAI;
    profile = resolveModel(fallbackId)!;
    // Another provider's model counted with the fallback's tiktoken encoding: an estimate, not "exact".
    if (name && provider !== 'openai' && profile.tokenizer.kind === 'tiktoken') profile.tokenizer = { ...profile.tokenizer, estimateOf: `model "${name}"` };
    fallback = describeFallback(name, provider, profile);
    problems.push({ severity, message: fallback.message, range: fromFile?.range });
    name = name ?? fallbackId;
  }
  return {
    info: { name, source, range: source === 'file' ? fromFile?.range : undefined, known, profileId: known ? profile.id : undefined, fallback },
    profile,
    name: name!,
  };
}

function fileModel(root: Node | undefined): { name: string; range: OffsetRange } | undefined {
  // `modelId`: Bedrock Converse (SDK input shape).
  const n = prop(root, 'model') ?? prop(root, 'modelId');
  return n?.type === 'string' ? { name: String(n.value), range: nodeRange(n) } : undefined;
}

/**
 * The model's tokenizer as counting and token-to-offset functions, for one analysis: whole-text counts are
 * memoized by string (an analysis asks for the same big block many times). Estimates map tokens to offsets
 * proportionally.
 */
function mapperFor(profile: ModelProfile): TokenMapper {
  const tk = profile.tokenizer;
  const seen = new Map<string, number>();
  const memo = (f: (s: string) => number) => (s: string) => {
    let n = seen.get(s);
    if (n === undefined) seen.set(s, (n = f(s)));
    return n;
  };
  if (tk.kind === 'tiktoken') {
    const count = memo((s) => countTokens(s, tk.encoding));
    return { count, countBefore: (s, i) => (i >= s.length ? count(s) : countTokensBefore(s, tk.encoding, i)), offsetForTokens: (s, n) => prefixOffsetForTokens(s, tk.encoding, n) };
  }
  const count = memo(tk.method === 'gemini' ? (s) => estimateGeminiTokens(s) : (s) => estimateClaudeTokens(s, profile.id));
  return {
    count,
    countBefore: (s, i) => (i <= 0 ? 0 : i >= s.length ? count(s) : Math.round((count(s) * i) / s.length)),
    offsetForTokens: (s, n) => {
      const total = count(s);
      if (n >= total) return s.length;
      return Math.max(0, Math.min(s.length, Math.round((n / Math.max(1, total)) * s.length)));
    },
  };
}

function imageSizer(options: AnalyzeOptions): (url: string) => { width: number; height: number } | undefined {
  return (url: string) => {
    if (url.startsWith('data:')) return imageSizeFromDataUrl(url);
    if (!options.readFile) return undefined;
    // file: URLs only without a host (file:///p, file://localhost/p): file://host/share/x is a network share
    const local = /^file:\/\/(localhost)?\//i.exec(url);
    let path: string | undefined = url;
    try {
      path = local ? decodeURIComponent(url.slice(local[0].length - 1)) : /^[a-z][a-z0-9+.-]*:/i.test(url) ? undefined : url;
    } catch {
      path = undefined; // malformed percent-encoding
    }
    if (!path) return undefined;
    const bytes = options.readFile(path);
    return bytes ? imageSizeFromBytes(bytes) : undefined;
  };
}

/** A request body written by a source-code front (dialects/source/), with its unresolved expressions. */
function analyzeBody(json: string, options: AnalyzeOptions, external: ExternalDynamic[]): Analysis {
  return analyzeJson(json, options, 0, json.length, external);
}

function analyzeJson(fullText: string, options: AnalyzeOptions, start: number, end: number, external?: ExternalDynamic[]): Analysis {
  const problems: InputProblem[] = [];
  const slice = start === 0 && end === fullText.length ? fullText : fullText.slice(start, end);
  const { root, errors } = parseJson(slice, start);
  for (const e of errors.slice(0, 20)) problems.push({ severity: 'error', message: e.message, range: e.range });
  if (!root || root.type !== 'object') {
    if (!problems.length) problems.push({ severity: 'error', message: 'Not a request: the top level is not a JSON object.' });
    return notARequest(fullText, problems);
  }
  // 1. detect
  const forced = options.dialect && options.dialect !== 'auto' && options.dialect !== 'prompt-template' ? options.dialect : undefined;
  const shape = forced ?? detectShape(root, stringProp(root, 'model') ?? options.model);
  const { info, profile: rowProfile, name } = resolveModelInfo(fileModel(root), options, shape === 'anthropic-messages' || shape === 'bedrock-converse' || shape === 'bedrock-invoke', problems, 'warning', shape === 'gemini' ? FALLBACK_GEMINI : undefined);
  // The route (gateway, DashScope mode, …) can change the rules for this request (dialects/gateway/route.ts).
  const route = routeRequest(root, shape, rowProfile, name);
  const resolved = route.profile;
  if (shape !== 'gemini' && !prop(root, 'messages') && !prop(root, 'system') && !(shape === 'openai-responses' && prop(root, 'input'))) {
    problems.push({ severity: 'error', message: 'Not a request: no "messages" (or "system") in this JSON object.' });
    return notARequest(fullText, problems, info);
  }
  problems.push(...shapeProblems(root));
  if (/\.json$/i.test(options.fileName ?? '')) {
    // A .json file is sent as it is: JSONC syntax makes the API reject the body (.jsonc files are JSONC on purpose).
    for (const x of jsoncOnlySyntax(slice, start)) {
      problems.push({ severity: 'error', message: `A ${x.kind} in a .json request body: the API rejects it (strict JSON). Remove it, or name the file .jsonc if it is not sent as it is.`, range: x.range, code: 'strict-json' });
    }
  }
  // 2. build and count (the dialect plugin)
  const dialect = selectJsonDialect(shape ?? 'openai-chat', resolved);
  const profile = dialect.capabilities.platform === 'bedrock' ? onBedrock(resolved) : resolved;
  const built = dialect.build({ text: fullText, root, model: name, profile, imageSize: imageSizer(options) });
  const segments = built.segments;
  const sum = segments.reduce((a, s) => a + s.tokens, 0);
  if (built.inputTokens > sum) segments.push(overheadSegment('request-constant', 'request overhead', afterMessages(root, end), built.inputTokens - sum, built.exact));
  const notes = [...built.notes, ...route.notes];
  if (built.problems) problems.push(...built.problems);
  // A tiktoken encoding assumed for a model whose tokenizer is not published: the counts are estimates.
  const assumed = profile.tokenizer.kind === 'tiktoken' ? profile.tokenizer.assumed : undefined;
  if (assumed) notes.push(`${assumed}: token counts are estimates.`);
  if (!route.explainsMarkers && !dialect.capabilities.markers && profile.provider === 'openai' && hasAnyCacheControl(segments)) notes.unshift('cache_control markers are ignored by OpenAI models: caching is automatic.');
  // 3. units, per-request values, markers, plan, cost, rules
  return finish(
    runPipeline({
      text: fullText,
      options,
      root,
      dialect: dialect.id,
      capabilities: dialect.capabilities,
      profile,
      model: info,
      mapper: mapperFor(profile),
      segments,
      inputTokens: Math.max(built.inputTokens, sum),
      exact: !assumed && built.exact && segments.every((s) => s.exact),
      tokenizer: assumed ? `${built.tokenizer} (assumed)` : built.tokenizer,
      notes,
      automatic: built.automatic,
      problems: built.problems?.length ? [...problems, ...built.problems] : problems,
      collectMarkers: dialect.markers,
      externalDynamic: external,
    }),
  );
}

function hasAnyCacheControl(segments: Segment[]): boolean {
  return segments.some((s) => !!s.cacheControl || (s.children ?? []).some((c) => !!c.cacheControl));
}

function analyzeTemplate(text: string, options: AnalyzeOptions): Analysis {
  const problems: InputProblem[] = [];
  const m = promptTemplate.modelName(text);
  const fromFile = m ? { name: m.name, range: { start: m.start, end: m.end } } : undefined;
  const { info, profile } = resolveModelInfo(fromFile, options, false, problems, 'info');
  const mapper = mapperFor(profile);
  const built = promptTemplate.build(text, profile, mapper);
  return finish(
    runPipeline({
      text,
      options,
      dialect: 'prompt-template',
      capabilities: promptTemplate.capabilities,
      profile,
      model: info,
      mapper,
      segments: built.segments,
      inputTokens: built.inputTokens,
      exact: false,
      tokenizer: built.tokenizer,
      notes: built.notes,
      problems,
    }),
  );
}

function finish(analysis: Analysis): Analysis {
  clampRanges(analysis);
  return analysis;
}

/** Defensive: every range must lie inside the document. */
function clampRanges(a: Analysis): void {
  const n = a.textLength;
  const fix = (r: OffsetRange | undefined) => {
    if (!r) return;
    r.start = Math.max(0, Math.min(r.start, n));
    r.end = Math.max(r.start, Math.min(r.end, n));
  };
  const walk = (segs: Segment[]) => {
    for (const s of segs) {
      fix(s.range);
      s.spans.forEach((sp) => fix(sp.range));
      if (s.cacheControl) {
        fix(s.cacheControl.range);
        fix(s.cacheControl.valueRange);
      }
      if (s.children) walk(s.children);
    }
  };
  walk(a.segments);
  a.cache.readRanges.forEach(fix);
  a.cache.writeOnlyRanges.forEach(fix);
  a.cache.breakpoints.forEach((b) => fix(b.range));
  a.diagnostics.forEach((d) => {
    fix(d.range);
    d.fixes?.forEach((f) => f.edits.forEach((e) => fix(e.range)));
  });
  a.problems.forEach((p) => fix(p.range));
  if (a.cache.nextCallCut) fix(a.cache.nextCallCut.range);
  if (a.model.range) fix(a.model.range);
  if (a.cache.prefixEnd > n) a.cache.prefixEnd = n;
}

