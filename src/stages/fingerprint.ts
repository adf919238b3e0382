import { createHash } from 'node:crypto';
import { canonicalJson } from '../util/canonicalJson.js';

/** Everything that can change a stage's output. */
export interface FingerprintParts {
  stage: string;
  version: number;
  /** the stage's config slice (`configSlice(config, stage.configKeys)`): every key it receives, `seed` and `workers` included when it reads them */
  configSlice: Record<string, unknown>;
  /** the tfjs backend selected (`currentBackend().name`) for a stage that computes with tfjs, else null */
  backend: string | null;
  /** the digest of the prepared datasets (`runDatasets(...).digest()`) for a stage that reads them, else null */
  datasets: string | null;
  /** the fingerprints of its input stages, in the order the stage declares them */
  inputs: readonly { stage: string; fingerprint: string }[];
}

/**
 * The cache key of a stage's output: sha256 (hex) over its parts in a fixed order. The config slice is
 * canonical JSON (sorted keys), so the key does not depend on how the YAML was written.
 */
export function fingerprint(parts: FingerprintParts): string {
  const ordered = [
    'i2x-stage-fingerprint/2',
    parts.stage,
    parts.version,
    parts.configSlice,
    parts.backend,
    parts.datasets,
    parts.inputs.map((input) => [input.stage, input.fingerprint]),
  ];
  return createHash('sha256').update(canonicalJson(ordered)).digest('hex');
}
