import { createHash } from 'node:crypto';

/** sha256 (hex) of some bytes or strings, fed in order. */
export function sha256Hex(...parts: (Uint8Array | ArrayBuffer | string)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part instanceof ArrayBuffer ? new Uint8Array(part) : part);
  return hash.digest('hex');
}
