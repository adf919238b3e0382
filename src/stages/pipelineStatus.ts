import { join } from 'node:path';
import type { I2xConfig } from '../config/configSchema.js';
import { checkStages } from './checkStages.js';
import { runDirectory } from './runDirectory.js';
import type { AnyStage } from './Stage.js';
import { stageFingerprints } from './stageFingerprints.js';
import { storedState } from './storedState.js';

export interface StageStatus {
  name: string;
  /** done: output matches the config and is all there; stale: output from another config/version, or part of it missing; missing: none */
  state: 'done' | 'stale' | 'missing';
  /** for a stale stage: why (another config or version, or which output has gone missing) */
  why?: string;
  /** the fingerprint the config asks for */
  fingerprint: string;
  dir: string;
  /** ISO time the stored output was finished, if there is one */
  finishedAt?: string;
  durationMs?: number;
}

/** What `runPipeline` would do for each stage, without running anything. */
export async function pipelineStatus(
  stages: readonly AnyStage[],
  config: I2xConfig,
  options: { runId?: string; artifactsRoot: string },
): Promise<StageStatus[]> {
  checkStages(stages, config);
  const runId = options.runId ?? config.name;
  const runDir = runDirectory(options.artifactsRoot, runId);
  const fingerprints = stageFingerprints(stages, config);
  const rows: StageStatus[] = [];
  for (const stage of stages) {
    const fingerprint = fingerprints.get(stage.name)!;
    const dir = join(runDir, stage.name);
    const stored = await storedState(stage, { config, runId, stageDir: dir, fingerprint });
    if (stored.state === 'missing') {
      rows.push({ name: stage.name, state: 'missing', fingerprint, dir });
      continue;
    }
    rows.push({
      name: stage.name,
      state: stored.state,
      ...(stored.state === 'stale' ? { why: stored.why } : {}),
      fingerprint,
      dir,
      finishedAt: stored.record.finishedAt,
      durationMs: stored.record.durationMs,
    });
  }
  return rows;
}
