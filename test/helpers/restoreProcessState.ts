import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll } from 'vitest';
import { currentBackend } from '../../src/backend/selectBackend.js';

/*
 * Test files share their worker process (vitest.config.ts: isolate false, which saves the second or so each
 * file spent importing tfjs, i2x and vitest anew). What one file changes in the process must not reach the
 * next: this setup file, run before every test file, puts back the environment variables and the active
 * tfjs backend as they were when the file started.
 */
let env: NodeJS.ProcessEnv = {};
let backend: string | null = null;

beforeAll(() => {
  env = { ...process.env };
  // tf.engine().backendName is null until a backend is first used: do not initialise one here
  backend = tf.engine().backendName ?? null;
});

afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  // a file that started before any backend was used leaves the one i2x selected (selectBackend caches its
  // choice per process, so a later file would otherwise run on whatever this file switched to)
  const wanted = backend ?? currentBackend()?.tfjsName ?? null;
  if (wanted !== null && tf.engine().backendName !== wanted) await tf.setBackend(wanted);
});
