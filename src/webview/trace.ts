// The panel's trace section (issue 14): for an open trace file, each call's predicted read against the
// billed one, the explanation of the difference, and the totals. Rows are buttons: clicking one asks the
// extension to reveal the call's line. Figures come from src/core/trace through the extension; this
// module only draws them.
import type { RevealLineMessage, TraceMessage, TraceRow, TraceViewModel } from '../shared/protocol';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (x: number | undefined) => (x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
const usd = (x: number) => (x === 0 ? '$0' : x < 0.01 ? `$${x.toFixed(5)}` : `$${x.toFixed(2)}`);

let lastSeq = -1;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** The section's container, created once after the panel's own markup. */
function section(): HTMLElement {
  let s = document.getElementById('trace-section');
  if (!s) {
    s = el('section', undefined, 'trace-section');
    s.id = 'trace-section';
    s.setAttribute('aria-label', 'Trace');
    s.style.marginTop = '12px';
    s.style.borderTop = '1px solid var(--vscode-panel-border, var(--vscode-widget-border, #8884))';
    s.style.paddingTop = '8px';
    document.body.appendChild(s);
  }
  return s;
}

function rowView(r: TraceRow, uri: string, post: (m: RevealLineMessage) => void): HTMLElement {
  const b = el('button', undefined, 'trace-row');
  b.type = 'button';
  b.dataset.line = String(r.line);
  b.title = `Reveal line ${r.line + 1}`;
  Object.assign(b.style, { display: 'block', width: '100%', textAlign: 'left', background: 'transparent', color: 'inherit', border: 'none', borderBottom: '1px solid var(--vscode-widget-border, #8883)', padding: '4px 2px', cursor: 'pointer', font: 'inherit' });
  const miss = r.kind !== 'hit' && r.kind !== 'first' && r.kind !== 'new-conversation';
  const head = el('div');
  head.append(el('strong', `#${r.index + 1}`), ` line ${r.line + 1} · ${r.model ?? '?'} · input ${fmt(r.inputTokens)} · predicted ${fmt(r.predictedRead)} · billed ${r.billedRead === undefined ? '–' : fmt(r.billedRead)}`);
  if (r.agrees === false) {
    const ne = el('span', ' ≠', 'trace-disagree');
    ne.style.color = 'var(--vscode-editorWarning-foreground, #c80)';
    ne.title = r.billedNote ?? 'billed differs from predicted';
    head.append(ne);
  }
  if (r.lostUsd > 0) head.append(` · lost ${usd(r.lostUsd)}`);
  const why = el('div', `${r.kind}: ${r.explanation}`, 'trace-why');
  why.style.opacity = miss ? '1' : '0.8';
  if (miss) why.style.color = 'var(--vscode-editorWarning-foreground, #c80)';
  b.append(head, why);
  if (r.billedNote) b.append(el('div', `bill: ${r.billedNote}`, 'trace-bill'));
  if (r.providerReason) {
    const p = el('div', `provider: ${r.providerReason}${r.providerDisagrees ? ' (disagrees with this prediction)' : ' (agrees)'}`, 'trace-provider');
    if (r.providerDisagrees) p.style.color = 'var(--vscode-editorWarning-foreground, #c80)';
    b.append(p);
  }
  b.addEventListener('click', () => post({ type: 'revealLine', uri, line: r.line }));
  return b;
}

export function renderTrace(t: TraceViewModel | undefined, post: (m: RevealLineMessage) => void): void {
  const s = section();
  s.replaceChildren();
  s.hidden = !t;
  if (!t) return;
  const h = el('h2', `Trace: ${t.fileName}${t.running ? ' (reading…)' : ''}`);
  h.style.fontSize = '1.1em';
  const T = t.totals;
  const totals = el('div', undefined, 'trace-totals');
  totals.append(
    el('div', `${fmt(T.calls)} calls${T.problems ? `, ${fmt(T.problems)} unreadable records` : ''} · predicted hit rate ${pct(T.predictedHitRate)}`),
    el('div', T.billedCalls ? `billed hit rate ${pct(T.billedHitRate)} (predicted ${pct(T.predictedOnBilledHitRate)} on the same ${fmt(T.billedCalls)} calls) · ${fmt(T.agreeing)} of ${fmt(T.billedCalls)} agree` : 'no call carries billed usage'),
    el('div', `money lost to misses: ${usd(T.lostUsd)} (${fmt(T.lostTokens)} tokens)${T.providerDisagreements ? ` · ${fmt(T.providerDisagreements)} provider reasons disagree` : ''}`),
  );
  const list = el('div', undefined, 'trace-rows');
  list.setAttribute('role', 'list');
  for (const r of t.rows) list.append(rowView(r, t.uri, post));
  s.append(h, totals, list);
  if (t.hiddenRows) s.append(el('p', `${fmt(t.hiddenRows)} more calls (hits) not listed; the CLI lists every call: prompt-cache trace FILE`));
}

/** Handle a `trace` message (newer seq only). */
export function onTraceMessage(m: TraceMessage, post: (m: RevealLineMessage) => void): void {
  if (m.seq <= lastSeq) return;
  lastSeq = m.seq;
  renderTrace(m.trace, post);
}
