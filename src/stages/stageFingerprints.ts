import { configSlice } from '../config/configSlice.js';
import type { I2xConfig } from '../config/configSchema.js';
import { I2xError } from '../util/I2xError.js';
import { fingerprint } from './fingerprint.js';
import type { AnyStage } from './Stage.js';

/** What a key holds besides the config: asked for only by stages that `use` it. */
export interface KeyEnvironment {
  /** the tfjs backend selected in this process (`currentBackend()?.name`), undefined if none is */
  readonly backend: string | undefined;
  /** the digest of the run's prepared datasets (computed, and the data loaded, on first call) */
  readonly datasetDigest: () => string;
}

/**
 * The fingerprint of every stage, computed from the config, the backend and the data, in pipeline order: a
 * stage's key includes its inputs' keys, so a change reaches every stage downstream of the first one that reads
 * it. Expects stages that passed `checkStages`. A stage that uses the backend before one is selected is E_STAGE.
 */
export function stageFingerprints(stages: readonly AnyStage[], config: I2xConfig, environment: KeyEnvironment): Map<string, string> {
  const fingerprints = new Map<string, string>();
  for (const stage of stages) fingerprints.set(stage.name, stageFingerprint(stage, config, environment, fingerprints));
  return fingerprints;
}

/** One stage's fingerprint, given the fingerprints of its inputs (`inputs` holds at least those). */
export function stageFingerprint(stage: AnyStage, config: I2xConfig, environment: KeyEnvironment, inputs: ReadonlyMap<string, string>): string {
  const uses = stage.uses ?? [];
  if (uses.includes('backend') && environment.backend === undefined) {
    throw new I2xError('E_STAGE', `stage '${stage.name}' computes with tfjs, and no backend is selected yet; call selectBackend before computing its fingerprint`);
  }
  return fingerprint({
    stage: stage.name,
    version: stage.version,
    configSlice: configSlice(config, stage.configKeys),
    backend: uses.includes('backend') ? environment.backend! : null,
    datasets: uses.includes('datasets') ? environment.datasetDigest() : null,
    inputs: stage.inputs.map((input) => ({ stage: input, fingerprint: inputs.get(input)! })),
  });
}
