import type { DuckDBVector } from '@duckdb/node-api';

/**
 * Writes rows [first, first + count) of one column into `vector`, whose item 0 is row `first`.
 * `column.ts` makes these from flat typed arrays; `ColumnAppender.appendColumns` calls one per column and chunk.
 */
export type ColumnSource = (vector: DuckDBVector, first: number, count: number) => void;
