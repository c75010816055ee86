// The cost panel's browser side. It shows what the extension sends (figures computed by src/core)
// and reports the user's inputs back. It computes nothing: formatting and layout only.
//
// Flicker-free: the markup is inserted once (skeleton.ts); every update writes textContent and
// attributes in place, segment rows are reconciled by id, and an input the user is typing in is
// never overwritten.
import { onTraceMessage } from './trace';
import {
  PROTOCOL_VERSION,
  isExtensionToWebview,
  sanitizeUsage,
  type ExtensionToWebview,
  type InitMessage,
  type ModelOption,
  type PanelUsage,
  type PanelView,
  type UpdateMessage,
  type WebviewToExtension,
} from '../shared/protocol';
import type { ModelComparison, RequestPanelModel, SegmentRow } from '../core/cache/panelModel.types';
import * as f from './format';
import { SKELETON } from './skeleton';
import { renderNextTurn, syncNextTurn } from './nextTurn';
import { figure, setBreakableText, setQuotedText, setText, setTitle, setValueAttr, show, syncList, toggleClass } from './dom';
import { renderNothingCached } from './nothingCached';
import { renderLegend } from './legend';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What the webview keeps in its own state (survives hide/show and reloads of the view). */
interface SavedState {
  inputs: PanelUsage;
  init?: InitMessage;
  last?: UpdateMessage;
}

const vscode = acquireVsCodeApi();
const saved = readSaved(vscode.getState());
let inputs: PanelUsage = saved?.inputs ?? sanitizeUsage(undefined);
let init: InitMessage | undefined = saved?.init;
let last: UpdateMessage | undefined = saved?.last;
let lastSeq = -1;

const app = document.getElementById('app')!;
app.innerHTML = SKELETON;

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`panel markup is missing #${id}`);
  return el as T;
};

function readSaved(s: unknown): SavedState | undefined {
  if (!s || typeof s !== 'object') return undefined;
  const o = s as Partial<SavedState>;
  // figures saved by another protocol version may have another shape: keep only the inputs then
  const current = !!o.init && isExtensionToWebview(o.init) && o.init.type === 'init' && o.init.protocol === PROTOCOL_VERSION;
  return {
    inputs: sanitizeUsage(o.inputs),
    init: current ? o.init : undefined,
    last: current && o.last && isExtensionToWebview(o.last) && o.last.type === 'update' ? o.last : undefined,
  };
}

function persist(): void {
  const state: SavedState = { inputs, init, last };
  vscode.setState(state);
}

function post(message: WebviewToExtension): void {
  vscode.postMessage(message);
}

// ---------------------------------------------------------------------------------------------
// inputs

const inCalls = $<HTMLInputElement>('in-calls');
const inRate = $<HTMLInputElement>('in-rate');
const inUnit = $<HTMLSelectElement>('in-unit');
const inOutput = $<HTMLInputElement>('in-output');
const modelSelects = [0, 1, 2].map((i) => $<HTMLSelectElement>(`in-model-${i}`));

function writeInputs(next: PanelUsage): void {
  const put = (el: HTMLInputElement | HTMLSelectElement, v: string) => {
    if (document.activeElement === el) return; // never fight the user's typing
    if (el.value !== v) el.value = v;
  };
  put(inCalls, String(next.calls));
  put(inRate, String(next.rate));
  put(inUnit, next.rateUnit);
  put(inOutput, String(next.outputTokens));
  modelSelects.forEach((sel, i) => put(sel, next.compareModels[i] ?? ''));
}

function readInputs(): PanelUsage {
  return sanitizeUsage(
    {
      calls: inCalls.value,
      rate: inRate.value,
      rateUnit: inUnit.value,
      outputTokens: inOutput.value,
      compareModels: modelSelects.map((s) => s.value),
    },
    inputs,
  );
}

let inputTimer: ReturnType<typeof setTimeout> | undefined;
function onInputChanged(immediate: boolean): void {
  if (inputTimer) clearTimeout(inputTimer);
  const send = () => {
    inputTimer = undefined;
    const next = readInputs();
    inputs = next;
    persist();
    post({ type: 'setInputs', inputs: next });
  };
  if (immediate) send();
  else inputTimer = setTimeout(send, 250);
}

