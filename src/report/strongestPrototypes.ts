import type { PairBeta } from './ReportData.js';

/** The `count` prototypes with the largest |beta[k, a] - beta[k, b]| at any transition, strongest first (ties: lower k). */
export function strongestPrototypes(betas: readonly PairBeta[], count: number): number[] {
  const strength = new Map<number, number>();
  for (const b of betas) strength.set(b.prototype, Math.max(strength.get(b.prototype) ?? 0, Math.abs(b.betaA - b.betaB)));
  return [...strength.entries()]
    .sort(([ka, sa], [kb, sb]) => sb - sa || ka - kb)
    .slice(0, count)
    .map(([k]) => k);
}
