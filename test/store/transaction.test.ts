import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { I2xStore } from '../../src/store/I2xStore.js';
import { column } from '../../src/store/column.js';
import { writeCuration } from '../../src/store/writers/writeCuration.js';
import { writeFinetuneResult } from '../../src/store/writers/writeFinetuneResult.js';
import { I2xError } from '../../src/util/I2xError.js';
import { tempStoreDir } from './tempStoreDir.js';

const temp = tempStoreDir();
let store: I2xStore;
beforeAll(async () => {
  store = await I2xStore.create(temp.path('transaction.duckdb'));
});
afterAll(() => {
  store.close();
  temp.remove();
});

const rows = async (sql: string) => (await store.query(sql)).rows;
const finetuneRows = () => rows(`SELECT strategy, seed, test_acc FROM finetune_results WHERE run_id = 'r' ORDER BY strategy, seed`);
const curationRows = () => rows(`SELECT sample, removed FROM curation WHERE run_id = 'r' ORDER BY sample`);

/** Two tables of run 'r' with known rows, and one row of another run. */
beforeEach(async () => {
  await store.query('DELETE FROM finetune_results; DELETE FROM curation');
  await writeFinetuneResult(store, 'r', { strategy: 'full', seed: 0, testAcc: 0.5 });
  await writeFinetuneResult(store, 'other', { strategy: 'full', seed: 0, testAcc: 0.25 });
  await writeCuration(store, 'r', { samples: Int32Array.of(0, 1), removed: Uint8Array.of(1, 0), reasons: ['p1', null] });
});

/** Replaces both tables of run 'r' in one transaction; `middle` runs between the two tables' writes. */
const replaceBoth = (middle: () => Promise<unknown>) =>
  store.transaction(async () => {
    await store.deleteRows('finetune_results', 'r', {});
    await writeFinetuneResult(store, 'r', { strategy: 'curated', seed: 1, testAcc: 0.75 });
    await middle();
    await writeCuration(store, 'r', { samples: Int32Array.of(0, 1, 2), removed: Uint8Array.of(0, 0, 1), reasons: [null, null, 'p2'] });
    return 'done';
  });

describe('I2xStore.transaction', () => {
  test('the writes of several tables become visible together and the result is returned', async () => {
    await expect(replaceBoth(async () => undefined)).resolves.toBe('done');
    expect(await finetuneRows()).toEqual([['curated', 1, 0.75]]);
    expect(await curationRows()).toEqual([[0, false], [1, false], [2, true]]);
    expect(await rows(`SELECT test_acc FROM finetune_results WHERE run_id = 'other'`)).toEqual([[0.25]]);
  });

  test('a write the table refuses in the middle rolls back every table, including the writes before it', async () => {
    const refused = () =>
      store.replaceRows('curation', 'r', {}, (target) =>
        target.appendColumns(1, { sample: column.values([null]), removed: column.values([true]), reason: column.values([null]), invocation: column.values([null]) }),
      );
    const failing = replaceBoth(refused);
    await expect(failing).rejects.toBeInstanceOf(I2xError);
    await expect(failing).rejects.toThrow(/Cannot replace the rows of curation for run r \{\}.*enclosing transaction is rolled back/s);
    expect(await finetuneRows()).toEqual([['full', 0, 0.5]]);
    expect(await curationRows()).toEqual([[0, true], [1, false]]);
  });

  test('an error thrown by the work itself rolls everything back and is rethrown as it is', async () => {
    const failing = replaceBoth(async () => {
      throw new Error('the stage crashed half-way');
    });
    await expect(failing).rejects.toThrow('the stage crashed half-way');
    expect(await finetuneRows()).toEqual([['full', 0, 0.5]]);
    expect(await curationRows()).toEqual([[0, true], [1, false]]);
  });

  test('a failed call caught inside the work still writes nothing', async () => {
    const failing = replaceBoth(() => store.query('SELECT * FROM no_such_table').catch(() => undefined));
    await expect(failing).rejects.toBeInstanceOf(I2xError);
    await expect(failing).rejects.toThrow(/A call inside a transaction on the i2x store .* failed \(.*no_such_table.*\), and the work went on; the whole transaction is rolled back/s);
    expect(await finetuneRows()).toEqual([['full', 0, 0.5]]);
    expect(await curationRows()).toEqual([[0, true], [1, false]]);
  });

  test('a call from outside waits for the commit and sees all of it, never half', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inMiddle = new Promise<void>((resolve) => (started = resolve));
    const writing = replaceBoth(() => {
      started();
      return gate;
    });
    await inMiddle; // the transaction has written finetune_results and waits before curation
    const outside = curationRows(); // queued behind the transaction
    release();
    await writing;
    expect(await outside).toEqual([[0, false], [1, false], [2, true]]);
  });

  test('a transaction inside one joins it: its failure rolls back the outer writes too', async () => {
    const failing = replaceBoth(() =>
      store.transaction(async () => {
        await store.deleteRows('curation', 'r', {});
        throw new Error('inner failure');
      }),
    );
    await expect(failing).rejects.toThrow('inner failure');
    expect(await finetuneRows()).toEqual([['full', 0, 0.5]]);
    expect(await curationRows()).toEqual([[0, true], [1, false]]);
  });

  test('the store stays usable after a rolled-back transaction', async () => {
    await expect(replaceBoth(async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(replaceBoth(async () => undefined)).resolves.toBe('done');
    expect(await finetuneRows()).toEqual([['curated', 1, 0.75]]);
  });
});

describe('I2xStore.deleteRows', () => {
  test('deletes the matching rows of the run only and returns how many', async () => {
    await writeFinetuneResult(store, 'r', { strategy: 'full', seed: 1, testAcc: 0.6 });
    await writeFinetuneResult(store, 'r', { strategy: 'curated', seed: 0, testAcc: 0.7 });
    expect(await store.deleteRows('finetune_results', 'r', { strategy: 'full' })).toBe(2);
    expect(await finetuneRows()).toEqual([['curated', 0, 0.7]]);
    expect(await rows(`SELECT count(*) FROM finetune_results WHERE run_id = 'other'`)).toEqual([[1]]);
  });

  test('a filter on a column the table does not have is refused, naming the columns it has', async () => {
    const failing = store.deleteRows('finetune_results', 'r', { strategie: 'full' });
    await expect(failing).rejects.toBeInstanceOf(I2xError);
    await expect(failing).rejects.toThrow(/Cannot filter finetune_results on "strategie": use columns of finetune_results other than run_id \(strategy, seed/);
  });
});
