/**
 * byteToUnit[b] === b / 255 as float32: a lookup table, so converting tens of millions of pixel bytes to
 * [0, 1] is one array read per pixel.
 */
export const byteToUnit: Float32Array = Float32Array.from({ length: 256 }, (_, b) => b / 255);
