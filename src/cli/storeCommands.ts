import { I2xStore } from '../store/I2xStore.js';
import { formatCsv } from '../store/formatCsv.js';
import { formatJson } from '../store/formatJson.js';
import { formatTable } from '../store/formatTable.js';
import type { QueryResult } from '../store/QueryResult.js';
import { refusedWriteStatement } from '../store/refusedWriteStatement.js';
import { I2xError } from '../util/I2xError.js';
import type { Command } from './Command.js';
import { diffRuns } from './diffRuns.js';
import { parseCommandArgs } from './parseCommandArgs.js';

/** The option of every command that reads the store. */
export const STORE_OPTION = { store: { type: 'string', value: 'path' } } as const;

/** Opens the store at `path` (default artifacts/i2x.duckdb), read-only unless `write`, for the time of `use`. */
async function withStore<T>(path: string | undefined, options: { write: boolean }, use: (store: I2xStore) => Promise<T>): Promise<T> {
  const store = await I2xStore.create(path ?? I2xStore.defaultPath, { readOnly: !options.write });
  try {
    return await use(store);
  } finally {
    store.close();
  }
}

/**
 * `i2x query "<SQL>" [--json | --csv] [--write] [--store path]`: any SQL over the results database. The store is
 * opened read-only unless `--write` is given, so a stray DELETE cannot change it (and other readers may share it).
 */
export const query: Command = async (args) => {
  const { values, positionals } = parseCommandArgs(args, {
    command: 'query',
    options: { json: { type: 'boolean' }, csv: { type: 'boolean' }, write: { type: 'boolean' }, ...STORE_OPTION },
    positionals: { count: 1, what: 'one SQL string in quotes (e.g. i2x query "SELECT * FROM runs")' },
  });
  const write = values.write ?? false;
  const path = values.store ?? I2xStore.defaultPath;
  const result = await withStore(path, { write }, async (store): Promise<QueryResult> => {
    try {
      return await store.query(positionals[0]);
    } catch (err) {
      const refused = refusedWriteStatement(err);
      if (refused !== undefined && !write) {
        throw new I2xError(
          'E_STORE',
          `i2x query opens the store ${path} read-only, and a ${refused} statement would change it; ` +
            `nothing was changed. To change the store, add --write: i2x query --write "<SQL>"`,
          { cause: err },
        );
      }
      throw new I2xError('E_STORE', `the query failed on ${path}: ${(err as Error).message}`, { cause: err });
    }
  });
  process.stdout.write(values.json ? formatJson(result) : values.csv ? formatCsv(result) : formatTable(result));
  return 0;
};

/** `i2x runs`: every run with its status and key metrics (the store opened read-only). */
export const runs: Command = async (args) => {
  const { values } = parseCommandArgs(args, { command: 'runs', options: STORE_OPTION });
  const result = await withStore(values.store, { write: false }, (store) =>
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

/** `i2x diff <runA> <runB>`: the config keys and metrics that differ, only those (the store opened read-only). */
export const diff: Command = async (args) => {
  const { values, positionals } = parseCommandArgs(args, {
    command: 'diff',
    options: STORE_OPTION,
    positionals: { count: 2, what: 'two run ids (see i2x runs)' },
  });
  const text = await withStore(values.store, { write: false }, (store) => diffRuns(store, positionals[0], positionals[1]));
  process.stdout.write(text);
  return 0;
};
