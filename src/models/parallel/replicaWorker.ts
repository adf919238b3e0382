/**
 * Entry point of a WorkerPool thread: one tfjs backend, the models loaded into it by key, and a
 * training replica per model that is being trained. Requests are handled strictly one at a time, in the
 * order they arrive, so a `trainApply` posted before the next `trainGradients` is always applied first.
 * Every typed array in a reply is a fresh copy, so replies transfer their buffers instead of copying. Training
 * gradients do not travel in messages: each replica writes its own into shared memory and reads the average there.
 */
import * as tf from '@tensorflow/tfjs';
import { parentPort } from 'node:worker_threads';
import { selectBackend } from '../../backend/selectBackend.js';
import { I2xError } from '../../util/I2xError.js';
import { ReplicaModel } from './ReplicaModel.js';
import { ReplicaTrainer } from './ReplicaTrainer.js';
import { threadCpuSeconds } from '../../parallel/threadCpuSeconds.js';
import type { ParamsOf, ReplyOf, RequestEnvelope, ReplyEnvelope, WorkerMethod, WorkerSaliencyMethods } from './workerProtocol.js';

const models = new Map<string, ReplicaModel>();
const trainers = new Map<string, ReplicaTrainer>();

type Handlers = { [M in WorkerMethod]: (params: ParamsOf<M>) => ReplyOf<M> | Promise<ReplyOf<M>> };

const handlers: Handlers = {
  async init({ backend }) {
    return { backend: (await selectBackend(backend)).name };
  },
  async loadModel({ key, modelJson, weights }) {
    drop(key);
    const replica = await ReplicaModel.fromPayload({ modelJson, weights });
    models.set(key, replica);
    return { weightCount: replica.model.weights.length };
  },
  dropModel({ key }) {
    drop(key);
    return {};
  },
  reset() {
    for (const key of new Set([...models.keys(), ...trainers.keys()])) drop(key);
    return { numTensors: tf.memory().numTensors };
  },
  async saliency({ key, methods, method, layer, images, shape, target, labels, inputBounds, headInputs: withHeadInputs }) {
    const { graph } = model(key);
    const registry = await saliencyMethods(methods);
    // Each tidy returns tensors, read after it: a tidy that returned the typed arrays would walk every value of
    // them as a tensor container (about 1 us per value, 10-20 ms per batch of 128 Grad-CAM maps).
    const { maps, logits, headInputs } = tf.tidy(() => {
      const x = tf.tensor4d(images, shape as [number, number, number, number]);
      return registry.compute({ graph, x, layer, method, target, labels, inputBounds, headInputs: withHeadInputs });
    });
    try {
      return { maps: copy(maps), mapShape: maps.shape, logits: copy(logits), ...(withHeadInputs && headInputs ? { headInputs: copy(headInputs) } : {}) };
    } finally {
      tf.dispose([maps, logits, ...(headInputs ? [headInputs] : [])]);
    }
  },
  infer({ key, images, shape, capture, directConvolution }) {
    const { graph } = model(key);
    const { logits, activations } = tf.tidy(() => {
      const x = tf.tensor4d(images, shape as [number, number, number, number]);
      const out = graph.forward(x, { mode: 'infer', capture: capture ? [capture] : [], directConvolution });
      return { logits: out.get(graph.outputName)!, activations: capture ? out.get(capture)! : undefined };
    });
    try {
      if (!activations) return { logits: copy(logits) };
      return { logits: copy(logits), activations: copy(activations), activationShape: activations.shape };
    } finally {
      tf.dispose([logits, ...(activations ? [activations] : [])]);
    }
  },
  trainInit({ key, optimizer, classes }) {
    trainers.get(key)?.dispose();
    const trainer = new ReplicaTrainer(model(key), optimizer, classes);
    trainers.set(key, trainer);
    return { gradientLength: trainer.gradientLength };
  },
  trainShare({ key, slot, average }) {
    trainer(key).share(slot, average);
    return {};
  },
  trainGradients({ key, images, labels, shape }) {
    return trainer(key).gradients(images, labels, shape);
  },
  trainApply({ key, stats, lr }) {
    trainer(key).apply(stats, lr);
    return {};
  },
  getWeights({ key }) {
    return { weights: model(key).getWeights() };
  },
  setWeights({ key, weights }) {
    model(key).setWeights(weights);
    return {};
  },
  async getOptimizerState({ key }) {
    return { state: await trainer(key).getState() };
  },
  setOptimizerState({ key, state }) {
    trainer(key).setState(state);
    return {};
  },
  usage() {
    return { numTensors: tf.memory().numTensors, cpuSeconds: threadCpuSeconds(), busySeconds: performance.eventLoopUtilization().active / 1000 };
  },
};

