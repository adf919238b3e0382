import { join } from 'node:path';
import type { I2xConfig } from '../config/configSchema.js';
import { checkStages } from './checkStages.js';
import { runDirectory } from './runDirectory.js';
import type { AnyStage } from './Stage.js';
import { readStageRecord } from './StageRecord.js';
import { stageFingerprints } from './stageFingerprints.js';

export interface StageStatus {
  name: string;
  /** done: output matches the config; stale: output exists but was made from another config/version; missing: none */
  state: 'done' | 'stale' | 'missing';
  /** the fingerprint the config asks for */
  fingerprint: string;
  dir: string;
  /** ISO time the stored output was finished, if there is one */
  finishedAt?: string;
  durationMs?: number;
}

/** What `runPipeline` would do for each stage, without running anything. */
export function pipelineStatus(
  stages: readonly AnyStage[],
  config: I2xConfig,
  options: { runId?: string; artifactsRoot: string },
): StageStatus[] {
  checkStages(stages, config);
  const runDir = runDirectory(options.artifactsRoot, options.runId ?? config.name);
  const fingerprints = stageFingerprints(stages, config);
  return stages.map((stage) => {
    const fingerprint = fingerprints.get(stage.name)!;
    const dir = join(runDir, stage.name);
    const stored = readStageRecord(dir);
    if (stored === undefined) return { name: stage.name, state: 'missing', fingerprint, dir };
    return {
      name: stage.name,
      state: stored.fingerprint === fingerprint ? 'done' : 'stale',
      fingerprint,
      dir,
      finishedAt: stored.finishedAt,
      durationMs: stored.durationMs,
    };
  });
}
