import { gaussianBlur } from './gaussianBlur.js';
import { targetProbabilities, type ImageBatch, type PerturbationModel } from './perturbationBatches.js';
import { pixelOrderMostRelevantFirst, pixelsAtStep, trapezoidAuc } from './pixelOrder.js';

export interface RemovalOptions {
  /** where the perturbed images run: modelOnThisThread or modelOnPool (perturbationModels.ts) */
  model: PerturbationModel;
  images: ImageBatch;
  /** [N, H, W] relevance at the input resolution (upsample coarser maps first) */
  maps: Float32Array;
  /** [N] class whose probability is followed */
  targets: Int32Array;
  /** number of steps; the curve has steps + 1 points, at fractions 0, 1/steps, ..., 1 of the pixels */
  steps: number;
  /** value (normalised input space) a deleted pixel takes in every channel, and insertion's start when insertionStart is 'baseline'; default 0 */
  baseline?: number;
  /** insertion's start image: 'blur' (Petsiuk et al.: Gaussian blur of the image, sigma blurSigma) or 'baseline'; default 'blur' */
  insertionStart?: 'blur' | 'baseline';
  /** default 5 (pixels) */
  blurSigma?: number;
  batchSize?: number;
}

export interface RemovalCurves {
  /** [N, steps + 1] target probability after each step */
  curves: Float32Array;
  /** [N] trapezoid AUC of each curve over the removed fraction [0, 1] */
  auc: Float64Array;
}

/**
 * Deletion (Petsiuk et al. 2018): pixels are set to `baseline`, most relevant first, and the target class
 * probability is read after each step; a faithful map makes it fall fast (low AUC). All samples and steps
 * go through the model in shared batches (targetProbabilities), on this thread or a worker pool (`model`).
 */
export function deletionCurves(options: RemovalOptions): Promise<RemovalCurves> {
  return removalCurves(options, 'delete');
}

/**
 * Insertion (Petsiuk et al. 2018): starting from a blurred copy of the image (or the baseline), the original
 * pixels are put back most relevant first; a faithful map makes the target probability rise fast (high AUC).
 */
export function insertionCurves(options: RemovalOptions): Promise<RemovalCurves> {
  return removalCurves(options, 'insert');
}

async function removalCurves(options: RemovalOptions, mode: 'delete' | 'insert'): Promise<RemovalCurves> {
  const { images, steps, maps, targets } = options;
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`removal curves: steps must be an integer >= 1, got ${steps}.`);
  const { n, height, width, channels } = images;
  const pixels = height * width;
  const size = pixels * channels;
  if (maps.length !== n * pixels) throw new RangeError(`removal curves: maps hold ${maps.length} values, expected ${n}x${height}x${width}.`);
  const baseline = options.baseline ?? 0;
  const orders = Array.from({ length: n }, (_, i) => pixelOrderMostRelevantFirst(maps.subarray(i * pixels, (i + 1) * pixels)));
  const starts = new Map<number, Float32Array>();
  const startOf = (i: number): Float32Array => {
    let start = starts.get(i);
    if (!start) {
      const image = images.data.subarray(i * size, (i + 1) * size);
      start = (options.insertionStart ?? 'blur') === 'blur' ? gaussianBlur(image, height, width, channels, options.blurSigma ?? 5) : new Float32Array(size).fill(baseline);
      starts.set(i, start);
      if (starts.size > 1) starts.delete(starts.keys().next().value as number); // images come in sample order
    }
    return start;
  };
  const probabilities = await targetProbabilities({
    model: options.model,
    count: n * (steps + 1),
    height,
    width,
    channels,
    batchSize: options.batchSize,
    targetOf: (index) => targets[Math.floor(index / (steps + 1))],
    fill: (index, out) => {
      const i = Math.floor(index / (steps + 1));
      const changed = pixelsAtStep(index % (steps + 1), steps, pixels);
      const image = images.data.subarray(i * size, (i + 1) * size);
      const order = orders[i];
      if (mode === 'delete') {
        out.set(image);
        for (let k = 0; k < changed; k++) for (let c = 0; c < channels; c++) out[order[k] * channels + c] = baseline;
      } else {
        out.set(startOf(i));
        for (let k = 0; k < changed; k++) for (let c = 0; c < channels; c++) out[order[k] * channels + c] = image[order[k] * channels + c];
      }
    },
  });
  const auc = Float64Array.from({ length: n }, (_, i) => trapezoidAuc(probabilities.subarray(i * (steps + 1), (i + 1) * (steps + 1))));
  return { curves: probabilities, auc };
}
