/**
 * Throughput of resnet8 on real MNIST training images: training (batch 64) and Grad-CAM (batch 128,
 * target = label, layer = last stage output) in-process on one thread, and on a WorkerPool of 1 and 2
 * workers (ParallelTrainer, runSaliencyParallel). Prints one JSON object on stdout.
 *
 * Wall-clock figures suffer when other processes share the cores, so every measurement also reports the
 * CPU seconds of each compute thread and (workers) the seconds its event loop was busy:
 * busy / wall < 1 is time a worker waited for the main thread (our synchronisation overhead);
 * cpu / busy < 1 is time it was runnable but another process had the core (machine contention).
 * `rounds` > 1 repeats everything and keeps each configuration's fastest round.
 * Training is timed over a second pass of the images; the first pass warms up (kernel setup, and V8's optimising
 * compiler: on a 2-core machine it takes a core from the workers for the first hundreds of steps, while one thread
 * gets it from the idle core). The second pass stands in for the rate of a user's training, which runs thousands of
 * steps; the first pass's is reported too (`firstPassImagesPerSecond`). For 2 workers it is not yet that rate:
 * in it, V8's helper threads still take about 8 ms of CPU per step (compiling each worker isolate's code), against
 * about 1.6 ms after 400 steps (`PROFILE_WARMUP=64|400 node dist/bench/profileParallelTrain.js 64 2`). With
 * `steadyAfterSteps`, training goes on untimed to that many steps and one more pass is timed
 * (`steadyStateImagesPerSecond`).
 * Run: `npx tsc -p tsconfig.json && node dist/bench/parallelBench.js [rounds] [steadyAfterSteps]`
 */
import * as tf from '@tensorflow/tfjs';
import { cpus, loadavg } from 'node:os';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { selectBackend } from '../src/backend/selectBackend.js';
import type { Batch } from '../src/data/Batch.js';
import { loadDataset } from '../src/data/loadDataset.js';
import { makeBatch } from '../src/data/makeBatch.js';
import { gradCam } from '../src/explain/gradCam.js';
import { saliencyMethods } from '../src/explain/saliencyMethods.js';
import { buildResNet, stageOutputLayer } from '../src/models/buildResNet.js';
import { ModelGraph } from '../src/models/ModelGraph.js';
import { TrainingOptimizer, type OptimizerConfig } from '../src/models/TrainingOptimizer.js';
import { computeGradients, updateRunningStats } from '../src/models/trainStep.js';
import { modelPayload } from '../src/models/parallel/modelPayload.js';
import { ParallelTrainer } from '../src/models/parallel/ParallelTrainer.js';
import { runSaliencyParallel } from '../src/models/parallel/runSaliencyParallel.js';
import { threadCpuSeconds } from '../src/parallel/threadCpuSeconds.js';
import { WorkerPool } from '../src/models/parallel/WorkerPool.js';

export interface ParallelBenchOptions {
  /** MNIST training images used (the first ones); default 4096 */
  images?: number;
  trainBatch?: number;
  camBatch?: number;
  /** worker counts to measure; default [1, 2] */
  workers?: number[];
  /** repetitions; each configuration keeps its fastest; default 1 */
  rounds?: number;
  /** training: also time a pass after this many steps (untimed passes fill the gap); default 0, no such pass */
  steadyAfterSteps?: number;
}

export interface Measurement {
  imagesPerSecond: number;
  wallSeconds: number;
  /** CPU seconds of the compute threads: the main thread in-process, else each worker */
  cpuSeconds: number[];
  /** workers only: seconds each worker's event loop was busy with requests */
  busySeconds?: number[];
  /**
   * An estimate for an otherwise idle machine: wall time minus the time the compute threads were
   * runnable but off-core (busy - cpu; in-process the loop is busy throughout). Close to
   * `imagesPerSecond` when nothing else runs.
   */
  idleMachineImagesPerSecond: number;
  /** training only: images/s over the warm-up pass that precedes the timed one */
  firstPassImagesPerSecond?: number;
  /** training with `steadyAfterSteps` only: images/s over a pass that starts after that many steps */
  steadyStateImagesPerSecond?: number;
}

