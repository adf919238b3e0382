/**
 * Pixel indices (y * W + x) of one [H, W] relevance map, most relevant first; ties keep index order, so the
 * order is deterministic. The removal metrics remove or insert pixels (all channels) in this order.
 */
export function pixelOrderMostRelevantFirst(map: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: map.length }, (_, i) => i);
  return order.sort((a, b) => map[b] - map[a] || a - b);
}

/** How many pixels of `pixels` are removed at step `step` of `steps`: round(step / steps * pixels). */
export function pixelsAtStep(step: number, steps: number, pixels: number): number {
  return Math.round((step / steps) * pixels);
}

/** Area under a curve sampled at equal steps of x over [0, 1] (trapezoid rule). `curve` has steps + 1 points. */
export function trapezoidAuc(curve: ArrayLike<number>): number {
  const steps = curve.length - 1;
  if (steps < 1) throw new RangeError('trapezoidAuc: a curve needs at least 2 points.');
  let area = 0;
  for (let k = 0; k < steps; k++) area += (curve[k] + curve[k + 1]) / 2;
  return area / steps;
}
