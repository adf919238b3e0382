import type { SampleImage } from './SampleImage.js';

/** [height * width] grey values in [0, 1]: the image itself if it has one channel, else Rec. 601 luma of RGB. */
export function greyscaleOf(image: SampleImage): Float32Array {
  const { height, width, channels, pixels } = image;
  const grey = new Float32Array(height * width);
  for (let i = 0; i < grey.length; i++) {
    grey[i] = channels >= 3
      ? 0.299 * pixels[i * channels] + 0.587 * pixels[i * channels + 1] + 0.114 * pixels[i * channels + 2]
      : pixels[i * channels];
  }
  return grey;
}
