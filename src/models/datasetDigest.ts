import { canonicalJson } from '../util/canonicalJson.js';
import type { Dataset } from '../data/Dataset.js';
import { sha256Hex } from './sha256Hex.js';

/** sha256 (hex) of a dataset's description, pixels and labels: equal digests, equal data. 'none' for no dataset. */
export function datasetDigest(ds: Dataset | undefined): string {
  if (!ds) return 'none';
  const header = canonicalJson([ds.name, ds.split, ds.count, ds.height, ds.width, ds.channels, ds.classNames, ds.normalization]);
  const bytes = (a: Float32Array | Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return sha256Hex(header, bytes(ds.images), bytes(ds.labels));
}