for (const el of [inCalls, inRate, inOutput]) {
  el.addEventListener('input', () => onInputChanged(false));
  el.addEventListener('change', () => {
    onInputChanged(true);
    // show the sanitized value once the user is done with the field
    const v = readInputs();
    if (el === inCalls) el.value = String(v.calls);
    if (el === inRate) el.value = String(v.rate);
    if (el === inOutput) el.value = String(v.outputTokens);
  });
}
inUnit.addEventListener('change', () => onInputChanged(true));
for (const sel of modelSelects) sel.addEventListener('change', () => onInputChanged(true));

function fillModelOptions(models: ModelOption[]): void {
  const key = models.map((m) => m.id).join('|');
  for (const sel of modelSelects) {
    if (sel.dataset.models === key) continue;
    const current = sel.value;
    sel.replaceChildren();
    const auto = document.createElement('option');
    auto.value = '';
    auto.textContent = 'Automatic';
    sel.append(auto);
    const byProvider = new Map<string, ModelOption[]>();
    for (const m of models) {
      const list = byProvider.get(m.provider) ?? [];
      list.push(m);
      byProvider.set(m.provider, list);
    }
    for (const [provider, list] of byProvider) {
      const group = document.createElement('optgroup');
      group.label = provider;
      for (const m of list) {
        const o = document.createElement('option');
        o.value = m.id;
        o.textContent = m.displayName;
        group.append(o);
      }
      sel.append(group);
    }
    sel.dataset.models = key;
    sel.value = current;
  }
}

/** When a slot names a model the table does not list (e.g. typed in settings), keep it selectable. */
function ensureModelOption(sel: HTMLSelectElement, value: string): void {
  if (!value) return;
  for (const o of Array.from(sel.options)) if (o.value === value) return;
  const o = document.createElement('option');
  o.value = value;
  o.textContent = value;
  sel.append(o);
}

// ---------------------------------------------------------------------------------------------
// views

const fileName = $('file-name');
const fileSub = $('file-sub');

/** "5-minute", "30-minute" (GPT-5.6+), "1-hour". */
function ttlWords(ttl: string): string {
  return ttl === '1h' ? '1-hour' : ttl === '30m' ? '30-minute' : '5-minute';
}
const message = $('message');
const request = $('request');

function showMessage(title: string, body: string, reasons: string[], actions: boolean): void {
  show(request, false);
  show(message, true);
  setText($('message-title'), title);
  setText($('message-body'), body);
  syncList($('message-reasons'), reasons);
  show($('message-actions'), actions);
}

function render(view: PanelView, usage: PanelUsage): void {
  switch (view.kind) {
    case 'no-editor':
      setBreakableText(fileName, 'No active editor');
      setText(fileSub, '');
      showMessage(
        'Open a request or prompt file',
        'The panel follows the active editor: open a JSON request (OpenAI chat, Anthropic messages …) or a prompt file to see what caching saves on it.',
        [],
        false,
      );
      return;
    case 'pending':
      setBreakableText(fileName, view.fileName);
      // keep the previous figures on screen while the analysis runs: no blank flash
      if (request.hidden && message.hidden) showMessage('Analyzing…', '', [], false);
      return;
    case 'unavailable':
      setBreakableText(fileName, view.fileName);
      setText(fileSub, '');
      showMessage(view.title, view.detail, [], false);
      return;
    case 'not-request':
      setBreakableText(fileName, view.fileName);
      setText(fileSub, 'Not analyzed as a request');
      showMessage(
        'This file is not an LLM request',
        view.included
          ? 'The analyzer did not recognise a request in it. To make it one, give it a model and messages, or tell the extension which model to assume:'
          : 'It is not included by the extension’s file globs. To have it analyzed:',
        view.reasons,
        true,
      );
      return;
    case 'request':
      setBreakableText(fileName, view.fileName);
      renderRequest(view, usage, view.uri);
      return;
  }
}

