import type { TopLevelSpec } from 'vega-lite';
import type { FinetuneRow } from '../ReportData.js';

/** Test accuracy per fine-tuning strategy: every seed as a dot, the mean as a tick, +- one std as a bar. */
export function finetuneChart(rows: readonly FinetuneRow[]): TopLevelSpec {
  const strategies = rows.map((r) => r.strategy);
  const summary = rows.map((r) => ({ strategy: r.strategy, mean: r.testMean, low: r.testMean - (r.testStd ?? 0), high: r.testMean + (r.testStd ?? 0) }));
  const seeds = rows.flatMap((r) => r.seeds.map((s) => ({ strategy: r.strategy, seed: s.seed, accuracy: s.testAcc })));
  const y = { field: 'strategy', type: 'nominal', sort: strategies, title: null } as const;
  return {
    title: 'Fine-tuning: test accuracy per strategy (mean +- std over seeds)',
    width: 380,
    height: { step: 28 },
    layer: [
      {
        data: { values: summary },
        mark: { type: 'rule', strokeWidth: 2, color: '#4c78a8' },
        encoding: { y, x: { field: 'low', type: 'quantitative', scale: { zero: false }, axis: { format: '.1%' }, title: 'test accuracy' }, x2: { field: 'high' } },
      },
      { data: { values: seeds }, mark: { type: 'circle', size: 30, color: '#999', opacity: 0.7 }, encoding: { y, x: { field: 'accuracy', type: 'quantitative' } } },
      { data: { values: summary }, mark: { type: 'tick', thickness: 3, color: '#e45756' }, encoding: { y, x: { field: 'mean', type: 'quantitative' } } },
    ],
  };
}
