// Presentation only: how numbers read in the panel. No figures are computed here. Tokens and money go
// through the engine's one formatter (src/core/format.ts, pure), so an amount reads the same in the panel,
// the hover, the status bar, the CLI and the diagnostics; the only panel-specific cases are "—" for a
// missing (non-finite) figure and a typographic minus on savings.
import { fmtInt, fmtPricePerMTok, fmtUsd } from '../core/format';

/** 4812 → "4,812"; "—" when there is no figure. */
export function tokens(n: number): string {
  return Number.isFinite(n) ? fmtInt(n) : '—';
}

/** The engine's money format, unchanged ($0.00412, $1.23); "—" when there is no figure. */
export function usd(n: number): string {
  return Number.isFinite(n) ? fmtUsd(n) : '—';
}

/** Savings (panel only): the same format with a typographic minus when negative. */
export function signedUsd(n: number): string {
  return usd(n).replace('-', '−');
}

export function percent(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const digits = Math.abs(n) >= 10 || n === 0 ? 0 : 1;
  return `${n.toFixed(digits).replace('-', '−')}%`;
}

/** USD per million tokens. */
export function perMTok(n: number): string {
  return fmtPricePerMTok(n);
}

export function minutes(m: number): string {
  if (!Number.isFinite(m)) return '—';
  if (m < 1) return `${Math.round(m * 60)} s`;
  if (m < 60) return `${+m.toFixed(1)} min`;
  const h = m / 60;
  return `${+h.toFixed(1)} h`;
}

/** "Token counts are estimates: o200k_base × 1.16 (prose) / 1.3 (code)." from the engine's tokenizer label. */
export function tokenizerNote(tokenizer: string, exact: boolean): string {
  let how = tokenizer.trim();
  const inner = /^estimate\s*\((.*)\)$/i.exec(how);
  if (inner) how = inner[1];
  how = how.replace(/^estimate:?\s*/i, '');
  if (exact) return how ? `Exact token counts (${how}).` : 'Exact token counts.';
  return how ? `Token counts are estimates: ${how}.` : 'Token counts are estimates.';
}
