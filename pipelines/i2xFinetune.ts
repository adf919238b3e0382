import type { AnyStage } from '../src/stages/Stage.js';
import { curationStage } from '../src/stages/i2x/curationStage.js';
import { finetuneStage } from '../src/stages/i2x/finetuneStage.js';
import { i2xPipeline } from './i2x.js';

/** The I2X analysis, then curation (samples with uncertain prototypes removed) and fine-tuning strategies over seeds. */
export function i2xFinetunePipeline(): AnyStage[] {
  return [...i2xPipeline(), curationStage, finetuneStage] as AnyStage[];
}
