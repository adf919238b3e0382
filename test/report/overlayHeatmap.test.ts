import { describe, expect, test } from 'vitest';
import { overlayHeatmap } from '../../src/report/overlayHeatmap.js';
import { prototypeMapImage } from '../../src/report/prototypeMapImage.js';
import { upsampleBilinear } from '../../src/util/upsampleBilinear.js';

const pixel = (data: Uint8Array, width: number, y: number, x: number): number[] => [...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];

describe('overlayHeatmap', () => {
  // A 2 x 2 grey image and a 2 x 2 heatmap, drawn at 2x (4 x 4 px), viridis over [0, 1], half and half.
  const grey = Float32Array.of(0, 1, 0.5, 0.25);
  const heatmap = Float32Array.of(0, 1, 1, 0);
  const image = overlayHeatmap({ grey, height: 2, width: 2, heatmap, mapHeight: 2, mapWidth: 2, range: { min: 0, max: 1 }, colormap: 'viridis', alpha: 0.5, scale: 2 });

  test('bilinear upsampling with half-pixel centres', () => {
    // Output row/column i samples the map at (i + 0.5) / 2 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
    const up = upsampleBilinear(heatmap, 2, 2, 4, 4);
    expect(Array.from(up.subarray(0, 4))).toEqual([0, 0.25, 0.75, 1]);
    // (0.25, 0.25): 0.75*0.25*h01 + 0.25*0.75*h10 = 0.375; (0.25, 0.75): 0.75*0.75 + 0.25*0.25 = 0.625
    expect(up[1 * 4 + 1]).toBeCloseTo(0.375, 6);
    expect(up[1 * 4 + 2]).toBeCloseTo(0.625, 6);
  });

  test('pixels are round(0.5 * 255 * grey + 0.5 * viridis(heat)), worked out by hand', () => {
    expect([image.width, image.height]).toEqual([4, 4]);
    // (0,0): grey 0, heat 0 -> viridis[0] = (68, 1, 84) -> (34, 0.5 -> 1, 42)
    expect(pixel(image.data, 4, 0, 0)).toEqual([34, 1, 42, 255]);
    // (0,3): grey 1 -> 127.5; heat 1 -> viridis[255] = (253, 231, 37) -> (254, 243, 146)
    expect(pixel(image.data, 4, 0, 3)).toEqual([254, 243, 146, 255]);
    // (3,0): grey 0.5 -> 63.75; heat 1 -> (63.75 + 126.5, 63.75 + 115.5, 63.75 + 18.5) = (190, 179, 82)
    expect(pixel(image.data, 4, 3, 0)).toEqual([190, 179, 82, 255]);
    // (3,3): grey 0.25 -> 31.875; heat 0 -> (31.875 + 34, 31.875 + 0.5, 31.875 + 42) = (66, 32, 74)
    expect(pixel(image.data, 4, 3, 3)).toEqual([66, 32, 74, 255]);
    // (1,1): grey 0; heat 0.375 -> entry round(95.625) = 96 = (44, 114, 142) -> (22, 57, 71)
    expect(pixel(image.data, 4, 1, 1)).toEqual([22, 57, 71, 255]);
    // (1,2): grey 1 (image pixel (0,1)) -> 127.5; heat 0.625 -> entry round(159.375) = 159 = (39, 173, 129) -> (147, 214, 192)
    expect(pixel(image.data, 4, 1, 2)).toEqual([147, 214, 192, 255]);
  });

  test('the range sets the scale: values beyond it clamp, and a flat range draws the low end', () => {
    const doubled = overlayHeatmap({ grey, height: 2, width: 2, heatmap: heatmap.map((v) => 2 * v), mapHeight: 2, mapWidth: 2, range: { min: 0, max: 1 }, colormap: 'viridis', scale: 2 });
    expect(pixel(doubled.data, 4, 0, 3)).toEqual(pixel(image.data, 4, 0, 3));
    const flat = overlayHeatmap({ grey, height: 2, width: 2, heatmap, mapHeight: 2, mapWidth: 2, range: { min: 0, max: 0 }, colormap: 'viridis', scale: 2 });
    expect(pixel(flat.data, 4, 0, 3)).toEqual([Math.round(127.5 + 34), Math.round(127.5 + 0.5), Math.round(127.5 + 42), 255]);
  });
});

describe('prototypeMapImage', () => {
  test('each image cell takes its position\'s prototype colour, blended 60/40 with the grey image', () => {
    // 4 x 4 image, 2 x 2 map: every 2 x 2 pixel cell is one position; prototype 0 = #4c78a8, 1 = #f58518.
    const grey = new Float32Array(16).fill(1);
    const image = prototypeMapImage({ grey, height: 4, width: 4, assignments: Int32Array.of(0, 1, 1, 0), mapHeight: 2, mapWidth: 2 });
    const blend = (c: number): number => Math.round(0.4 * 255 + 0.6 * c);
    expect(pixel(image.data, 4, 1, 1)).toEqual([blend(0x4c), blend(0x78), blend(0xa8), 255]);
    expect(pixel(image.data, 4, 0, 2)).toEqual([blend(0xf5), blend(0x85), blend(0x18), 255]);
    expect(pixel(image.data, 4, 3, 0)).toEqual([blend(0xf5), blend(0x85), blend(0x18), 255]);
  });
});
