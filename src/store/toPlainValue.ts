import { DuckDBTypeId, type DuckDBType, type JS } from '@duckdb/node-api';
import type { PlainValue } from './QueryResult.js';

/**
 * Converts a value read with DuckDB's JS converter into a `PlainValue`: integers become numbers when exact
 * (bigint otherwise), FLOATs become the shortest decimal that rounds back to the same float32 (0.1, not
 * 0.10000000149011612), DATEs become 'YYYY-MM-DD', timestamps ISO strings and BLOBs hex strings.
 */
export function toPlainValue(value: JS, type: DuckDBType | undefined): PlainValue {
  if (value === null) return null;
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (typeof value === 'number') return type?.typeId === DuckDBTypeId.FLOAT ? shortestFloat32(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return type?.typeId === DuckDBTypeId.DATE ? iso.slice(0, 10) : iso;
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (Array.isArray(value)) {
    const itemType = type?.typeId === DuckDBTypeId.LIST || type?.typeId === DuckDBTypeId.ARRAY ? type.valueType : undefined;
    return value.map((item) => toPlainValue(item, itemType));
  }
  const entries: { [key: string]: PlainValue } = {};
  for (const [key, item] of Object.entries(value)) {
    entries[key] = toPlainValue(item, type?.typeId === DuckDBTypeId.STRUCT ? type.typeForEntry(key) : undefined);
  }
  return entries;
}

function shortestFloat32(value: number): number {
  if (!Number.isFinite(value)) return value;
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return Number(value.toPrecision(9));
}
