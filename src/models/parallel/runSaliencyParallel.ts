import { compiledModuleUrl } from '../../util/compiledModuleUrl.js';
import { I2xError } from '../../util/I2xError.js';
import { assertImageBatch } from '../../parallel/assertImageBatch.js';
import { forEachBatchOnWorkers } from './forEachBatchOnWorkers.js';
import { withModelOnWorkers } from './withModelOnWorkers.js';
import type { ModelPayload, SaliencyTargetParam } from './workerProtocol.js';
import type { WorkerPool } from './WorkerPool.js';

export interface SaliencyParallelOptions extends ModelPayload {
  /** cache the model on the workers under this key (see withModelOnWorkers); else it is sent per call */
  modelKey?: string;
  /**
   * The registry `method` is taken from, e.g. `saliencyMethods` of src/explain/saliencyMethods.ts: each
   * worker imports the module at its `moduleUrl`, which exports it as `saliencyMethods`.
   */
  methods: { moduleUrl: string };
  /** a method name of that registry, e.g. 'gradcam' */
  method: string;
  /** the layer whose activations are explained, e.g. stageOutputLayer('resnet8') */
  layer: string;
  /** [N, H, W, C] flat, normalised */
  images: Float32Array;
  shape: readonly [number, number, number, number];
  /** each sample's label, its predicted (argmax) class, one class index for all, or a class per sample [N] */
  targets: SaliencyTargetParam;
  /** [N]; needed for targets 'label' */
  labels?: Int32Array;
  /** per-channel bounds of the normalised input, for LRP's EpsilonGammaBox */
  inputBounds?: { low: number[]; high: number[] };
  /** samples per worker request; default 128 */
  batchSize?: number;
  /** also return the final dense layer's input of every image (`headInputs`) */
  headInputs?: boolean;
}

export interface SaliencyParallelResult {
  /** [N, h, w] raw maps, as the method returns them in this thread */
  maps: Float32Array;
  mapShape: [number, number, number];
  /** [N, classes] */
  logits: Float32Array;
  classes: number;
  /** [N, headWidth] the final dense layer's input, when asked for (`headInputs: true`) */
  headInputs?: Float32Array;
  headWidth?: number;
}

/**
 * A registered saliency method over a whole image set on the pool's workers: batches go to whichever
 * worker is free and the results are put back in sample order. Each batch is computed exactly as
 * `methods.compute` computes it in this thread (the same code, on the same kind of backend).
 */
export async function runSaliencyParallel(pool: WorkerPool, options: SaliencyParallelOptions): Promise<SaliencyParallelResult> {
  const count = assertImageBatch(options.images, options.shape, 'runSaliencyParallel');
  checkPerSampleArrays(options, count);
  const methods = compiledModuleUrl(options.methods.moduleUrl).href;
  const perImage = options.shape[1] * options.shape[2] * options.shape[3];
  let result: SaliencyParallelResult | undefined;
  await withModelOnWorkers(pool, options, (key) =>
    forEachBatchOnWorkers(pool, count, options.batchSize ?? 128, async (worker, start, end) => {
      const images = options.images.slice(start * perImage, end * perImage);
      const shape = [end - start, options.shape[1], options.shape[2], options.shape[3]];
      const target = options.targets instanceof Int32Array ? options.targets.slice(start, end) : options.targets;
      const labels = options.targets === 'label' ? options.labels!.slice(start, end) : undefined;
      const transfer = [images.buffer, ...(target instanceof Int32Array ? [target.buffer] : []), ...(labels ? [labels.buffer] : [])];
      const params = { key, methods, method: options.method, layer: options.layer, images, shape, target, labels, inputBounds: options.inputBounds, headInputs: options.headInputs };
      const reply = await pool.request(worker, 'saliency', params, transfer);
      const [, h, w] = reply.mapShape;
      const classes = reply.logits.length / (end - start);
      result ??= { maps: new Float32Array(count * h * w), mapShape: [count, h, w], logits: new Float32Array(count * classes), classes };
      result.maps.set(reply.maps, start * h * w);
      result.logits.set(reply.logits, start * classes);
      if (options.headInputs) {
        if (!reply.headInputs) throw new I2xError('E_BACKEND', 'runSaliencyParallel: a worker replied without the head inputs asked for');
        const width = reply.headInputs.length / (end - start);
        result.headWidth ??= width;
        result.headInputs ??= new Float32Array(count * width);
        result.headInputs.set(reply.headInputs, start * width);
      }
    }),
  );
  return result ?? { maps: new Float32Array(0), mapShape: [0, 0, 0], logits: new Float32Array(0), classes: 0 };
}

/** The labels (for targets 'label') or per-sample targets cover the whole set, before it is split into batches. */
function checkPerSampleArrays(options: SaliencyParallelOptions, count: number): void {
  if (options.targets === 'label' && !options.labels) {
    throw new I2xError('E_CONFIG', `runSaliencyParallel: targets 'label' needs labels; pass labels (an Int32Array of ${count}).`);
  }
  const perSample = options.targets === 'label' ? options.labels! : options.targets instanceof Int32Array ? options.targets : undefined;
  if (perSample && perSample.length !== count) {
    throw new I2xError('E_DATA', `runSaliencyParallel: ${options.targets === 'label' ? 'labels' : 'targets'} hold ${perSample.length} values for ${count} images.`);
  }
}
