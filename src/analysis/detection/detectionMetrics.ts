import { tieGroups, type TieGroups } from './tieGroups.js';

/** How well a score `[N]` (higher = more suspect) finds the planted samples `[N]`; ties as stated per field. */
export interface DetectionMetrics {
  /** P(score of a planted > score of a clean sample) + 1/2 P(equal): the Mann-Whitney AUROC */
  auroc: number;
  /** scikit-learn's average_precision_score: Σ_thresholds (R_n - R_{n-1}) P_n, one threshold per distinct score */
  averagePrecision: number;
  /** planted share of the top k = (number planted), the tie group at the cut counted at its expected share */
  precisionAtK: number;
  /** the found-fraction curve, one point per distinct score (see `foundFractionCurve`) */
  curve: FoundFractionCurve;
}

/**
 * Fraction of the planted samples found against the fraction of all samples examined in descending score
 * order: (0, 0), then one point after each group of tied scores, ending at (1, 1). A tie group is examined
 * at once; the straight line between two points is the expected curve over random orderings of the ties.
 */
export interface FoundFractionCurve {
  /** [distinct scores + 1] fraction of all samples examined */
  examined: Float64Array;
  /** [distinct scores + 1] fraction of the planted samples among them */
  found: Float64Array;
}

/** Every detection metric from one sort. Errors as `tieGroups`. */
export function detectionMetrics(scores: ArrayLike<number>, planted: ArrayLike<boolean | number>): DetectionMetrics {
  const groups = tieGroups(scores, planted);
  return {
    auroc: aurocOf(groups),
    averagePrecision: averagePrecisionOf(groups),
    precisionAtK: precisionAtKOf(groups),
    curve: curveOf(groups),
  };
}

function aurocOf(groups: TieGroups): number {
  const { totalPositives, totalNegatives } = groups;
  let negativesAbove = 0;
  let wins = 0;
  for (let g = 0; g < groups.count; g++) {
    const negatives = groups.sizes[g] - groups.positives[g];
    const negativesBelow = totalNegatives - negativesAbove - negatives;
    wins += groups.positives[g] * (negativesBelow + 0.5 * negatives);
    negativesAbove += negatives;
  }
  return wins / (totalPositives * totalNegatives);
}

function averagePrecisionOf(groups: TieGroups): number {
  let found = 0;
  let examined = 0;
  let sum = 0;
  for (let g = 0; g < groups.count; g++) {
    found += groups.positives[g];
    examined += groups.sizes[g];
    sum += (groups.positives[g] / groups.totalPositives) * (found / examined);
  }
  return sum;
}

/**
 * k = the number planted. Groups above the cut count in full; of the tie group the cut splits (r of its m
 * samples inside the top k, p of them planted) r p / m count: the expected value over orderings of the ties.
 */
function precisionAtKOf(groups: TieGroups): number {
  const k = groups.totalPositives;
  let examined = 0;
  let found = 0;
  for (let g = 0; g < groups.count && examined < k; g++) {
    const taken = Math.min(groups.sizes[g], k - examined);
    found += (taken * groups.positives[g]) / groups.sizes[g];
    examined += taken;
  }
  return found / k;
}

function curveOf(groups: TieGroups): FoundFractionCurve {
  const total = groups.totalPositives + groups.totalNegatives;
  const examined = new Float64Array(groups.count + 1);
  const found = new Float64Array(groups.count + 1);
  let samples = 0;
  let positives = 0;
  for (let g = 0; g < groups.count; g++) {
    samples += groups.sizes[g];
    positives += groups.positives[g];
    examined[g + 1] = samples / total;
    found[g + 1] = positives / groups.totalPositives;
  }
  return { examined, found };
}
