import { describe, expect, it } from 'vitest';
import { queryPrototypes } from '../../src/report/queryPrototypes.js';
import { I2xStore } from '../../src/store/I2xStore.js';
import { writePrototypes } from '../../src/store/writers/writePrototypes.js';
import { writeSamples } from '../../src/store/writers/writeSamples.js';

describe('queryPrototypes', () => {
  it('reads the tied most common classes and shares them over the class sizes; older rows keep dominant_class alone', async () => {
    const store = await I2xStore.create(':memory:');
    try {
      // classes 0, 0, 0, 1, 1, 2, 2: sizes 3, 2, 2
      await writeSamples(store, 'r', 'train', Int32Array.of(0, 1, 2, 3, 4, 5, 6), Int32Array.of(0, 0, 0, 1, 1, 2, 2), Int32Array.of(0, 1, 2, 3, 4, 5, 6));
      await writePrototypes(store, 'r', [
        { prototype: 0, areaTotal: 9, nSamples: 5, dominantClass: 1, classSamples: [1, 2, 2], dominantClasses: [1, 2] },
        { prototype: 1, areaTotal: 4, nSamples: 2, dominantClass: 0 }, // as written before schema version 3
        { prototype: 2, areaTotal: 0, nSamples: 0, classSamples: [0, 0, 0], dominantClasses: [] },
      ]);
      expect(await queryPrototypes(store, 'r')).toEqual([
        { prototype: 0, areaTotal: 9, nSamples: 5, mostCommonClasses: [1, 2], mostCommonShares: [2 / 2, 2 / 2], mostCommonSamples: 2 },
        { prototype: 1, areaTotal: 4, nSamples: 2, mostCommonClasses: [0], mostCommonShares: [null], mostCommonSamples: null },
        { prototype: 2, areaTotal: 0, nSamples: 0, mostCommonClasses: [], mostCommonShares: [], mostCommonSamples: null },
      ]);
    } finally {
      store.close();
    }
  });
});
