// Gemini bodies: generateContent (`systemInstruction`, `contents[].parts`, `tools[].functionDeclarations`,
// `toolConfig`, `generationConfig`, a `cachedContent` reference) and cachedContents create bodies (the
// same content fields plus `model`, `ttl` / `expireTime`, `displayName`). Segments in cache order:
// systemInstruction → tools → contents (Google does not document the order in which it renders them; the
// cached prefix of an explicit cache holds all three).
import type { Node } from 'jsonc-parser';
import { fmtInt, fmtUsd } from '../../format';
import { arrayItems, nodeRange, plain, prop, stringProp, stringSpan } from '../../parse/json';
import type { InputProblem, Segment, TextSpan } from '../../types';
import { jsonText } from '../../tokens/anthropic/blocks';
import { allStringSpans, segment } from '../common';
import type { BuildContext, BuiltRequest } from '../types';
import { isCacheCreate } from './detect';
import { GEMINI_METHOD, estimateGeminiTokens, geminiImageTokens } from './tokens';

const ESTIMATE_NOTE = "estimate: Gemini's tokenizer is not public";

/** A field in REST camelCase or the Python SDK's snake_case. */
function field(obj: Node | undefined, camel: string): Node | undefined {
  return prop(obj, camel) ?? prop(obj, camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
}

const PART_KINDS = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult'] as const;

function partKind(p: Node): string {
  for (const k of PART_KINDS) if (field(p, k)) return k;
  return 'unknown';
}

interface PartCount {
  tokens: number;
  note?: string;
  spans: TextSpan[];
}

function countPart(ctx: BuildContext, p: Node, kind: string, resolution: string | undefined): PartCount {
  const { text } = ctx;
  switch (kind) {
    case 'text': {
      const t = field(p, 'text');
      if (t?.type !== 'string') return { tokens: 0, spans: [] };
      return { tokens: estimateGeminiTokens(String(t.value)), spans: [stringSpan(text, t)] };
    }
    case 'inlineData':
    case 'fileData': {
      const d = field(p, kind);
      const mime = stringProp(d, 'mimeType') ?? stringProp(d, 'mime_type') ?? '';
      const partRes = stringProp(field(p, 'mediaResolution'), 'level') ?? stringProp(p, 'mediaResolution');
      const data0 = stringProp(d, 'data');
      if (kind === 'inlineData' && mime.startsWith('text/') && data0) {
        const decoded = decodeBase64Text(data0);
        if (decoded !== undefined) return { tokens: estimateGeminiTokens(decoded), note: 'inline text (base64) decoded and counted', spans: [] };
      }
      if (!mime.startsWith('image/')) {
        return { tokens: 0, note: `${mime || 'this'} ${kind === 'fileData' ? 'file' : 'data'} is not counted (audio, video and documents are tokenized by Google: use countTokens)`, spans: [] };
      }
      const data = stringProp(d, 'data');
      const size = kind === 'inlineData' && data ? ctx.imageSize(`data:${mime};base64,${data}`) : undefined;
      const img = geminiImageTokens(ctx.model, size, partRes ?? resolution);
      const note = kind === 'fileData' ? `file ${stringProp(d, 'fileUri') ?? stringProp(d, 'file_uri') ?? ''} is not in this body${img.note ? `; ${img.note}` : ''}` : img.note;
      return { tokens: img.tokens, note, spans: [] };
    }
    case 'functionCall':
    case 'functionResponse':
    case 'executableCode':
    case 'codeExecutionResult': {
      const v = field(p, kind);
      return { tokens: estimateGeminiTokens(jsonText(plain(v))), spans: allStringSpans(text, v) };
    }
    default:
      return { tokens: estimateGeminiTokens(jsonText(plain(p))), spans: allStringSpans(text, p) };
  }
}

function partsSegments(ctx: BuildContext, parts: Node | undefined, base: (string | number)[], role: string | undefined, kind: 'system' | 'block', resolution: string | undefined): Segment[] {
  return arrayItems(parts).map((p, j) => {
    const k = partKind(p);
    const c = countPart(ctx, p, k, resolution);
    const thought = prop(p, 'thought')?.value === true;
    return segment({
      id: `${base.join('.')}.parts[${j}]`,
      path: [...base, 'parts', j],
      kind,
      role,
      blockType: thought ? 'thought' : k,
      label: `${thought ? 'thought' : k} part ${j + 1}`,
      range: nodeRange(p),
      spans: c.spans,
      tokens: c.tokens,
      exact: false,
      estimateNote: c.note ?? ESTIMATE_NOTE,
      image: k === 'inlineData' || k === 'fileData' ? { sizeSource: c.note ? 'unknown' : 'data-url' } : undefined,
    });
  });
}

/** UTF-8 text of a base64 string, or undefined when it is not valid base64. */
function decodeBase64Text(b64: string): string | undefined {
  try {
    const bin = atob(b64.replace(/\s+/g, ''));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new TextDecoder('utf-8').decode(bytes);
  } catch {
    return undefined;
  }
}

function sum(ss: Segment[]): number {
  return ss.reduce((a, s) => a + s.tokens, 0);
}

/** A Duration string ("300s", "3600.5s") in seconds. */
function durationSeconds(v: string | undefined): number | undefined {
  const m = v ? /^\s*(\d+(?:\.\d+)?)s\s*$/.exec(v) : null;
  return m ? Number(m[1]) : undefined;
}

export function buildGemini(ctx: BuildContext): BuiltRequest {
  const { text, root, profile } = ctx;
  const out: Segment[] = [];
  const problems: InputProblem[] = [];
  const notes: string[] = [];
  const resolution = stringProp(field(root, 'generationConfig'), 'mediaResolution') ?? stringProp(field(root, 'generationConfig'), 'media_resolution');
  const sysKey = prop(root, 'systemInstruction') ? 'systemInstruction' : 'system_instruction';
  const sys = prop(root, sysKey);
  if (sys?.type === 'string') {
    out.push(segment({ id: sysKey, path: [sysKey], kind: 'system', label: 'system instruction', range: nodeRange(sys), spans: [stringSpan(text, sys)], tokens: estimateGeminiTokens(String(sys.value)), exact: false, estimateNote: ESTIMATE_NOTE }));
  } else if (sys?.type === 'object') {
    const parts = partsSegments(ctx, field(sys, 'parts'), [sysKey], 'system', 'system', resolution);
    parts.forEach((s, k) => {
      s.id = `${sysKey}.parts[${k}]`;
      s.label = `system instruction part ${k + 1}`;
    });
    out.push(segment({ id: sysKey, path: [sysKey], kind: 'system', label: 'system instruction', range: nodeRange(sys), spans: [], tokens: sum(parts), exact: false, estimateNote: ESTIMATE_NOTE, children: parts }));
  }
  arrayItems(prop(root, 'tools')).forEach((t, j) => {
    const decls = field(t, 'functionDeclarations');
    if (decls) {
      const dk = prop(t, 'functionDeclarations') ? 'functionDeclarations' : 'function_declarations';
      arrayItems(decls).forEach((d, k) => {
        out.push(segment({ id: `tools[${j}].${dk}[${k}]`, path: ['tools', j, dk, k], kind: 'tool', label: `tool ${stringProp(d, 'name') ?? k + 1}`, range: nodeRange(d), spans: allStringSpans(text, d), tokens: estimateGeminiTokens(jsonText(plain(d))), exact: false, estimateNote: ESTIMATE_NOTE }));
      });
      return;
    }
    const name = (t.children ?? [])[0]?.children?.[0]?.value;
    out.push(segment({ id: `tools[${j}]`, path: ['tools', j], kind: 'tool', label: `tool ${typeof name === 'string' ? name : j + 1}`, range: nodeRange(t), spans: [], tokens: estimateGeminiTokens(jsonText(plain(t))), exact: false, estimateNote: `${ESTIMATE_NOTE}; a built-in tool's hidden definition is not counted` }));
  });
  const contents = prop(root, 'contents');
  if (contents?.type === 'string') {
    out.push(segment({ id: 'contents', path: ['contents'], kind: 'message', role: 'user', label: 'user contents', range: nodeRange(contents), spans: [stringSpan(text, contents)], tokens: estimateGeminiTokens(String(contents.value)), exact: false, estimateNote: ESTIMATE_NOTE }));
  }
  arrayItems(contents).forEach((c, i) => {
    const role = stringProp(c, 'role') ?? 'user';
    const parts = partsSegments(ctx, field(c, 'parts'), ['contents', i], role, 'block', resolution);
    parts.forEach((s, j) => (s.id = `contents[${i}].parts[${j}]`));
    out.push(segment({ id: `contents[${i}]`, path: ['contents', i], kind: 'message', role, label: `${role} content ${i + 1}`, range: nodeRange(c), spans: [], tokens: sum(parts), exact: false, estimateNote: ESTIMATE_NOTE, children: parts }));
  });
  const total = sum(out);
  const cached = field(root, 'cachedContent');
  if (cached) {
    const name = cached.type === 'string' ? String(cached.value) : 'the referenced cache';
    problems.push({ severity: 'info', message: `This request reads ${name}: that cache's content (a prefix before this body's contents) is not in this file, so its tokens are not counted here. They bill at the cached rate, plus storage per hour while the cache lives.`, range: nodeRange(cached) });
    notes.push(`${name}: its tokens are not in this file and not counted; the figures are for this body's own content only.`);
    const own = ['systemInstruction', 'system_instruction', 'tools', 'toolConfig', 'tool_config'].filter((k) => prop(root, k));
    if (own.length) problems.push({ severity: 'warning', message: `A request that uses a cachedContent cannot also set ${own.join(', ')}: they belong in the cache (SDK documentation says the API refuses them; not confirmed on a Google page).`, range: nodeRange(prop(root, own[0])!) });
  }
  if (isCacheCreate(root)) {
    const ttlRaw = stringProp(root, 'ttl');
    const expire = stringProp(root, 'expireTime') ?? stringProp(root, 'expire_time');
    const seconds = durationSeconds(ttlRaw) ?? (expire ? undefined : 3600);
    const storage = profile.cacheStorage;
    const life = seconds !== undefined ? `${fmtInt(Math.round(seconds))} s${ttlRaw ? '' : ' (the 1-hour default)'}` : `until ${expire}`;
    let money = '';
    if (storage && seconds !== undefined) money = `; storage ≈ ${fmtUsd((total * storage.perMTokHour * (seconds / 3600)) / 1e6)} for that time at $${storage.perMTokHour}/MTok/hour`;
    else if (storage) money = `; storage $${storage.perMTokHour}/MTok per hour until it expires`;
    notes.unshift(`cachedContents create: the whole body (${fmtInt(total)} tokens) is stored for ${life}${money}. Each generateContent that names it reads those tokens at the cached rate.`);
    if (total < profile.minimumTokens) {
      problems.push({ severity: 'warning', message: `This cache holds about ${fmtInt(total)} tokens, below the ${fmtInt(profile.minimumTokens)}-token minimum of ${profile.displayName}: the API refuses to create it (as in "The minimum input token count for context caching is ${fmtInt(profile.minimumTokens)} tokens").`, range: nodeRange(root) });
    }
  } else {
    notes.push('Gemini implicit caching: automatic, no write fee, no saving guaranteed; hits are reported in usageMetadata.cachedContentTokenCount.');
  }
  return { segments: out, inputTokens: total, exact: false, tokenizer: GEMINI_METHOD, notes, problems };
}
