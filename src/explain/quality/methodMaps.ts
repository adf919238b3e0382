import * as tf from '@tensorflow/tfjs';
import type { ModelGraph } from '../../models/ModelGraph.js';
import type { SaliencyMethod } from '../SaliencyMethod.js';

/** What the sanity checks explain: a model, a sample, a layer, each sample's class, and a method. */
export interface MapRequest {
  graph: ModelGraph;
  method: SaliencyMethod;
  /** [N, H, W, C], normalised */
  x: tf.Tensor4D;
  layer: string;
  /** [N] the class explained for each sample */
  targets: Int32Array;
  inputBounds?: { low: number[]; high: number[] };
  /** samples per method call; default 64 */
  batchSize?: number;
}

/** The method's [N, h, w] maps of the request, `batchSize` samples at a time, as one array; leaves no tensor behind. */
export function methodMaps(request: MapRequest): { maps: Float32Array; n: number; height: number; width: number } {
  const n = request.x.shape[0];
  if (request.targets.length !== n) throw new RangeError(`methodMaps: ${request.targets.length} targets for ${n} samples.`);
  const batchSize = Math.max(1, request.batchSize ?? 64);
  const parts: Float32Array[] = [];
  let height = 0;
  let width = 0;
  for (let start = 0; start < n; start += batchSize) {
    const m = Math.min(batchSize, n - start);
    const x = m === n ? request.x : tf.slice(request.x, [start, 0, 0, 0], [m, -1, -1, -1]);
    const targets = tf.tensor1d(request.targets.subarray(start, start + m), 'int32');
    try {
      const result = request.method({ graph: request.graph, x, layer: request.layer, targets, inputBounds: request.inputBounds });
      try {
        [, height, width] = result.maps.shape;
        parts.push(result.maps.dataSync() as Float32Array);
      } finally {
        tf.dispose([result.maps, result.logits]);
      }
    } finally {
      targets.dispose();
      if (x !== request.x) x.dispose();
    }
  }
  const maps = new Float32Array(n * height * width);
  let offset = 0;
  for (const part of parts) { maps.set(part, offset); offset += part.length; }
  return { maps, n, height, width };
}