export interface ParallelBenchResult {
  setup: Required<ParallelBenchOptions> & { cores: number; loadAverageBefore: number[]; loadAverageAfter: number[] };
  train: Record<string, Measurement>;
  gradCam: Record<string, Measurement>;
  /**
   * workers2 / inProcess, measured and (idleMachine) estimated, from each configuration's fastest round;
   * `trainRounds`: the training ratio of each round on its own (in-process and 2 workers of the same round), whose
   * spread shows how much one run's ratio can be trusted on this machine
   */
  speedup: { train: number; trainFirstPass: number; trainSteadyState: number; gradCam: number; idleMachineTrain: number; idleMachineGradCam: number; trainRounds: number[] };
}

const ARCH = 'resnet8';
const CLASSES = 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

export async function runParallelBench(options: ParallelBenchOptions = {}): Promise<ParallelBenchResult> {
  const setup = {
    images: options.images ?? 4096,
    trainBatch: options.trainBatch ?? 64,
    camBatch: options.camBatch ?? 128,
    workers: options.workers ?? [1, 2],
    rounds: options.rounds ?? 1,
    steadyAfterSteps: options.steadyAfterSteps ?? 0,
    cores: cpus().length,
    loadAverageBefore: loadavg().map(round2),
    loadAverageAfter: [] as number[],
  };
  const context = await benchContext(setup);
  const train: Record<string, Measurement> = {};
  const cam: Record<string, Measurement> = {};
  const keepFastest = (into: Record<string, Measurement>, name: string, m: Measurement) => {
    if (!into[name] || m.imagesPerSecond > into[name].imagesPerSecond) into[name] = m;
  };
  const trainRounds: number[] = [];
  for (let round = 0; round < setup.rounds; round++) {
    const inProcess = measureInProcess(context, { gradCam: true, steadyAfterSteps: setup.steadyAfterSteps });
    keepFastest(train, 'inProcess', inProcess.train);
    keepFastest(cam, 'inProcess', inProcess.gradCam!);
    for (const workers of setup.workers) {
      const pool = await WorkerPool.create({ workers, backend: 'wasm' });
      try {
        const parallelTrain = await measureParallelTraining(pool, context, setup.steadyAfterSteps);
        if (workers === 2) trainRounds.push(round2(parallelTrain.imagesPerSecond / inProcess.train.imagesPerSecond));
        keepFastest(train, `workers${workers}`, parallelTrain);
        keepFastest(cam, `workers${workers}`, await measureParallelGradCam(pool, context));
      } finally {
        await pool.close();
      }
    }
  }
  setup.loadAverageAfter = loadavg().map(round2);
  const ratio = (r: Record<string, Measurement>, key: 'imagesPerSecond' | 'idleMachineImagesPerSecond' | 'firstPassImagesPerSecond' | 'steadyStateImagesPerSecond') =>
    round2((r.workers2?.[key] ?? Number.NaN) / (r.inProcess[key] ?? Number.NaN));
  const speedup = {
    train: ratio(train, 'imagesPerSecond'),
    trainFirstPass: ratio(train, 'firstPassImagesPerSecond'),
    trainSteadyState: ratio(train, 'steadyStateImagesPerSecond'),
    gradCam: ratio(cam, 'imagesPerSecond'),
    idleMachineTrain: ratio(train, 'idleMachineImagesPerSecond'),
    idleMachineGradCam: ratio(cam, 'idleMachineImagesPerSecond'),
    trainRounds,
  };
  return { setup, train, gradCam: cam, speedup };
}

/** The data, batches and model factory every measurement uses. */
async function benchContext(setup: { images: number; trainBatch: number; camBatch: number }): Promise<BenchContext> {
  await selectBackend('wasm');
  const dataset = loadDataset({ name: 'mnist', split: 'train' });
  const data = makeBatch(dataset, Int32Array.from({ length: setup.images }, (_, i) => i));
  const inputShape = [dataset.height, dataset.width, dataset.channels] as const;
  const perImage = inputShape[0] * inputShape[1] * inputShape[2];
  const batches = (size: number): Batch[] => {
    const out: Batch[] = [];
    for (let start = 0; start + size <= setup.images; start += size) {
      out.push({ images: data.images.subarray(start * perImage, (start + size) * perImage), labels: data.labels.subarray(start, start + size), shape: [size, ...inputShape] });
    }
    return out;
  };
  return {
    trainBatches: batches(setup.trainBatch),
    camBatches: batches(setup.camBatch),
    all: { images: data.images, labels: data.labels, shape: [setup.images, ...inputShape] },
    newModel: () => buildResNet({ arch: ARCH, inputShape: [...inputShape], classes: CLASSES, seed: 1 }),
    optimizer: { optimizer: 'adam', momentum: 0, weightDecay: 0 },
    lr: 1e-3,
    layer: stageOutputLayer(ARCH),
    camBatch: setup.camBatch,
  };
}

