import * as tf from '@tensorflow/tfjs';
import { I2xError } from '../../util/I2xError.js';

type PadAttr = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * The geometry of a forward 2D convolution (NHWC), as the backprop kernels need it. Rejects what the
 * composed kernels do not support (dilation > 1, channels-first data), naming the value.
 */
export function convGeometry(
  kernelName: string,
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  attrs: { strides: number | [number, number]; pad: PadAttr; dataFormat?: string; dimRoundingMode?: 'floor' | 'round' | 'ceil'; dilations?: number | [number, number] },
): ConvGeometry {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
    throw new I2xError('E_KERNEL', `${kernelName} on wasm: dataFormat '${attrs.dataFormat}' is not supported; accepted: 'NHWC'.`);
  }
  const dil = attrs.dilations ?? 1;
  if ((typeof dil === 'number' ? dil : Math.max(...dil)) !== 1) {
    throw new I2xError('E_KERNEL', `${kernelName} on wasm: dilations ${JSON.stringify(dil)} are not supported; accepted: 1.`);
  }
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, attrs.strides, 1, attrs.pad as never, attrs.dimRoundingMode, false, 'channelsLast');
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}
