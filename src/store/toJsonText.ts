/** The text stored in a JSON column: null for undefined/null, otherwise JSON (bigints as strings). */
export function toJsonText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}
