// The panel's "next turn" line (issue 14): one paragraph under the token table, filled by the extension's
// `nextTurn` message for the document version on screen, hidden otherwise.
import type { NextTurnMessage, PanelView } from '../shared/protocol';

const ID = 'next-turn';

function line(): HTMLElement | undefined {
  let p = document.getElementById(ID);
  if (p) return p;
  const anchor = document.getElementById('next-note') ?? document.getElementById('tokenizer');
  if (!anchor?.parentElement) return undefined;
  p = document.createElement('p');
  p.id = ID;
  p.className = 'small next-turn';
  p.hidden = true;
  p.setAttribute('role', 'status');
  anchor.parentElement.insertBefore(p, anchor.nextSibling);
  return p;
}

let shown: { uri: string; version: number } | undefined;

/** Show the line when it belongs to the view on screen. */
export function renderNextTurn(m: NextTurnMessage, view: PanelView | undefined): void {
  const p = line();
  if (!p) return;
  const current = view && 'uri' in view ? { uri: view.uri, version: view.version } : undefined;
  if (!current || current.uri !== m.uri || current.version !== m.version) return;
  shown = current;
  p.textContent = m.summary;
  p.title = m.notes.join('\n');
  p.classList.toggle('warning', m.supported && !m.hits);
  p.hidden = false;
}

/** On every update: hide a line that belongs to another document or version. */
export function syncNextTurn(view: PanelView): void {
  const p = document.getElementById(ID);
  if (!p) return;
  const current = 'uri' in view ? view : undefined;
  if (!current || !shown || shown.uri !== current.uri || shown.version !== current.version) p.hidden = true;
}
