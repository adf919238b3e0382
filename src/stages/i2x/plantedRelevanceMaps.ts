import * as tf from '@tensorflow/tfjs';
import type { RelevanceMaps } from '../../analysis/detection/scorecard.js';
import type { SaliencyTarget } from '../../explain/saliencyTargets.js';
import { saliencyMethods } from '../../explain/saliencyMethods.js';
import type { Dataset } from '../../data/Dataset.js';
import { makeBatch } from '../../data/makeBatch.js';
import { normalizedInputBounds } from '../../data/normalizedInputBounds.js';
import { loadCheckpoint } from '../../models/loadCheckpoint.js';
import { ModelGraph } from '../../models/ModelGraph.js';
import { SeededRandom } from '../../util/SeededRandom.js';
import { derivedSeed } from '../../util/derivedSeed.js';
import { saliencyArtifacts } from './artifacts/saliencyArtifacts.js';
import type { RunCheckpoint } from './artifacts/trainArtifacts.js';

const BATCH = 128;

export interface PlantedRelevanceOptions {
  checkpoints: readonly RunCheckpoint[];
  /** the run's saliency stage directory: its own method's maps of every sample and checkpoint */
  saliencyDir: string;
  /** the run's own saliency method (the stored maps) */
  method: string;
  /** further methods, computed here on `maxSamples` of the samples at every checkpoint */
  otherMethods: readonly string[];
  maxSamples: number;
  /** the training samples with planted pixels */
  samples: readonly number[];
  train: Dataset;
  layer: string;
  target: SaliencyTarget;
  seed: number;
}

/**
 * The maps of the planted samples, for relevance mass: the run's own method from the saliency stage's files
 * (every planted sample, every checkpoint) and each other method computed at every checkpoint on a seeded
 * draw of at most `maxSamples` planted samples (derivedSeed(seed, 'scorecard/relevance-samples', 0)).
 */
export async function plantedRelevanceMaps(options: PlantedRelevanceOptions): Promise<RelevanceMaps[]> {
  const { checkpoints, saliencyDir, train } = options;
  const all = Int32Array.from([...new Set(options.samples)].sort((a, b) => a - b));
  const out: RelevanceMaps[] = [];
  if (all.length === 0) return out;
  const names = saliencyArtifacts.readCheckpointNames(saliencyDir);
  for (const [t, name] of names.entries()) {
    const { data, shape } = saliencyArtifacts.readMaps(saliencyDir, name);
    const [, h, w] = shape;
    const maps = new Float32Array(all.length * h * w);
    all.forEach((s, i) => maps.set(data.subarray(s * h * w, (s + 1) * h * w), i * h * w));
    out.push({ method: options.method, checkpoint: t, samples: all, maps, height: h, width: w });
  }
  const others = [...new Set(options.otherMethods)].filter((m) => m !== options.method);
  if (others.length === 0) return out;
  const chosen = drawSamples(all, options.maxSamples, derivedSeed(options.seed, 'scorecard/relevance-samples', 0));
  const batch = makeBatch(train, chosen);
  const bounds = normalizedInputBounds(train);
  for (const [t, checkpoint] of checkpoints.entries()) {
    const { model } = await loadCheckpoint(checkpoint.dir);
    try {
      const graph = ModelGraph.fromModel(model);
      for (const method of others) {
        let maps: Float32Array | null = null;
        let h = 0;
        let w = 0;
        for (let start = 0; start < chosen.length; start += BATCH) {
          const end = Math.min(chosen.length, start + BATCH);
          const pixels = train.height * train.width * train.channels;
          const x = tf.tensor4d(batch.images.subarray(start * pixels, end * pixels), [end - start, train.height, train.width, train.channels]);
          const labels = tf.tensor1d(batch.labels.subarray(start, end), 'int32');
          const r = saliencyMethods.compute({ graph, x, layer: options.layer, method, target: options.target, labels, inputBounds: bounds });
          [, h, w] = r.maps.shape;
          maps ??= new Float32Array(chosen.length * h * w);
          maps.set(r.maps.dataSync() as Float32Array, start * h * w);
          tf.dispose([x, labels, r.maps, r.logits]);
        }
        out.push({ method, checkpoint: t, samples: chosen, maps: maps!, height: h, width: w });
      }
    } finally {
      model.dispose();
    }
  }
  return out;
}

/** At most `size` of `samples`, drawn without replacement by a seeded partial shuffle, in increasing order. */
function drawSamples(samples: Int32Array, size: number, seed: number): Int32Array {
  if (samples.length <= size) return samples;
  const pool = Array.from(samples);
  const random = new SeededRandom(seed);
  for (let i = 0; i < size; i++) {
    const j = i + random.int(pool.length - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return Int32Array.from(pool.slice(0, size).sort((a, b) => a - b));
}
