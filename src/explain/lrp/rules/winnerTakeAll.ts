import * as tf from '@tensorflow/tfjs';

/**
 * LRP through a MaxPooling2D (channels last, 'valid' windows): winner take all. Each output's relevance goes
 * whole to the input cell that is the maximum of its window, per channel; on a tie, to the first tied cell in
 * window order (row by row, left to right). Overlapping windows (3 x 3, stride 2) add up at a cell that wins
 * several. Conserves relevance exactly. x [N, H, W, C], relevance [N, outH, outW, C] -> [N, H, W, C].
 */
export function winnerTakeAll(poolSize: readonly [number, number], strides: readonly [number, number]) {
  const [kh, kw] = poolSize;
  const [sh, sw] = strides;
  return (x: tf.Tensor, relevance: tf.Tensor): tf.Tensor =>
    tf.tidy(() => {
      const [n, h, w, c] = x.shape;
      const [, oh, ow] = relevance.shape;
      // the window cell at offset (ky, kx) of every output: x[:, ky + sh * oy, kx + sw * ox, :]
      const cells: tf.Tensor[] = [];
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++) {
          cells.push(tf.stridedSlice(x, [0, ky, kx, 0], [n, ky + sh * (oh - 1) + 1, kx + sw * (ow - 1) + 1, c], [1, sh, sw, 1]));
        }
      }
      const max = cells.reduce((a, b) => tf.maximum(a, b));
      let taken: tf.Tensor = tf.zerosLike(max).cast('bool');
      let result: tf.Tensor = tf.zeros([n, h, w, c]);
      const zero = tf.zerosLike(relevance);
      cells.forEach((cell, k) => {
        const wins = tf.logicalAnd(tf.equal(cell, max), tf.logicalNot(taken));
        taken = tf.logicalOr(taken, wins);
        const placed = placeOnGrid(tf.where(wins, relevance, zero), Math.floor(k / kw), k % kw, sh, sw, h, w);
        result = tf.add(result, placed);
      });
      return result;
    });
}

/** values [N, oh, ow, C] placed at rows ky + sh * oy and columns kx + sw * ox of a zero [N, h, w, C]. */
function placeOnGrid(values: tf.Tensor, ky: number, kx: number, sh: number, sw: number, h: number, w: number): tf.Tensor {
  const [n, oh, ow, c] = values.shape;
  // spread rows: [N * oh, 1, ow * C] padded to [N * oh, sh, ow * C] puts sh - 1 zero rows after each row
  const rows = tf.reshape(tf.pad(tf.reshape(values, [n * oh, 1, ow * c]), [[0, 0], [0, sh - 1], [0, 0]]), [n, oh * sh, ow, c]);
  const cols = tf.reshape(tf.pad(tf.reshape(rows, [n * oh * sh * ow, 1, c]), [[0, 0], [0, sw - 1], [0, 0]]), [n, oh * sh, ow * sw, c]);
  const shifted = tf.pad(cols, [[0, 0], [ky, Math.max(0, h - ky - oh * sh)], [kx, Math.max(0, w - kx - ow * sw)], [0, 0]]);
  return tf.slice(shifted, [0, 0, 0, 0], [n, h, w, c]);
}
