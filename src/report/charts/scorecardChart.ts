import type { TopLevelSpec } from 'vega-lite';
import type { KindScorecard } from '../../analysis/detection/scorecard.js';

/**
 * Fraction of the planted samples found against the fraction of the training set examined, in each score's
 * order (highest first), one line per method; the diagonal is what examining in random order finds.
 */
export function scorecardChart(card: KindScorecard): TopLevelSpec {
  const values = card.detection.flatMap((d) => Array.from(d.curve.examined, (x, i) => ({ method: d.method, examined: x, found: d.curve.found[i] })));
  return {
    title: `${card.kind}: planted samples found against the data examined`,
    width: 360,
    height: 260,
    layer: [
      {
        data: { values: [{ examined: 0, found: 0 }, { examined: 1, found: 1 }] },
        mark: { type: 'line', color: '#bbb', strokeDash: [4, 4] },
        encoding: { x: { field: 'examined', type: 'quantitative' }, y: { field: 'found', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'examined', type: 'quantitative', axis: { format: '.0%' }, title: 'fraction of training samples examined' },
          y: { field: 'found', type: 'quantitative', axis: { format: '.0%' }, title: 'fraction of planted samples found' },
          color: { field: 'method', type: 'nominal', title: 'score' },
        },
      },
    ],
  };
}
