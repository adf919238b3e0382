import type { AnyStage } from '../src/stages/Stage.js';
import { curationStage } from '../src/stages/i2x/curationStage.js';
import { finetuneStage } from '../src/stages/i2x/finetuneStage.js';
import { reportAfterFinetuneStage, reportStage } from '../src/stages/i2x/reportStage.js';
import { i2xPipeline } from './i2x.js';

/**
 * The I2X analysis, then curation (samples with uncertain prototypes removed) and fine-tuning strategies over seeds;
 * the report comes last, so it shows the fine-tuning results.
 */
export function i2xFinetunePipeline(): AnyStage[] {
  return [...i2xPipeline().filter((stage) => stage !== reportStage), curationStage, finetuneStage, reportAfterFinetuneStage] as AnyStage[];
}
