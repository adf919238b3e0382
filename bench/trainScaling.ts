/**
 * `node dist/bench/trainScaling.js [distRoot] [workers=1,2]`: trainModel itself (4096 MNIST training images, resnet8,
 * batch 64, augmentation, Adam lr 1e-3, EPOCHS epochs, default 2) in this thread and on 2 workers; prints each
 * `rates.trainImagesPerSecond`, the main thread's CPU seconds and their ratio as one JSON line. `distRoot` (default:
 * this checkout's dist) runs another checkout's compiled sources with this same script, for A/B comparisons.
 * USAGE=1 also prints the workers' usage (CPU and busy seconds) after the 2-worker run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Module<T> = Promise<T>;
const root = process.argv[2] ? resolve(process.argv[2]) : fileURLToPath(new URL('..', import.meta.url));
const load = <T>(path: string): Module<T> => import(pathToFileURL(join(root, path)).href) as Module<T>;

const { selectBackend } = await load<typeof import('../src/backend/selectBackend.js')>('src/backend/selectBackend.js');
const { loadDataset } = await load<typeof import('../src/data/loadDataset.js')>('src/data/loadDataset.js');
const { subsetDataset } = await load<typeof import('../src/data/subsetDataset.js')>('src/data/subsetDataset.js');
const { buildResNet } = await load<typeof import('../src/models/buildResNet.js')>('src/models/buildResNet.js');
const { trainModel } = await load<typeof import('../src/models/trainModel.js')>('src/models/trainModel.js');
const { executor } = await load<typeof import('../src/models/parallel/Executor.js')>('src/models/parallel/Executor.js');
const { PoolKeeper } = await load<typeof import('../src/models/parallel/PoolKeeper.js')>('src/models/parallel/PoolKeeper.js');
const { Progress } = await load<typeof import('../src/util/Progress.js')>('src/util/Progress.js');
const { threadCpuSeconds } = await load<typeof import('../src/parallel/threadCpuSeconds.js')>('src/parallel/threadCpuSeconds.js');

await selectBackend('wasm');
const keeper = new PoolKeeper();
const train = subsetDataset(loadDataset({ name: 'mnist', split: 'train' }), { first: 4096 });
const out: Record<string, unknown> = {};
const rates: Record<number, number> = {};
for (const workers of (process.argv[3] ?? '1,2').split(',').map(Number)) {
  const dir = mkdtempSync(join(tmpdir(), 'train-scaling-'));
  const model = buildResNet({ arch: 'resnet8', inputShape: [28, 28, 1], classes: 10, seed: 3 });
  const cpu = threadCpuSeconds();
  try {
    const result = await trainModel({
      model,
      train,
      runDir: join(dir, 'run'),
      seed: 5,
      classes: 10,
      config: { epochs: Number(process.env.EPOCHS ?? 2), batchSize: 64, optimizer: 'adam', lr: 1e-3, momentum: 0, weightDecay: 0, schedule: 'constant', augment: true, checkpoints: { everySteps: null, everyEpochs: null, first: false, last: true } },
      progress: (label, total) => new Progress({ label, total, stream: { write: () => true } }),
      ...(workers > 1 ? { executor: executor(workers, keeper) } : {}),
    });
    rates[workers] = Math.round(result.rates.trainImagesPerSecond ?? Number.NaN);
    out[`workers${workers}`] = { imgPerSecond: rates[workers], mainThreadCpuSeconds: Math.round((threadCpuSeconds() - cpu) * 100) / 100 };
  } finally {
    model.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
if (process.env.USAGE) {
  const pool = await keeper.open(2);
  out.workerUsage = await Promise.all([0, 1].map((w) => pool.request(w, 'usage', {})));
  await pool.close();
}
await keeper.close();
out.ratio = rates[1] && rates[2] ? Math.round((rates[2] / rates[1]) * 100) / 100 : null;
console.log(JSON.stringify(out));
