/**
 * One in-memory image classification dataset split. Images are stored once, as float32 in [0, 1], NHWC
 * (`images.length === count * height * width * channels`); per-dataset normalisation (mean/std per channel)
 * is applied when batches are made into tensors, so raw pixels stay available for pictures.
 */
export interface Dataset {
  /** e.g. 'mnist', 'fashion-mnist', 'cifar10', or 'idx:<path>' */
  readonly name: string;
  readonly split: 'train' | 'val' | 'test';
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** [count, height, width, channels], values in [0, 1] */
  readonly images: Float32Array;
  /** [count], each in [0, classNames.length) */
  readonly labels: Int32Array;
  readonly classNames: readonly string[];
  /** per channel, applied as (x - mean) / std when a batch is made into a tensor */
  readonly normalization: { readonly mean: readonly number[]; readonly std: readonly number[] };
  /** index of each sample in the original file, so results can be traced back to the source */
  readonly sourceIndex: Int32Array;
}
