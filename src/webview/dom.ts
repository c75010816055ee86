// Small DOM helpers for the panel's sections: write only when the value changes (keeps screen readers and
// layout calm). Presentation only: no figures are computed here.

export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function setValueAttr(el: HTMLElement, value: number | undefined): void {
  const v = value === undefined ? '' : String(value);
  if (el.dataset.value !== v) {
    if (value === undefined) delete el.dataset.value;
    else el.dataset.value = v;
  }
}

/** A figure cell: formatted text plus the raw number in data-value (for tests and tooling). */
export function figure(el: HTMLElement, value: number | undefined, format: (n: number) => string, empty = '—'): void {
  setText(el, value === undefined ? empty : format(value));
  setValueAttr(el, value);
}

export function show(el: HTMLElement, visible: boolean): void {
  if (el.hidden === visible) el.hidden = !visible;
}

export function toggleClass(el: Element, cls: string, on: boolean): void {
  if (el.classList.contains(cls) !== on) el.classList.toggle(cls, on);
}

export function setTitle(el: HTMLElement, title: string): void {
  if (el.title !== title) el.title = title;
}

/** Keeps a <ul>'s items equal to `items` (text only; `quoted`: quoted values do not wrap, see setQuotedText). */
export function syncList(ul: HTMLElement, items: string[], quoted = false): void {
  while (ul.children.length > items.length) ul.lastElementChild!.remove();
  items.forEach((text, i) => {
    let li = ul.children[i] as HTMLElement | undefined;
    if (!li) {
      li = document.createElement('li');
      ul.append(li);
    }
    if (quoted) setQuotedText(li, text);
    else setText(li, text);
  });
}

/** Longest value kept on one line (a UUID fits the 300 px side bar). */
const MAX_VALUE = 40;
/** A word this long gets break points (usageMetadata.cachedContentTokenCount does not fit 300 px whole). */
const LONG_WORD = 22;

/** A date, time, id or UUID ("2026-11-21T10:42:17Z"): digits with - or :, and no real word in it. */
function valueLike(word: string): boolean {
  return word.length <= MAX_VALUE && /\d/.test(word) && /[-:]/.test(word) && !/[a-z]{4,}/i.test(word);
}

/**
 * Prose whose values (dates, timestamps, UUIDs) stay whole on one line, since a timestamp broken after
 * "2026-11-" reads as two values, and whose long words break only at word or path boundaries (<wbr>).
 */
export function setQuotedText(el: HTMLElement, text: string): void {
  if (el.dataset.text === text) return;
  const nodes: Node[] = [];
  let from = 0;
  for (const m of text.matchAll(/\S+/g)) {
    const word = m[0];
    const at = m.index ?? 0;
    if (valueLike(word.replace(/^["'(]+|["'),.;:]+$/g, ''))) {
      nodes.push(document.createTextNode(text.slice(from, at)));
      const span = document.createElement('span');
      span.className = 'quoted';
      span.textContent = word;
      nodes.push(span);
      from = at + word.length;
    } else if (word.length >= LONG_WORD) {
      for (const p of breakPoints(word)) {
        nodes.push(document.createTextNode(text.slice(from, at + p)), document.createElement('wbr'));
        from = at + p;
      }
    }
  }
  nodes.push(document.createTextNode(text.slice(from)));
  el.replaceChildren(...nodes);
  el.dataset.text = text;
}

/**
 * Where a name may break when it does not fit: after `_`, `.`, `/`, `:` and `-` (not inside a number),
 * and between a lower-case letter and an upper-case one (camelCase). Spaces break anyway.
 */
export function breakPoints(text: string): number[] {
  const out: number[] = [];
  for (let i = 1; i < text.length; i++) {
    const a = text[i - 1];
    const b = text[i];
    if (/\s/.test(a) || /\s/.test(b)) continue;
    if (/[_/:]/.test(a) && !/[_/:]/.test(b)) out.push(i);
    else if (/[.\-]/.test(a) && !(/\d/.test(b) && /\d/.test(text[i - 2] ?? ''))) {
      if (!/[.\-]/.test(b)) out.push(i);
    } else if (/[a-z]/.test(a) && /[A-Z]/.test(b)) out.push(i);
  }
  return out;
}

/**
 * A label that may wrap only at word or path boundaries: the text with <wbr> at `breakPoints`, and the
 * full text as the title (for the truncated case: CSS ellipsis on a piece that still does not fit).
 */
export function setBreakableText(el: HTMLElement, text: string, title = text): void {
  if (el.dataset.text !== text) {
    const pts = breakPoints(text);
    const nodes: Node[] = [];
    let from = 0;
    for (const p of pts) {
      nodes.push(document.createTextNode(text.slice(from, p)), document.createElement('wbr'));
      from = p;
    }
    nodes.push(document.createTextNode(text.slice(from)));
    el.replaceChildren(...nodes);
    el.dataset.text = text;
  }
  setTitle(el, title);
}
