import { COMPOSITE_NAMES, type CompositeName, type SaliencyMethodName } from '../config/saliencyMethodNames.js';
import { gradCamWeights } from './gradCam.js';
import { camMethod } from './classActivationMap.js';
import { lrpMethod } from './lrp/lrpMethod.js';
import type { SaliencyMethod } from './SaliencyMethod.js';
import { SaliencyRegistry } from './SaliencyRegistry.js';

const lrpMethods = Object.fromEntries(COMPOSITE_NAMES.map((composite) => [`lrp-${composite}`, lrpMethod(composite)])) as Record<`lrp-${CompositeName}`, SaliencyMethod>;

/**
 * Every saliency method i2x ships, under the names the config accepts (src/config/saliencyMethodNames.ts;
 * the type makes this list exactly those). The saliency and compare stages take their method from here,
 * in this thread or on worker threads, which load this module (see SaliencyRegistry and runSaliencyParallel). A new CAM method is
 * a file with its weighting (as gradCam.ts), its name in CAM_METHOD_NAMES and its line here.
 */
export const saliencyMethods = new SaliencyRegistry<SaliencyMethodName>(import.meta.url, {
  gradcam: camMethod(gradCamWeights),
  ...lrpMethods,
});
