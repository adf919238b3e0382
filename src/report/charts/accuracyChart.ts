import type { TopLevelSpec } from 'vega-lite';
import type { CheckpointRow } from '../ReportData.js';

/**
 * Train / validation / test accuracy per checkpoint (missing values left out). When every checkpoint knows its step,
 * each label names it too ("3 (32)"): checkpoints need not be evenly spaced (geometric ones are not).
 */
export function accuracyChart(checkpoints: readonly CheckpointRow[]): TopLevelSpec {
  const withSteps = checkpoints.length > 0 && checkpoints.every((c) => c.step !== null);
  const labels = withSteps ? Object.fromEntries(checkpoints.map((c) => [String(c.checkpoint), `${c.checkpoint} (${c.step})`])) : null;
  const values = checkpoints.flatMap((c) =>
    (
      [
        ['train', c.trainAcc],
        ['validation', c.valAcc],
        ['test', c.testAcc],
      ] as const
    )
      .filter(([, acc]) => acc !== null)
      .map(([split, accuracy]) => ({ checkpoint: c.checkpoint, split, accuracy })),
  );
  return {
    title: 'Accuracy per checkpoint',
    width: 320,
    height: 200,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'checkpoint',
        type: 'quantitative',
        axis: { tickMinStep: 1, format: 'd', ...(labels ? { labelExpr: `${JSON.stringify(labels)}[datum.label] || datum.label` } : {}) },
        title: labels ? 'checkpoint (step)' : 'checkpoint',
      },
      y: { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
      color: { field: 'split', type: 'nominal', sort: ['train', 'validation', 'test'], title: null },
    },
  };
}
