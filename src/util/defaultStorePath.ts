/** Where the DuckDB store lives unless `store.path` (or a command's `--store`) says otherwise: the config's default and I2xStore's. */
export const DEFAULT_STORE_PATH = 'artifacts/i2x.duckdb';
