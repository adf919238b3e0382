import { configSlice } from '../config/configSlice.js';
import type { I2xConfig } from '../config/configSchema.js';
import { DIRECTORY_NAME_PATTERN } from '../util/directoryNamePattern.js';
import { I2xError } from '../util/I2xError.js';
import type { AnyStage } from './Stage.js';

/**
 * Checks a pipeline's wiring before anything runs: names unique and usable as directory names, every input
 * an earlier stage, every config key path present in the schema. Throws E_STAGE naming the stage.
 */
export function checkStages(stages: readonly AnyStage[], config: I2xConfig): void {
  const seen = new Set<string>();
  for (const stage of stages) {
    if (!DIRECTORY_NAME_PATTERN.test(stage.name)) {
      throw new I2xError('E_STAGE', `stage name '${stage.name}' is not usable as a directory name; use letters, digits, '.', '_' and '-'`);
    }
    if (seen.has(stage.name)) throw new I2xError('E_STAGE', `two stages are named '${stage.name}'; stage names must be unique`);
    if (!Number.isInteger(stage.version) || stage.version < 0) {
      throw new I2xError('E_STAGE', `stage '${stage.name}': version must be an integer >= 0, got ${stage.version}`);
    }
    for (const input of stage.inputs) {
      if (!seen.has(input)) {
        throw new I2xError(
          'E_STAGE',
          `stage '${stage.name}' reads '${input}', which is not an earlier stage; earlier stages: ${[...seen].join(', ') || '(none)'}`,
        );
      }
    }
    try {
      configSlice(config, stage.configKeys);
    } catch (err) {
      throw new I2xError('E_STAGE', `stage '${stage.name}': ${(err as Error).message}`, { cause: err });
    }
    seen.add(stage.name);
  }
}
