import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { I2xError } from '../util/I2xError.js';
import { applyMigrations } from './applyMigrations.js';
import type { ColumnAppender } from './ColumnAppender.js';
import { exportParquet } from './exportParquet.js';
import type { QueryResult } from './QueryResult.js';
import { replaceRows, type RowFilter } from './replaceRows.js';
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

/**
 * The embedded DuckDB file every i2x result goes to (no server). One process opens a store at a time; calls on
 * one store run one after another, so a query never sees another call's half-done transaction.
 */
export class I2xStore {
  static readonly defaultPath = 'artifacts/i2x.duckdb';

  private pending: Promise<unknown> = Promise.resolve();
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

  /** See `replaceRows`: replaces one stage's rows of `table` for `runId` in one transaction. */
  replaceRows(
    table: TableName,
    runId: string,
    filter: RowFilter,
    append: (target: ColumnAppender) => void | Promise<void>,
  ): Promise<number> {
    if (this.readOnly) {
      return Promise.reject(
        new I2xError('E_STORE', `The i2x store ${this.path} is open read-only, so rows of ${table} cannot be written; open it with I2xStore.create(path) to write.`),
      );
    }
    return this.exclusive((connection) => replaceRows(connection, table, runId, filter, append));
  }

  /** See `exportParquet`: writes the result of `sql` to a Parquet file, atomically. */
  exportParquet(sql: string, path: string): Promise<number> {
    return this.exclusive((connection) => exportParquet(connection, sql, path));
  }

  private exclusive<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) {
      return Promise.reject(new I2xError('E_STORE', `The i2x store ${this.path} is closed; open it again with I2xStore.create.`));
    }
    const result = this.pending.then(() => work(this.connection));
    this.pending = result.catch(() => undefined);
    return result;
  }
}
