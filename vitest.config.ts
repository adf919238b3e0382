import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest leaves one core idle by default: on the 2-core CI machine that ran the files one at a time
    // (123 s instead of 81 s for the suite)
    maxWorkers: availableParallelism(),
    // Each file in a fresh process spent about a second importing tfjs, i2x and vitest again (test/analysis:
    // 12.9 s isolated, 3.8 s shared, for 2.7 s of tests). Files share their worker process instead; the setup
    // file puts back what a file changes in the process (environment variables, the tfjs backend).
    isolate: false,
    setupFiles: ['test/helpers/restoreProcessState.ts'],
    reporters: ['default'],
  },
});
