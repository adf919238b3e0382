import { I2xError } from '../util/I2xError.js';
import type { FlatBatchStats } from './FlatBatchStats.js';

/**
 * Combines the BatchNorm statistics of disjoint slices into those of their union (what one pass over
 * the whole batch would have measured): mean = sum_i n_i mean_i / n,
 * variance = sum_i n_i (variance_i + (mean_i - mean)^2) / n, count = n. Float64 arithmetic.
 */
export function poolBatchStats(slices: FlatBatchStats[]): FlatBatchStats {
  const [first] = slices;
  for (const s of slices) {
    if (s.layers.join() !== first.layers.join() || s.channels.join() !== first.channels.join()) {
      throw new I2xError('E_MODEL', `Replicas reported BatchNorm statistics for different layers ([${first.layers}] vs [${s.layers}]); they must share one architecture.`);
    }
  }
  const values = new Float32Array(first.values.length);
  const counts: number[] = [];
  let at = 0;
  first.layers.forEach((_, layer) => {
    const c = first.channels[layer];
    const total = slices.reduce((n, s) => n + s.counts[layer], 0);
    counts.push(total);
    for (let k = 0; k < c; k++) {
      let mean = 0;
      for (const s of slices) mean += (s.counts[layer] / total) * s.values[at + k];
      let variance = 0;
      for (const s of slices) {
        const d = s.values[at + k] - mean;
        variance += (s.counts[layer] / total) * (s.values[at + c + k] + d * d);
      }
      values[at + k] = mean;
      values[at + c + k] = variance;
    }
    at += 2 * c;
  });
  return { layers: first.layers, channels: first.channels, counts, values };
}
