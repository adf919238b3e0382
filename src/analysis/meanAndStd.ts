/** Mean and sample standard deviation (n - 1 in the denominator); std is null for fewer than two values. */
export interface MeanStd {
  readonly mean: number;
  readonly std: number | null;
}

export function meanAndStd(values: readonly number[]): MeanStd {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, std: null };
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  if (n < 2) return { mean, std: null };
  const squares = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  return { mean, std: Math.sqrt(squares / (n - 1)) };
}
