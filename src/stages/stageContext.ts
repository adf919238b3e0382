import { resolve } from 'node:path';
import type { I2xConfig } from '../config/configSchema.js';
import { restrictedConfig } from '../config/restrictedConfig.js';
import type { PreparedDatasets } from '../data/prepareDatasets.js';
import { I2xError } from '../util/I2xError.js';
import { log } from '../util/log.js';
import { Progress } from '../util/Progress.js';
import type { AnyStage, PreRunContext, StageContext, StagePlaces } from './Stage.js';
import { executor } from '../models/parallel/Executor.js';
import type { PoolKeeper } from '../models/parallel/PoolKeeper.js';

/** What the runner (or a test) knows about one run of a stage. */
export interface StageContextSetting extends StagePlaces {
  readonly root: string;
  readonly runId: string;
  readonly fingerprint: string;
  readonly outputDir: string;
  /** the finished output directory of an input stage */
  readonly inputDir: (stageName: string) => string;
  readonly datasets: () => PreparedDatasets;
  readonly signal: AbortSignal;
  /** default: a bar or lines on stderr */
  readonly progress?: StageContext['progress'];
  /** default: a line on stderr, prefixed with the stage name */
  readonly log?: StageContext['log'];
  /** the pipeline call's worker threads, lent to each stage that opens a pool; default: a new pool per opening */
  readonly pools?: PoolKeeper;
}

/**
 * The context a stage runs with: only its config slice, the places it may write, its declared inputs and (if it
 * uses them) the datasets. Reading an undeclared input, config key or the datasets unasked throws E_STAGE.
 */
export function stageContext(stage: AnyStage, config: I2xConfig, setting: StageContextSetting): StageContext {
  return {
    config: restrictedConfig(config, stage.configKeys, stage.name),
    runId: setting.runId,
    fingerprint: setting.fingerprint,
    executor: executor(stage.configKeys.includes('workers') ? config.workers : 1, setting.pools),
    outputDir: setting.outputDir,
    checkpointDir: setting.checkpointDir,
    storePath: setting.storePath,
    resolvePath: (path) => resolve(setting.root, path),
    datasets: declaredDatasets(stage, setting.datasets),
    inputDir(name) {
      if (!stage.inputs.includes(name)) {
        throw new I2xError('E_STAGE', `stage '${stage.name}' read '${name}', which is not in its inputs (${stage.inputs.join(', ') || 'none'}); declare it so the cache sees it`);
      }
      return setting.inputDir(name);
    },
    log: setting.log ?? ((message) => log(`${stage.name}: ${message}`)),
    progress: setting.progress ?? ((label, total) => new Progress({ label: `${stage.name}: ${label}`, total })),
    signal: setting.signal,
  };
}

/** The context of a stage's `checkBeforeRun`: its config slice and, if it uses them, the datasets (as in stageContext). */
export function preRunContext(stage: AnyStage, config: I2xConfig, datasets: () => PreparedDatasets): PreRunContext {
  return { config: restrictedConfig(config, stage.configKeys, stage.name), datasets: declaredDatasets(stage, datasets) };
}

function declaredDatasets(stage: AnyStage, datasets: () => PreparedDatasets): () => PreparedDatasets {
  return () => {
    if (!(stage.uses ?? []).includes('datasets')) {
      throw new I2xError('E_STAGE', `stage '${stage.name}' read the datasets, but its uses (${(stage.uses ?? []).join(', ') || 'none'}) lack 'datasets'; declare it so its fingerprint holds their digest`);
    }
    return datasets();
  };
}
