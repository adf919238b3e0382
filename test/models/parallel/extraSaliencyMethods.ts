import * as tf from '@tensorflow/tfjs';
import { camMethod } from '../../../src/explain/classActivationMap.js';
import { saliencyMethods as shipped } from '../../../src/explain/saliencyMethods.js';

/**
 * A saliency method that exists only in the tests, registered the way a new one is: a weighting function
 * (here: each channel weighted by the spatial mean of |gradient|, so it differs from Grad-CAM wherever a
 * gradient changes sign) and one registry entry. Exported as `saliencyMethods`, so worker threads load
 * this module (compiled to dist/test/models/parallel/extraSaliencyMethods.js) and run it like a shipped method.
 */
export const saliencyMethods = shipped.extend(import.meta.url, {
  'test-abs-gradient-cam': camMethod(({ gradients }) => tf.mean(tf.abs(gradients), [1, 2], true) as tf.Tensor4D),
});
