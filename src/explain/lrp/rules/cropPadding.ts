import * as tf from '@tensorflow/tfjs';

/**
 * LRP through a ZeroPadding2D: the padded output's relevance [N, H + top + bottom, W + left + right, C] cropped
 * back to the input [N, H, W, C]. Exact: every unpadded cell is its input cell. The padding cells hold zero
 * activation, so every rule of the next layer gives them zero relevance (the relevance of an input is
 * proportional to it), and cropping loses nothing; what relevance does sit there (none under these rules) is dropped.
 */
export function cropPadding(padding: readonly [readonly [number, number], readonly [number, number]]) {
  const [[top], [left]] = padding;
  return (x: tf.Tensor, relevance: tf.Tensor): tf.Tensor => {
    const [n, h, w, c] = x.shape;
    return tf.slice(relevance, [0, top, left, 0], [n, h, w, c]);
  };
}
