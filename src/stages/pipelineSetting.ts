import { resolve } from 'node:path';
import { currentBackend } from '../backend/selectBackend.js';
import type { I2xConfig } from '../config/configSchema.js';
import { checkStages } from './checkStages.js';
import { runDatasets, type RunDatasets } from './runDatasets.js';
import { runDirectory } from './runDirectory.js';
import type { AnyStage, OutputCheckContext, StagePlaces } from './Stage.js';
import { stageFingerprints } from './stageFingerprints.js';

/** Where a pipeline call reads and writes; relative roots are resolved against `root`, never the working directory. */
export interface PipelinePaths {
  /** the project root (the CLI: `--root`, else its working directory) */
  root: string;
  /** e.g. 'artifacts'; stage outputs go to `<artifactsRoot>/<runId>/<stage>/` */
  artifactsRoot: string;
  /** e.g. 'checkpoints'; a run's checkpoints go to `<checkpointsRoot>/<runId>/` */
  checkpointsRoot: string;
  /** default: config.name, so re-running the same config reuses its cached stages */
  runId?: string;
}

/** One pipeline call's resolved places, data and stage fingerprints. */
export interface PipelineSetting extends StagePlaces {
  readonly root: string;
  readonly runId: string;
  readonly runDir: string;
  readonly data: RunDatasets;
  readonly fingerprints: Map<string, string>;
}

/** Checks the stages and resolves what `runPipeline` and `pipelineStatus` share: paths, the data (loaded lazily), fingerprints. */
export function pipelineSetting(stages: readonly AnyStage[], config: I2xConfig, paths: PipelinePaths): PipelineSetting {
  checkStages(stages, config);
  const root = resolve(paths.root);
  const runId = paths.runId ?? config.name;
  const runDir = runDirectory(resolve(root, paths.artifactsRoot), runId);
  const checkpointDir = runDirectory(resolve(root, paths.checkpointsRoot), runId);
  const data = runDatasets(config, root);
  const fingerprints = stageFingerprints(stages, config, { backend: currentBackend()?.name, datasetDigest: data.digest });
  return { root, runId, runDir, checkpointDir, storePath: resolve(root, config.store.path), data, fingerprints };
}

/** What `storedState` (and a stage's `missingOutputs`) is told about the stage whose output is in `stageDir`. */
export function outputCheck(setting: PipelineSetting, stageDir: string, fingerprint: string): OutputCheckContext {
  return { runId: setting.runId, stageDir, fingerprint, checkpointDir: setting.checkpointDir, storePath: setting.storePath };
}
