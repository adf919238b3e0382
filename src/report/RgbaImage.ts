/** An 8-bit RGBA picture, row-major: `data[(y * width + x) * 4 + channel]`, `data.length === width * height * 4`. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}
