import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseSeeds } from '../../src/cli/replicateCommand.js';
import { captureOutput } from '../helpers/captureOutput.js';

describe('i2x replicate', () => {
  afterEach(() => vi.restoreAllMocks());

  it('takes two or more distinct seeds >= 0', () => {
    expect(parseSeeds('0,1,2,3')).toEqual([0, 1, 2, 3]);
    expect(parseSeeds(' 5, 2 ')).toEqual([5, 2]);
    for (const bad of ['1', '1,1', '1,,2', '1,-2', '1,2.5', 'a,b', '']) {
      expect(() => parseSeeds(bad)).toThrow(`--seeds ${bad} is not accepted; expected two or more distinct integers >= 0 separated by commas`);
    }
  });

  it('refuses to run without --seeds, or with a seed set by --set, before anything runs', async () => {
    const io = captureOutput();
    expect(await main(['replicate', 'configs/quickstart.yaml'])).toBe(2);
    expect(io.err()).toBe('i2x replicate: [E_USAGE] i2x replicate needs --seeds, the training seeds of the base models, e.g. --seeds 0,1,2,3\n');
    vi.restoreAllMocks();
    const io2 = captureOutput();
    expect(await main(['replicate', 'configs/quickstart.yaml', '--seeds', '0,1', '--set', 'seed=4'])).toBe(2);
    expect(io2.err()).toBe('i2x replicate: [E_USAGE] --set seed=... is not accepted by i2x replicate: --seeds sets the seed of each base model\n');
    vi.restoreAllMocks();
    const io3 = captureOutput();
    expect(await main(['replicate', 'configs/quickstart.yaml', '--seeds', '0'])).toBe(2);
    expect(io3.err()).toMatch(/^i2x replicate: \[E_USAGE\] --seeds 0 is not accepted/);
  });
});
