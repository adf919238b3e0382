import type { AnyStage } from '../src/stages/Stage.js';
import { featuresStage } from '../src/stages/i2x/featuresStage.js';
import { compareStage } from '../src/stages/i2x/compareStage.js';
import { detectionStage } from '../src/stages/i2x/detectionStage.js';
import { predictionsStage } from '../src/stages/i2x/predictionsStage.js';
import { scoresStage } from '../src/stages/i2x/scoresStage.js';
import { databaseStage } from '../src/stages/i2x/databaseStage.js';
import { explanationStage } from '../src/stages/i2x/explanationStage.js';
import { groupsStage } from '../src/stages/i2x/groupsStage.js';
import { intensitiesStage } from '../src/stages/i2x/intensitiesStage.js';
import { qualityStage } from '../src/stages/i2x/qualityStage.js';
import { prototypesStage } from '../src/stages/i2x/prototypesStage.js';
import { reportStage } from '../src/stages/i2x/reportStage.js';
import { ridgeStage } from '../src/stages/i2x/ridgeStage.js';
import { saliencyStage } from '../src/stages/i2x/saliencyStage.js';
import { trainStage } from '../src/stages/i2x/trainStage.js';

/**
 * The I2X experiment, in the order it runs:
 * train-or-load -> features -> prototypes -> saliency per checkpoint -> prototype intensities
 * -> confidence groups -> ridge -> structured explanation -> other saliency methods compared -> saliency quality (sanity
 * checks, faithfulness) -> per-sample suspicion scores -> scorecard against planted ground truth (data.plant) -> test
 * predictions per checkpoint -> database -> report.
 */
export function i2xPipeline(): AnyStage[] {
  return [...analysisStages(), reportStage] as AnyStage[];
}

/** The analysis without its report: what the fine-tuning pipeline builds on. */
export function analysisStages(): AnyStage[] {
  return [trainStage, featuresStage, prototypesStage, saliencyStage, intensitiesStage, groupsStage, ridgeStage, explanationStage, compareStage, qualityStage, scoresStage, detectionStage, predictionsStage, databaseStage] as AnyStage[];
}
