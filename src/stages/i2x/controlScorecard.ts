import { join, resolve } from 'node:path';
import type { KindScorecard } from '../../analysis/detection/scorecard.js';
import type { I2xConfig } from '../../config/configSchema.js';
import { I2xStore } from '../../store/I2xStore.js';
import { writeScorecard } from '../../store/writers/writeScorecard.js';
import { I2xError } from '../../util/I2xError.js';
import { runDatasets } from '../runDatasets.js';
import { runDirectory } from '../runDirectory.js';
import { detectionArtifacts } from './artifacts/detectionArtifacts.js';
import { featureLayerOf } from './featureLayerOf.js';
import { scorecardOfRun } from './scorecardOfRun.js';

export interface ControlScorecardOptions {
  root: string;
  artifactsRoot: string;
  planted: { config: I2xConfig; runId: string };
  control: { config: I2xConfig; runId: string };
}

/**
 * The control arm of a planted run's scorecard (`i2x validate`): the planted run's training-split plant list
 * (samples and masks) scored in the control run, the same config and samples without the plants, whose analysis
 * must be done. Stored under the planted run with arm 'control' (and `control_run`); returns both arms.
 */
export async function controlScorecard(options: ControlScorecardOptions): Promise<{ planted: KindScorecard[]; control: KindScorecard[] }> {
  const { planted, control } = options;
  const artifacts = resolve(options.root, options.artifactsRoot);
  const plantedDir = runDirectory(artifacts, planted.runId);
  const controlDir = runDirectory(artifacts, control.runId);
  const plantedData = runDatasets(planted.config, options.root).datasets();
  const controlData = runDatasets(control.config, options.root).datasets();
  const a = plantedData.train.sourceIndex;
  const b = controlData.train.sourceIndex;
  if (a.length !== b.length || a.some((s, i) => s !== b[i])) {
    throw new I2xError(
      'E_CONFIG',
      `the control run '${control.runId}' trains on other samples than '${planted.runId}' (${b.length} against ${a.length} training samples, or another order); a control must have the same data.dataset, subsets, valFraction and seed, without data.plant`,
    );
  }
  const config = control.config;
  const kinds = await scorecardOfRun({
    dirs: { train: join(controlDir, 'train'), saliency: join(controlDir, 'saliency'), prototypes: join(controlDir, 'prototypes'), explanation: join(controlDir, 'explanation'), scores: join(controlDir, 'scores') },
    planted: plantedData.planted.filter((p) => p.split === 'train'),
    train: controlData.train,
    pairs: config.finetune.pairs as [number, number][],
    saliency: config.analysis.saliency,
    layer: featureLayerOf(config.model),
    seed: config.seed,
    prototypeCount: config.analysis.prototypes.k,
  });
  const store = await I2xStore.create(resolve(options.root, planted.config.store.path));
  try {
    await store.transaction(async () => {
      await writeScorecard(store, planted.runId, 'control', kinds, control.runId);
    });
  } finally {
    store.close();
  }
  return { planted: detectionArtifacts.read(join(plantedDir, 'detection')), control: kinds };
}
