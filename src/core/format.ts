// The one token and money formatter for every front (rules, hover, status bar, CLI, panel). A figure is
// computed once in the engine and written the same way wherever it appears.

const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 4812 → "4,812". */
export function fmtInt(n: number): string {
  return intFormat.format(Math.round(n));
}

/** "4,812 tokens" / "1 token", with "≈" when the count is an estimate. */
export function fmtTokens(n: number, exact = true): string {
  return `${exact ? '' : '≈'}${fmtInt(n)} ${Math.round(n) === 1 ? 'token' : 'tokens'}`;
}

/** "4,812" with "≈" when estimated (no unit). */
export function fmtCount(n: number, exact = true): string {
  return `${exact ? '' : '≈'}${fmtInt(n)}`;
}

/** "1 token" / "3 blocks". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtInt(n)} ${Math.round(n) === 1 ? one : many}`;
}

/**
 * USD with the precision a per-call prompt cost needs: two decimals from $1, otherwise three significant
 * digits ($0.412, $0.0412, $0.00412, $0.000041). Negative amounts get a minus sign; $0 is "$0".
 */
export function fmtUsd(x: number): string {
  if (!Number.isFinite(x)) return '$?';
  if (x === 0) return '$0';
  const abs = Math.abs(x);
  const sign = x < 0 ? '-' : '';
  if (abs >= 1) return `${sign}$${abs.toFixed(2)}`;
  if (abs < 1e-8) return `${sign}$0.00000001`;
  const digits = Math.min(8, Math.max(2, 2 - Math.floor(Math.log10(abs))));
  return `${sign}$${abs.toFixed(digits)}`;
}

/** Price per million tokens: "$3/MTok", "$0.3/MTok". */
export function fmtPricePerMTok(usdPerMillion: number): string {
  const s = usdPerMillion < 1 ? usdPerMillion.toFixed(3).replace(/0+$/, '').replace(/\.$/, '') : usdPerMillion.toFixed(2).replace(/\.00$/, '');
  return `$${s}/MTok`;
}
