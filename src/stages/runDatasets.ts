import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import type { I2xConfig } from '../config/configSchema.js';
import { prepareDatasets, type PreparedDatasets } from '../data/prepareDatasets.js';
import { datasetDigest } from '../models/datasetDigest.js';

/** The prepared data of one pipeline call, loaded at most once, and its digest (part of the key of every stage that reads it). */
export interface RunDatasets {
  datasets(): PreparedDatasets;
  /** sha256 (hex) over each split's description, pixels, labels and source indices: equal digests, equal data */
  digest(): string;
}

/**
 * The train / val / test sets `config.data` asks for (a relative `data.path` resolved against `root`), loaded on
 * first use and kept for the rest of the call, so the digest and every stage share one load.
 */
export function runDatasets(config: Pick<I2xConfig, 'data' | 'seed'>, root: string): RunDatasets {
  let prepared: PreparedDatasets | undefined;
  let digest: string | undefined;
  const datasets = (): PreparedDatasets => {
    const { path } = config.data;
    prepared ??= prepareDatasets({ ...config.data, path: path && !isAbsolute(path) ? resolve(root, path) : path }, config.seed);
    return prepared;
  };
  return {
    datasets,
    digest() {
      if (digest === undefined) {
        const { train, val, test } = datasets();
        const hash = createHash('sha256').update('i2x-datasets/1');
        for (const ds of [train, val, test]) {
          hash.update(datasetDigest(ds ?? undefined));
          if (ds) hash.update(new Uint8Array(ds.sourceIndex.buffer, ds.sourceIndex.byteOffset, ds.sourceIndex.byteLength));
        }
        digest = hash.digest('hex');
      }
      return digest;
    },
  };
}
