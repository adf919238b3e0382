import type { PlantedSample } from '../../data/plantDataset.js';
import type { I2xStore } from '../I2xStore.js';
import { recordColumns } from '../recordColumns.js';

/** Replaces the planted list of a run (every change `data.plant` made, any split). Returns the rows written. */
export async function writePlanted(store: I2xStore, runId: string, records: readonly PlantedSample[]): Promise<number> {
  return await store.replaceRows('planted', runId, {}, (target) =>
    target.appendColumns(
      records.length,
      recordColumns(records, {
        split: (p) => p.split,
        sample: (p) => p.sample,
        plant: (p) => p.plant,
        kind: (p) => p.kind,
        original_label: (p) => p.originalLabel,
        given_label: (p) => p.givenLabel,
        mask_x: (p) => p.mask?.x,
        mask_y: (p) => p.mask?.y,
        mask_width: (p) => p.mask?.width,
        mask_height: (p) => p.mask?.height,
      }),
    ),
  );
}
