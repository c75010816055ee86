// Fixes in the SDK's own syntax. The JSON rules' fixes are edits of the synthetic body; each edit is
// rewritten as an edit of the code that holds that part of the body: a cache_control entry added to a
// Python dict / TS object literal (Vercel: providerOptions on the message or part), a string-form system
// prompt or content turned into a text block with cache_control, a cache_control entry removed. A fix with
// any edit that cannot be rewritten is dropped. And one fix of this front's own: move a per-request hole
// (an f-string / template-literal hole) out of the system prompt into the newest user message.
import type { Diagnostic, DynamicSpan, Fix, OffsetRange, TextEdit } from '../../types';
import type { RecognisedCall } from './calls';
import type { EmittedNode, Emitter } from './emit';
import type { Resolver } from './resolve';
import { entry, get, getStr, type Hole, type ObjV, type StrV, type UnknownV, type Value } from './values';

function innermost(em: Emitter, at: number, pred: (n: EmittedNode) => boolean): EmittedNode | undefined {
  let best: EmittedNode | undefined;
  for (const n of em.nodes) {
    if (n.synth.start <= at && at < n.synth.end && pred(n) && (!best || n.synth.end - n.synth.start < best.synth.end - best.synth.start)) best = n;
  }
  return best;
}

function ccText(py: boolean, ttl: string | undefined, vercel: boolean): string {
  if (vercel) return `providerOptions: { anthropic: { cacheControl: { type: 'ephemeral'${ttl ? `, ttl: '${ttl}'` : ''} } } }`;
  return py ? `"cache_control": {"type": "ephemeral"${ttl ? `, "ttl": "${ttl}"` : ''}}` : `cache_control: { type: 'ephemeral'${ttl ? `, ttl: '${ttl}'` : ''} }`;
}

/** Insert an entry before the closing brace of a literal object (with a separating comma when needed). */
function insertEntry(text: string, o: ObjV, entryText: string): TextEdit | undefined {
  if (!o.literal || o.close === undefined) return undefined;
  let i = o.close - 1;
  while (i > o.site.start && /\s/.test(text[i])) i--;
  const empty = i <= o.site.start || text[i] === '{' || text[i] === '(';
  const comma = empty || text[i] === ',' ? '' : ',';
  const pad = o.syntax === 'kwargs' ? ' ' : ' ';
  return { range: { start: i + 1, end: i + 1 }, newText: `${comma}${empty ? '' : pad}${entryText}` };
}

function removeEntry(text: string, e: { range: OffsetRange }): TextEdit {
  let s = e.range.start;
  let j = s - 1;
  while (j >= 0 && /\s/.test(text[j])) j--;
  if (text[j] === ',') s = j;
  return { range: { start: s, end: e.range.end }, newText: '' };
}

export function translateFix(f: Fix, em: Emitter, call: RecognisedCall, r: Resolver): Fix | undefined {
  const edits: TextEdit[] = [];
  for (const e of f.edits) {
    const t = translateEdit(e, em, call, r);
    if (!t) return undefined;
    edits.push(...t);
  }
  if (!edits.length) return undefined;
  return { ...f, title: f.title, edits };
}

function translateEdit(e: TextEdit, em: Emitter, call: RecognisedCall, r: Resolver): TextEdit[] | undefined {
  const py = r.py;
  const vercel = call.sdk === 'vercel';
  const ttl = /"ttl"\s*:\s*"(\w+)"/.exec(e.newText)?.[1];
  if (/cache_control/.test(e.newText)) {
    // a string replaced by a block list: the string-form system prompt / content
    const strNode = em.nodes.find((n) => n.value.kind === 'str' && n.synth.start === e.range.start && n.synth.end === e.range.end);
    if (strNode && !vercel) {
      const v = strNode.value as StrV;
      const site = r.text.slice(v.site.start, v.site.end);
      const block = py ? `[{"type": "text", "text": ${site}, ${ccText(true, ttl, false)}}]` : `[{ type: 'text', text: ${site}, ${ccText(false, ttl, false)} }]`;
      return [{ range: { ...v.site }, newText: block }];
    }
    // only a plain `"cache_control": {…}` entry added to an object (splits and other rewrites are not translated)
    if (e.range.end !== e.range.start || !/^\s*,?\s*"cache_control"\s*:\s*\{[^{}]*\}\s*,?\s*$/.test(e.newText)) return undefined;
    const node = innermost(em, e.range.start, (n) => n.value.kind === 'obj' && !n.entry);
    if (!node) return undefined;
    const o = node.value as ObjV;
    if (vercel) {
      const target = vercelTarget(o, call);
      if (!target || entry(target, 'providerOptions')) return undefined;
      const ed = insertEntry(r.text, target, ccText(false, ttl, true));
      return ed ? [ed] : undefined;
    }
    const ed = insertEntry(r.text, o, o.syntax === 'kwargs' ? ccText(true, ttl, false).replace('"cache_control": ', 'cache_control=') : ccText(py, ttl, false));
    return ed ? [ed] : undefined;
  }
  if (e.newText.trim() === '' || e.newText.trim() === ',') {
    // removing an existing cache_control entry
    const n = em.nodes.find((x) => x.entry?.key === 'cache_control' && x.synth.start >= e.range.start - 2 && x.synth.end <= e.range.end + 1);
    if (!n?.entry || !n.parent?.literal || vercel) return undefined;
    return [removeEntry(r.text, n.entry)];
  }
  return undefined;
}

