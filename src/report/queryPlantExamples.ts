import type { I2xStore } from '../store/I2xStore.js';
import type { PixelBox } from './outlineBoxes.js';
import { plainNumber } from './plainNumber.js';
import { queryRecords } from './queryRecords.js';

/** How many planted samples, and how many clean ones beside them, the report shows per planted kind. */
export const PLANT_EXAMPLES = 6;

/** Examples of one planted kind: its first training samples by index, each beside a clean sample of its original class. */
export interface PlantExamples {
  readonly kind: string;
  /** up to PLANT_EXAMPLES samples, lowest index first; `boxes` the pixels this kind's plants set (none for label-flip) */
  readonly planted: readonly { readonly sample: number; readonly originalLabel: number; readonly givenLabel: number; readonly boxes: readonly PixelBox[] }[];
  /**
   * one entry per planted example: the lowest-index training sample no plant changed whose label is that example's
   * original label and which no earlier entry took, or null when there is none (a decoy marks every image)
   */
  readonly clean: readonly ({ readonly sample: number; readonly label: number } | null)[];
}

/** The planted training samples of `runId` (table `planted`, split 'train'), per kind in name order; [] without plants. */
export async function queryPlantExamples(store: I2xStore, runId: string): Promise<PlantExamples[]> {
  const rows = await queryRecords(
    store,
    // trained_label: the label the sample was trained with, after every plant (a shortcut sample a later label-flip
    // relabelled has the shortcut's given label in its own row, and the flip's in the samples table)
    `SELECT p.kind, p.sample, p.plant, p.original_label, p.given_label, p.mask_x, p.mask_y, p.mask_width, p.mask_height,
            (SELECT first(s.label) FROM samples s WHERE s.run_id = p.run_id AND s.sample = p.sample) AS trained_label
     FROM planted p WHERE p.run_id = $1 AND p.split = 'train' ORDER BY p.kind, p.sample, p.plant`,
    [runId],
  );
  if (rows.length === 0) return [];
  const num = (v: Parameters<typeof plainNumber>[0]) => plainNumber(v)!;
  const kinds = [...new Set(rows.map((r) => String(r.kind)))];
  const examples = kinds.map((kind) => {
    const bySample = new Map<number, { sample: number; originalLabel: number; givenLabel: number; boxes: PixelBox[] }>();
    for (const r of rows.filter((row) => row.kind === kind)) {
      const sample = num(r.sample);
      if (!bySample.has(sample)) {
        if (bySample.size === PLANT_EXAMPLES) break;
        // a sample two plants of this kind changed: its labels before the first and after the last
        bySample.set(sample, { sample, originalLabel: num(r.original_label), givenLabel: num(r.given_label), boxes: [] });
      }
      const entry = bySample.get(sample)!;
      entry.givenLabel = r.trained_label === null || r.trained_label === undefined ? num(r.given_label) : num(r.trained_label);
      if (r.mask_x !== null && r.mask_x !== undefined) {
        entry.boxes.push({ x: num(r.mask_x), y: num(r.mask_y), width: num(r.mask_width), height: num(r.mask_height) });
      }
    }
    return { kind, planted: [...bySample.values()] };
  });
  const classes = [...new Set(examples.flatMap((e) => e.planted.map((p) => p.originalLabel)))];
  const clean = await queryRecords(
    store,
    `SELECT sample, label FROM (
       SELECT sample, label, row_number() OVER (PARTITION BY label ORDER BY sample) AS r FROM samples
       WHERE run_id = $1 AND split = 'train' AND label IN (${classes.join(', ')})
         AND sample NOT IN (SELECT sample FROM planted WHERE run_id = $1 AND split = 'train'))
     WHERE r <= $2 ORDER BY label, sample`,
    [runId, PLANT_EXAMPLES],
  );
  return examples.map(({ kind, planted }) => {
    const queues = new Map(classes.map((c) => [c, clean.filter((r) => num(r.label) === c).map((r) => num(r.sample))]));
    return {
      kind,
      planted,
      clean: planted.map(({ originalLabel }) => {
        const sample = queues.get(originalLabel)!.shift();
        return sample === undefined ? null : { sample, label: originalLabel };
      }),
    };
  });
}
