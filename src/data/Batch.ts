/** A batch ready to become tensors: normalised images and their labels. */
export interface Batch {
  /** [count, height, width, channels], each value (x - mean[c]) / std[c] */
  readonly images: Float32Array;
  /** [count] */
  readonly labels: Int32Array;
  readonly shape: readonly [number, number, number, number];
}
