import type { CheckpointSeries } from '../../../src/analysis/sampleScores/CheckpointSeries.js';

/** `rows[t][i]` = sample i's vector at checkpoint t, as a `[T, N, width]` series. */
export function checkpointSeriesOf(rows: number[][][]): CheckpointSeries {
  const shape = [rows.length, rows[0].length, rows[0][0].length] as const;
  return { data: Float32Array.from(rows.flat(2)), shape };
}
