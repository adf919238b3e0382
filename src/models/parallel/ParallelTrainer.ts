import type { OptimizerConfig, OptimizerSnapshot } from '../TrainingOptimizer.js';
import { I2xError } from '../../util/I2xError.js';
import { assertImageBatch } from '../../parallel/assertImageBatch.js';
import { averageGradients } from '../../parallel/averageGradients.js';
import { poolBatchStats } from '../../parallel/poolBatchStats.js';
import type { ModelPayload } from './workerProtocol.js';
import type { WorkerPool } from './WorkerPool.js';

export interface ParallelTrainerOptions extends ModelPayload {
  /** `train.optimizer`, `momentum`, `weightDecay` (a TrainConfig will do) */
  optimizer: OptimizerConfig;
  classes: number;
}

export interface ParallelStepResult {
  /** mean softmax cross-entropy over the whole batch */
  loss: number;
  /** correctly classified samples in the whole batch */
  correct: number;
}

let trainers = 0;

/**
 * Synchronous data-parallel training on every worker of a pool (DistributedDataParallel's scheme).
 * Each worker holds a replica built from the same topology and weights, with its own TrainingOptimizer
 * (the one `trainModel` uses in a single thread, so its state is what checkpoints store). A step
 * splits the batch evenly, each worker computes its slice's gradient, the main thread averages them
 * (weighted by slice size, so the result is the gradient of the batch's mean loss) and every replica
 * applies that same average, so replicas stay bit-identical. Gradients (~80k floats for resnet8) do not travel
 * in messages: each worker writes its slice's gradient into its own slot of a SharedArrayBuffer, the main thread
 * averages the slots into the buffer's average, and every replica reads that. Messages carry the batch slices,
 * losses, BatchNorm statistics and the learning rate. A slot is written only by its worker's trainGradients and
 * read only after that worker's reply; the average is written only after every replica has answered the last
 * trainApply (`settle`), so no array is read while it is written.
 *
 * BatchNorm: the forward pass normalises each slice with its own statistics, as DDP without SyncBN does,
 * so gradients differ slightly from one pass over the whole batch when W > 1. The running averages are
 * updated with the slices' statistics pooled into those of the whole batch, identically on every replica.
 *
 * Nothing waits for an update to be applied: the next step's slices are posted right behind it (each
 * worker handles requests in order), so a step costs the workers one exchange with the main thread.
 */
export class ParallelTrainer {
  private pendingApply: Promise<void> = Promise.resolve();
  private applyError: unknown;
  private stepping = false;

  private constructor(
    private readonly pool: WorkerPool,
    private readonly key: string,
    readonly gradientLength: number,
    /** each worker's gradient, written by that worker */
    private readonly slots: Float32Array[],
    /** the averaged gradient every replica applies, written here */
    private readonly average: Float32Array,
  ) {}

  static async create(pool: WorkerPool, options: ParallelTrainerOptions): Promise<ParallelTrainer> {
    const key = `train:${++trainers}`;
    await pool.requestAll('loadModel', () => ({ key, modelJson: options.modelJson, weights: options.weights }));
    const replies = await pool.requestAll('trainInit', () => ({ key, optimizer: options.optimizer, classes: options.classes }));
    const length = replies[0].gradientLength;
    const shared = new SharedArrayBuffer(Float32Array.BYTES_PER_ELEMENT * length * (pool.size + 1));
    const slots = Array.from({ length: pool.size }, (_, w) => new Float32Array(shared, Float32Array.BYTES_PER_ELEMENT * length * w, length));
    const average = new Float32Array(shared, Float32Array.BYTES_PER_ELEMENT * length * pool.size, length);
    await pool.requestAll('trainShare', (w) => ({ key, slot: slots[w], average }));
    return new ParallelTrainer(pool, key, length, slots, average);
  }

  /** The number of replicas (the pool's workers). */
  get replicas(): number {
    return this.pool.size;
  }

