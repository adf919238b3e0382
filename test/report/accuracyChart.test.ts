import { describe, expect, it } from 'vitest';
import { accuracyChart } from '../../src/report/charts/accuracyChart.js';
import { renderVegaLite } from '../../src/report/renderVegaLite.js';

const row = (checkpoint: number, step: number | null) => ({ checkpoint, step, epoch: null, trainAcc: null, valAcc: 0.5, testAcc: 0.5 });
/** The x axis tick labels of a rendered chart (the texts at y 16 below the axis), left to right. */
const xLabels = (svg: string) => [...svg.matchAll(/transform="translate\([0-9.]+,16\)"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('accuracyChart', () => {
  it('labels each checkpoint with its step when every checkpoint has one (geometric checkpoints are not evenly spaced)', async () => {
    const svg = await renderVegaLite(accuracyChart([row(0, 0), row(1, 8), row(2, 16), row(3, 258)]));
    expect(xLabels(svg)).toEqual(['0 (0)', '1 (8)', '2 (16)', '3 (258)']);
    expect(svg).toContain('checkpoint (step)');
  });

  it('labels checkpoints alone when a step is unknown', async () => {
    const svg = await renderVegaLite(accuracyChart([row(0, 0), row(1, null), row(2, 16)]));
    expect(xLabels(svg)).toEqual(['0', '1', '2']);
    expect(svg).not.toContain('checkpoint (step)');
  });
});
