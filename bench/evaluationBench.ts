/**
 * Evaluation throughput (evaluateModel, inference mode) of resnet8 on the MNIST test images: in this thread,
 * and with its forward passes on a WorkerPool of 2 workers. Also the fixed costs pooled evaluation adds:
 * starting a pool, and sending the model to the workers (paid once per evaluateModel call). Checks that
 * both give the same accuracy and loss. Prints one JSON object on stdout.
 * Wall-clock figures suffer when other processes share the cores, so the load average is reported, and the CPU
 * seconds of the threads that did the work: this thread (one-thread) and each worker plus this thread (pooled).
 * images / CPU seconds of the busiest compute thread is what an otherwise idle machine would approach.
 * Run: `npx tsc -p tsconfig.json && node dist/bench/evaluationBench.js [images] [batchSize] [rounds]`
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { selectBackend } from '../src/backend/selectBackend.js';
import { loadDataset } from '../src/data/loadDataset.js';
import { takeSamples } from '../src/data/takeSamples.js';
import { buildResNet } from '../src/models/buildResNet.js';
import { evaluateModel } from '../src/models/evaluateModel.js';
import { WorkerPool } from '../src/models/parallel/WorkerPool.js';
import { threadCpuSeconds } from '../src/parallel/threadCpuSeconds.js';

const round2 = (x: number) => Math.round(x * 100) / 100;

export async function runEvaluationBench(images = 10000, batchSize = 128, rounds = 1): Promise<Record<string, unknown>> {
  const backend = await selectBackend('wasm');
  const full = loadDataset({ name: 'mnist', split: 'test' });
  const test = images < full.count ? takeSamples(full, Int32Array.from({ length: images }, (_, i) => i)) : full;
  const model = buildResNet({ arch: 'resnet8', inputShape: [28, 28, 1], classes: 10, width: 1, seed: 1 });
  const loadBefore = loadavg().map(round2);
  const t0 = performance.now();
  const pool = await WorkerPool.create({ workers: 2, backend: backend.name });
  const poolStartSeconds = (performance.now() - t0) / 1000;
  try {
    await evaluateModel(model, takeSamples(test, Int32Array.of(0, 1)), batchSize); // warm-up (kernels, folded weights)
    await evaluateModel(model, takeSamples(test, Int32Array.of(0, 1)), batchSize, { pool });
    const t1 = performance.now();
    await evaluateModel(model, takeSamples(test, Int32Array.of(0)), batchSize, { pool });
    const oneImagePooledSeconds = (performance.now() - t1) / 1000; // mostly sending the model and building it on the workers
    let oneThread = Infinity;
    let pooled = Infinity;
    let oneThreadCpu = Infinity;
    let pooledCpu = { main: Infinity, workers: [Infinity, Infinity] };
    let same = true;
    const workerCpu = async () => (await pool.requestAll('usage', () => ({}))).map((u) => u.cpuSeconds);
    for (let r = 0; r < rounds; r++) {
      const a0 = performance.now();
      const ac = threadCpuSeconds();
      const a = await evaluateModel(model, test, batchSize);
      oneThread = Math.min(oneThread, (performance.now() - a0) / 1000);
      oneThreadCpu = Math.min(oneThreadCpu, threadCpuSeconds() - ac);
      const w0 = await workerCpu();
      const b0 = performance.now();
      const bc = threadCpuSeconds();
      const b = await evaluateModel(model, test, batchSize, { pool });
      const wall = (performance.now() - b0) / 1000;
      const w1 = await workerCpu();
      if (wall < pooled) pooledCpu = { main: threadCpuSeconds() - bc, workers: w1.map((c, i) => c - w0[i]) };
      pooled = Math.min(pooled, wall);
      same &&= a.accuracy === b.accuracy && a.loss === b.loss;
    }
    const busiest = Math.max(pooledCpu.main, ...pooledCpu.workers);
    return {
      setup: { images: test.count, batchSize, rounds, model: 'resnet8 width 1', backend: backend.name, cores: cpus().length, loadAverageBefore: loadBefore, loadAverageAfter: loadavg().map(round2) },
      oneThread: { seconds: round2(oneThread), imagesPerSecond: round2(test.count / oneThread), cpuSeconds: round2(oneThreadCpu), idleMachineImagesPerSecond: round2(test.count / oneThreadCpu) },
      workers2: {
        seconds: round2(pooled),
        imagesPerSecond: round2(test.count / pooled),
        cpuSeconds: { main: round2(pooledCpu.main), workers: pooledCpu.workers.map(round2) },
        idleMachineImagesPerSecond: round2(test.count / busiest),
      },
      speedup: round2(oneThread / pooled),
      idleMachineSpeedup: round2(oneThreadCpu / busiest),
      poolStartSeconds: round2(poolStartSeconds),
      oneImagePooledSeconds: round2(oneImagePooledSeconds),
      sameAccuracyAndLoss: same,
    };
  } finally {
    model.dispose();
    await pool.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runEvaluationBench(Number(process.argv[2] ?? 10000), Number(process.argv[3] ?? 128), Number(process.argv[4] ?? 1)).then(
    (result) => process.stdout.write(JSON.stringify(result, null, 2) + '\n'),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
