import * as tf from '@tensorflow/tfjs';
import type { BatchStatsUpdate } from '../models/ModelGraph.js';
import { computeGradients, updateRunningStats } from '../models/trainStep.js';
import { I2xError } from '../util/I2xError.js';
import type { FlatBatchStats } from './FlatBatchStats.js';
import { makeOptimizer, setLearningRate } from './makeOptimizer.js';
import type { OptimizerSpec } from './OptimizerSpec.js';
import type { OptimizerState } from './OptimizerState.js';
import type { ReplicaModel } from './ReplicaModel.js';
import type { ReplyOf } from './workerProtocol.js';

/**
 * The worker half of data-parallel training: computes one slice's gradients (flattened in
 * `model.trainableWeights` order) and applies the averaged update it is sent. Every replica applies the
 * same averaged numbers with the same optimizer, so replicas stay bit-identical.
 */
export class ReplicaTrainer {
  private optimizer: tf.Optimizer;
  private readonly variables: tf.Variable[];
  readonly gradientLength: number;

  constructor(private readonly replica: ReplicaModel, private readonly spec: OptimizerSpec, private readonly classes: number) {
    this.optimizer = makeOptimizer(spec);
    this.variables = replica.model.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());
    this.gradientLength = this.variables.reduce((n, v) => n + v.size, 0);
  }

  /** images [N, H, W, C] flat, labels [N]. */
  gradients(images: Float32Array, labels: Int32Array, shape: number[]): ReplyOf<'trainGradients'> {
    const x = tf.tensor4d(images, shape as [number, number, number, number]);
    const y = tf.tensor1d(labels, 'int32');
    const step = computeGradients(this.replica.graph, x, y, this.classes);
    try {
      const gradients = new Float32Array(this.gradientLength);
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
      return { loss: step.loss.dataSync()[0], correct: step.correct.dataSync()[0], gradients, stats };
    } finally {
      tf.dispose([x, y, step.loss, step.correct, ...Object.values(step.grads), ...step.batchStats.flatMap((s) => [s.mean, s.variance])]);
    }
  }

  /** One optimizer step with `gradients` (plus coupled weight decay), then the BatchNorm running averages. */
  apply(gradients: Float32Array, stats: FlatBatchStats, lr: number): void {
    if (gradients.length !== this.gradientLength) {
      throw new I2xError('E_MODEL', `trainApply got ${gradients.length} gradient values; this replica has ${this.gradientLength} trainable values.`);
    }
    const weightDecay = this.spec.weightDecay ?? 0;
    tf.tidy(() => {
      const named: tf.NamedTensorMap = {};
      let offset = 0;
      for (const v of this.variables) {
        const g = tf.tensor(gradients.subarray(offset, offset + v.size), v.shape);
        named[v.name] = weightDecay > 0 ? tf.add(g, tf.mul(v, weightDecay)) : g;
        offset += v.size;
      }
      setLearningRate(this.optimizer, lr);
      this.optimizer.applyGradients(named);
    });
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

  /**
   * Slots in trainable-weight order (see OptimizerState): tfjs optimizers keep slot i for the i-th
   * gradient they are given, and `apply` always gives them in that order.
   */
  async getState(): Promise<OptimizerState> {
    const [iterations, ...slots] = await this.optimizer.getWeights();
    const state: OptimizerState = {
      kind: this.spec.kind,
      iterations: (await iterations.tensor.data())[0],
      slots: await Promise.all(slots.map(async (s) => ((await s.tensor.data()) as Float32Array).slice())),
    };
    tf.dispose(iterations.tensor);
    return state;
  }

  /** Replaces the optimizer by a fresh one holding `state` (tfjs's setWeights would leak the old slots). */
  async setState(state: OptimizerState): Promise<void> {
    if (state.kind !== this.spec.kind) {
      throw new I2xError('E_CHECKPOINT', `Optimizer state is for '${state.kind}', but this trainer uses '${this.spec.kind}'.`);
    }
    const perVariable = this.spec.kind === 'adam' ? 2 : (this.spec.momentum ?? 0) > 0 ? 1 : 0;
    const expected = perVariable * this.variables.length;
    if (state.slots.length !== 0 && state.slots.length !== expected) {
      throw new I2xError('E_CHECKPOINT', `Optimizer state has ${state.slots.length} slots; expected 0 or ${expected} (${perVariable} per trainable weight).`);
    }
    state.slots.forEach((values, i) => {
      const v = this.variables[i % this.variables.length];
      if (values.length !== v.size) throw new I2xError('E_CHECKPOINT', `Optimizer slot ${i} has ${values.length} values; weight '${v.name}' has ${v.size}.`);
    });
    const named = [
      { name: 'iter', tensor: tf.scalar(state.iterations, 'int32') },
      ...state.slots.map((values, i) => {
        const v = this.variables[i % this.variables.length];
        return { name: `${v.name}/slot${Math.floor(i / this.variables.length)}`, tensor: tf.tensor(values, v.shape) };
      }),
    ];
    const next = makeOptimizer(this.spec);
    try {
      await next.setWeights(named);
    } finally {
      tf.dispose(named.map((n) => n.tensor));
    }
    this.optimizer.dispose();
    this.optimizer = next;
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}
