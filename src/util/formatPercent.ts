/**
 * A fraction as a percentage with `digits` decimals: 0.8703 -> '87.0%', (0.5, 0) -> '50%'; `missing` for null, NaN
 * or an infinity. The one percent format of i2x's logs, printed tables and report.
 */
export function formatPercent(value: number | null, digits = 1, missing = 'n/a'): string {
  return value === null || !Number.isFinite(value) ? missing : `${(100 * value).toFixed(digits)}%`;
}
