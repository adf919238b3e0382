import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend/selectBackend.js';
import { buildResNet } from '../../src/models/buildResNet.js';
import { ModelGraph } from '../../src/models/ModelGraph.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

/** Random BatchNorm statistics, so that folding them into the convolutions is actually tested. */
function randomiseBatchNorm(model: tf.LayersModel): void {
  let seed = 11;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const [gamma, beta, mean, variance] = layer.getWeights();
    layer.setWeights([
      tf.randomUniform(gamma.shape, 0.5, 1.5, 'float32', seed++),
      tf.randomNormal(beta.shape, 0, 0.3, 'float32', seed++),
      tf.randomNormal(mean.shape, 0, 0.3, 'float32', seed++),
      tf.randomUniform(variance.shape, 0.5, 2, 'float32', seed++),
    ]);
  }
}

describe('ModelGraph inference', () => {
  it("equals tfjs-layers' own predict, with BatchNorm folded into the convolutions", () => {
    for (const arch of ['resnet8', 'resnet50'] as const) {
      const model = buildResNet({ arch, inputShape: [12, 12, 3], classes: 5, width: 0.25, seed: 2 });
      randomiseBatchNorm(model);
      const graph = ModelGraph.fromModel(model);
      const x = tf.randomNormal([3, 12, 12, 3], 0, 1, 'float32', 4);
      const expected = (model.predict(x) as tf.Tensor).dataSync();
      const actual = tf.tidy(() => graph.forward(x, { mode: 'infer' }).get(graph.outputName)!.dataSync());
      const scale = Math.max(...Array.from(expected, Math.abs));
      expected.forEach((v, i) => expect(Math.abs(actual[i] - v) / scale).toBeLessThan(1e-4));
      // an intermediate output of a chain that would otherwise be folded is still exact
      const inner = tf.tidy(() => graph.forward(x, { mode: 'infer', capture: ['stage1_block1_bn1'] }).get('stage1_block1_bn1')!.dataSync());
      const probe = tf.model({ inputs: model.inputs, outputs: model.getLayer('stage1_block1_bn1').output as tf.SymbolicTensor });
      const innerExpected = (probe.predict(x) as tf.Tensor).dataSync();
      innerExpected.forEach((v, i) => expect(inner[i]).toBeCloseTo(v, 4));
      x.dispose();
      model.dispose();
    }
  });
});
