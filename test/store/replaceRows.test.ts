import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { I2xStore } from '../../src/store/I2xStore.js';
import { column } from '../../src/store/column.js';
import { writePrototypeIntensity } from '../../src/store/writers/writePrototypeIntensity.js';
import { I2xError } from '../../src/util/I2xError.js';
import { tempStoreDir } from './tempStoreDir.js';

const temp = tempStoreDir();
let store: I2xStore;
beforeAll(async () => {
  store = await I2xStore.create(temp.path('replace.duckdb'));
});
afterAll(() => {
  store.close();
  temp.remove();
});

const samples = Int32Array.of(0, 1, 2);
const K = 2;
const intensitiesOf = async (runId: string, checkpoint: number) =>
  (
    await store.query(
      'SELECT intensity FROM prototype_intensity WHERE run_id = $1 AND checkpoint = $2 ORDER BY sample, prototype',
      [runId, checkpoint],
    )
  ).rows.map((row) => row[0]);

describe('replaceRows', () => {
  beforeAll(async () => {
    await writePrototypeIntensity(store, 'a', 0, samples, Float32Array.of(1, 2, 3, 4, 5, 6), K);
    await writePrototypeIntensity(store, 'a', 1, samples, Float32Array.of(7, 7, 7, 7, 7, 7), K);
    await writePrototypeIntensity(store, 'b', 0, samples, Float32Array.of(8, 8, 8, 8, 8, 8), K);
  });

  test('re-writing a stage replaces its rows: same count, new values, other rows untouched', async () => {
    await writePrototypeIntensity(store, 'a', 0, samples, Float32Array.of(0.5, 0.5, 0.5, 0.5, 0.5, NaN), K);
    expect(await intensitiesOf('a', 0)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, null]);
    expect(await intensitiesOf('a', 1)).toEqual([7, 7, 7, 7, 7, 7]);
    expect(await intensitiesOf('b', 0)).toEqual([8, 8, 8, 8, 8, 8]);
    expect((await store.query('SELECT count(*) FROM prototype_intensity')).rows).toEqual([[18]]);
  });

  test('an error thrown while appending leaves the previous rows intact', async () => {
    const failing = store.replaceRows('prototype_intensity', 'a', { checkpoint: 1 }, (target) => {
      target.appendColumns(6, { sample: column.repeatEach(samples, K), prototype: column.cycle(K), intensity: column.floats(new Float32Array(6)) });
      throw new Error('the stage crashed half-way');
    });
    await expect(failing).rejects.toThrow('the stage crashed half-way');
    expect(await intensitiesOf('a', 1)).toEqual([7, 7, 7, 7, 7, 7]);
    expect((await store.query('SELECT count(*) FROM prototype_intensity')).rows).toEqual([[18]]);
  });

  test('a value the table refuses rolls the whole replacement back', async () => {
    const failing = store.replaceRows('prototype_intensity', 'a', { checkpoint: 1 }, (target) =>
      target.appendColumns(2, {
        sample: column.values([5, null]),
        prototype: column.ints([0, 0]),
        intensity: column.floats([1, 1]),
      }),
    );
    await expect(failing).rejects.toThrow(/Cannot replace the rows of prototype_intensity for run a \{"checkpoint":1\}.*previous rows are kept/s);
    expect(await intensitiesOf('a', 1)).toEqual([7, 7, 7, 7, 7, 7]);
  });

  test('the store stays usable after a failed write', async () => {
    expect(await writePrototypeIntensity(store, 'c', 0, samples, new Float32Array(6).fill(1), K)).toBe(6);
    expect(await intensitiesOf('c', 0)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  test('columns that do not match the table are named', async () => {
    const failing = store.replaceRows('prototype_intensity', 'a', { checkpoint: 1 }, (target) =>
      target.appendColumns(1, { sample: column.ints([1]), intensty: column.floats([1]) }),
    );
    await expect(failing).rejects.toThrow(
      'Columns for prototype_intensity do not match: missing [prototype, intensity], unexpected [intensty]. Give exactly: sample, prototype, intensity.',
    );
    expect(await intensitiesOf('a', 1)).toEqual([7, 7, 7, 7, 7, 7]);
  });

  test('a filter on a column the table does not have is refused', async () => {
    const failing = store.replaceRows('prototype_intensity', 'a', { epoch: 1 }, () => undefined);
    await expect(failing).rejects.toBeInstanceOf(I2xError);
    await expect(failing).rejects.toThrow(/Cannot filter prototype_intensity on "epoch"/);
  });

  test('concurrent calls on one store run one after another', async () => {
    const writes = [0, 1, 2, 3].map((i) =>
      writePrototypeIntensity(store, 'd', i % 2, samples, new Float32Array(6).fill(i), K),
    );
    await Promise.all(writes);
    expect(await intensitiesOf('d', 0)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(await intensitiesOf('d', 1)).toEqual([3, 3, 3, 3, 3, 3]);
  });
});