const PROVIDER_NAMES: Record<string, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  google: 'Google',
  deepseek: 'DeepSeek',
  xai: 'xAI',
  alibaba: 'Alibaba (Qwen)',
  moonshot: 'Moonshot (Kimi)',
  unknown: 'Unknown provider',
};

const DIALECT_NAMES: Record<string, string> = {
  'openai-chat': 'OpenAI chat',
  'anthropic-messages': 'Anthropic messages',
  'openai-gateway': 'OpenAI-compatible',
  'prompt-template': 'prompt template',
  gemini: 'Gemini',
  'bedrock-converse': 'Bedrock Converse',
  'bedrock-invoke': 'Bedrock InvokeModel',
};

function renderRequest(v: RequestPanelModel, usage: PanelUsage, uri: string): void {
  show(message, false);
  show(request, true);

  const modelName = v.model.displayName ?? v.model.name ?? 'no model';
  const source = v.model.source === 'default' ? ' (default)' : v.model.source === 'option' ? ' (chosen)' : '';
  const fallback = v.model.fallback ? ` (${v.model.fallback.short})` : '';
  setText(fileSub, [`${modelName}${source}${fallback}`, PROVIDER_NAMES[v.provider] ?? v.provider, v.dialect ? DIALECT_NAMES[v.dialect] ?? v.dialect : '']
    .filter(Boolean)
    .join(' · '));

  const warning = $('warning');
  setText(warning, v.warning ?? '');
  show(warning, !!v.warning);
  // nothing is cached: the box says why (the rejection included) instead of a separate alert
  const nothing = renderNothingCached(v);
  const rejected = $('rejected');
  setText(rejected, v.rejected ? `Rejected by the API: ${v.rejected} — nothing is cached.` : '');
  show(rejected, !!v.rejected && !nothing);

  // tokens
  const s = v.split;
  const bar = $('bar');
  for (const seg of Array.from(bar.children) as HTMLElement[]) {
    const part = seg.dataset.part as keyof typeof s.shares;
    const pct = `${(s.shares[part] * 100).toFixed(3)}%`;
    if (seg.style.width !== pct) seg.style.width = pct; // CSSOM, allowed by the CSP
  }
  bar.setAttribute(
    'aria-label',
    `Of ${f.tokens(s.input + s.output)} tokens per call: ${f.tokens(s.readNextCall)} read from cache on the next call, ` +
      `${f.tokens(s.writtenNotRead)} written but not read by the next call, ${f.tokens(s.neverCached)} never cached, ${f.tokens(s.output)} output (estimate).`,
  );
  figure($('t-read'), s.readNextCall, f.tokens);
  figure($('t-repeat'), s.readOnRepeat, f.tokens);
  figure($('t-wonly'), s.writtenNotRead, f.tokens);
  figure($('t-never'), s.neverCached, f.tokens);
  figure($('t-output'), s.output, f.tokens);
  figure($('t-input'), s.input, f.tokens);
  figure($('t-written'), s.writtenOnFirstCall, f.tokens);
  const nextNote = $('next-note');
  setQuotedText(nextNote, v.nextCallNote ?? '');
  show(nextNote, !!v.nextCallNote && !nothing);
  renderLegend(v);
  setText($('tokenizer'), f.tokenizerNote(v.tokenizer, v.exact));

  // cost per call
  const pc = v.perCall;
  show($('percall-section'), !!pc);
  show($('calls-section'), true);
  figure($('c-first'), pc?.firstCall, f.usd);
  figure($('c-next'), pc?.nextCall, f.usd);
  figure($('c-repeat'), pc?.repeatCall, f.usd);
  figure($('c-uncached'), pc?.uncachedCall, f.usd);
  // input only: the engine's CostEstimate, the figure the status bar and the CLI show
  figure($('c-first-in'), pc?.input?.firstCall, f.usd);
  figure($('c-next-in'), pc?.input?.nextCall, f.usd);
  figure($('c-repeat-in'), pc?.input?.repeatCall, f.usd);
  figure($('c-uncached-in'), pc?.input?.uncachedCall, f.usd);
  setText($('c-ttl'), v.calls?.ttl === '1h' ? '1 hour' : v.calls?.ttl === '30m' ? '30 min' : '5 min');
  const longCtx = $('c-longctx');
  setText(longCtx, v.longContext ? `Long context: ${v.longContext.text}` : '');
  if (longCtx.title !== (v.longContext?.source ?? '')) longCtx.title = v.longContext?.source ?? '';
  show(longCtx, !!v.longContext);
  setText(
    $('c-note'),
    pc ? `+ output: with your estimate of ${f.tokens(s.output)} output tokens (${f.usd(pc.outputCost)}). Prices as of ${v.pricesAsOf ?? '—'}${v.pricesOverridden ? ', overridden in settings' : ''}.` : '',
  );

  // N calls
  const c = v.calls;
  figure($('n-with'), c?.withCache, f.usd);
  figure($('n-without'), c?.withoutCache, f.usd);
  const sav = $('n-savings');
  setText(sav, c ? `${f.signedUsd(c.savings)} (${f.percent(c.savingsPercent)})` : '—');
  setValueAttr(sav, c?.savings);
  if (c) sav.dataset.percent = String(c.savingsPercent);
  toggleClass(sav, 'negative', !!c && c.savings < 0);
  const be = $('n-breakeven');
  setText(be, !c ? '—' : c.breakEvenCalls === null ? 'never at this rate' : `after ${f.tokens(c.breakEvenCalls)} call${c.breakEvenCalls === 1 ? '' : 's'}`);
  setValueAttr(be, c?.breakEvenCalls ?? undefined);
  // nothing read on the next call: no savings or break-even (they mean nothing), the engine's sentence instead
  const nc = v.nothingCached;
  show($('row-n-with'), !nc || nc.writesEveryCall);
  show($('row-n-savings'), !nc);
  show($('row-n-breakeven'), !nc);
  setText($('n-without-label'), nc && !nc.writesEveryCall ? `${f.tokens(c?.calls ?? usage.calls)} calls` : 'Without caching');
  setText(
    $('n-warmth'),
    nc
      ? nc.callsNote
      : c
      ? `${f.tokens(c.calls)} calls, one every ${f.minutes(c.gapMinutes)}: ` +
          (c.staysWarm
            ? `within the ${ttlWords(c.ttl)} TTL, so later calls read the cache.`
            : `longer than the ${ttlWords(c.ttl)} TTL, so every call writes the cache again.`)
      : v.warning ?? '',
  );

  // TTL
  const t = v.ttl;
  show($('ttl-section'), !!t);
  if (t) {
    for (const [prefix, cc] of [['ttl5', t.fiveMinutes], ['ttl1', t.oneHour]] as const) {
      setText($(`${prefix}-warm`), cc.staysWarm ? 'yes' : 'no');
      figure($(`${prefix}-with`), cc.withCache, f.usd);
      const el = $(`${prefix}-savings`);
      setText(el, `${f.signedUsd(cc.savings)} (${f.percent(cc.savingsPercent)})`);
      setValueAttr(el, cc.savings);
      const b = $(`${prefix}-be`);
      setText(b, cc.breakEvenCalls === null ? 'never' : f.tokens(cc.breakEvenCalls));
      setValueAttr(b, cc.breakEvenCalls ?? undefined);
    }
    toggleClass($('ttl5-with'), 'best', t.cheaper === '5m');
    toggleClass($('ttl1-with'), 'best', t.cheaper === '1h');
    setText($('ttl-summary'), t.summary);
  }

  renderSegments(v.segments, uri);
  renderComparisons(v.comparisons, usage);

  const notes = [...v.problems, ...v.notes];
  show($('notes-section'), notes.length > 0);
  syncList($('notes'), notes, true);
}

