import type { FoundFractionCurve } from './detectionMetrics.js';

/**
 * The found-fraction curve at `points` evenly spaced fractions examined (0, 1/(points-1), ..., 1), read off
 * the piecewise-linear curve (its straight segments are the expected curve over orderings of tied scores),
 * so that every curve stored or drawn has the same small number of points whatever N is.
 */
export function resampleCurve(curve: FoundFractionCurve, points = 101): FoundFractionCurve {
  const examined = new Float64Array(points);
  const found = new Float64Array(points);
  let segment = 0;
  for (let p = 0; p < points; p++) {
    const x = p / (points - 1);
    while (segment + 1 < curve.examined.length - 1 && curve.examined[segment + 1] < x) segment++;
    const x0 = curve.examined[segment];
    const x1 = curve.examined[segment + 1];
    const y0 = curve.found[segment];
    const y1 = curve.found[segment + 1];
    examined[p] = x;
    found[p] = x1 > x0 ? y0 + ((x - x0) / (x1 - x0)) * (y1 - y0) : y1;
  }
  return { examined, found };
}