  /**
   * One optimizer step on a batch: images [N, H, W, C] flat (normalised), labels [N], with this step's
   * learning rate `lr` (`learningRateAt`). The caller's arrays are copied, never detached.
   */
  async step(images: Float32Array, labels: Int32Array, batchShape: readonly [number, number, number, number], lr: number): Promise<ParallelStepResult> {
    const count = assertImageBatch(images, batchShape, 'ParallelTrainer.step');
    if (labels.length !== count) throw new I2xError('E_DATA', `ParallelTrainer.step: ${labels.length} labels for ${count} images.`);
    if (count === 0) throw new I2xError('E_DATA', 'ParallelTrainer.step: the batch is empty.');
    if (this.applyError !== undefined) throw this.applyError;
    if (this.stepping) throw new I2xError('E_STAGE', 'ParallelTrainer.step was called while another step was running; await each step before the next.');
    this.stepping = true;
    try {
      return await this.runStep(images, labels, batchShape, count, lr);
    } finally {
      this.stepping = false;
    }
  }

  private async runStep(images: Float32Array, labels: Int32Array, batchShape: readonly [number, number, number, number], count: number, lr: number): Promise<ParallelStepResult> {
    // Posted without waiting for the previous update: a worker handles requests in order, so it applies
    // that update first, and the main thread's round trip stays off the critical path.
    const perImage = batchShape[1] * batchShape[2] * batchShape[3];
    const slices = splitEvenly(count, this.pool.size);
    const replies = await Promise.all(slices.map(([start, end], worker) => {
      const sliceImages = images.slice(start * perImage, end * perImage);
      const sliceLabels = labels.slice(start, end);
      const shape = [end - start, batchShape[1], batchShape[2], batchShape[3]];
      return this.pool.request(worker, 'trainGradients', { key: this.key, images: sliceImages, labels: sliceLabels, shape }, [sliceImages.buffer, sliceLabels.buffer]);
    }));
    // Settled already for every worker that had a slice (it answered the update before these gradients); a worker
    // without one may still be reading the average, which is about to be overwritten.
    await this.settle();
    const weights = slices.map(([start, end]) => (end - start) / count);
    averageGradients(slices.map((_, worker) => this.slots[worker]), weights, this.average);
    const stats = poolBatchStats(replies.map((r) => r.stats));
    // Every replica applies the update, including those that had no slice (batch smaller than the pool).
    this.pendingApply = this.pool.requestAll('trainApply', () => ({ key: this.key, stats, lr })).then(
      () => undefined,
      (err) => {
        this.applyError ??= err;
      },
    );
    return {
      loss: replies.reduce((sum, r, i) => sum + weights[i] * r.loss, 0),
      correct: replies.reduce((sum, r) => sum + r.correct, 0),
    };
  }

  /** Weights in `model.getWeights()` order (for checkpoints), read from replica `worker` (default 0). */
  async getWeights(worker = 0): Promise<Float32Array[]> {
    await this.settle();
    return (await this.pool.request(worker, 'getWeights', { key: this.key })).weights;
  }

  /** Sets every replica's weights (`model.getWeights()` order), e.g. to resume from a checkpoint. */
  async setWeights(weights: Float32Array[]): Promise<void> {
    await this.settle();
    await this.pool.requestAll('setWeights', () => ({ key: this.key, weights }));
  }

  /** TrainingOptimizer's state (step count + slots), read from replica 0: what `optimizer.bin` stores. */
  async getOptimizerState(): Promise<OptimizerSnapshot> {
    await this.settle();
    return (await this.pool.request(0, 'getOptimizerState', { key: this.key })).state;
  }

  /** Sets every replica's optimizer state, e.g. a checkpoint's (`TrainingOptimizer.snapshot()` of a restored run). */
  async setOptimizerState(state: OptimizerSnapshot): Promise<void> {
    await this.settle();
    await this.pool.requestAll('setOptimizerState', () => ({ key: this.key, state }));
  }

  /** Frees the replicas on the workers (the pool stays open). */
  async dispose(): Promise<void> {
    await this.pendingApply;
    await this.pool.requestAll('dropModel', () => ({ key: this.key }));
  }

  /** Waits for the last posted update; a failed update leaves replicas out of step, so it fails every later call. */
  private async settle(): Promise<void> {
    await this.pendingApply;
    if (this.applyError !== undefined) throw this.applyError;
  }
}

/** [start, end) of each worker's slice: sizes differ by at most one, larger first; empty when count < workers. */
function splitEvenly(count: number, workers: number): [number, number][] {
  const base = Math.floor(count / workers);
  const extra = count % workers;
  const slices: [number, number][] = [];
  let start = 0;
  for (let w = 0; w < workers; w++) {
    const end = start + base + (w < extra ? 1 : 0);
    slices.push([start, end]);
    start = end;
  }
  return slices.filter(([s, e]) => e > s);
}
