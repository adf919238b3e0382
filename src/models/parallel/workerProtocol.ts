import type * as tf from '@tensorflow/tfjs';
import type { BackendChoice } from '../../backend/selectBackend.js';
import type { ModelGraph } from '../ModelGraph.js';
import type { OptimizerConfig, OptimizerSnapshot } from '../TrainingOptimizer.js';
import type { FlatBatchStats } from '../../parallel/FlatBatchStats.js';
import type { SerializedError } from '../../parallel/WorkerTaskError.js';

/** A model as it travels to a worker: the `model.toJSON()` topology and weights in `model.getWeights()` order. */
export interface ModelPayload {
  /** `model.toJSON()` (string) or `model.toJSON(null, false)` (object) */
  modelJson: string | object;
  weights: Float32Array[];
}

/**
 * Every request the main thread can make of a replica worker, with its parameters and its reply.
 * Images are normalised NHWC float32; shapes are [N, H, W, C]. A worker handles its requests one at a
 * time, in the order they were posted.
 */
export interface WorkerProtocol {
  init: { params: { backend: BackendChoice }; reply: { backend: string } };
  /** builds the model under `key`, replacing any model already held under it */
  loadModel: { params: ModelPayload & { key: string }; reply: { weightCount: number } };
  dropModel: { params: { key: string }; reply: Record<string, never> };
  /** drops every model and training replica the worker holds (a kept pool between two users); replies how many tensors remain */
  reset: { params: Record<string, never>; reply: { numTensors: number } };
  /**
   * Saliency maps [N, h, w] at `layer` by the method `method` of the registry that the module at `methods`
   * (a file URL of compiled JavaScript) exports as `saliencyMethods`; the worker imports it once.
   */
  saliency: {
    params: {
      key: string;
      methods: string;
      method: string;
      layer: string;
      images: Float32Array;
      shape: number[];
      /** each sample's label, its argmax class, one class index for all, or a class per sample */
      target: SaliencyTargetParam;
      labels?: Int32Array;
      inputBounds?: { low: number[]; high: number[] };
      /** also reply with the final dense layer's input [N, D] */
      headInputs?: boolean;
    };
    reply: { maps: Float32Array; mapShape: number[]; logits: Float32Array; headInputs?: Float32Array };
  };
  infer: {
    /** `directConvolution`: ModelGraph.forward's option of that name */
    params: { key: string; images: Float32Array; shape: number[]; capture?: string; directConvolution?: boolean };
    reply: { logits: Float32Array; activations?: Float32Array; activationShape?: number[] };
  };
  /** makes the model under `key` a training replica with its own TrainingOptimizer */
  trainInit: { params: { key: string; optimizer: OptimizerConfig; classes: number }; reply: { gradientLength: number } };
  /**
   * Where the replica's gradients travel: `slot` (its own, which trainGradients writes) and `average` (which
   * trainApply reads), each gradientLength floats of a SharedArrayBuffer that the main thread also sees.
   */
  trainShare: { params: { key: string; slot: Float32Array; average: Float32Array }; reply: Record<string, never> };
  /**
   * One slice's forward + backward pass; nothing is updated yet. Writes d(mean loss of the slice) / d(weights),
   * flat in `model.trainableWeights` order, into the replica's `slot` (trainShare) before it replies.
   */
  trainGradients: {
    params: { key: string; images: Float32Array; labels: Int32Array; shape: number[] };
    reply: { loss: number; correct: number; stats: FlatBatchStats };
  };
  /** applies the averaged gradient (in `average`, trainShare) and BatchNorm statistics, identically on every replica */
  trainApply: { params: { key: string; stats: FlatBatchStats; lr: number }; reply: Record<string, never> };
  getWeights: { params: { key: string }; reply: { weights: Float32Array[] } };
  setWeights: { params: { key: string; weights: Float32Array[] }; reply: Record<string, never> };
  /** TrainingOptimizer's state: step count and slots, as `optimizer.bin` holds them */
  getOptimizerState: { params: { key: string }; reply: { state: OptimizerSnapshot } };
  setOptimizerState: { params: { key: string; state: OptimizerSnapshot }; reply: Record<string, never> };
  /**
   * The worker's resource use: live tensors (for leak tests), CPU seconds of its thread (NaN off Linux)
   * and seconds its event loop was busy handling requests, both since the worker started.
   */
  usage: { params: Record<string, never>; reply: { numTensors: number; cpuSeconds: number; busySeconds: number } };
}

export type SaliencyTargetParam = 'label' | 'predicted' | number | Int32Array;

/**
 * What the `saliency` request needs of the registry a methods module exports as `saliencyMethods`
 * (src/explain/saliencyMethods.ts, or a test's extension of it): the in-thread call, made in the worker.
 */
export interface WorkerSaliencyMethods {
  compute(request: {
    graph: ModelGraph;
    x: tf.Tensor4D;
    layer: string;
    method: string;
    target: SaliencyTargetParam;
    labels?: Int32Array;
    inputBounds?: { low: number[]; high: number[] };
    headInputs?: boolean;
  }): { maps: tf.Tensor3D; logits: tf.Tensor2D; headInputs?: tf.Tensor2D };
}

export type WorkerMethod = keyof WorkerProtocol;
export type ParamsOf<M extends WorkerMethod> = WorkerProtocol[M]['params'];
export type ReplyOf<M extends WorkerMethod> = WorkerProtocol[M]['reply'];

export interface RequestEnvelope<M extends WorkerMethod = WorkerMethod> {
  id: number;
  method: M;
  params: ParamsOf<M>;
}

export type ReplyEnvelope = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: SerializedError };
