import type { PlainValue } from '../store/QueryResult.js';

/** A numeric store value as a number (bigints converted), or null for NULL. */
export function plainNumber(value: PlainValue | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const parsed = Number(value);
  return Number.isNaN(parsed) ? null : parsed;
}
