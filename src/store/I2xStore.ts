import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_STORE_PATH } from '../util/defaultStorePath.js';
import { I2xError } from '../util/I2xError.js';
import { applyMigrations } from './applyMigrations.js';
import type { ColumnAppender } from './ColumnAppender.js';
import { deleteRows } from './deleteRows.js';
import { exportParquet } from './exportParquet.js';
import type { QueryResult } from './QueryResult.js';
import { replaceRows } from './replaceRows.js';
import type { RowFilter } from './rowFilter.js';
import type { TableName } from './schema.js';
import { readOnlySchemaVersion } from './readOnlySchemaVersion.js';
import { storeOpenError } from './storeOpenError.js';
import { toPlainValue } from './toPlainValue.js';

export interface StoreOpenOptions {
  /**
   * Open for reading only (default false): the file must exist and be at this i2x's schema version; no folder is
   * made, no migration runs, and statements that would change the store are refused. Other processes may read the
   * file at the same time, and a read-only folder or file is fine.
   */
  readonly readOnly?: boolean;
}

/** Store files open in this process: DuckDB only locks a file against other processes, not a second open here. */
const openPaths = new Set<string>();

/** Calls that run one after another: each waits for `pending`, then becomes it. */
interface CallQueue {
  pending: Promise<unknown>;
}

/** A transaction of `I2xStore.transaction` while its work runs: calls made from that work queue here. */
interface OpenTransaction extends CallQueue {
  readonly store: I2xStore;
  open: boolean;
  /** the first call inside it that failed: the transaction is then rolled back whatever `work` does */
  failure?: unknown;
}

/** The transaction the current async call chain runs in, if any (so a call inside one does not wait behind it). */
const currentTransaction = new AsyncLocalStorage<OpenTransaction>();

/**
 * The embedded DuckDB file every i2x result goes to (no server). One process opens a store at a time; calls on
 * one store run one after another, so a query never sees another call's half-done transaction.
 */
export class I2xStore {
  static readonly defaultPath = DEFAULT_STORE_PATH;

  private readonly calls: CallQueue = { pending: Promise.resolve() };
  private closed = false;

