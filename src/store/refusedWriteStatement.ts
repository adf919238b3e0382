/**
 * When `err` is DuckDB refusing a statement because the store is open read-only, the kind of statement it refused
 * ('DELETE', 'INSERT', 'CREATE', ...); otherwise undefined.
 */
export function refusedWriteStatement(err: unknown): string | undefined {
  const message = err instanceof Error ? err.message : String(err);
  if (!/attached in read-only mode/.test(message)) return undefined;
  return /statement of type "([^"]+)"/.exec(message)?.[1] ?? 'write';
}
