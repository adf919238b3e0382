import { describe, expect, test } from 'vitest';
import { colorBar } from '../../src/report/colorBar.js';
import { COLORMAPS, colormapColor, prototypeColor, prototypeColorHex } from '../../src/report/colormap.js';

describe('colour maps', () => {
  test("endpoints are matplotlib's exactly", () => {
    expect(colormapColor('viridis', 0)).toEqual([0x44, 0x01, 0x54]);
    expect(colormapColor('viridis', 1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(colormapColor('inferno', 0)).toEqual([0x00, 0x00, 0x04]);
    expect(colormapColor('inferno', 1)).toEqual([0xfc, 0xff, 0xa4]);
    expect(COLORMAPS.viridis.length).toBe(256 * 3);
    expect(COLORMAPS.inferno.length).toBe(256 * 3);
  });

  test('t picks entry round(t * 255); values outside [0, 1] and NaN are clamped', () => {
    expect(colormapColor('viridis', 0.375)).toEqual([44, 114, 142]); // entry 96
    expect(colormapColor('viridis', -3)).toEqual(colormapColor('viridis', 0));
    expect(colormapColor('viridis', Number.NaN)).toEqual(colormapColor('viridis', 0));
    expect(colormapColor('inferno', 7)).toEqual(colormapColor('inferno', 1));
  });

  test('prototype palette: Tableau 10 first, then distinct colours', () => {
    expect(prototypeColorHex(0)).toBe('#4c78a8');
    expect(prototypeColorHex(1)).toBe('#f58518');
    const colours = new Set(Array.from({ length: 64 }, (_, k) => prototypeColorHex(k)));
    expect(colours.size).toBe(64);
    for (let k = 0; k < 64; k++) for (const v of prototypeColor(k)) expect(Number.isInteger(v) && v >= 0 && v <= 255).toBe(true);
  });

  test('colour bar: high end on top, low end at the bottom', () => {
    const bar = colorBar('viridis', 2, 5);
    expect([...bar.data.subarray(0, 4)]).toEqual([0xfd, 0xe7, 0x25, 255]);
    expect([...bar.data.subarray(4 * 2 * 4, 4 * 2 * 4 + 4)]).toEqual([0x44, 0x01, 0x54, 255]);
  });
});
