import { formatPercent } from '../util/formatPercent.js';

/** Number formats shared by the page and the summary, so a value reads the same everywhere. */
export const formatNumber = {
  /** 0.8703 -> '87.0%' */
  percent(value: number | null, digits = 1): string {
    return formatPercent(value, digits);
  },
  /** 0.48312 -> '+0.483', -0.0012 -> '-0.00120' (3 significant digits, sign always shown) */
  signed(value: number): string {
    const text = formatNumber.plain(Math.abs(value));
    return `${value < 0 ? '-' : '+'}${text}`;
  },
  /** 3 significant digits, no exponent between 1e-4 and 1e6 */
  plain(value: number | null, digits = 3): string {
    if (value === null || !Number.isFinite(value)) return 'n/a';
    if (value === 0) return '0';
    const magnitude = Math.abs(value);
    if (magnitude >= 1e6 || magnitude < 1e-4) return value.toExponential(digits - 1);
    return Number(value.toPrecision(digits)).toString();
  },
};
