import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** test/fixtures/torch, written by make_fixtures.py there. */
export const TORCH_FIXTURES = fileURLToPath(new URL('../../fixtures/torch/', import.meta.url));

export function fixturePath(name: string): string {
  return TORCH_FIXTURES + name;
}

export function fixtureJson<T>(name: string): T {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as T;
}
