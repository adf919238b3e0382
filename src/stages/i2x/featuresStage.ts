import * as tf from '@tensorflow/tfjs';
import { loadCheckpoint } from '../../models/loadCheckpoint.js';
import { ModelGraph } from '../../models/ModelGraph.js';
import { defineStage } from '../Stage.js';
import { batchTensor } from './batchTensor.js';
import { featureLayerOf } from './featureLayerOf.js';
import { featuresArtifacts } from './artifacts/featuresArtifacts.js';
import { trainArtifacts } from './artifacts/trainArtifacts.js';

const BATCH = 128;

/**
 * The final checkpoint's activations at the feature layer for every training sample: one C-vector per
 * spatial position, [N, h, w, C] (src/stages/i2x/artifacts/featuresArtifacts.ts).
 */
export const featuresStage = defineStage({
  name: 'features',
  version: 3, // 3: inference's 3x3 convolutions by Winograd F(2x2, 3x3) (features differ in the last bits); 2: features.bin carries a format tag and its shape is [N, h, w, C] (was [N*h*w, C]; same values)
  configKeys: ['data', 'model'],
  uses: ['datasets', 'backend'],
  inputs: ['train'],
  async run(ctx) {
    const checkpoints = trainArtifacts.read(ctx.inputDir('train'));
    const final = checkpoints[checkpoints.length - 1];
    const { model } = await loadCheckpoint(final.dir);
    const graph = ModelGraph.fromModel(model);
    const layer = featureLayerOf(ctx.config.model);
    graph.assertLayer(layer, 'feature layer (model.featureLayer)');
    const { train } = ctx.datasets();
    let out: Float32Array | null = null;
    let shape: number[] = [];
    const progress = ctx.progress('features', train.count);
    for (let start = 0; start < train.count; start += BATCH) {
      const end = Math.min(train.count, start + BATCH);
      const { x, labels } = batchTensor(train, start, end);
      const act = tf.tidy(() => graph.forward(x, { mode: 'infer', capture: [layer] }).get(layer)!);
      const [, h, w, c] = act.shape;
      if (!out) {
        out = new Float32Array(train.count * h * w * c);
        shape = [train.count, h, w, c];
      }
      out.set(act.dataSync() as Float32Array, start * h * w * c);
      tf.dispose([x, labels, act]);
      progress.update(end);
    }
    progress.done();
    model.dispose();
    const [n, h, w, c] = shape;
    featuresArtifacts.write(ctx.outputDir, { data: out!, samples: n, height: h, width: w, channels: c });
    return { summary: { checkpoint: final.name, layer, samples: n, height: h, width: w, channels: c } };
  },
});