const CACHE_LABEL: Record<SegmentRow['cache'], string> = {
  read: 'cached',
  partial: 'partly',
  'write-only': 'never read',
  none: 'not cached',
};

let currentUri = '';
function renderSegments(rows: SegmentRow[], uri: string): void {
  currentUri = uri;
  const body = $('seg-body');
  const existing = new Map<string, HTMLTableRowElement>();
  for (const tr of Array.from(body.children) as HTMLTableRowElement[]) existing.set(tr.dataset.id!, tr);
  let prev: HTMLTableRowElement | undefined;
  const keep = new Set<string>();
  for (const row of rows) {
    keep.add(row.id);
    let tr = existing.get(row.id);
    if (!tr) tr = createSegmentRow(row.id);
    updateSegmentRow(tr, row);
    // move into place only when out of order (no churn for stable rows)
    const want = prev ? prev.nextElementSibling : body.firstElementChild;
    if (want !== tr) body.insertBefore(tr, want);
    prev = tr;
  }
  for (const [id, tr] of existing) if (!keep.has(id)) tr.remove();
}

function createSegmentRow(id: string): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.id = id;
  const th = document.createElement('th');
  th.scope = 'row';
  const name = document.createElement('div');
  name.className = 'seg-name';
  const btn = document.createElement('button');
  btn.type = 'button';
  btn.className = 'link seg-label';
  btn.addEventListener('click', () => post({ type: 'revealSegment', uri: currentUri, segmentId: tr.dataset.reveal ?? id }));
  const bp = document.createElement('span');
  bp.className = 'bp';
  name.append(btn, bp);
  const chip = document.createElement('span');
  chip.className = 'chip';
  th.append(name, chip);
  const tokens = document.createElement('td');
  tokens.className = 'num';
  const cum = document.createElement('td');
  cum.className = 'num';
  tr.append(th, tokens, cum);
  return tr;
}

