import type { PrototypeRow } from './ReportData.js';
import { formatNumber } from './formatNumber.js';

/**
 * A prototype's most common class as the report words it, ties shown: 'n/a' (present in no sample),
 * '3 (99.8% of its samples)', '3 = 7 (99.8% of the samples of each)', or, when the tied classes have different
 * sizes, '3 = 7 (539 samples each: 99.8% of class 3's, 98.0% of class 7's)'. Without stored shares: '3 = 7'.
 */
export function mostCommonClasses(row: PrototypeRow, className: (c: number) => string): string {
  const classes = row.mostCommonClasses;
  if (classes.length === 0) return 'n/a';
  const names = classes.map(className).join(' = ');
  const shares = row.mostCommonShares;
  if (shares.some((s) => s === null)) return names;
  if (classes.length === 1) return `${names} (${formatNumber.percent(shares[0])} of its samples)`;
  if (shares.every((s) => s === shares[0])) return `${names} (${formatNumber.percent(shares[0])} of the samples of each)`;
  const each = classes.map((c, i) => `${formatNumber.percent(shares[i])} of class ${className(c)}'s`).join(', ');
  return `${names} (${row.mostCommonSamples} samples each: ${each})`;
}
