/** A JS value as `I2xStore.query` returns it: JSON-like, with bigint only for integers beyond 2^53. */
export type PlainValue = null | boolean | number | bigint | string | PlainValue[] | { [key: string]: PlainValue };

/** The result of `I2xStore.query`: column names (made unique), their DuckDB types, and the rows. */
export interface QueryResult {
  readonly columns: string[];
  /** DuckDB type names, e.g. 'INTEGER', 'FLOAT[]', 'VARCHAR'. */
  readonly types: string[];
  readonly rows: PlainValue[][];
}
