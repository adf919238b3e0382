import { uncertainForPairs } from '../../analysis/uncertainForPairs.js';
import { scorecard, type KindScorecard } from '../../analysis/detection/scorecard.js';
import type { Dataset } from '../../data/Dataset.js';
import type { PlantedSample } from '../../data/plantDataset.js';
import type { SaliencyTarget } from '../../explain/saliencyTargets.js';
import { explanationArtifacts } from './artifacts/explanationArtifacts.js';
import { prototypesArtifacts } from './artifacts/prototypesArtifacts.js';
import { scoresArtifacts } from './artifacts/scoresArtifacts.js';
import { trainArtifacts } from './artifacts/trainArtifacts.js';
import { plantedRelevanceMaps } from './plantedRelevanceMaps.js';

/** The finished stage directories of one run that its scorecard reads. */
export interface ScorecardRunDirs {
  train: string;
  saliency: string;
  prototypes: string;
  explanation: string;
  scores: string;
}

export interface ScorecardOfRunOptions {
  dirs: ScorecardRunDirs;
  /** the planted run's training-split records (for a control run: the planted run's, applied to its samples) */
  planted: readonly PlantedSample[];
  /** the run's training set (for a control: its clean one; same samples as the planted run's) */
  train: Dataset;
  pairs: readonly (readonly [number, number])[];
  saliency: { method: string; target: SaliencyTarget; compare: { methods: readonly string[]; samples: number } };
  layer: string;
  seed: number;
  /** K, `analysis.prototypes.k` */
  prototypeCount: number;
}

/**
 * scorecard() of one run from its stage outputs: its suspicion scores, its prototypes and the ones uncertain for
 * `pairs`, its own saliency maps and the compared methods' maps of the planted samples at every checkpoint.
 */
export async function scorecardOfRun(options: ScorecardOfRunOptions): Promise<KindScorecard[]> {
  const { dirs, train } = options;
  const assignments = prototypesArtifacts.readAssignments(dirs.prototypes);
  const table = scoresArtifacts.read(dirs.scores);
  const uncertain = new Set(uncertainForPairs(explanationArtifacts.readUncertain(dirs.explanation), options.pairs));
  const masked = options.planted.filter((p) => p.mask !== null).map((p) => p.sample);
  const relevance = await plantedRelevanceMaps({
    checkpoints: trainArtifacts.read(dirs.train),
    saliencyDir: dirs.saliency,
    method: options.saliency.method,
    otherMethods: options.saliency.compare.methods,
    maxSamples: options.saliency.compare.samples,
    samples: masked,
    train,
    layer: options.layer,
    target: options.saliency.target,
    seed: options.seed,
  });
  return scorecard({
    planted: options.planted,
    samples: train.count,
    labels: train.labels,
    imageHeight: train.height,
    imageWidth: train.width,
    scores: table.scores,
    prototypes: { assignments: assignments.data, height: assignments.height, width: assignments.width, count: options.prototypeCount },
    uncertain,
    relevance,
  });
}
