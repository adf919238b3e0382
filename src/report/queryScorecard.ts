import type { KindScorecard } from '../analysis/detection/scorecard.js';
import type { I2xStore } from '../store/I2xStore.js';
import { plainNumber } from './plainNumber.js';
import { queryRecords } from './queryRecords.js';

/** The scorecard of a planted run as the store holds it: its own arm and, after `i2x validate`, the control's. */
export interface ScorecardData {
  planted: KindScorecard[];
  control: KindScorecard[] | null;
  controlRun: string | null;
}

/** The run's scorecard from detection_scores, detection_curves and prototype_plant_shares; null when it has none (no data.plant). */
export async function queryScorecard(store: I2xStore, runId: string): Promise<ScorecardData | null> {
  const scores = await queryRecords(store, 'SELECT arm, kind, within_label, method, metric, checkpoint, value, control_run FROM detection_scores WHERE run_id = $1 ORDER BY ALL', [runId]);
  if (scores.length === 0) return null;
  const curves = await queryRecords(store, 'SELECT arm, kind, within_label, method, point, examined, found FROM detection_curves WHERE run_id = $1 ORDER BY arm, kind, within_label, method, point', [runId]);
  const shares = await queryRecords(store, 'SELECT arm, kind, prototype, positions, planted_share, plant_coverage, uncertain FROM prototype_plant_shares WHERE run_id = $1 ORDER BY arm, kind, prototype', [runId]);
  const num = (v: Parameters<typeof plainNumber>[0]) => plainNumber(v) ?? Number.NaN;
  const arm = (name: string): KindScorecard[] => {
    const rows = scores.filter((r) => r.arm === name);
    // the kinds in name order, the union 'any' last
    const kinds = [...new Set(rows.map((r) => String(r.kind)))].sort((x, y) => Number(x === 'any') - Number(y === 'any') || x.localeCompare(y));
    return kinds.map((kind) => {
      const ofKind = rows.filter((r) => r.kind === kind);
      /** the (kind, within_label) rows: null = all training samples */
      const scoped = (label: number | null) => ofKind.filter((r) => plainNumber(r.within_label) === label);
      const of = scoped(null);
      const metric = (rowsOf: typeof of, method: string, m: string) => num(rowsOf.find((r) => r.method === method && r.metric === m)?.value);
      const detection = (label: number | null): KindScorecard['detection'] => {
        const at = scoped(label);
        const methods = [...new Set(at.filter((r) => r.metric === 'auroc').map((r) => String(r.method)))];
        return methods.map((method) => {
          const points = curves.filter((c) => c.arm === name && c.kind === kind && plainNumber(c.within_label) === label && c.method === method);
          return {
            method,
            auroc: metric(at, method, 'auroc'),
            averagePrecision: metric(at, method, 'average_precision'),
            precisionAtK: metric(at, method, 'precision_at_k'),
            curve: { examined: Float64Array.from(points, (p) => num(p.examined)), found: Float64Array.from(points, (p) => num(p.found)) },
          };
        });
      };
      const labels = [...new Set(ofKind.map((r) => plainNumber(r.within_label)).filter((l): l is number => l !== null))].sort((a, b) => a - b);
      const protos = shares.filter((r) => r.arm === name && r.kind === kind);
      return {
        kind,
        planted: metric(of, 'all', 'planted'),
        detection: detection(null),
        withinLabel: labels.map((label) => ({ label, samples: metric(scoped(label), 'all', 'samples'), planted: metric(scoped(label), 'all', 'planted'), detection: detection(label) })),
        relevanceMass: of.filter((r) => r.metric === 'relevance_mass').map((r) => ({ method: String(r.method), checkpoint: num(r.checkpoint), samples: 0, withoutMass: 0, mean: num(r.value) })),
        prototypes: protos.length === 0 ? null : protos.map((p) => ({ prototype: num(p.prototype), positions: num(p.positions), plantedShare: num(p.planted_share), plantCoverage: num(p.plant_coverage), uncertain: p.uncertain === true })),
      };
    });
  };
  const control = arm('control');
  const controlRun = scores.find((r) => r.arm === 'control')?.control_run;
  return { planted: arm('planted'), control: control.length ? control : null, controlRun: controlRun ? String(controlRun) : null };
}
