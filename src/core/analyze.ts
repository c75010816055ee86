// The single entry point: analyze(text, options) → Analysis. Pure: no vscode, no network; file reads
// only through options.readFile (for local image sizes).
import type { Node } from 'jsonc-parser';
import { detectDialect, isJsonlFileName, isPromptFileName } from './detect';
import { buildAnthropic } from './dialects/anthropic';
import { accumulate, afterMessages, overheadSegment, readCacheControl } from './dialects/common';
import { buildGateway } from './dialects/gateway';
import { buildOpenAIChat } from './dialects/openai';
import { buildTemplateSegments, splitTemplate } from './dialects/template';
import type { BuildContext, BuiltRequest } from './dialects/types';
import { computeCost } from './cache/cost';
import { leaves, planCache, tokenAtOffset, type TokenMapper } from './cache/plan';
import { providerFromModelName, resolveModel } from './models';
import type { ModelProfile } from './models/types';
import { nodeRange, parseJson, prop, spanSourceOffset, stringProp } from './parse/json';
import { runRules } from './rules';
import { clearPlaceholderCaches, findPlaceholders } from './rules/placeholders';
import { clearVolatileCaches } from './rules/volatile';
import { estimateClaudeTokens } from './tokens/anthropic';
import { clearTokenCaches, countTokens, prefixOffsetForTokens } from './tokens/encoding';
import { clearOpenAICaches, imageSizeFromBytes, imageSizeFromDataUrl } from './tokens/openai';
import type { Analysis, AnalyzeOptions, CachePlan, Dialect, InputProblem, ModelInfo, OffsetRange, Segment } from './types';

export const DEFAULT_MAX_CHARS = 50 * 1024 * 1024;
const FALLBACK_OPENAI = 'gpt-4o';
const FALLBACK_ANTHROPIC = 'claude-sonnet-4-5';
/** Placeholder syntaxes that end the stable prefix inside JSON requests ({x} and %(x)s are too common in code). */
const JSON_PLACEHOLDER_SYNTAXES = new Set(['mustache', 'jinja-tag', 'dollar']);

function emptyPlan(): CachePlan {
  return { family: 'automatic', minimumTokens: 0, prefixTokens: 0, prefixEnd: -1, cachedTokensOnRepeat: 0, writtenTokens: 0, writeOnlyTokens: 0, breakpoints: [], readRanges: [], writeOnlyRanges: [], notes: [] };
}

function notARequest(text: string, problems: InputProblem[], model: ModelInfo = { source: 'none', known: false }): Analysis {
  return { isRequest: false, provider: 'unknown', model, inputTokens: 0, exact: true, tokenizer: '', segments: [], cache: emptyPlan(), diagnostics: [], problems, textLength: text.length };
}

