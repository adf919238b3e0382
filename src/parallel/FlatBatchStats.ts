/**
 * The BatchNorm batch statistics of one training pass, flattened for messages:
 * `values` holds, per layer in `layers` order, mean[channels[i]] then biased variance[channels[i]];
 * `counts[i]` is the number of values per channel they were taken over (N*H*W).
 */
export interface FlatBatchStats {
  layers: string[];
  channels: number[];
  counts: number[];
  values: Float32Array;
}
