import type { TopLevelSpec } from 'vega-lite';
import type { UncertainRow } from '../ReportData.js';
import { prototypeColorScale } from './prototypeColorScale.js';

/** The evidence of one pair's uncertain prototypes: d_t per transition, with the +-threshold band that counts. */
export function uncertainChart(rows: readonly UncertainRow[], threshold: number, scale: 'per-transition' | 'absolute', className: (c: number) => string): TopLevelSpec {
  const [a, b] = rows[0].pair;
  const values = rows.flatMap((u) => u.scaled.map((difference, transition) => ({ prototype: `prototype ${u.prototype}`, transition, difference })));
  const flips = rows.flatMap((u) => u.signFlips.map((transition) => ({ prototype: `prototype ${u.prototype}`, transition, difference: u.scaled[transition] })));
  const x = { field: 'transition', type: 'quantitative', axis: { tickMinStep: 1, format: 'd' }, title: 'transition t (checkpoint t -> t+1)' } as const;
  const color = { field: 'prototype', type: 'nominal', scale: prototypeColorScale(rows.map((u) => u.prototype)), title: null } as const;
  return {
    title: `Uncertain prototypes for ${className(a)} vs ${className(b)}: d_t = beta[k, ${className(a)}] - beta[k, ${className(b)}] (ring: sign flip)`,
    width: 420,
    height: 220,
    layer: [
      {
        data: { values: [{ low: -threshold, high: threshold }] },
        mark: { type: 'rect', color: '#eee' },
        encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
      },
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#999' }, encoding: { y: { field: 'zero', type: 'quantitative' } } },
      {
        data: { values },
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'difference', type: 'quantitative', title: `${scale === 'absolute' ? 'd_t' : 'd_t / max_k |d_t|'} (> 0 favours ${className(a)})` }, color },
      },
      {
        data: { values: flips },
        mark: { type: 'point', size: 170, filled: false, strokeWidth: 2 },
        encoding: { x, y: { field: 'difference', type: 'quantitative' }, color },
      },
    ],
  };
}
