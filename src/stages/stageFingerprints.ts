import { configSlice } from '../config/configSlice.js';
import type { I2xConfig } from '../config/configSchema.js';
import { fingerprint } from './fingerprint.js';
import type { AnyStage } from './Stage.js';

/**
 * The fingerprint of every stage, computed from the config alone, in pipeline order: a stage's key includes
 * its inputs' keys, so a config change reaches every stage downstream of the first one that reads it.
 * Expects stages that passed `checkStages`.
 */
export function stageFingerprints(stages: readonly AnyStage[], config: I2xConfig): Map<string, string> {
  const fingerprints = new Map<string, string>();
  for (const stage of stages) {
    fingerprints.set(
      stage.name,
      fingerprint({
        stage: stage.name,
        version: stage.version,
        configSlice: configSlice(config, stage.configKeys),
        seed: config.seed,
        inputs: stage.inputs.map((input) => ({ stage: input, fingerprint: fingerprints.get(input)! })),
      }),
    );
  }
  return fingerprints;
}
