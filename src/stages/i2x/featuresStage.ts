import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { prepareDatasets } from '../../data/prepareDatasets.js';
import { loadCheckpoint } from '../../models/loadCheckpoint.js';
import { ModelGraph } from '../../models/ModelGraph.js';
import type { Stage } from '../Stage.js';
import { batchTensor } from './batchTensor.js';
import { featureLayerOf } from './featureLayerOf.js';
import { featuresArtifacts } from './artifacts/featuresArtifacts.js';
import { trainArtifacts } from './artifacts/trainArtifacts.js';

const BATCH = 128;

/**
 * The final checkpoint's activations at the feature layer for every training sample: one C-vector per
 * spatial position, [N, h, w, C] (src/stages/i2x/artifacts/featuresArtifacts.ts).
 */
export const featuresStage: Stage<'train'> = {
  name: 'features',
  version: 2, // 2: features.bin carries a format tag and its shape is [N, h, w, C] (was [N*h*w, C]; same values)
  configKeys: ['data', 'model'],
  inputs: ['train'],
  async run(ctx) {
    const checkpoints = trainArtifacts.read(ctx.inputDir('train'));
    const final = checkpoints[checkpoints.length - 1];
    const { model } = await loadCheckpoint(final.dir);
    const graph = ModelGraph.fromModel(model);
    const layer = featureLayerOf(ctx.config);
    graph.assertLayer(layer, 'feature layer (model.featureLayer)');
    const { train } = prepareDatasets(ctx.config.data, ctx.config.seed);
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
};
