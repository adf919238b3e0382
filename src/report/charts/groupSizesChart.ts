import type { TopLevelSpec } from 'vega-lite';
import type { GroupSize } from '../ReportData.js';

/** Samples per confidence group and transition: stacked bars, clusters largest first, HDBSCAN noise in grey. */
export function groupSizesChart(groupSizes: readonly GroupSize[]): TopLevelSpec {
  const values = groupSizes.map((g) => ({ ...g, kind: g.grp < 0 ? 'noise' : 'cluster', order: g.grp < 0 ? -1 : g.size }));
  return {
    title: 'Confidence groups per transition (HDBSCAN)',
    width: 320,
    height: 200,
    data: { values },
    mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'transition', type: 'ordinal', axis: { labelAngle: 0 }, title: 'transition t (checkpoint t -> t+1)' },
      y: { field: 'size', type: 'quantitative', stack: 'zero', title: 'samples' },
      color: { field: 'kind', type: 'nominal', scale: { domain: ['cluster', 'noise'], range: ['#4c78a8', '#c7c7c7'] }, title: null },
      order: { field: 'order', type: 'quantitative', sort: 'descending' },
      detail: { field: 'grp', type: 'nominal' },
    },
  };
}