function updateSegmentRow(tr: HTMLTableRowElement, row: SegmentRow): void {
  const [th, tokens, cum] = Array.from(tr.children) as HTMLElement[];
  toggleClass(tr, 'child', row.depth > 0);
  toggleClass(tr, 'framing', row.rowKind === 'framing');
  toggleClass(tr, 'expanded', !!row.expanded);
  if (row.revealId) tr.dataset.reveal = row.revealId;
  else delete tr.dataset.reveal;
  const name = th.firstElementChild as HTMLElement;
  const btn = name.firstElementChild as HTMLButtonElement;
  // names wrap at word and path boundaries only (_ . / camelCase); a piece that still does not fit is cut
  // with an ellipsis, and the full name is in the title
  setBreakableText(btn, row.label, `Show ${row.label} in the editor`);
  const bp = name.lastElementChild as HTMLElement;
  setText(bp, row.breakpoint ? `⚑ ${row.breakpoint.ttl}` : '');
  const bpTitle = row.breakpoint
    ? `${row.breakpoint.kind} cache breakpoint, ${row.breakpoint.ttl} TTL${row.breakpoint.meetsMinimum ? '' : ' (below the minimum: not cached)'}`
    : '';
  setTitle(bp, bpTitle);
  if (row.breakpoint) bp.setAttribute('aria-label', bpTitle);
  else bp.removeAttribute('aria-label');
  const approx = (n: number) => (row.exact ? f.tokens(n) : `≈${f.tokens(n)}`);
  // a block says what it adds to its message; the message row carries the total, its blocks the cumulative
  figure(tokens, row.tokens, row.depth > 0 ? (n) => `+${approx(n)}` : approx);
  figure(cum, row.expanded ? undefined : row.cumulativeTokens, f.tokens, '');
  setTitle(cum, row.expanded ? 'See its blocks below' : '');
  const chip = th.lastElementChild as HTMLElement;
  setText(chip, row.cache === 'partial' ? `${f.tokens(row.cachedTokens)} cached` : CACHE_LABEL[row.cache]);
  if (chip.dataset.state !== row.cache) chip.dataset.state = row.cache;
}

const PROVIDER_LABEL = (p: string) => PROVIDER_NAMES[p] ?? p;