interface BenchContext {
  trainBatches: Batch[];
  camBatches: Batch[];
  all: Batch;
  newModel: () => tf.LayersModel;
  optimizer: OptimizerConfig;
  lr: number;
  layer: string;
  camBatch: number;
}

function measurement(images: number, wallSeconds: number, cpuSeconds: number[], busySeconds?: number[]): Measurement {
  const offCore = Math.max(0, Math.min(...(busySeconds ?? [wallSeconds]).map((busy, i) => busy - cpuSeconds[i])));
  return {
    imagesPerSecond: Math.round(images / wallSeconds),
    wallSeconds: round2(wallSeconds),
    cpuSeconds: cpuSeconds.map(round2),
    ...(busySeconds ? { busySeconds: busySeconds.map(round2) } : {}),
    idleMachineImagesPerSecond: Math.round(images / (wallSeconds - offCore)),
  };
}

function measureInProcess(c: BenchContext, options: { gradCam: boolean; steadyAfterSteps?: number } = { gradCam: true }): { train: Measurement; gradCam: Measurement | null } {
  const model = c.newModel();
  const graph = ModelGraph.fromModel(model);
  const optimizer = TrainingOptimizer.create(model, c.optimizer);
  const trainStep = (b: Batch) => {
    const x = tf.tensor4d(b.images, [...b.shape]);
    const y = tf.tensor1d(b.labels, 'int32');
    const g = computeGradients(graph, x, y, CLASSES);
    optimizer.step(g.grads, c.lr);
    updateRunningStats(graph, g.batchStats);
    g.loss.dataSync();
    tf.dispose([x, y, g.loss, g.correct, ...Object.values(g.grads), ...g.batchStats.flatMap((s) => [s.mean, s.variance])]);
  };
  const camStep = (b: Batch) =>
    tf.tidy(() => {
      const r = gradCam(graph, tf.tensor4d(b.images, [...b.shape]), c.layer, tf.tensor1d(b.labels, 'int32'));
      r.maps.dataSync();
      r.logits.dataSync();
    });
  const timed = (batches: Batch[], step: (b: Batch) => void) => {
    const [wall, cpu] = [performance.now(), threadCpuSeconds()];
    batches.forEach(step);
    return measurement(batches.length * batches[0].shape[0], (performance.now() - wall) / 1000, [threadCpuSeconds() - cpu]);
  };
  try {
    const firstPass = timed(c.trainBatches, trainStep);
    const train: Measurement = { ...timed(c.trainBatches, trainStep), firstPassImagesPerSecond: firstPass.imagesPerSecond };
    if ((options.steadyAfterSteps ?? 0) > 0) {
      for (let i = untimedPassesBeforeSteadyState(c, options.steadyAfterSteps!); i > 0; i--) c.trainBatches.forEach(trainStep);
      train.steadyStateImagesPerSecond = timed(c.trainBatches, trainStep).imagesPerSecond;
    }
    if (!options.gradCam) return { train, gradCam: null };
    camStep(c.camBatches[0]);
    return { train, gradCam: timed(c.camBatches, camStep) };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/** Passes to run untimed after the first two, so that the next pass starts at step `steadyAfterSteps` or later. */
function untimedPassesBeforeSteadyState(c: BenchContext, steadyAfterSteps: number): number {
  return Math.max(0, Math.ceil(steadyAfterSteps / c.trainBatches.length) - 2);
}

/** Runs `body` and measures wall time and each worker's CPU and busy seconds over it. */
async function timedOnPool(pool: WorkerPool, images: number, body: () => Promise<void>): Promise<Measurement> {
  const usage = () => Promise.all(Array.from({ length: pool.size }, (_, w) => pool.request(w, 'usage', {})));
  const before = await usage();
  const wall = performance.now();
  await body();
  const wallSeconds = (performance.now() - wall) / 1000;
  const after = await usage();
  return measurement(images, wallSeconds, after.map((u, w) => u.cpuSeconds - before[w].cpuSeconds), after.map((u, w) => u.busySeconds - before[w].busySeconds));
}

async function measureParallelTraining(pool: WorkerPool, c: BenchContext, steadyAfterSteps: number): Promise<Measurement> {
  const model = c.newModel();
  const trainer = await ParallelTrainer.create(pool, { ...modelPayload(model), optimizer: c.optimizer, classes: CLASSES });
  model.dispose();
  try {
    const pass = () => timedOnPool(pool, c.trainBatches.length * c.trainBatches[0].shape[0], async () => {
      for (const b of c.trainBatches) await trainer.step(b.images, b.labels, b.shape, c.lr);
      await trainer.getWeights(); // waits for the last update
    });
    const firstPass = await pass();
    const result: Measurement = { ...(await pass()), firstPassImagesPerSecond: firstPass.imagesPerSecond };
    if (steadyAfterSteps > 0) {
      for (let i = untimedPassesBeforeSteadyState(c, steadyAfterSteps); i > 0; i--) await pass();
      result.steadyStateImagesPerSecond = (await pass()).imagesPerSecond;
    }
    return result;
  } finally {
    await trainer.dispose();
  }
}

async function measureParallelGradCam(pool: WorkerPool, c: BenchContext): Promise<Measurement> {
  const model = c.newModel();
  const saliency = { ...modelPayload(model), modelKey: 'bench', methods: saliencyMethods, method: 'gradcam', layer: c.layer, targets: 'label' as const, batchSize: c.camBatch };
  model.dispose();
  const warm = Math.min(c.all.shape[0], pool.size * c.camBatch * 2);
  const perImage = c.all.images.length / c.all.shape[0];
  await runSaliencyParallel(pool, { ...saliency, images: c.all.images.subarray(0, warm * perImage), labels: c.all.labels.subarray(0, warm), shape: [warm, ...c.all.shape.slice(1)] as [number, number, number, number] });
  return timedOnPool(pool, c.all.shape[0], async () => {
    await runSaliencyParallel(pool, { ...saliency, images: c.all.images, labels: c.all.labels, shape: [...c.all.shape] as [number, number, number, number] });
  });
}

/**
 * The machine's own ceiling for 2-way training: one-thread training (as measured above) in one process alone, then
 * in two processes at once, which share nothing but the machine (caches, memory bandwidth, the cores that V8's
 * helper threads otherwise get for free). `ratio` = the pair's summed images/s over the lone process's: what 2
 * workers could reach if their exchange cost nothing.
 */
export async function independentTrainingCeiling(images: number): Promise<{ alone: number; together: [number, number]; ratio: number }> {
  const run = () => new Promise<number>((resolvePromise, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ONE_THREAD_TRAINING, String(images)], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise((JSON.parse(out.trim().split('\n').pop()!) as { imagesPerSecond: number }).imagesPerSecond) : reject(new Error(`one-thread training child exited with ${code}`))));
  });
  const alone = await run();
  const together = (await Promise.all([run(), run()])) as [number, number];
  return { alone, together, ratio: round2((together[0] + together[1]) / alone) };
}

const ONE_THREAD_TRAINING = '--one-thread-training';

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain && process.argv[2] === ONE_THREAD_TRAINING) {
  // a child of independentTrainingCeiling: one-thread training only, one JSON line
  const images = Number(process.argv[3] ?? 4096);
  const { train } = measureInProcess(await benchContext({ images, trainBatch: 64, camBatch: 128 }), { gradCam: false });
  process.stdout.write(`${JSON.stringify(train)}\n`);
} else if (isMain) {
  runParallelBench({ rounds: Number(process.argv[2] ?? 1), steadyAfterSteps: Number(process.argv[3] ?? 0) }).then(
    (result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
