import type { AnyStage, OutputCheckContext } from './Stage.js';
import { readStageRecord, type StageRecord } from './StageRecord.js';

/**
 * What is stored for a stage, against what the config asks for. done: the record matches and every output is
 * there; stale: there is a record, but made from another config or version, or some output has gone missing
 * (`why` says which); missing: no record.
 */
export type StoredState =
  | { readonly state: 'done'; readonly record: StageRecord }
  | { readonly state: 'stale'; readonly record: StageRecord; readonly why: string }
  | { readonly state: 'missing' };

export async function storedState(
  stage: AnyStage,
  setting: OutputCheckContext,
): Promise<StoredState> {
  const record = readStageRecord(setting.stageDir);
  if (record === undefined) return { state: 'missing' };
  if (record.fingerprint !== setting.fingerprint) return { state: 'stale', record, why: 'made with another config or version' };
  const missing = await stage.missingOutputs?.(setting);
  if (missing !== undefined) return { state: 'stale', record, why: `output missing: ${missing}` };
  return { state: 'done', record };
}
