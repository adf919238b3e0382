import { parseArgs } from 'node:util';
import { I2xStore } from '../store/I2xStore.js';
import { formatCsv } from '../store/formatCsv.js';
import { formatJson } from '../store/formatJson.js';
import { formatTable } from '../store/formatTable.js';
import { I2xError } from '../util/I2xError.js';
import { diffRuns } from './diffRuns.js';

type Command = (args: string[]) => Promise<number>;

async function withStore<T>(path: string | undefined, use: (store: I2xStore) => Promise<T>): Promise<T> {
  const store = await I2xStore.create(path ?? I2xStore.defaultPath);
  try {
    return await use(store);
  } finally {
    store.close();
  }
}

/** `i2x query "<SQL>" [--json | --csv] [--store path]`: any SQL over the results database. */
export const query: Command = async (args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, csv: { type: 'boolean' }, store: { type: 'string' } } });
  if (positionals.length !== 1) throw new I2xError('E_STORE', `i2x query takes one SQL string in quotes, e.g. i2x query "SELECT * FROM runs"; got ${positionals.length} arguments`);
  const result = await withStore(values.store, (store) => store.query(positionals[0]));
  process.stdout.write(values.json ? formatJson(result) : values.csv ? formatCsv(result) : formatTable(result));
  return 0;
};

/** `i2x runs`: every run with its status and key metrics. */
export const runs: Command = async (args) => {
  const { values } = parseArgs({ args, options: { store: { type: 'string' } } });
  const result = await withStore(values.store, (store) =>
    store.query(`
      SELECT r.run_id, r.config_name, r.status, strftime(r.created_at, '%Y-%m-%d %H:%M') AS created,
             count(c.checkpoint) AS checkpoints,
             round(arg_max(c.test_acc, c.checkpoint) * 100, 2) AS final_test_acc_pct,
             (SELECT count(*) FROM uncertain_prototypes u WHERE u.run_id = r.run_id) AS uncertain_prototypes,
             (SELECT count(*) FROM finetune_results f WHERE f.run_id = r.run_id) AS finetune_runs
      FROM runs r LEFT JOIN checkpoints c USING (run_id)
      GROUP BY ALL ORDER BY created`),
  );
  process.stdout.write(formatTable(result));
  return 0;
};

/** `i2x diff <runA> <runB>`: the config keys and metrics that differ, only those. */
export const diff: Command = async (args) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { store: { type: 'string' } } });
  if (positionals.length !== 2) throw new I2xError('E_STORE', `i2x diff takes two run ids (see i2x runs); got ${positionals.length}`);
  const text = await withStore(values.store, (store) => diffRuns(store, positionals[0], positionals[1]));
  process.stdout.write(text);
  return 0;
};
