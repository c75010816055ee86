// The panel's "nothing is cached" box: when the next call reads nothing from the cache, the engine's
// reasons and what would make it cacheable (core/cache/panelNothingCached.ts), shown instead of savings
// and break-even figures. Presentation only.
import type { RequestPanelModel } from '../core/cache/panelModel.types';
import { setText, show, syncList } from './dom';

export const NOTHING_CACHED_SKELETON = /* html */ `
  <section id="nothing-section" class="callout" aria-labelledby="nothing-title" hidden>
    <h3 id="nothing-title" class="callout-title"></h3>
    <p class="callout-sub">Why</p>
    <ul id="nothing-why" class="reasons"></ul>
    <p class="callout-sub" id="nothing-fixes-title">What would make it cacheable</p>
    <ul id="nothing-fixes" class="reasons"></ul>
  </section>`;

const byId = (id: string): HTMLElement => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`panel markup is missing #${id}`);
  return el;
};

/** Shows the box when the model says nothing is cached; returns whether it is shown. */
export function renderNothingCached(v: RequestPanelModel): boolean {
  const n = v.nothingCached;
  const section = byId('nothing-section');
  show(section, !!n);
  if (!n) return false;
  section.dataset.cause = n.cause;
  setText(byId('nothing-title'), n.title);
  syncList(byId('nothing-why'), n.why, true);
  syncList(byId('nothing-fixes'), n.fixes, true);
  show(byId('nothing-fixes-title'), n.fixes.length > 0);
  return true;
}
