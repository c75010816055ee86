// Reads the cost panel as a person would at its real width and reports text that does not read whole:
// - cut off: a box whose text is wider than the box and hidden (overflow, text-overflow) without the
//   full text in its title; text that runs past the panel's right edge; a <select> whose chosen option
//   is wider than the select, without the full text in its title; a horizontal scrollbar.
// - broken mid-word: every line break inside a text (measured with Range.getClientRects, one character
//   at a time) must fall at a space or at a word or path boundary: after _ . / : - – — · , ; ) (not
//   inside a number such as 2026-10-08 or 4,096), or between a lower-case and an upper-case letter.
// The function is serialised into the webview (locator.evaluate): it must be self-contained.

export interface LayoutProblem {
  kind: 'cut-off' | 'mid-word' | 'overflow';
  text: string;
  detail: string;
}

/** Runs inside the webview document: `root` is the panel's #app element. */
export function checkPanelLayout(root: Element): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const doc = root.ownerDocument;
  const win = doc.defaultView!;
  const visible = (el: Element): boolean => {
    if (el.closest('[hidden], .sr-only')) return false;
    const cs = win.getComputedStyle(el);
    return cs.display !== 'none' && cs.visibility !== 'hidden' && el.getClientRects().length > 0;
  };
  const ownText = (el: Element): string =>
    Array.from(el.childNodes)
      .filter((n) => n.nodeType === 3)
      .map((n) => n.textContent ?? '')
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
  const short = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

  // 1. horizontal scrolling of the whole panel
  const de = doc.documentElement;
  if (de.scrollWidth > de.clientWidth + 1) {
    // name the innermost boxes that stick out
    const wide = Array.from(root.querySelectorAll('*')).filter((e) => visible(e) && e.getBoundingClientRect().right > de.clientWidth + 1);
    const innermost = wide.filter((e) => !wide.some((o) => o !== e && e.contains(o))).slice(0, 3);
    const names = innermost.map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${e.className} "${short((e.textContent ?? '').trim())}"`).join('; ');
    problems.push({ kind: 'overflow', text: '(panel)', detail: `the panel scrolls sideways: ${de.scrollWidth} px of content in ${de.clientWidth} px: ${names}` });
  }
  const rightEdge = de.clientWidth;

  for (const el of Array.from(root.querySelectorAll('*'))) {
    if (!visible(el)) continue;
    const cs = win.getComputedStyle(el);
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (el instanceof win.HTMLSelectElement) {
      const chosen = el.options[el.selectedIndex]?.textContent?.trim() ?? '';
      const probe = doc.createElement('span');
      probe.style.cssText = `position:absolute;visibility:hidden;white-space:nowrap;font:${cs.font};letter-spacing:${cs.letterSpacing}`;
      probe.textContent = chosen;
      doc.body.append(probe);
      const need = probe.getBoundingClientRect().width;
      probe.remove();
      // room for the text: the select's box minus its padding and the drop-down arrow (about 20 px)
      const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
      if (need > room && !(el.title ?? '').includes(chosen)) {
        problems.push({ kind: 'cut-off', text: short(chosen), detail: `select option needs ${Math.ceil(need)} px, has ${Math.floor(room)} px, no title` });
      }
      continue;
    }
    if (el instanceof win.HTMLInputElement || el instanceof win.HTMLOptionElement || el.tagName === 'OPTGROUP') continue;
    const own = ownText(el);
    if (!own && !text) continue;
    // a box that hides what does not fit
    const hides = cs.overflowX !== 'visible' || cs.textOverflow === 'ellipsis';
    const isBox = cs.display !== 'inline';
    if (isBox && hides && text && el.scrollWidth > el.clientWidth + 1 && !(el as HTMLElement).title?.includes(text)) {
      problems.push({ kind: 'cut-off', text: short(text), detail: `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} px of text in ${el.clientWidth} px, no title with the full text` });
    }
    // text that spills out of its own box into the next one ("$0.000299$0.00859" in two table cells)
    if (isBox && !hides && own) {
      const box = el.getBoundingClientRect();
      const r = doc.createRange();
      r.selectNodeContents(el);
      const spill = Array.from(r.getClientRects()).some((q) => q.width > 0 && (q.right > box.right + 1 || q.left < box.left - 1));
      if (spill) problems.push({ kind: 'overflow', text: short(text), detail: `${el.tagName.toLowerCase()}.${el.className}: the text spills out of its box (${Math.round(box.width)} px)` });
    }
  }

  // 2. line breaks inside words: walk every visible character in order, per text node and across
  // adjacent text nodes of the same block (names split by <wbr> are several nodes)
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const blockOf = (n: Node): Element => {
    let e = n.parentElement!;
    while (e !== root && win.getComputedStyle(e).display === 'inline') e = e.parentElement!;
    return e;
  };
  const range = doc.createRange();
  const pastEdge = new Set<Element>();
  let prev: { ch: string; top: number; bottom: number; block: Element; before: string; gap: boolean } | undefined;
  const allowed = (before: string, a: string, b: string, after: string): boolean => {
    if (/\s/.test(a) || /\s/.test(b)) return true;
    if (/[-.,]/.test(a) && /\d/.test(before) && /\d/.test(b)) return false; // 2026-10-08, 4,096, 4.5
    if (/[_./:\-–—·,;)]/.test(a)) return true;
    if (/[a-z]/.test(a) && /[A-Z]/.test(b)) return true;
    void after;
    return false;
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !visible(parent) || parent.closest('select, option, script, style')) continue;
    const s = node.textContent ?? '';
    const block = blockOf(node);
    if (prev && prev.block !== block) prev = undefined;
    for (let i = 0; i < s.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 || r.height > 0);
      if (!rects.length) {
        if (prev) prev.gap = true; // collapsed white space between two characters
        continue;
      }
      const r = rects[0];
      const ch = s[i];
      // text past the panel's right edge (hidden by the side bar's edge, or a sideways scroll)
      if (r.right > rightEdge + 1 && !/\s/.test(ch) && !pastEdge.has(block)) {
        pastEdge.add(block);
        problems.push({ kind: 'cut-off', text: short((block.textContent ?? '').replace(/\s+/g, ' ').trim()), detail: `"${ch}" runs ${Math.ceil(r.right - rightEdge)} px past the panel's edge` });
      }
      if (prev && !prev.gap && r.top >= prev.bottom - 2 && !allowed(prev.before, prev.ch, ch, s[i + 1] ?? '')) {
        const around = `${(blockOf(node).textContent ?? '').replace(/\s+/g, ' ').trim()}`;
        problems.push({ kind: 'mid-word', text: short(around), detail: `line break between "${prev.ch}" and "${ch}"` });
      }
      prev = { ch, top: r.top, bottom: r.bottom, block, before: prev?.ch ?? '', gap: /\s/.test(ch) };
    }
  }
  return problems;
}
