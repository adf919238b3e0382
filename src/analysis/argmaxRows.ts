/** The argmax column of each row of a row-major [N, C] matrix (the first of tied maxima): the `predicted` column. */
export function argmaxRows(values: ArrayLike<number>, N: number, C: number): Int32Array {
  const predicted = new Int32Array(N);
  for (let n = 0; n < N; n++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (values[n * C + c] > values[n * C + best]) best = c;
    predicted[n] = best;
  }
  return predicted;
}
