// Presentation only: how numbers read in the panel. No figures are computed here.

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const usd2 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const usdSmall = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 });

export function tokens(n: number): string {
  return intFmt.format(n);
}

/** $1,234.56 for amounts of a dollar or more; three significant digits below ($0.00412). */
export function usd(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (n === 0) return '$0.00';
  const abs = Math.abs(n);
  if (abs >= 1) return usd2.format(n);
  if (abs < 0.000001) return n < 0 ? '−<$0.000001' : '<$0.000001';
  return usdSmall.format(n).replace('-', '−');
}

export function signedUsd(n: number): string {
  return n < 0 ? `−${usd(-n)}` : usd(n);
}

export function percent(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const digits = Math.abs(n) >= 10 || n === 0 ? 0 : 1;
  return `${n.toFixed(digits).replace('-', '−')}%`;
}

/** USD per million tokens. */
export function perMTok(n: number): string {
  return `$${n < 1 ? n.toFixed(3).replace(/0+$/, '').replace(/\.$/, '') : n.toFixed(2).replace(/\.00$/, '')}/MTok`;
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
