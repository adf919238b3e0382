import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend/selectBackend.js';
import { buildResNet } from '../src/models/buildResNet.js';
import { ModelGraph } from '../src/models/ModelGraph.js';
import { computeGradients, updateRunningStats } from '../src/models/trainStep.js';

await selectBackend((process.env.B as 'wasm') ?? 'wasm');
const model = buildResNet({ arch: 'resnet8', inputShape: [28, 28, 1], classes: 10, seed: 1 });
const graph = ModelGraph.fromModel(model);
const opt = tf.train.adam(1e-3);
const bs = 64;
const x = tf.randomNormal([bs, 28, 28, 1]) as tf.Tensor4D;
const y = tf.tensor1d(Array.from({ length: bs }, (_, i) => i % 10), 'int32');
const step = () => {
  const g = computeGradients(graph, x, y, 10);
  opt.applyGradients(g.grads as unknown as Parameters<typeof opt.applyGradients>[0]);
  updateRunningStats(graph, g.batchStats);
  const l = g.loss.dataSync()[0];
  tf.dispose([g.loss, g.correct, ...Object.values(g.grads), ...g.batchStats.flatMap((s) => [s.mean, s.variance])]);
  return l;
};
for (let i = 0; i < 3; i++) step();
const n = Number(process.env.N ?? 20);
if (process.env.PROFILE) {
  const prof = await tf.profile(() => { step(); });
  const agg = new Map<string, number>();
  for (const k of prof.kernels) agg.set(k.name, (agg.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  console.log([...agg.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15));
}
const t = performance.now();
let loss = 0;
for (let i = 0; i < n; i++) loss = step();
const s = (performance.now() - t) / 1000;
console.log({ imgPerSec: (n * bs) / s, loss, tensors: tf.memory().numTensors });
// inference
const xi = tf.randomNormal([128, 28, 28, 1]);
for (let i = 0; i < 2; i++) tf.tidy(() => graph.forward(xi, { mode: 'infer' }).get(graph.outputName)!.dataSync());
const t2 = performance.now();
for (let i = 0; i < 10; i++) tf.tidy(() => graph.forward(xi, { mode: 'infer' }).get(graph.outputName)!.dataSync());
console.log({ inferImgPerSec: 1280 / ((performance.now() - t2) / 1000) });