  private constructor(
    readonly path: string,
    /** The schema version the store is at after opening. */
    readonly schemaVersion: number,
    /** opened with `readOnly`: writes are refused */
    readonly readOnly: boolean,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /**
   * Opens the store at `path` (':memory:' for a throwaway one), creating it and applying migrations as needed;
   * with `{ readOnly: true }`, opens an existing store as it is (see StoreOpenOptions).
   */
  static async create(path: string = I2xStore.defaultPath, options: StoreOpenOptions = {}): Promise<I2xStore> {
    const readOnly = options.readOnly ?? false;
    if (path === ':memory:') {
      if (readOnly) throw new I2xError('E_STORE', "A read-only i2x store needs a file: ':memory:' starts empty, so open it writable.");
      return I2xStore.open({ file: path, path, readOnly });
    }
    const file = resolve(path);
    if (openPaths.has(file)) {
      throw new I2xError(
        'E_STORE',
        `The i2x store ${path} is already open in this process: reuse that I2xStore, or close() it first.`,
      );
    }
    if (readOnly && !existsSync(file)) {
      throw new I2xError(
        'E_STORE',
        `The i2x store ${path} does not exist: no run has written its results there yet. \`i2x run <config>\` creates it ` +
          '(its database stage); or point at another store file.',
      );
    }
    openPaths.add(file); // before any await, so a concurrent create of the same path is refused too
    try {
      if (!readOnly) mkdirSync(dirname(file), { recursive: true });
      return await I2xStore.open({ file, path, readOnly });
    } catch (err) {
      openPaths.delete(file);
      throw err;
    }
  }

  private static async open({ file, path, readOnly }: { file: string; path: string; readOnly: boolean }): Promise<I2xStore> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file, readOnly ? { access_mode: 'READ_ONLY' } : {});
    } catch (err) {
      throw storeOpenError(path, err);
    }
    let connection: DuckDBConnection | undefined;
    try {
      connection = await instance.connect();
      const version = readOnly ? await readOnlySchemaVersion(connection, path) : await applyMigrations(connection, path);
      return new I2xStore(file, version, readOnly, instance, connection);
    } catch (err) {
      connection?.closeSync();
      instance.closeSync();
      throw err;
    }
  }

  /**
   * Closes the store (DuckDB folds its write-ahead log into the file here); the file is then free for another
   * process. Await every write first: calls still waiting fail. Calling it again does nothing.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.connection.closeSync();
    } finally {
      this.instance.closeSync();
      openPaths.delete(this.path);
    }
  }

  /**
   * Runs one or more SQL statements and returns the last one's result as plain JS values. On a read-only store,
   * a statement that would change it fails (see `refusedWriteStatement`).
   */
  query(sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<QueryResult> {
    return this.exclusive(async (connection) => {
      const reader = await connection.runAndReadAll(sql, params);
      const types = reader.columnTypes();
      const rows = reader.getRowsJS().map((row) => row.map((value, c) => toPlainValue(value, types[c])));
      return { columns: reader.deduplicatedColumnNames(), types: types.map(String), rows };
    });
  }

  /**
   * See `replaceRows`: replaces one stage's rows of `table` for `runId` in one transaction (inside
   * `transaction`, as part of that one).
   */
  replaceRows(
    table: TableName,
    runId: string,
    filter: RowFilter,
    append: (target: ColumnAppender) => void | Promise<void>,
  ): Promise<number> {
    const refused = this.refuseWrite(`rows of ${table} cannot be written`);
    if (refused) return refused;
    return this.exclusive((connection, inTransaction) => replaceRows(connection, table, runId, filter, append, { inTransaction }));
  }

  /** See `deleteRows`: deletes the rows of `table` for `runId` that match `filter`; returns how many. */
  deleteRows(table: TableName, runId: string, filter: RowFilter): Promise<number> {
    const refused = this.refuseWrite(`rows of ${table} cannot be deleted`);
    if (refused) return refused;
    return this.exclusive((connection) => deleteRows(connection, table, runId, filter));
  }

  /** On a store opened read-only: the rejection every write method returns (one rule for all of them). */
  private refuseWrite(what: string): Promise<never> | undefined {
    if (!this.readOnly) return undefined;
    return Promise.reject(new I2xError('E_STORE', `The i2x store ${this.path} is open read-only, so ${what}; open it with I2xStore.create(path) to write.`));
  }

  /**
   * Runs `work` as one DuckDB transaction over every table: the writes it makes through this store
   * (`replaceRows`, `deleteRows`, `query`, the writers in `writers/`) become visible together when it resolves,
   * and none of them does when it throws (ROLLBACK, then the error is rethrown). A stage that replaces rows in
   * several tables uses it so that a crash or error in the middle leaves the previous rows of all of them:
   *
   *     await store.transaction(async () => {
   *       await store.deleteRows('finetune_results', runId, {});
   *       await writeFinetuneResult(store, runId, record);
   *     });
   *
   * Calls made from `work` (and what they call) run inside the transaction, one after another; calls from
   * elsewhere wait until it has committed or rolled back. A `transaction` inside `work` joins the outer one.
   * `work` must not wait for a call that was started outside it (that call waits for the transaction: a
   * deadlock). If a call inside fails, the transaction is rolled back even when `work` catches that error
   * and carries on (it then rejects with E_STORE naming the failure). `exportParquet` inside one writes its
   * file at once; a rollback does not remove it.
   */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    const outer = currentTransaction.getStore();
    if (outer?.store === this && outer.open) return work();
    return this.exclusive(async (connection) => {
      await connection.run('BEGIN TRANSACTION');
      const transaction: OpenTransaction = { store: this, pending: Promise.resolve(), open: true };
      try {
        const result = await currentTransaction.run(transaction, work);
        await transaction.pending; // calls `work` started without awaiting them still belong to it
        transaction.open = false;
        if (transaction.failure !== undefined) {
          const message = transaction.failure instanceof Error ? transaction.failure.message : String(transaction.failure);
          throw new I2xError(
            'E_STORE',
            `A call inside a transaction on the i2x store ${this.path} failed (${message}), and the work went on; ` +
              'the whole transaction is rolled back, nothing of it was written. Let that error end the work.',
            { cause: transaction.failure },
          );
        }
        await connection.run('COMMIT');
        return result;
      } catch (err) {
        transaction.open = false;
        await connection.run('ROLLBACK').catch(() => undefined); // fails only if DuckDB already ended the transaction
        throw err;
      }
    });
  }

  /** See `exportParquet`: writes the result of `sql` to a Parquet file, atomically. */
  exportParquet(sql: string, path: string): Promise<number> {
    return this.exclusive((connection) => exportParquet(connection, sql, path));
  }

  /**
   * Runs `work` when the calls before it have finished: those queued on the store, or, for a call made inside
   * `transaction`, those queued on that transaction (`inTransaction` is then true).
   */
  private exclusive<T>(work: (connection: DuckDBConnection, inTransaction: boolean) => Promise<T>): Promise<T> {
    if (this.closed) {
      return Promise.reject(new I2xError('E_STORE', `The i2x store ${this.path} is closed; open it again with I2xStore.create.`));
    }
    const transaction = currentTransaction.getStore();
    if (transaction?.store === this && transaction.open) {
      const result = transaction.pending.then(() => work(this.connection, true));
      transaction.pending = result.catch((err: unknown) => {
        transaction.failure ??= err;
      });
      return result;
    }
    const result = this.calls.pending.then(() => work(this.connection, false));
    this.calls.pending = result.catch(() => undefined);
    return result;
  }
}
