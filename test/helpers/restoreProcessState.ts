import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll } from 'vitest';
import { currentBackend } from '../../src/backend/selectBackend.js';

/*
 * Test files share their worker process (vitest.config.ts: isolate false, which saves the second or so each
 * file spent importing tfjs, i2x and vitest anew). What one file changes in the process must not reach the
 * next: this setup file, run before every test file, puts back the environment variables as they were when the
 * file started, and leaves tfjs on the backend the next file would find in a process of its own.
 *
 * That backend is i2x's choice once selectBackend has made one: it caches its choice per process, so a file
 * that switches tfjs to cpu by hand (to compare kernels) and is not switched back would make every later
 * selectBackend('wasm') run on cpu. A file that started before any backend was used (and no choice was made)
 * gets tfjs's own default back: the registered backend of highest priority.
 */
let env: NodeJS.ProcessEnv = {};
let backend: string | null = null;

/** The backend tfjs would pick first in a fresh process: the registered one of highest priority. */
function defaultBackend(): string | null {
  const registry = tf.engine().registryFactory;
  const names = Object.keys(registry).sort((a, b) => registry[b].priority - registry[a].priority);
  return names[0] ?? null;
}

async function restoreBackend(wanted: string | null): Promise<void> {
  if (wanted !== null && tf.engine().backendName !== wanted) await tf.setBackend(wanted);
}

beforeAll(async () => {
  env = { ...process.env };
  // tf.engine().backendName is null until a backend is first used: do not initialise one here
  backend = tf.engine().backendName ?? null;
  await restoreBackend(currentBackend()?.tfjsName ?? null);
});

afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  await restoreBackend(currentBackend()?.tfjsName ?? backend ?? defaultBackend());
});