/** Vercel: the message or part object literal a synthetic block came from (where providerOptions goes). */
function vercelTarget(block: ObjV, call: RecognisedCall): ObjV | undefined {
  const msgs = get(call.args, 'messages');
  if (msgs?.kind !== 'list') return undefined;
  for (const m of msgs.items) {
    if (m.kind !== 'obj' || !m.literal) continue;
    const c = get(m, 'content');
    if (c?.kind === 'list') {
      for (const p of c.items) if (p.kind === 'obj' && p.literal && p.site.start === block.site.start && p.site.end === block.site.end) return p;
    }
    if ((c && c.site.start === block.site.start && c.site.end === block.site.end) || (m.site.start === block.site.start && m.site.end === block.site.end)) return m;
  }
  return undefined;
}

/** Strings of the body whose single literal is an f-string / template literal, with their holes. */
function templateLiterals(v: Value | undefined, out: { str: StrV; hole: Hole }[] = []): { str: StrV; hole: Hole }[] {
  if (!v) return out;
  if (v.kind === 'str' && v.literal?.template) for (const p of v.parts) if (p.t === 'hole') out.push({ str: v, hole: p });
  if (v.kind === 'obj') for (const e of v.entries) templateLiterals(e.value, out);
  if (v.kind === 'list') for (const it of v.items) templateLiterals(it, out);
  return out;
}

/** The newest user message's string content (or Vercel prompt), where a moved line can go. */
function newestUserContent(call: RecognisedCall): StrV | UnknownV | undefined {
  const a = call.args;
  const prompt = get(a, 'prompt');
  if (call.sdk === 'vercel' && (prompt?.kind === 'str' || prompt?.kind === 'unknown')) return prompt;
  const msgs = get(a, 'messages') ?? get(a, 'input');
  if ((msgs?.kind === 'str' || msgs?.kind === 'unknown') && call.sdk === 'openai-responses') return msgs;
  if (msgs?.kind !== 'list') return undefined;
  const last = msgs.items[msgs.items.length - 1];
  if (last?.kind !== 'obj' || (getStr(last, 'role') ?? '') !== 'user') return undefined;
  const c = get(last, 'content');
  return c?.kind === 'str' || c?.kind === 'unknown' ? c : undefined;
}

/**
 * "Move {expr} out of the system prompt": for a per-request f-string / template-literal hole in the system
 * prompt, remove its line from the literal and put that line at the start of the newest user message.
 */
export function moveHoleFixes(d: Diagnostic, call: RecognisedCall, em: Emitter, r: Resolver, spans: DynamicSpan[]): Fix[] {
  const text = r.text;
  const user = newestUserContent(call);
  if (!user) return [];
  const out: Fix[] = [];
  for (const { str, hole } of templateLiterals(call.body)) {
    const span = spans.find((s) => s.range.start === hole.range.start && s.range.end === hole.range.end);
    if (!span?.perRequest || !hole.outer || !str.literal) continue;
    if (!(d.range.start <= hole.range.end && hole.range.start <= d.range.end)) continue;
    if (user.site.start <= hole.range.start && hole.range.end <= user.site.end) continue;
    const c = str.literal.content;
    const raw = r.py && /r/i.test(str.literal.prefix);
    const { ls, le, sepLen } = lineAround(text, c, hole.outer, raw);
    if (ls <= c.start && le >= c.end) continue; // the whole literal: nothing would stay
    const line = text.slice(ls, le - sepLen);
    if (/\\$/.test(line) || /\n/.test(line)) continue;
    const userSite = text.slice(user.site.start, user.site.end);
    const moved = r.py
      ? `${str.literal.prefix.includes('f') || str.literal.prefix.includes('F') ? str.literal.prefix : `f${str.literal.prefix}`}${str.literal.quote}${line}\\n\\n${str.literal.quote} + ${userSite}`
      : `\`${line}\\n\\n\` + ${userSite}`;
    if (r.py && /r/i.test(str.literal.prefix)) continue;
    out.push({
      title: `Move ${hole.expr.length > 30 ? `${hole.expr.slice(0, 29)}…` : hole.expr} out of the system prompt into the user message`,
      kind: 'quickfix',
      isPreferred: true,
      edits: [
        { range: { start: ls, end: le }, newText: '' },
        { range: { ...user.site }, newText: moved },
      ].sort((a, b) => b.range.start - a.range.start),
    });
    break;
  }
  void em;
  return out;
}

/**
 * The line of a literal's content that holds `inner`: bounded by a real newline or a `\n` escape (not in a
 * raw string), or the content's ends. le includes the separator after the line (sepLen characters).
 */
function lineAround(text: string, c: OffsetRange, inner: OffsetRange, raw: boolean): { ls: number; le: number; sepLen: number } {
  const isEsc = (i: number) => !raw && text[i] === '\\' && text[i + 1] === 'n' && !escaped(text, i, c.start);
  let ls = c.start;
  for (let i = inner.start - 1; i >= c.start; i--) {
    if (text[i] === '\n') {
      ls = i + 1;
      break;
    }
    if (i + 1 < inner.start && isEsc(i)) {
      ls = i + 2;
      break;
    }
  }
  let le = c.end;
  let sepLen = 0;
  for (let i = inner.end; i < c.end; i++) {
    if (text[i] === '\n') {
      le = i + 1;
      sepLen = 1;
      break;
    }
    if (isEsc(i)) {
      le = i + 2;
      sepLen = 2;
      break;
    }
  }
  return { ls, le, sepLen };
}

/** Is the backslash at i itself escaped (an odd number of backslashes before it)? */
function escaped(text: string, i: number, from: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= from && text[j] === '\\'; j--) n++;
  return n % 2 === 1;
}
