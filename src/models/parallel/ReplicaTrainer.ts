import * as tf from '@tensorflow/tfjs';
import type { BatchStatsUpdate } from '../ModelGraph.js';
import { computeGradients, updateRunningStats } from '../trainStep.js';
import { TrainingOptimizer, type OptimizerConfig, type OptimizerSnapshot } from '../TrainingOptimizer.js';
import { I2xError } from '../../util/I2xError.js';
import type { FlatBatchStats } from '../../parallel/FlatBatchStats.js';
import type { ReplicaModel } from './ReplicaModel.js';
import type { ReplyOf } from './workerProtocol.js';

/**
 * The worker half of data-parallel training: computes one slice's gradients (flattened in
 * `model.trainableWeights` order, into this replica's slot of the shared exchange) and applies the averaged
 * update (read from the exchange's average) with `TrainingOptimizer`, the optimizer single-thread training
 * uses. Every replica applies the same averaged numbers, so replicas stay bit-identical; with one worker the
 * update is bit-identical to `trainModel`'s own.
 */
export class ReplicaTrainer {
  private readonly optimizer: TrainingOptimizer;
  private readonly variables: tf.Variable[];
  readonly gradientLength: number;
  private exchange?: { slot: Float32Array; average: Float32Array };

  constructor(private readonly replica: ReplicaModel, optimizer: OptimizerConfig, private readonly classes: number) {
    this.optimizer = TrainingOptimizer.create(replica.model, optimizer);
    this.variables = replica.model.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());
    this.gradientLength = this.variables.reduce((n, v) => n + v.size, 0);
  }

  /** The shared arrays this replica writes its gradients to and reads the averaged gradient from (gradientLength floats each). */
  share(slot: Float32Array, average: Float32Array): void {
    if (slot.length !== this.gradientLength || average.length !== this.gradientLength) {
      throw new I2xError('E_MODEL', `trainShare got a slot of ${slot.length} and an average of ${average.length} values; this replica has ${this.gradientLength} trainable values.`);
    }
    this.exchange = { slot, average };
  }

  /** images [N, H, W, C] flat, labels [N]; the gradients go to the shared slot. */
  gradients(images: Float32Array, labels: Int32Array, shape: number[]): ReplyOf<'trainGradients'> {
    const gradients = this.shared().slot;
    const x = tf.tensor4d(images, shape as [number, number, number, number]);
    const y = tf.tensor1d(labels, 'int32');
    const step = computeGradients(this.replica.graph, x, y, this.classes);
    try {
      let offset = 0;
      for (const v of this.variables) {
        gradients.set(step.grads[v.name].dataSync() as Float32Array, offset);
        offset += v.size;
      }
      const channels = step.batchStats.map((s) => s.mean.size);
      const values = new Float32Array(2 * channels.reduce((a, b) => a + b, 0));
      let at = 0;
      for (const s of step.batchStats) {
        values.set(s.mean.dataSync() as Float32Array, at);
        values.set(s.variance.dataSync() as Float32Array, at + s.mean.size);
        at += 2 * s.mean.size;
      }
      const stats: FlatBatchStats = { layers: step.batchStats.map((s) => s.layer), channels, counts: step.batchStats.map((s) => s.count), values };
      return { loss: step.loss.dataSync()[0], correct: step.correct.dataSync()[0], stats };
    } finally {
      tf.dispose([x, y, step.loss, step.correct, ...Object.values(step.grads), ...step.batchStats.flatMap((s) => [s.mean, s.variance])]);
    }
  }

  /** One optimizer step with the shared average (the optimizer adds the weight decay), then the BatchNorm running averages. */
  apply(stats: FlatBatchStats, lr: number): void {
    const gradients = this.shared().average;
    const named: tf.NamedTensorMap = {};
    let offset = 0;
    for (const v of this.variables) {
      named[v.name] = tf.tensor(gradients.subarray(offset, offset + v.size), v.shape);
      offset += v.size;
    }
    try {
      this.optimizer.step(named, lr);
    } finally {
      tf.dispose(Object.values(named));
    }
    const updates: BatchStatsUpdate[] = [];
    let at = 0;
    stats.layers.forEach((layer, i) => {
      const c = stats.channels[i];
      updates.push({ layer, mean: tf.tensor1d(stats.values.subarray(at, at + c)), variance: tf.tensor1d(stats.values.subarray(at + c, at + 2 * c)), count: stats.counts[i] });
      at += 2 * c;
    });
    try {
      updateRunningStats(this.replica.graph, updates);
    } finally {
      tf.dispose(updates.flatMap((u) => [u.mean, u.variance]));
    }
  }

  private shared(): { slot: Float32Array; average: Float32Array } {
    if (!this.exchange) throw new I2xError('E_MODEL', "This training replica has no gradient exchange yet; send 'trainShare' after 'trainInit'.");
    return this.exchange;
  }

  /** The optimizer's state as `optimizer.bin` stores it (fresh arrays, safe to transfer). */
  async getState(): Promise<OptimizerSnapshot> {
    const snapshot = await this.optimizer.snapshot();
    return { ...snapshot, slots: snapshot.slots.map((s) => s.slice()) };
  }

  setState(state: OptimizerSnapshot): void {
    this.optimizer.restore(state, 'ParallelTrainer.setOptimizerState');
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}
