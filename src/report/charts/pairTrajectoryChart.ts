import type { TopLevelSpec } from 'vega-lite';
import type { PairTrajectory } from '../ReportData.js';
import { prototypeColorScale } from './prototypeColorScale.js';

/**
 * One class pair over training: left, beta[k, a] - beta[k, b] of its `prototypes` per transition (all-samples
 * fit; > 0 favours a); right, the test confusions a -> b and b -> a per checkpoint.
 */
export function pairTrajectoryChart(trajectory: PairTrajectory, prototypes: readonly number[], className: (c: number) => string): TopLevelSpec {
  const [a, b] = trajectory.pair;
  const contributions = trajectory.betas
    .filter((beta) => prototypes.includes(beta.prototype))
    .map((beta) => ({ transition: beta.transition, prototype: `prototype ${beta.prototype}`, difference: beta.betaA - beta.betaB }));
  const confusions = trajectory.confusions.flatMap((c) => [
    { checkpoint: c.checkpoint, kind: `${className(a)} predicted as ${className(b)}`, count: c.aAsB },
    { checkpoint: c.checkpoint, kind: `${className(b)} predicted as ${className(a)}`, count: c.bAsA },
  ]);
  return {
    title: `Pair ${className(a)} vs ${className(b)}`,
    hconcat: [
      {
        width: 320,
        height: 200,
        layer: [
          { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#999' }, encoding: { y: { field: 'zero', type: 'quantitative' } } },
          {
            data: { values: contributions },
            mark: { type: 'line', point: true },
            encoding: {
              x: { field: 'transition', type: 'quantitative', axis: { tickMinStep: 1, format: 'd' }, title: 'transition t (checkpoint t -> t+1)' },
              y: { field: 'difference', type: 'quantitative', title: `beta[k, ${className(a)}] - beta[k, ${className(b)}]` },
              color: { field: 'prototype', type: 'nominal', scale: prototypeColorScale(prototypes), title: `> 0 favours ${className(a)}` },
            },
          },
        ],
      },
      {
        width: 260,
        height: 200,
        data: { values: confusions },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'checkpoint', type: 'quantitative', axis: { tickMinStep: 1, format: 'd' } },
          y: { field: 'count', type: 'quantitative', title: 'test samples', axis: { format: 'd', tickMinStep: 1 } },
          color: { field: 'kind', type: 'nominal', scale: { range: ['#e45756', '#54a24b'] }, title: 'confusions' },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  };
}
