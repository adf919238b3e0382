import type { I2xStore } from '../I2xStore.js';
import { recordColumns } from '../recordColumns.js';

/** One figure of the quality stage (schema.ts, `saliency_quality`, says what each metric is). */
export interface SaliencyQualityRecord {
  readonly checkpoint: number;
  readonly method: string;
  readonly metric: string;
  /** null (or NaN) where the metric is undefined: written as NULL */
  readonly value: number | null;
}

/** One point of a quality metric's curve (`saliency_quality_curves`). */
export interface SaliencyQualityCurveRecord extends SaliencyQualityRecord {
  readonly step: number;
  readonly fraction: number;
}

/**
 * Replaces all of a run's `saliency_quality` and `saliency_quality_curves` rows with `values` and `curves` (one
 * stage writes both, so they always come from the same scoring). Returns the number of rows written.
 */
export async function writeSaliencyQuality(
  store: I2xStore,
  runId: string,
  rows: { readonly values: readonly SaliencyQualityRecord[]; readonly curves: readonly SaliencyQualityCurveRecord[] },
): Promise<number> {
  const common = {
    checkpoint: (r: SaliencyQualityRecord) => r.checkpoint,
    method: (r: SaliencyQualityRecord) => r.method,
    metric: (r: SaliencyQualityRecord) => r.metric,
    value: (r: SaliencyQualityRecord) => r.value ?? undefined,
  };
  const values = await store.replaceRows('saliency_quality', runId, {}, (target) => target.appendColumns(rows.values.length, recordColumns(rows.values, common)));
  const curves = await store.replaceRows('saliency_quality_curves', runId, {}, (target) =>
    target.appendColumns(rows.curves.length, recordColumns<SaliencyQualityCurveRecord>(rows.curves, { ...common, step: (r) => r.step, fraction: (r) => r.fraction })),
  );
  return values + curves;
}
