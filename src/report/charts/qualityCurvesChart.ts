import type { TopLevelSpec } from 'vega-lite';
import type { QualityCurveRow } from '../ReportData.js';

/** Quality curves of one checkpoint, one panel per metric, a line per method (undefined points left out). */
export function qualityCurvesChart(rows: readonly QualityCurveRow[], labels: { title: string; x: string }): TopLevelSpec {
  const values = rows.filter((r) => r.value !== null).map((r) => ({ method: r.method, metric: r.metric, fraction: r.fraction, value: r.value }));
  return {
    title: labels.title,
    data: { values },
    facet: { column: { field: 'metric', type: 'nominal', title: null } },
    spec: {
      width: 220,
      height: 160,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'fraction', type: 'quantitative', title: labels.x, scale: { domain: [0, 1] } },
        y: { field: 'value', type: 'quantitative', title: null },
        color: { field: 'method', type: 'nominal' },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}
