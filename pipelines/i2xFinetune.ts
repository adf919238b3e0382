import type { AnyStage } from '../src/stages/Stage.js';
import { curationStage } from '../src/stages/i2x/curationStage.js';
import { finetuneStage } from '../src/stages/i2x/finetuneStage.js';
import { reportAfterFinetuneStage, reportStage } from '../src/stages/i2x/reportStage.js';
import { analysisStages } from './i2x.js';
import { join } from 'node:path';
import { readStageRecord } from '../src/stages/StageRecord.js';

/**
 * The I2X analysis, then curation (samples with uncertain prototypes removed) and fine-tuning strategies over seeds;
 * the report comes last, so it shows the fine-tuning results.
 */
export function i2xFinetunePipeline(): AnyStage[] {
  return [...analysisStages(), curationStage, finetuneStage, reportAfterFinetuneStage] as AnyStage[];
}

/** Whether the run in `runDir` has been fine-tuned (its finetune stage has finished once): its report then comes after fine-tuning. */
export function wasFineTuned(runDir: string): boolean {
  return readStageRecord(join(runDir, finetuneStage.name)) !== undefined;
}

/**
 * Every stage of a run, as `i2x status` lists them: the fine-tuning pipeline once the run was fine-tuned; before
 * that the analysis pipeline, whose report has no finetune input, with curation and fine-tuning (not run yet)
 * before its report.
 */
export function i2xStatusStages(fineTuned: boolean): AnyStage[] {
  if (fineTuned) return i2xFinetunePipeline();
  return [...analysisStages(), curationStage, finetuneStage, reportStage] as AnyStage[];
}
