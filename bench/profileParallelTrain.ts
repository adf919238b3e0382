/**
 * `node dist/bench/profileParallelTrain.js [steps] [workers]`: where the time of data-parallel training goes
 * (resnet8, batch 64, MNIST, ParallelTrainer as trainModel drives it, without batch making). Prints, per step:
 * wall ms, the main thread's CPU ms, every thread's CPU ms together (process.cpuUsage: workers, main, V8 helpers),
 * each worker's busy and CPU ms, and the resulting idle (wall - busy) and off-core (busy - cpu) ms per worker.
 * PROFILE_WARMUP (default 3) steps run first, untimed; 64 makes the window `npm run bench`'s second pass.
 * PROFILE_NICE=19 (a probe, Linux): every thread of the process but the main one that exists before the pool starts
 * (V8's platform workers among them) runs at that nice value, so that V8's compiling takes turns only with idle workers.
 */
import { loadDataset } from '../src/data/loadDataset.js';
import { makeBatch } from '../src/data/makeBatch.js';
import { buildResNet } from '../src/models/buildResNet.js';
import { selectBackend } from '../src/backend/selectBackend.js';
import { modelPayload } from '../src/models/parallel/modelPayload.js';
import { ParallelTrainer } from '../src/models/parallel/ParallelTrainer.js';
import { WorkerPool } from '../src/models/parallel/WorkerPool.js';
import { threadCpuSeconds } from '../src/parallel/threadCpuSeconds.js';
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

/** CPU ticks of every thread of this process by name (Linux /proc). */
function threadTicks(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = `${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}#${tid}`;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(name, Number(f[11]) + Number(f[12]));
    } catch {
      // the thread ended
    }
  }
  return out;
}

const STEPS = Number(process.argv[2] ?? 64);
const WORKERS = Number(process.argv[3] ?? 2);
const BATCH = Number(process.env.PROFILE_BATCH ?? 64);
await selectBackend('wasm');
const dataset = loadDataset({ name: 'mnist', split: 'train' });
const data = makeBatch(dataset, Int32Array.from({ length: STEPS * BATCH }, (_, i) => i));
const shape = [BATCH, 28, 28, 1] as [number, number, number, number];
const threadsBeforePool = readdirSync('/proc/self/task').map(Number).filter((tid) => tid !== process.pid);
const pool = await WorkerPool.create({ workers: WORKERS, backend: 'wasm' });
const model = buildResNet({ arch: 'resnet8', inputShape: [28, 28, 1], classes: 10, seed: 1 });
const trainer = await ParallelTrainer.create(pool, { ...modelPayload(model), optimizer: { optimizer: 'adam', momentum: 0, weightDecay: 0 }, classes: 10 });
model.dispose();
const batch = (s: number) => ({ images: data.images.subarray(s * BATCH * 784, (s + 1) * BATCH * 784), labels: data.labels.subarray(s * BATCH, (s + 1) * BATCH) });
if (process.env.PROFILE_NICE) for (const tid of threadsBeforePool) setPriority(tid, Number(process.env.PROFILE_NICE));
const WARMUP = Number(process.env.PROFILE_WARMUP ?? 3);
for (let s = 0; s < WARMUP; s++) await trainer.step(batch(s % STEPS).images, batch(s % STEPS).labels, shape, 1e-3);
await trainer.getWeights();
const usage = () => Promise.all(Array.from({ length: pool.size }, (_, w) => pool.request(w, 'usage', {})));
const before = await usage();
const per = (x: number) => Math.round((x / STEPS) * 100) / 100;
if (process.env.PROFILE_MARK) console.log('@@WINDOW');
const ticks0 = threadTicks();
const [wall0, main0, proc0] = [performance.now(), threadCpuSeconds(), process.cpuUsage()];
for (let s = 0; s < STEPS; s++) await trainer.step(batch(s).images, batch(s).labels, shape, 1e-3);
await trainer.getWeights();
const [wall, main, proc] = [performance.now() - wall0, threadCpuSeconds() - main0, process.cpuUsage(proc0)];
const ticks1 = threadTicks();
const after = await usage();
const threads = [...ticks1].map(([name, t]) => [name, per((t - (ticks0.get(name) ?? 0)) * 10)] as const).filter(([, ms]) => ms > 0.05);
const workers = after.map((u, w) => {
  const busy = (u.busySeconds - before[w].busySeconds) * 1000;
  const cpu = (u.cpuSeconds - before[w].cpuSeconds) * 1000;
  return { busyMs: per(busy), cpuMs: per(cpu), idleMs: per(wall - busy), offCoreMs: per(busy - cpu) };
});
const workerCpu = workers.reduce((s, w) => s + w.cpuMs, 0);
const allCpuMs = (proc.user + proc.system) / 1000;
console.log(JSON.stringify({
  steps: STEPS, workerCount: WORKERS, imgPerSecond: Math.round((STEPS * BATCH) / (wall / 1000)),
  perStep: { wallMs: per(wall), mainThreadCpuMs: per(main * 1000), allThreadsCpuMs: per(allCpuMs), otherThreadsCpuMs: Math.round((per(allCpuMs) - per(main * 1000) - workerCpu) * 100) / 100 },
  workers,
  threadsCpuMsPerStep: Object.fromEntries(threads),
}));
await trainer.dispose();
await pool.close();