function renderComparisons(cols: ModelComparison[], usage: PanelUsage): void {
  modelSelects.forEach((sel, i) => ensureModelOption(sel, usage.compareModels[i] ?? ''));
  for (let i = 0; i < 3; i++) {
    const col = cols.find((c) => c.slot === i);
    const card = document.querySelector<HTMLElement>(`.cmp-card[data-slot="${i}"]`);
    if (!card) continue;
    toggleClass(card, 'current', !!col?.isCurrent);
    // the card's select names the model; the line under it says whose and why
    const role = $(`cmp-h-${i}`);
    setText(role, col ? [PROVIDER_LABEL(col.provider), col.isCurrent ? 'current model' : col.role].filter((x, k, a) => x && a.indexOf(x) === k).join(' · ') : '—');
    const autoOpt = modelSelects[i].options[0];
    if (autoOpt) setText(autoOpt, col?.auto ? `Automatic: ${col.displayName}` : 'Automatic');
    const sel = modelSelects[i];
    const chosen = sel.options[sel.selectedIndex]?.textContent ?? '';
    setTitle(sel, col ? `${chosen}${col.auto ? ` (${col.role})` : ''}` : chosen);
    for (const tr of Array.from(card.querySelectorAll<HTMLTableRowElement>('tbody tr'))) {
      const td = tr.querySelector('td') as HTMLElement;
      const cost = col?.cost;
      switch (tr.dataset.row) {
        case 'inputTokens':
          figure(td, col?.inputTokens, (n) => (col?.exact ? f.tokens(n) : `≈${f.tokens(n)}`));
          break;
        case 'cached':
          figure(td, col?.cachedTokensNextCall, f.tokens);
          if (col?.rejected) setText(td, 'rejected');
          setTitle(td, col?.rejected ?? '');
          break;
        case 'first':
          figure(td, cost?.firstCall, f.usd, col?.note ? 'no prices' : '—');
          break;
        case 'next':
          figure(td, cost?.nextCall, f.usd);
          break;
        case 'repeat':
          figure(td, cost?.repeatCall, f.usd);
          break;
        case 'with':
          figure(td, cost?.withCache, f.usd);
          break;
        case 'without':
          figure(td, cost?.withoutCache, f.usd);
          break;
        case 'savings':
          // a model whose next call reads nothing saves nothing: say so rather than "$0 (0%)"
          setText(
            td,
            !cost ? '—' : col!.cachedTokensNextCall <= 0 && cost.savings >= 0 ? 'none: nothing read' : `${f.signedUsd(cost.savings)} (${f.percent(cost.savingsPercent)})`,
          );
          setValueAttr(td, cost?.savings);
          toggleClass(td, 'negative', !!cost && cost.savings < 0);
          break;
        case 'asOf':
          setText(td, cost ? `${cost.pricesAsOf}${cost.overridden ? ' (overridden)' : ''}` : '—');
          setTitle(td, cost?.pricesSource ?? '');
          break;
      }
    }
  }
  setText($('table-as-of'), init?.tableAsOf ?? cols.find((c) => c.cost)?.cost?.pricesAsOf ?? '—');
}

// ---------------------------------------------------------------------------------------------
// messages

function onMessage(m: ExtensionToWebview): void {
  switch (m.type) {
    case 'init':
      init = m;
      inputs = sanitizeUsage(m.inputs);
      fillModelOptions(m.models);
      writeInputs(inputs);
      setText($('table-as-of'), m.tableAsOf);
      persist();
      return;
    case 'update':
      if (m.seq <= lastSeq) return;
      lastSeq = m.seq;
      last = m;
      // the extension's inputs are the truth; adopt them unless the user is mid-edit
      if (!inputTimer) {
        inputs = sanitizeUsage(m.inputs);
        writeInputs(inputs);
      }
      render(m.view, m.inputs);
      syncNextTurn(m.view);
      persist();
      return;
    case 'nextTurn':
      renderNextTurn(m, last?.view);
      return;
    case 'trace':
      onTraceMessage(m, post);
      return;
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const data: unknown = event.data;
  if (isExtensionToWebview(data)) onMessage(data);
});

// First paint from saved state (no blank panel while the extension answers), then the handshake.
if (init) fillModelOptions(init.models);
writeInputs(inputs);
if (last) render(last.view, last.inputs);
else showMessage('Loading…', '', [], false);
app.setAttribute('aria-busy', 'false');
post({ type: 'ready', protocol: PROTOCOL_VERSION, restored: saved?.inputs });
