import * as tf from '@tensorflow/tfjs';
import { sha256Hex } from './sha256Hex.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { I2xError } from '../util/I2xError.js';

export interface LayersModelFiles {
  /** the checkpoint directory (the one holding model.json) */
  dir: string;
  modelJsonPath: string;
  /** topology and weights, ready for `tf.io.fromMemory` */
  artifacts: tf.io.ModelArtifacts;
  /** every weights file the manifest lists, as read (for hashing) */
  weightFiles: { path: string; bytes: Uint8Array }[];
}

const EXPECTED = 'a directory holding model.json (tfjs layers format) or the path of a model.json';

/**
 * Reads a tfjs layers-format model from disk: `path` is a directory with model.json, or a model.json.
 * tfjs in Node has no file:// loader without tfjs-node, so the files are read here and the weight shards
 * listed in the manifest (paths relative to model.json) concatenated in order.
 */
export function readLayersModelFiles(path: string): LayersModelFiles {
  const absolute = resolve(path);
  const isDir = existsSync(absolute) && statSync(absolute).isDirectory();
  const modelJsonPath = isDir ? join(absolute, 'model.json') : absolute;
  if (!existsSync(modelJsonPath)) {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${path}': ${isDir ? 'no model.json in this directory' : 'file not found'}; expected ${EXPECTED}.`);
  }
  const dir = dirname(modelJsonPath);
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
  } catch (err) {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${dir}': ${basename(modelJsonPath)} is not valid JSON (${(err as Error).message}); expected ${EXPECTED}.`, { cause: err });
  }
  if (!json || typeof json !== 'object' || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new I2xError('E_CHECKPOINT', `Checkpoint '${dir}': ${basename(modelJsonPath)} lacks modelTopology or weightsManifest; expected ${EXPECTED}.`);
  }
  const weightFiles: { path: string; bytes: Uint8Array }[] = [];
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  for (const group of json.weightsManifest) {
    for (const file of group.paths) {
      const filePath = join(dir, file);
      if (!existsSync(filePath)) throw new I2xError('E_CHECKPOINT', `Checkpoint '${dir}': weights file '${file}' listed in model.json is missing.`);
      weightFiles.push({ path: filePath, bytes: readFileSync(filePath) });
    }
    weightSpecs.push(...group.weights);
  }
  const total = weightFiles.reduce((n, f) => n + f.bytes.length, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const f of weightFiles) {
    weightData.set(f.bytes, offset);
    offset += f.bytes.length;
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    weightSpecs,
    weightData: weightData.buffer,
  };
  return { dir, modelJsonPath, artifacts, weightFiles };
}

/** The sha256 (hex) over a model's weight files in manifest order: what a checkpoint's meta.json records as `weightsSha256`. */
export function weightFilesSha256(files: LayersModelFiles): string {
  return sha256Hex(...files.weightFiles.map((f) => f.bytes));
}
