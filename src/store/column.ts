import { DuckDBListValue, JSToDuckDBValueConverter, type JS } from '@duckdb/node-api';
import type { ColumnSource } from './ColumnSource.js';

/**
 * Makes `ColumnSource`s from flat arrays. Each source has its own tight loop over one vector class, which is what
 * keeps a bulk load fast (see bench/storeBench.ts). Floats that are NaN are written as NULL.
 */
export const column = {
  /** Integers, one per row. */
  ints(values: ArrayLike<number>): ColumnSource {
    return (vector, first, count) => {
      for (let r = 0; r < count; r++) vector.setItem(r, values[first + r]);
    };
  },

  /** Floats, one per row; NaN becomes NULL. */
  floats(values: ArrayLike<number>): ColumnSource {
    return (vector, first, count) => {
      // Values first, NULLs after: until a vector holds a NULL it has no validity mask to update per item,
      // and updating one costs more than the value itself.
      let hasNaN = false;
      for (let r = 0; r < count; r++) {
        const value = values[first + r];
        if (value === value) vector.setItem(r, value);
        else hasNaN = true;
      }
      if (!hasNaN) return;
      for (let r = 0; r < count; r++) {
        const value = values[first + r];
        if (value !== value) vector.setItem(r, null);
      }
    };
  },

  /** Row i gets `values[floor(i / times)]`: the sample id column of a row-major [N, times] matrix. */
  repeatEach(values: ArrayLike<number>, times: number): ColumnSource {
    return (vector, first, count) => {
      for (let r = 0; r < count; r++) vector.setItem(r, values[Math.floor((first + r) / times)]);
    };
  },

  /** Row i gets `i % period`: the column index of a row-major [N, period] matrix. */
  cycle(period: number): ColumnSource {
    return (vector, first, count) => {
      for (let r = 0; r < count; r++) vector.setItem(r, (first + r) % period);
    };
  },

  /** Row i gets the float list `values[i * width .. (i + 1) * width)` (a row of a row-major [N, width] matrix). */
  floatLists(values: ArrayLike<number>, width: number): ColumnSource {
    return (vector, first, count) => {
      for (let r = 0; r < count; r++) {
        const items: (number | null)[] = new Array(width);
        const offset = (first + r) * width;
        for (let j = 0; j < width; j++) {
          const value = values[offset + j];
          items[j] = value !== value ? null : value;
        }
        vector.setItem(r, new DuckDBListValue(items));
      }
    };
  },

  /** Plain JS values (string, boolean, Date, number[], ...), converted to the column's type; for small tables. */
  values(values: readonly (JS | undefined)[]): ColumnSource {
    return (vector, first, count) => {
      const type = vector.type;
      for (let r = 0; r < count; r++) {
        const value = values[first + r];
        const plain = typeof value === 'number' && value !== value ? null : (value ?? null);
        vector.setItem(r, plain === null ? null : JSToDuckDBValueConverter(plain, type, JSToDuckDBValueConverter));
      }
    };
  },
};
