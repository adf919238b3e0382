import type { KindScorecard } from '../../analysis/detection/scorecard.js';
import type { I2xStore } from '../I2xStore.js';
import { recordColumns } from '../recordColumns.js';

/**
 * Replaces one arm of a run's scorecard: 'planted' (the run scored against its own plants) or 'control' (the
 * same samples and masks scored in `controlRun`, the run without the plants). Writes detection_scores,
 * detection_curves and prototype_plant_shares. Returns the rows written.
 */
export async function writeScorecard(store: I2xStore, runId: string, arm: 'planted' | 'control', kinds: readonly KindScorecard[], controlRun: string | null = null): Promise<number> {
  const scores: { kind: string; method: string; metric: string; checkpoint: number; value: number }[] = [];
  const curves: { kind: string; method: string; point: number; examined: number; found: number }[] = [];
  const shares: { kind: string; prototype: number; positions: number; plantedShare: number; plantCoverage: number; uncertain: boolean }[] = [];
  for (const k of kinds) {
    scores.push({ kind: k.kind, method: 'all', metric: 'planted', checkpoint: -1, value: k.planted });
    for (const d of k.detection) {
      for (const [metric, value] of [['auroc', d.auroc], ['average_precision', d.averagePrecision], ['precision_at_k', d.precisionAtK]] as const) {
        scores.push({ kind: k.kind, method: d.method, metric, checkpoint: -1, value });
      }
      d.curve.examined.forEach((examined, point) => curves.push({ kind: k.kind, method: d.method, point, examined, found: d.curve.found[point] }));
    }
    for (const r of k.relevanceMass) scores.push({ kind: k.kind, method: r.method, metric: 'relevance_mass', checkpoint: r.checkpoint, value: r.mean });
    for (const p of k.prototypes ?? []) shares.push({ kind: k.kind, ...p });
  }
  const filter = { arm };
  let rows = await store.replaceRows('detection_scores', runId, filter, (target) =>
    target.appendColumns(scores.length, recordColumns(scores, {
      kind: (s) => s.kind, method: (s) => s.method, metric: (s) => s.metric, checkpoint: (s) => s.checkpoint, value: (s) => s.value, control_run: () => controlRun ?? undefined,
    })),
  );
  rows += await store.replaceRows('detection_curves', runId, filter, (target) =>
    target.appendColumns(curves.length, recordColumns(curves, { kind: (c) => c.kind, method: (c) => c.method, point: (c) => c.point, examined: (c) => c.examined, found: (c) => c.found })),
  );
  rows += await store.replaceRows('prototype_plant_shares', runId, filter, (target) =>
    target.appendColumns(shares.length, recordColumns(shares, {
      kind: (s) => s.kind, prototype: (s) => s.prototype, positions: (s) => s.positions, planted_share: (s) => s.plantedShare, plant_coverage: (s) => s.plantCoverage, uncertain: (s) => s.uncertain,
    })),
  );
  return rows;
}
