import { defineStage } from '../Stage.js';
import { detectionArtifacts } from './artifacts/detectionArtifacts.js';
import { featureLayerOf } from './featureLayerOf.js';
import { scorecardOfRun } from './scorecardOfRun.js';

/**
 * The run's scorecard against its own plants (`data.plant`; docs/method.md, "Scorecard"): per planted kind, how
 * well every suspicion score finds the planted training samples, the saliency mass on the planted pixels per
 * checkpoint (the run's method on every planted sample, the compared methods on `analysis.saliency.compare.samples`
 * of them), and the prototypes on planted pixels. Without plants it writes an empty scorecard. The control arm
 * (the same samples in a run without the plants) is added by `i2x validate`.
 */
export const detectionStage = defineStage({
  name: 'detection',
  version: 4, // 4: the planted relevance maps' 3x3 convolutions by Winograd F(2x2, 3x3) (last bits); 3: detection within each planted label (withinLabel); 2: each prototype's plant coverage
  configKeys: ['data', 'model', 'analysis.saliency', 'analysis.prototypes.k', 'finetune.pairs', 'seed'],
  uses: ['datasets', 'backend'],
  inputs: ['train', 'saliency', 'prototypes', 'explanation', 'scores'],
  async run(ctx) {
    const { train, planted } = ctx.datasets();
    const trainPlanted = planted.filter((p) => p.split === 'train');
    const config = ctx.config;
    const kinds = trainPlanted.length === 0
      ? []
      : await scorecardOfRun({
          dirs: { train: ctx.inputDir('train'), saliency: ctx.inputDir('saliency'), prototypes: ctx.inputDir('prototypes'), explanation: ctx.inputDir('explanation'), scores: ctx.inputDir('scores') },
          planted: trainPlanted,
          train,
          pairs: config.finetune.pairs as [number, number][],
          saliency: config.analysis.saliency,
          layer: featureLayerOf(config.model),
          seed: config.seed,
          prototypeCount: config.analysis.prototypes.k,
        });
    detectionArtifacts.write(ctx.outputDir, kinds);
    const summary = kinds.map((k) => ({
      kind: k.kind,
      planted: k.planted,
      auroc: Object.fromEntries(k.detection.map((d) => [d.method, Number(d.auroc.toFixed(3))])),
    }));
    return { summary: { kinds: summary } };
  },
});