/** Drop every memo the engine keeps between analyses (token counts, chunk encodings): the next analysis is cold. */
export function clearCaches(): void {
  clearTokenCaches();
  clearVolatileCaches();
  clearPlaceholderCaches();
  clearOpenAICaches();
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
  if (options.dialect === 'prompt-template' || (isPromptFileName(fileName) && options.dialect !== 'openai-chat' && options.dialect !== 'anthropic-messages' && options.dialect !== 'openai-gateway')) {
    return analyzeTemplate(text, options);
  }
  if (isJsonlFileName(fileName)) return analyzeJsonl(text, options);
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

function resolveModelInfo(root: Node | undefined, options: AnalyzeOptions, dialectHint: Dialect | string | undefined, problems: InputProblem[]): { info: ModelInfo; profile: ModelProfile; name: string } {
  const modelNode = prop(root, 'model');
  const fromFile = modelNode?.type === 'string' ? String(modelNode.value) : undefined;
  let name = options.model ?? fromFile ?? options.defaultModel;
  const source: ModelInfo['source'] = options.model ? 'option' : fromFile ? 'file' : options.defaultModel ? 'default' : 'none';
  let profile = name ? resolveModel(name) : undefined;
  const known = !!profile;
  if (!profile) {
    const provider = name ? providerFromModelName(name) : 'unknown';
    const anthropicLike = provider === 'anthropic' || dialectHint === 'anthropic-messages';
    const fallback = anthropicLike ? FALLBACK_ANTHROPIC : FALLBACK_OPENAI;
    profile = resolveModel(fallback)!;
    problems.push({
      severity: 'warning',
      message: name
        ? `Unknown model "${name}": tokens, caching rules and prices are those of ${fallback}. Choose a model (Prompt Cache: Choose Model) or set promptCache.defaultModel.`
        : `No model in this file: tokens, caching rules and prices are those of ${fallback}. Add "model", choose one (Prompt Cache: Choose Model) or set promptCache.defaultModel.`,
      range: modelNode ? nodeRange(modelNode) : undefined,
    });
    name = name ?? fallback;
  }
  return {
    info: { name, source, range: source === 'file' && modelNode ? nodeRange(modelNode) : undefined, known, profileId: known ? profile.id : undefined },
    profile,
    name: name!,
  };
}

function mapperFor(profile: ModelProfile): TokenMapper {
  const tk = profile.tokenizer;
  if (tk.kind === 'tiktoken') {
    return { count: (s) => countTokens(s, tk.encoding), offsetForTokens: (s, n) => prefixOffsetForTokens(s, tk.encoding, n) };
  }
  return {
    count: (s) => estimateClaudeTokens(s),
    offsetForTokens: (s, n) => {
      const total = estimateClaudeTokens(s);
      if (n >= total) return s.length;
      return Math.max(0, Math.min(s.length, Math.round((n / Math.max(1, total)) * s.length)));
    },
  };
}

function imageSizer(options: AnalyzeOptions): BuildContext['imageSize'] {
  return (url: string) => {
    if (url.startsWith('data:')) return imageSizeFromDataUrl(url);
    if (!options.readFile) return undefined;
    const path = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : /^[a-z][a-z0-9+.-]*:/i.test(url) ? undefined : url;
    if (!path) return undefined;
    const bytes = options.readFile(path);
    return bytes ? imageSizeFromBytes(bytes) : undefined;
  };
}

function analyzeJson(fullText: string, options: AnalyzeOptions, start: number, end: number): Analysis {
  const problems: InputProblem[] = [];
  const slice = start === 0 && end === fullText.length ? fullText : fullText.slice(start, end);
  const { root, errors } = parseJson(slice, start);
  for (const e of errors.slice(0, 20)) problems.push({ severity: 'error', message: e.message, range: e.range });
  if (!root || root.type !== 'object') {
    if (!problems.length) problems.push({ severity: 'error', message: 'Not a request: the top level is not a JSON object.' });
    return notARequest(fullText, problems);
  }
  const shape = options.dialect && options.dialect !== 'auto' ? options.dialect : detectDialect(root, stringProp(root, 'model') ?? options.model);
  if (shape === 'gemini' || shape === 'openai-responses') {
    const what = shape === 'gemini' ? 'Gemini generateContent (contents)' : 'OpenAI Responses (input)';
    const { info } = resolveModelInfo(root, options, shape, []);
    return { ...notARequest(fullText, [{ severity: 'info', message: `${what} bodies are recognised but not analyzed yet: Prompt Cache Lens reads OpenAI Chat Completions and Anthropic Messages bodies.` }], info), isRequest: true };
  }
  const { info, profile, name } = resolveModelInfo(root, options, shape, problems);
  if (!prop(root, 'messages') && !prop(root, 'system')) {
    problems.push({ severity: 'error', message: 'Not a request: no "messages" (or "system") in this JSON object.' });
    return notARequest(fullText, problems, info);
  }
  const ctx: BuildContext = { text: fullText, root, model: name, profile, imageSize: imageSizer(options) };
  let dialect: Dialect = shape ?? 'openai-chat';
  let built: BuiltRequest;
  const tiktoken = profile.tokenizer.kind === 'tiktoken' ? profile.tokenizer.encoding : undefined;
  if (dialect === 'anthropic-messages') {
    built = buildAnthropic(ctx);
  } else if (tiktoken && profile.family === 'automatic') {
    built = buildOpenAIChat(ctx, tiktoken);
  } else {
    // OpenAI-format body for a breakpoint-caching (or non-tiktoken) model: the gateway's rules apply.
    dialect = 'openai-gateway';
    built = buildGateway(ctx);
  }
  const segments = built.segments;
  const sum = accumulate(segments);
  if (built.inputTokens > sum) {
    segments.push(overheadSegment('request-constant', 'request overhead', afterMessages(root, end), built.inputTokens - sum, built.exact));
    accumulate(segments);
  }
  const inputTokens = Math.max(built.inputTokens, sum);
  const mapper = mapperFor(profile);
  const stable = stableTokenCount(segments, inputTokens, mapper, JSON_PLACEHOLDER_SYNTAXES);
  const topCc = readCacheControl(root);
  const cache = planCache({
    segments,
    inputTokens,
    profile,
    mapper,
    stableTokens: stable,
    automatic: topCc && dialect === 'anthropic-messages' ? { ttl: topCc.ttl, range: topCc.range, valid: topCc.valid } : undefined,
  });
  if (profile.family === 'automatic' && hasAnyCacheControl(segments) && profile.provider === 'openai') {
    cache.notes.push('cache_control markers are ignored by OpenAI models: caching is automatic.');
  }
  cache.notes.push(...built.notes);
  return finish(fullText, options, root, {
    isRequest: true,
    dialect,
    provider: profile.provider,
    model: info,
    inputTokens,
    exact: built.exact && segments.every((s) => s.exact),
    tokenizer: built.tokenizer,
    segments,
    cache,
    diagnostics: [],
    problems,
    textLength: fullText.length,
  }, profile);
}

function hasAnyCacheControl(segments: Segment[]): boolean {
  return segments.some((s) => !!s.cacheControl || (s.children ?? []).some((c) => !!c.cacheControl));
}

/** Token index where the first placeholder (in cache order) sits; inputTokens when there is none. */
function stableTokenCount(segments: Segment[], inputTokens: number, mapper: TokenMapper, syntaxes?: Set<string>): number {
  for (const leaf of leaves(segments)) {
    for (const span of leaf.spans) {
      const hit = findPlaceholders(span.text).find((p) => !syntaxes || syntaxes.has(p.syntax));
      if (!hit) continue;
      const off = spanSourceOffset(span, hit.start);
      return tokenAtOffset(segments, off, mapper) ?? inputTokens;
    }
  }
  return inputTokens;
}

function analyzeTemplate(text: string, options: AnalyzeOptions): Analysis {
  const problems: InputProblem[] = [];
  const parts = splitTemplate(text);
  const fromFile = parts.model?.name;
  let name = options.model ?? fromFile ?? options.defaultModel;
  let profile = name ? resolveModel(name) : undefined;
  const known = !!profile;
  if (!profile) {
    const fallback = name && providerFromModelName(name) === 'anthropic' ? FALLBACK_ANTHROPIC : FALLBACK_OPENAI;
    problems.push({
      severity: 'info',
      message: name ? `Unknown model "${name}": counted and priced as ${fallback}.` : `No model for this prompt: counted and priced as ${fallback}. Add "model:" to the front matter, choose one (Prompt Cache: Choose Model) or set promptCache.defaultModel.`,
      range: parts.model ? { start: parts.model.start, end: parts.model.end } : undefined,
    });
    profile = resolveModel(fallback)!;
    name = name ?? fallback;
  }
  const mapper = mapperFor(profile);
  const tiktoken = profile.tokenizer.kind === 'tiktoken';
  const roleTokens = (role: string) => (tiktoken ? 3 + mapper.count(role) : 4);
  const { segments } = buildTemplateSegments(text, parts, mapper.count, roleTokens, tiktoken);
  const hasRoles = parts.sections.some((s) => s.role);
  if (hasRoles && tiktoken) {
    segments.push(overheadSegment('reply-priming', 'reply priming', text.length, 3, true));
  }
  const inputTokens = accumulate(segments);
  const stable = stableTokenCount(segments, inputTokens, mapper);
  const cache = planCache({ segments, inputTokens, profile, mapper, stableTokens: stable });
  if (profile.family === 'breakpoints') cache.notes.push('Prompt template: put a cache_control breakpoint at the end of the static part when you render it into a request.');
  const modelInfo: ModelInfo = { name, source: options.model ? 'option' : fromFile ? 'file' : options.defaultModel ? 'default' : 'none', range: parts.model && !options.model ? { start: parts.model.start, end: parts.model.end } : undefined, known, profileId: known ? profile.id : undefined };
  return finish(text, options, undefined, {
    isRequest: true,
    dialect: 'prompt-template',
    provider: profile.provider,
    model: modelInfo,
    inputTokens,
    exact: false,
    tokenizer: tiktoken ? `tiktoken ${(profile.tokenizer as { encoding: string }).encoding} (template text)` : 'estimate',
    segments,
    cache,
    diagnostics: [],
    problems,
    textLength: text.length,
  }, profile);
}

function finish(text: string, options: AnalyzeOptions, root: Node | undefined, analysis: Analysis, profile: ModelProfile): Analysis {
  analysis.cost = computeCost(profile, analysis.cache, analysis.inputTokens, options.priceOverrides, analysis.model.name);
  try {
    analysis.diagnostics = runRules({ text, root, analysis, profile, options });
  } catch (err) {
    analysis.problems.push({ severity: 'error', message: `A diagnostic rule failed: ${err instanceof Error ? err.message : String(err)}` });
  }
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
  if (a.model.range) fix(a.model.range);
  if (a.cache.prefixEnd > n) a.cache.prefixEnd = n;
}

