/** A difference with its sign, 2 decimals: 0.07 -> '+0.07', -1.2 -> '-1.20'. */
export function signedFixed(difference: number): string {
  return `${difference < 0 ? '-' : '+'}${Math.abs(difference).toFixed(2)}`;
}

/** An accuracy difference (a fraction) in percentage points, 2 decimals: 0.0007 -> '+0.07', -0.012 -> '-1.20' ('1.20' unsigned). */
export function percentPoints(difference: number, signed = true): string {
  return signed ? signedFixed(100 * difference) : Math.abs(100 * difference).toFixed(2);
}

/** A paired difference as a table cell: mean and 95% interval in pp, '+0.10 [-4.98, +5.18]', or 'n/a (1 shared seed)'. */
export function formatPairedDifference(difference: { readonly n: number; readonly mean: number | null; readonly interval: { readonly low: number; readonly high: number } | null }): string {
  const { n, mean, interval } = difference;
  if (interval === null || mean === null) return `n/a (${n} shared seed${n === 1 ? '' : 's'})`;
  return `${percentPoints(mean)} [${percentPoints(interval.low)}, ${percentPoints(interval.high)}]`;
}

/**
 * How a comparison table shows a metric's differences: its label, and a difference or an interval in its unit (test
 * accuracy, a fraction, in percentage points; confusions in counts), 'n/a' for no interval.
 */
export function metricCells(metric: string): { label: string; number: (x: number) => string; interval: (i: { readonly low: number; readonly high: number } | null) => string } {
  const scale = metric === 'test_accuracy' ? 100 : 1;
  const number = (x: number) => signedFixed(x * scale);
  return {
    label: metric === 'test_accuracy' ? 'test accuracy (pp)' : metric,
    number,
    interval: (i) => (i === null ? 'n/a' : `[${number(i.low)}, ${number(i.high)}]`),
  };
}

/** A p-value as a table cell, 4 decimals, or 'n/a'. */
export function pValueCell(p: number | null): string {
  return p === null ? 'n/a' : p.toFixed(4);
}
