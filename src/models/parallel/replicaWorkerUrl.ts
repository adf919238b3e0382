import { compiledModuleUrl } from '../../util/compiledModuleUrl.js';

/**
 * The URL of the compiled worker script. Workers always run compiled JavaScript: when this module is
 * itself loaded from TypeScript sources (vitest), `.../src/models/parallel/replicaWorker.ts` is mapped to
 * `.../dist/src/models/parallel/replicaWorker.js`, so tests that start workers need `npm run build` first
 * (`npm test` runs tsc before vitest).
 */
export function replicaWorkerUrl(): URL {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return compiledModuleUrl(new URL(`./replicaWorker${extension}`, import.meta.url));
}
