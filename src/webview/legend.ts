// The legend of the editor's two highlight tints, in the panel: the same theme colors the decorations use
// (contributes.colors promptCache.cachedPrefixBackground / promptCache.writeOnlyBackground), so the sample
// looks like the editor in every theme. Presentation only.
import type { RequestPanelModel } from '../core/cache/panelModel.types';

export const LEGEND_SKELETON = /* html */ `
    <div id="legend" class="legend" role="note" aria-label="Editor highlights">
      <span class="legend-title">In the editor:</span>
      <span class="legend-item"><span class="tint tint-read" aria-hidden="true">text</span> read on the next call</span>
      <span class="legend-item"><span class="tint tint-wonly" aria-hidden="true">text</span> written but never read</span>
      <span class="legend-item muted" id="legend-none">no tint: not cached</span>
    </div>`;

/** Marks which of the tints this file shows (data-here); the text stays the same for every file. */
export function renderLegend(v: RequestPanelModel): void {
  const legend = document.getElementById('legend');
  if (!legend) return;
  const read = v.split.readNextCall > 0;
  const wonly = v.split.writtenNotRead > 0;
  const here = read && wonly ? 'both' : read ? 'read' : wonly ? 'write-only' : 'none';
  if (legend.dataset.here !== here) legend.dataset.here = here;
}
