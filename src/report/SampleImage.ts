/** One input image as the report draws it: `pixels` [height, width, channels] in [0, 1] (a view into a Dataset). */
export interface SampleImage {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly pixels: Float32Array;
}
