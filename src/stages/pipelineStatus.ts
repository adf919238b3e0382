import { join } from 'node:path';
import type { I2xConfig } from '../config/configSchema.js';
import { outputCheck, pipelineSetting, type PipelinePaths } from './pipelineSetting.js';
import type { AnyStage } from './Stage.js';
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
  options: PipelinePaths,
): Promise<StageStatus[]> {
  const setting = pipelineSetting(stages, config, options);
  const { runDir, fingerprints } = setting;
  const rows: StageStatus[] = [];
  for (const stage of stages) {
    const fingerprint = fingerprints.get(stage.name)!;
    const dir = join(runDir, stage.name);
    const stored = await storedState(stage, outputCheck(setting, dir, fingerprint));
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
