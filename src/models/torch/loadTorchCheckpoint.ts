import type * as tf from '@tensorflow/tfjs';
import { I2xError } from '../../util/I2xError.js';
import { buildTorchResNet } from './buildTorchResNet.js';
import { describeTorchResNetKeys } from './describeTorchResNetKeys.js';
import { readTorchTensors } from './readTorchTensors.js';
import { isTorchResNetArch, TORCH_RESNET_ARCHS } from './torchResNetSpecs.js';

/**
 * A PyTorch checkpoint file (.safetensors or a torch.save state_dict, told apart by content) as an i2x model
 * of `arch` (model.arch) for images of `inputShape` [H, W, C]. An `arch` that is not one of the PyTorch
 * layouts is an E_CONFIG error naming model.arch, the accepted values and the layout the file's keys show.
 */
export function loadTorchCheckpoint(path: string, arch: string | undefined, inputShape: [number, number, number]): tf.LayersModel {
  const tensors = readTorchTensors(path);
  if (arch === undefined || !isTorchResNetArch(arch)) {
    throw new I2xError(
      'E_CONFIG',
      `Checkpoint '${path}' is a PyTorch file, so model.arch must name its layout: one of ${TORCH_RESNET_ARCHS.join(', ')} (it is '${arch ?? 'unset'}'). ${describeTorchResNetKeys(tensors)}`,
    );
  }
  return buildTorchResNet({ arch, tensors, inputShape, source: path });
}
