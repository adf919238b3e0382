import type { TopLevelSpec } from 'vega-lite';
import type { PairSeparation } from '../ReportData.js';

/** Each pair's separation score S_t per transition, with its first-separated transition marked. */
export function separationChart(separations: readonly PairSeparation[], pairLabel: (s: PairSeparation) => string): TopLevelSpec {
  const values = separations.flatMap((s) => s.scores.map((score, transition) => ({ pair: pairLabel(s), transition, score })));
  const firsts = separations
    .filter((s) => s.firstSeparatedTransition !== null)
    .map((s) => ({ pair: pairLabel(s), transition: s.firstSeparatedTransition!, score: s.scores[s.firstSeparatedTransition!] }));
  return {
    title: 'Separation score per transition (ring: first separated)',
    width: 320,
    height: 200,
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'transition', type: 'quantitative', axis: { tickMinStep: 1, format: 'd' }, title: 'transition t (checkpoint t -> t+1)' },
          y: { field: 'score', type: 'quantitative', title: 'S_t = max |beta_a - beta_b|' },
          color: { field: 'pair', type: 'nominal', title: 'pair' },
        },
      },
      {
        data: { values: firsts },
        mark: { type: 'point', size: 160, strokeWidth: 2, filled: false },
        encoding: {
          x: { field: 'transition', type: 'quantitative' },
          y: { field: 'score', type: 'quantitative' },
          color: { field: 'pair', type: 'nominal' },
        },
      },
    ],
  };
}
