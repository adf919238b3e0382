import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import type { Dataset } from '../data/Dataset.js';
import { canonicalJson } from '../util/canonicalJson.js';
import { datasetDigest } from './datasetDigest.js';

/**
 * The identity of a training run: everything that changes its checkpoints (the train config, seed, class
 * count, model topology and initial weights, and the contents of the train / val / test sets), hashed in a
 * fixed order. A run directory is resumed only by a run with the same fingerprint.
 */
export function trainingFingerprint(parts: { config: unknown; seed: number; classes: number; model: tf.LayersModel; datasets: (Dataset | undefined)[] }): string {
  const hash = createHash('sha256');
  hash.update(canonicalJson(jsonSafe(['i2x-training/1', parts.config, parts.seed, parts.classes])));
  hash.update(canonicalJson(jsonSafe(parts.model.getConfig())));
  for (const weight of parts.model.weights) {
    hash.update(weight.originalName);
    hash.update(bytesOf(weight.read().dataSync() as Float32Array));
  }
  for (const ds of parts.datasets) hash.update(datasetDigest(ds));
  return hash.digest('hex');
}

/** As JSON would store it: undefined keys dropped (layer configs have some). */
function jsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function bytesOf(array: Float32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
