import type { TopLevelSpec } from 'vega-lite';
import type { LegibilityRow } from '../ReportData.js';

/** Mean saliency-map legibility figures (contrast, blobs, Gini) per checkpoint and method, one panel each. */
export function legibilityChart(rows: readonly LegibilityRow[]): TopLevelSpec {
  const values = rows.flatMap((r) =>
    (['contrast', 'blobs', 'gini'] as const)
      .filter((metric) => r[metric] !== null)
      .map((metric) => ({ method: r.method, checkpoint: r.checkpoint, metric, value: r[metric] })),
  );
  return {
    title: 'Saliency legibility per checkpoint (mean over samples)',
    data: { values },
    facet: { column: { field: 'metric', type: 'nominal', sort: ['contrast', 'blobs', 'gini'], title: null } },
    spec: {
      width: 200,
      height: 160,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'checkpoint', type: 'quantitative', axis: { tickMinStep: 1, format: 'd' } },
        y: { field: 'value', type: 'quantitative', title: null },
        color: { field: 'method', type: 'nominal' },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}
