import { DuckDBDataChunk, DuckDBVector, type DuckDBAppender, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import { I2xError } from '../util/I2xError.js';
import type { ColumnSource } from './ColumnSource.js';

/**
 * A DuckDB appender that knows its table's column names and appends whole columns at a time, one data chunk
 * (2048 rows) after another, rather than a value at a time. Made by `I2xStore.replaceRows`, which decides
 * which columns it has.
 */
export class ColumnAppender {
  private rowsAppended = 0;

  private constructor(
    private readonly appender: DuckDBAppender,
    /** The table the rows are meant for, as error messages name it. */
    readonly label: string,
    readonly columns: readonly string[],
    private readonly types: readonly DuckDBType[],
  ) {}

  /** `where.label` names the table in error messages (default `table`), e.g. the real table behind a staging one. */
  static async create(
    connection: DuckDBConnection,
    table: string,
    columns: readonly string[],
    where: { schemaName?: string; catalog?: string; label?: string } = {},
  ): Promise<ColumnAppender> {
    const label = where.label ?? table;
    const appender = await connection.createAppender(table, where.schemaName, where.catalog);
    const types: DuckDBType[] = [];
    for (let i = 0; i < appender.columnCount; i++) types.push(appender.columnType(i));
    if (types.length !== columns.length) {
      appender.closeSync();
      throw new I2xError('E_STORE', `Table ${label} has ${types.length} columns, expected ${columns.length}.`);
    }
    return new ColumnAppender(appender, label, columns, types);
  }

  /** Rows appended so far. */
  get rowCount(): number {
    return this.rowsAppended;
  }

  /** Appends `rowCount` rows; `sources` has exactly one entry per column, by name. */
  appendColumns(rowCount: number, sources: Readonly<Record<string, ColumnSource>>): void {
    const ordered = this.orderSources(sources);
    const chunkSize = DuckDBVector.standardSize();
    for (let first = 0; first < rowCount; first += chunkSize) {
      const count = Math.min(chunkSize, rowCount - first);
      const chunk = DuckDBDataChunk.create(this.types, count);
      for (let c = 0; c < ordered.length; c++) {
        const vector = chunk.getColumnVector(c);
        try {
          ordered[c](vector, first, count);
        } catch (err) {
          throw new I2xError(
            'E_STORE',
            `Cannot write column ${this.columns[c]} (${this.types[c]}) of ${this.label} at row ${first}: ` +
              `${(err as Error).message}. Check the values passed for it.`,
            { cause: err },
          );
        }
        vector.flush();
      }
      this.appender.appendDataChunk(chunk);
      this.rowsAppended += count;
    }
  }

  /** Makes the appended rows visible to queries on this connection and releases the appender. */
  close(): void {
    this.appender.closeSync();
  }

  /** Releases the appender without writing rows that are not yet flushed (used when a write fails). */
  discard(): void {
    try {
      this.appender.clear();
    } finally {
      this.appender.closeSync();
    }
  }

  private orderSources(sources: Readonly<Record<string, ColumnSource>>): ColumnSource[] {
    const missing = this.columns.filter((name) => !(name in sources));
    const unexpected = Object.keys(sources).filter((name) => !this.columns.includes(name));
    if (missing.length > 0 || unexpected.length > 0) {
      throw new I2xError(
        'E_STORE',
        `Columns for ${this.label} do not match: missing [${missing.join(', ')}], unexpected [${unexpected.join(', ')}]. ` +
          `Give exactly: ${this.columns.join(', ')}.`,
      );
    }
    return this.columns.map((name) => sources[name]);
  }
}
