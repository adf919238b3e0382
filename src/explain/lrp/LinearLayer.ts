import * as tf from '@tensorflow/tfjs';

/**
 * A layer that is linear in its input: z = x (*) kernel + bias. LRP rules see every convolution, dense
 * layer and global average pooling through this one interface, so a rule is written once and only
 * chooses which modified inputs and kernels it feeds to `forward` and `backward`.
 */
export interface LinearLayer {
  /** [kh, kw, Cin, Cout] for a convolution, [in, out] for a dense layer, a scalar 1/(H*W) for global average pooling */
  readonly kernel: tf.Tensor;
  /** [Cout]; null when the layer has none */
  readonly bias: tf.Tensor1D | null;
  /** z = x (*) kernel (+ bias unless null): x [N, ...in] -> [N, ...out] */
  forward(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | null): tf.Tensor;
  /** The adjoint of x -> x (*) kernel, i.e. the gradient of sum(s * forward(x)) by x: s [N, ...out] -> [N, ...in]. */
  backward(s: tf.Tensor, kernel: tf.Tensor, inputShape: number[]): tf.Tensor;
}
