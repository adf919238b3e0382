import type { I2xStore } from '../store/I2xStore.js';
import { plainNumber } from './plainNumber.js';
import { queryRecords } from './queryRecords.js';
import type { PrototypeRow } from './ReportData.js';

/**
 * The run's prototypes with their most common classes (all of them on a tie, from `dominant_classes`) and the
 * share of each such class's training samples the prototype is present in (`class_samples` over the class's
 * samples in `samples`). Rows written before schema version 3 have only `dominant_class`, and no shares.
 */
export async function queryPrototypes(store: I2xStore, runId: string): Promise<PrototypeRow[]> {
  const classSizes = new Map(
    (await queryRecords(store, `SELECT label, count(*) AS size FROM samples WHERE run_id = $1 AND split = 'train' GROUP BY label`, [runId]))
      .map((r) => [plainNumber(r.label)!, plainNumber(r.size)!]),
  );
  const rows = await queryRecords(store, 'SELECT * FROM prototypes WHERE run_id = $1 ORDER BY prototype', [runId]);
  return rows.map((r): PrototypeRow => {
    const numbers = (value: unknown): number[] | null => (Array.isArray(value) ? value.map((v) => plainNumber(v) ?? 0) : null);
    const classSamples = numbers(r.class_samples);
    const dominant = plainNumber(r.dominant_class);
    const classes = numbers(r.dominant_classes) ?? (dominant === null ? [] : [dominant]);
    const samples = classSamples && classes.length > 0 ? classSamples[classes[0]] : null;
    return {
      prototype: plainNumber(r.prototype)!,
      areaTotal: plainNumber(r.area_total)!,
      nSamples: plainNumber(r.n_samples)!,
      mostCommonClasses: classes,
      mostCommonShares: classes.map((c) => {
        const size = classSizes.get(c);
        return samples === null || !size ? null : samples / size;
      }),
      mostCommonSamples: samples,
    };
  });
}
