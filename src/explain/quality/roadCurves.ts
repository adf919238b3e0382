import { SeededRandom } from '../../util/SeededRandom.js';
import { derivedSeed } from '../../util/derivedSeed.js';
import { noisyLinearImputation } from './noisyLinearImputation.js';
import { targetProbabilities, type ImageBatch, type PerturbationModel } from './perturbationBatches.js';
import { pixelOrderMostRelevantFirst, pixelsAtStep } from './pixelOrder.js';

export interface RoadOptions {
  /** where the perturbed images run: modelOnThisThread or modelOnPool (perturbationModels.ts) */
  model: PerturbationModel;
  images: ImageBatch;
  /** [N, H, W] relevance at the input resolution */
  maps: Float32Array;
  targets: Int32Array;
  /** the curve is read at removed fractions 1/steps .. (steps-1)/steps (ROAD's 10%..90% for 10); >= 2 */
  steps: number;
  /** 'morf': most relevant removed first; 'lerf': least relevant first */
  order: 'morf' | 'lerf';
  /** std of the noise added to imputed pixels (normalised input space); default 0.01 */
  noiseStd?: number;
  seed: number;
  batchSize?: number;
}

/**
 * ROAD (Rong et al. 2022): pixels are removed in the map's order and replaced by noisy linear imputation, so
 * the removal does not draw the map's shape into the image. Returns per sample the target probability at
 * each fraction [N, steps - 1] and its mean (the figure ROAD reports; low for MoRF and high for LeRF is faithful).
 */
export async function roadCurves(options: RoadOptions): Promise<{ curves: Float32Array; mean: Float64Array }> {
  const { images, steps, maps, targets } = options;
  if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`ROAD: steps must be an integer >= 2, got ${steps}.`);
  const { n, height, width, channels } = images;
  const pixels = height * width;
  const size = pixels * channels;
  const points = steps - 1;
  const orders = Array.from({ length: n }, (_, i) => {
    const order = pixelOrderMostRelevantFirst(maps.subarray(i * pixels, (i + 1) * pixels));
    return options.order === 'lerf' ? order.reverse() : order;
  });
  const curves = await targetProbabilities({
    model: options.model,
    count: n * points,
    height,
    width,
    channels,
    batchSize: options.batchSize,
    targetOf: (index) => targets[Math.floor(index / points)],
    fill: (index, out) => {
      const i = Math.floor(index / points);
      const removed = new Uint8Array(pixels);
      const count = pixelsAtStep((index % points) + 1, steps, pixels);
      for (let k = 0; k < count; k++) removed[orders[i][k]] = 1;
      const random = new SeededRandom(derivedSeed(options.seed, `road-noise/${options.order}`, index));
      out.set(noisyLinearImputation(images.data.subarray(i * size, (i + 1) * size), { height, width, channels }, removed, { std: options.noiseStd ?? 0.01, random }));
    },
  });
  const mean = Float64Array.from({ length: n }, (_, i) => curves.subarray(i * points, (i + 1) * points).reduce((s, v) => s + v, 0) / points);
  return { curves, mean };
}
