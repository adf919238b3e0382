import { describe, expect, test } from 'vitest';
import { outlineBoxes } from '../../src/report/outlineBoxes.js';
import { sampleToRgba } from '../../src/report/sampleToRgba.js';

const MAGENTA = [255, 0, 200] as const;

/** '#' where the pixel is the outline colour, '.' where it is not, row by row. */
function drawn(image: { width: number; height: number; data: Uint8Array }): string[] {
  const rows: string[] = [];
  for (let y = 0; y < image.height; y++) {
    let row = '';
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      row += image.data[i] === 255 && image.data[i + 1] === 0 && image.data[i + 2] === 200 && image.data[i + 3] === 255 ? '#' : '.';
    }
    rows.push(row);
  }
  return rows;
}

describe('outlineBoxes', () => {
  // a 4 x 3 grey image, every pixel level 0.5 (byte 128)
  const grey = { height: 3, width: 4, channels: 1, pixels: new Float32Array(12).fill(0.5) };

  test('draws a 1-pixel line on the border pixels of the box, at scale 2', () => {
    // box: columns 1..2, rows 0..1 -> output columns 2..5, rows 0..3
    const out = outlineBoxes(sampleToRgba(grey, 2), [{ x: 1, y: 0, width: 2, height: 2 }], 2, MAGENTA);
    expect(drawn(out)).toEqual([
      '..####..',
      '..#..#..',
      '..#..#..',
      '..####..',
      '........',
      '........',
    ]);
    // everything else keeps the image's own grey, e.g. inside the box at (3, 1) and outside at (7, 5)
    for (const [x, y] of [[3, 1], [4, 2], [0, 0], [7, 5]]) {
      expect([...out.data.subarray((y * 8 + x) * 4, (y * 8 + x) * 4 + 4)]).toEqual([128, 128, 128, 255]);
    }
  });

  test('clips a box that runs off the image, and leaves the input untouched', () => {
    const input = sampleToRgba(grey, 1);
    const before = input.data.slice();
    // box columns 3..5, rows 2..4 on a 4 x 3 image: only pixel (3, 2) is inside
    const out = outlineBoxes(input, [{ x: 3, y: 2, width: 3, height: 3 }], 1, MAGENTA);
    expect(drawn(out)).toEqual(['....', '....', '...#']);
    expect(input.data).toEqual(before);
  });

  test('no boxes: the same picture', () => {
    const input = sampleToRgba(grey, 3);
    expect(outlineBoxes(input, [], 3, MAGENTA).data).toEqual(input.data);
  });
});
