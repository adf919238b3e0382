/**
 * JSON with mapping keys sorted at every depth, so equal values always give the same text, whatever order
 * their keys were written in. Rejects what JSON cannot represent faithfully (NaN, Infinity, undefined,
 * functions, bigints), since those would silently collide in a cache key.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value, '$'));
}

function canonicalize(value: unknown, where: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${where} is ${value}, which JSON cannot hold`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => canonicalize(item, `${where}[${i}]`));
  if (typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      sorted[key] = canonicalize((value as Record<string, unknown>)[key], `${where}.${key}`);
    }
    return sorted;
  }
  throw new TypeError(`canonicalJson: ${where} is a ${typeof value}, which JSON cannot hold`);
}
