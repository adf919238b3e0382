import { averageRanks } from '../../analysis/averageRanks.js';

/**
 * Spearman's rank correlation of two equally long samples: the Pearson correlation of their average ranks.
 * NaN when either sample is constant (its ranks have no variance), as scipy returns.
 */
export function spearmanCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`spearmanCorrelation: lengths differ (${a.length} vs ${b.length}).`);
  const ra = averageRanks(a);
  const rb = averageRanks(b);
  const n = a.length;
  const mean = (n + 1) / 2; // the mean of average ranks is always (n + 1) / 2
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = ra[i] - mean;
    const db = rb[i] - mean;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? Number.NaN : sab / Math.sqrt(saa * sbb);
}
