import * as tf from '@tensorflow/tfjs';
import { I2xError } from '../util/I2xError.js';
import type { OptimizerFileEntry } from './CheckpointMeta.js';
import type { TrainConfig } from './TrainConfig.js';

/** PyTorch's Adam defaults. */
const BETA1 = 0.9;
const BETA2 = 0.999;
const ADAM_EPSILON = 1e-8;

/** The keys of the `train` config that choose the optimizer (the learning rate is given to every step). */
export type OptimizerConfig = Pick<TrainConfig, 'optimizer' | 'momentum' | 'weightDecay'>;

/** An optimizer's state as plain arrays: slots in `OptimizerFileEntry` order (see `TrainingOptimizer.slotNames`). */
export interface OptimizerSnapshot {
  kind: 'adam' | 'sgd';
  iterations: number;
  slots: Float32Array[];
}

/**
 * Adam or SGD (+momentum) over a model's trainable weights, with PyTorch's update rules and coupled L2
 * weight decay. Written out rather than taken from tf.train because a resumed run must be bit-identical to
 * an uninterrupted one: tfjs's Adam restores its bias-correction accumulators with pow(beta, t), which
 * differs in float32 from the running product it keeps while training (measured on wasm: 19,817 of the
 * first 20,000 steps differ), so weights would drift after a resume. Here the bias corrections are computed
 * in float64 from the step count, and the whole state is the step count plus the slots.
 *
 * Slots, in `model.trainableWeights` order: adam -> m for every weight, then v for every weight;
 * sgd with momentum -> one velocity per weight; plain sgd -> none.
 */
export class TrainingOptimizer {
  private iterations = 0;

  private constructor(
    readonly kind: 'adam' | 'sgd',
    private readonly momentum: number,
    private readonly weightDecay: number,
    private readonly variables: tf.Variable[],
    private readonly names: string[],
    private readonly slots: tf.Variable[],
  ) {}

  static create(model: tf.LayersModel, config: OptimizerConfig): TrainingOptimizer {
    if (config.optimizer !== 'adam' && config.optimizer !== 'sgd') {
      throw new I2xError('E_CONFIG', `train.optimizer '${String(config.optimizer)}' is not known; accepted: adam, sgd.`);
    }
    const weights = model.trainableWeights;
    const variables = weights.map((w) => (w as unknown as { read(): tf.Variable }).read());
    const names = weights.map((w) => w.originalName);
    const perWeight = config.optimizer === 'adam' ? 2 : config.momentum > 0 ? 1 : 0;
    const slots: tf.Variable[] = [];
    for (let k = 0; k < perWeight; k++) for (const v of variables) slots.push(tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
    return new TrainingOptimizer(config.optimizer, config.momentum, config.weightDecay, variables, names, slots);
  }

  /** The variable names computeGradients keys gradients by, in trainable-weight order. */
  get variableNames(): string[] {
    return this.variables.map((v) => v.name);
  }

  /** Name and shape of each slot, e.g. 'stem_conv/kernel/m' (stable across processes, unlike variable names). */
  get slotEntries(): OptimizerFileEntry[] {
    const suffixes = this.kind === 'adam' ? ['m', 'v'] : ['momentum'];
    return this.slots.map((slot, i) => ({
      name: `${this.names[i % this.names.length]}/${suffixes[Math.floor(i / this.names.length)]}`,
      shape: slot.shape.slice(),
    }));
  }

  /** One update with `lr`; `grads` maps variable names to gradients (as computeGradients returns them). */
  step(grads: tf.NamedTensorMap, lr: number): void {
    const t = this.iterations + 1;
    const fusedAdam = tf.getBackend() === 'wasm' && tf.getKernel('I2xAdam', 'wasm') !== undefined;
    tf.tidy(() => {
      this.variables.forEach((variable, i) => {
        const gradient = grads[variable.name];
        if (!gradient) throw new I2xError('E_MODEL', `No gradient for trainable weight '${this.names[i]}' (variable ${variable.name}).`);
        if (this.kind === 'adam' && fusedAdam) {
          // the same float32 operations in one wasm SIMD pass (src/backend/wasm/channelKernels.wat)
          const m = this.slots[i];
          const v = this.slots[this.variables.length + i];
          const [w2, m2, v2] = tf.engine().runKernel('I2xAdam', { w: variable, g: gradient, m, v }, {
            b1: BETA1, c1: 1 - BETA1, b2: BETA2, c2: 1 - BETA2, s2: Math.sqrt(1 - BETA2 ** t), eps: ADAM_EPSILON, step: lr / (1 - BETA1 ** t), wd: this.weightDecay,
          }) as tf.Tensor[];
          variable.assign(w2);
          m.assign(m2);
          v.assign(v2);
          return;
        }
        const g = this.weightDecay > 0 ? tf.add(gradient, tf.mul(variable, this.weightDecay)) : gradient;
        if (this.kind === 'adam') {
          const m = this.slots[i];
          const v = this.slots[this.variables.length + i];
          m.assign(tf.add(tf.mul(m, BETA1), tf.mul(g, 1 - BETA1)));
          v.assign(tf.add(tf.mul(v, BETA2), tf.mul(tf.square(g), 1 - BETA2)));
          // PyTorch's form: w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
          const denominator = tf.add(tf.div(tf.sqrt(v), Math.sqrt(1 - BETA2 ** t)), ADAM_EPSILON);
          variable.assign(tf.sub(variable, tf.mul(tf.div(m, denominator), lr / (1 - BETA1 ** t))));
        } else if (this.slots.length > 0) {
          const velocity = this.slots[i];
          velocity.assign(tf.add(tf.mul(velocity, this.momentum), g));
          variable.assign(tf.sub(variable, tf.mul(velocity, lr)));
        } else {
          variable.assign(tf.sub(variable, tf.mul(g, lr)));
        }
      });
    });
    this.iterations = t;
  }

  async snapshot(): Promise<OptimizerSnapshot> {
    const slots = await Promise.all(this.slots.map(async (s) => (await s.data()) as Float32Array));
    return { kind: this.kind, iterations: this.iterations, slots };
  }

  /** Restores a snapshot; `where` names its source in errors. */
  restore(snapshot: OptimizerSnapshot, where: string): void {
    if (snapshot.kind !== this.kind || snapshot.slots.length !== this.slots.length) {
      throw new I2xError('E_CHECKPOINT', `${where}: optimizer state is '${snapshot.kind}' with ${snapshot.slots.length} slots; this run uses '${this.kind}' with ${this.slots.length}.`);
    }
    snapshot.slots.forEach((values, i) => {
      if (values.length !== this.slots[i].size) {
        throw new I2xError('E_CHECKPOINT', `${where}: optimizer slot ${this.slotEntries[i].name} has ${values.length} values; expected ${this.slots[i].size}.`);
      }
      tf.tidy(() => this.slots[i].assign(tf.tensor(values, this.slots[i].shape)));
    });
    this.iterations = snapshot.iterations;
  }

  dispose(): void {
    tf.dispose(this.slots);
  }
}
