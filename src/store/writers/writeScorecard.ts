import type { KindScorecard } from '../../analysis/detection/scorecard.js';
import type { I2xStore } from '../I2xStore.js';
import { recordColumns } from '../recordColumns.js';

/**
 * Replaces one arm of a run's scorecard: 'planted' (the run scored against its own plants) or 'control' (the
 * same samples and masks scored in `controlRun`, the run without the plants). Writes detection_scores,
 * detection_curves (both also within each planted label, `within_label`) and prototype_plant_shares. Returns the rows written.
 */
export async function writeScorecard(store: I2xStore, runId: string, arm: 'planted' | 'control', kinds: readonly KindScorecard[], controlRun: string | null = null): Promise<number> {
  /** `withinLabel` null: among all training samples; a label: within the samples of that given label */
  const scores: { kind: string; withinLabel: number | null; method: string; metric: string; checkpoint: number; value: number }[] = [];
  const curves: { kind: string; withinLabel: number | null; method: string; point: number; examined: number; found: number }[] = [];
  const shares: { kind: string; prototype: number; positions: number; plantedShare: number; plantCoverage: number; uncertain: boolean }[] = [];
  const detectionRows = (kind: string, withinLabel: number | null, detection: KindScorecard['detection']) => {
    for (const d of detection) {
      for (const [metric, value] of [['auroc', d.auroc], ['average_precision', d.averagePrecision], ['precision_at_k', d.precisionAtK]] as const) {
        scores.push({ kind, withinLabel, method: d.method, metric, checkpoint: -1, value });
      }
      d.curve.examined.forEach((examined, point) => curves.push({ kind, withinLabel, method: d.method, point, examined, found: d.curve.found[point] }));
    }
  };
  for (const k of kinds) {
    scores.push({ kind: k.kind, withinLabel: null, method: 'all', metric: 'planted', checkpoint: -1, value: k.planted });
    detectionRows(k.kind, null, k.detection);
    for (const w of k.withinLabel) {
      scores.push({ kind: k.kind, withinLabel: w.label, method: 'all', metric: 'planted', checkpoint: -1, value: w.planted });
      scores.push({ kind: k.kind, withinLabel: w.label, method: 'all', metric: 'samples', checkpoint: -1, value: w.samples });
      detectionRows(k.kind, w.label, w.detection);
    }
    for (const r of k.relevanceMass) scores.push({ kind: k.kind, withinLabel: null, method: r.method, metric: 'relevance_mass', checkpoint: r.checkpoint, value: r.mean });
    for (const p of k.prototypes ?? []) shares.push({ kind: k.kind, ...p });
  }
  const filter = { arm };
  let rows = await store.replaceRows('detection_scores', runId, filter, (target) =>
    target.appendColumns(scores.length, recordColumns(scores, {
      kind: (s) => s.kind, method: (s) => s.method, metric: (s) => s.metric, checkpoint: (s) => s.checkpoint, value: (s) => s.value, control_run: () => controlRun ?? undefined, within_label: (s) => s.withinLabel ?? undefined,
    })),
  );
  rows += await store.replaceRows('detection_curves', runId, filter, (target) =>
    target.appendColumns(curves.length, recordColumns(curves, { kind: (c) => c.kind, method: (c) => c.method, point: (c) => c.point, examined: (c) => c.examined, found: (c) => c.found, within_label: (c) => c.withinLabel ?? undefined })),
  );
  rows += await store.replaceRows('prototype_plant_shares', runId, filter, (target) =>
    target.appendColumns(shares.length, recordColumns(shares, {
      kind: (s) => s.kind, prototype: (s) => s.prototype, positions: (s) => s.positions, planted_share: (s) => s.plantedShare, plant_coverage: (s) => s.plantCoverage, uncertain: (s) => s.uncertain,
    })),
  );
  return rows;
}