function model(key: string): ReplicaModel {
  const found = models.get(key);
  if (!found) throw new I2xError('E_MODEL', `No model is loaded under key '${key}' in this worker; send 'loadModel' first (loaded: ${[...models.keys()].join(', ') || 'none'}).`);
  return found;
}

/** The saliency registry a methods module exports, imported once per worker and URL. */
const saliencyRegistries = new Map<string, Promise<WorkerSaliencyMethods>>();
function saliencyMethods(moduleUrl: string): Promise<WorkerSaliencyMethods> {
  let loading = saliencyRegistries.get(moduleUrl);
  if (!loading) {
    loading = import(moduleUrl).then((module: { saliencyMethods?: Partial<WorkerSaliencyMethods> }) => {
      if (typeof module.saliencyMethods?.compute !== 'function') {
        throw new I2xError('E_BACKEND', `The module ${moduleUrl} exports no saliency registry 'saliencyMethods' (a SaliencyRegistry, as src/explain/saliencyMethods.ts does).`);
      }
      return module.saliencyMethods as WorkerSaliencyMethods;
    });
    saliencyRegistries.set(moduleUrl, loading);
    loading.catch(() => saliencyRegistries.delete(moduleUrl));
  }
  return loading;
}

function trainer(key: string): ReplicaTrainer {
  const found = trainers.get(key);
  if (!found) throw new I2xError('E_MODEL', `The model under key '${key}' is not set up for training in this worker; send 'trainInit' first.`);
  return found;
}

function drop(key: string): void {
  trainers.get(key)?.dispose();
  trainers.delete(key);
  models.get(key)?.dispose();
  models.delete(key);
}

/** A float tensor's values in a buffer of their own (backends may hand out their internal storage). */
function copy(t: tf.Tensor): Float32Array {
  return (t.dataSync() as Float32Array).slice();
}

/** The buffers of every typed array in a reply (two levels deep covers the protocol's shapes). */
function transferables(value: unknown, depth = 0, found: ArrayBuffer[] = []): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && !found.includes(value.buffer)) found.push(value.buffer);
  } else if (value && typeof value === 'object' && depth < 3) {
    for (const v of Array.isArray(value) ? value : Object.values(value)) transferables(v, depth + 1, found);
  }
  return found;
}

const port = parentPort;
if (!port) throw new Error('replicaWorker.js is a worker_threads entry point; start it through WorkerPool.');

let queue: Promise<void> = Promise.resolve();
port.on('message', (request: RequestEnvelope) => {
  queue = queue.then(() => handle(request));
});

async function handle({ id, method, params }: RequestEnvelope): Promise<void> {
  try {
    const handler = handlers[method] as (p: unknown) => unknown;
    if (!handler) throw new I2xError('E_BACKEND', `Unknown worker request '${method}'; known: ${Object.keys(handlers).join(', ')}.`);
    const result = await handler(params);
    port!.postMessage({ id, ok: true, result } satisfies ReplyEnvelope, transferables(result));
  } catch (err) {
    // also catches a reply that cannot be posted, so no request is left without an answer
    const e = err instanceof Error ? err : new Error(String(err));
    port!.postMessage({ id, ok: false, error: { name: e.name, message: e.message, stack: e.stack, code: (e as { code?: string }).code } } satisfies ReplyEnvelope);
  }
}
