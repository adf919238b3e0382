import { I2xError } from '../util/I2xError.js';

/** Turns DuckDB's failure to open `path` into an I2xError that says what is wrong and what to do. */
export function storeOpenError(path: string, err: unknown): I2xError {
  const message = err instanceof Error ? err.message : String(err);
  if (/Could not set lock on file|Conflicting lock/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return new I2xError(
      'E_STORE',
      `The i2x store ${path} is in use by another i2x process${pid ? ` (PID ${pid})` : ''}: DuckDB lets one process ` +
        'write a store file at a time, and no one read it meanwhile (readers may share it). Wait for that process to ' +
        'finish (or stop it), or use another store path.',
      { cause: err },
    );
  }
  return new I2xError(
    'E_STORE',
    `Cannot open the i2x store ${path}: ${message}. Check that the path is a DuckDB file written by i2x ` +
      'and that its folder is writable, or remove the file to start a new store.',
    { cause: err },
  );
}
