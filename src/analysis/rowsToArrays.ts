/** A flat row-major `[rows, cols]` array as `rows` plain number arrays (the JSON form of a matrix). */
export function rowsToArrays(data: ArrayLike<number>, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(Array.from({ length: cols }, (_, c) => data[r * cols + c]));
  return out;
}
