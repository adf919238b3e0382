import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `<stageDir>/stage.json` holds: written last, so its presence means the directory is complete. */
export interface StageRecord {
  stage: string;
  version: number;
  fingerprint: string;
  runId: string;
  seed: number;
  configSlice: Record<string, unknown>;
  /** input stage name -> its fingerprint when this stage ran */
  inputs: Record<string, string>;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  summary: Record<string, unknown>;
}

export const STAGE_RECORD_FILE = 'stage.json';

/** Reads a stage directory's record; undefined when there is none or it is unreadable (the stage reruns). */
export function readStageRecord(stageDir: string): StageRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(join(stageDir, STAGE_RECORD_FILE), 'utf8')) as Partial<StageRecord>;
    return typeof record.fingerprint === 'string' ? (record as StageRecord) : undefined;
  } catch {
    return undefined;
  }
}
