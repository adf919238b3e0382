/**
 * `node dist/bench/profileTrain.js`: where one resnet8 training step (batch 64, MNIST) spends its time on
 * the chosen backend. Runs a few warm-up steps, then `tf.profile`s PROFILE_STEPS steps and prints the
 * kernels by total time (ms per step), plus the step's wall time. For deciding what to optimise next.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendChoice } from '../src/backend/selectBackend.js';
import { loadDataset } from '../src/data/loadDataset.js';
import { makeBatch } from '../src/data/makeBatch.js';
import { subsetDataset } from '../src/data/subsetDataset.js';
import { buildResNet } from '../src/models/buildResNet.js';
import { ModelGraph } from '../src/models/ModelGraph.js';
import { TrainingOptimizer } from '../src/models/TrainingOptimizer.js';
import { computeGradients, updateRunningStats } from '../src/models/trainStep.js';

const STEPS = Number(process.env.PROFILE_STEPS ?? 5);
const BATCH = Number(process.env.PROFILE_BATCH ?? 64);

await selectBackend((process.env.I2X_BACKEND as BackendChoice) || 'auto');
const data = subsetDataset(loadDataset({ name: 'mnist', split: 'train' }), { first: BATCH });
const batch = makeBatch(data, Int32Array.from({ length: BATCH }, (_, i) => i));
const x = tf.tensor4d(batch.images, [BATCH, 28, 28, 1]);
const y = tf.tensor1d(batch.labels, 'int32');
const model = buildResNet({ arch: (process.env.PROFILE_ARCH as 'resnet8') ?? 'resnet8', inputShape: [28, 28, 1], classes: 10, seed: 0 });
const graph = ModelGraph.fromModel(model);
const optimizer = TrainingOptimizer.create(model, { optimizer: 'adam', momentum: 0, weightDecay: 0 });

const step = () => {
  const g = computeGradients(graph, x, y, 10);
  optimizer.step(g.grads, 1e-3);
  updateRunningStats(graph, g.batchStats);
  g.loss.dataSync();
  tf.dispose([g.loss, g.correct, ...Object.values(g.grads), ...g.batchStats.flatMap((s) => [s.mean, s.variance])]);
};
for (let i = 0; i < 3; i++) step();

let t0 = performance.now();
for (let i = 0; i < STEPS; i++) step();
const wallMs = (performance.now() - t0) / STEPS;

const info = await tf.profile(() => {
  for (let i = 0; i < STEPS; i++) step();
});
const byKernel = new Map<string, { ms: number; calls: number }>();
for (const k of info.kernels) {
  const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
  entry.ms += Number(k.kernelTimeMs) || 0;
  entry.calls += 1;
  byKernel.set(k.name, entry);
}
const rows = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
const kernelTotal = rows.reduce((s, [, v]) => s + v.ms, 0) / STEPS;
console.log(`step wall ${wallMs.toFixed(1)} ms (${((BATCH / wallMs) * 1000).toFixed(1)} img/s); kernels ${kernelTotal.toFixed(1)} ms/step; ${(info.kernels.length / STEPS).toFixed(0)} kernel calls/step`);
for (const [name, v] of rows.slice(0, 25)) {
  console.log(`${name.padEnd(28)} ${(v.ms / STEPS).toFixed(2).padStart(8)} ms/step ${String(v.calls / STEPS).padStart(6)} calls`);
}
t0 = performance.now();
tf.dispose([x, y]);
optimizer.dispose();
model.dispose();
