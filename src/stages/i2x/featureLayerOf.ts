import type { I2xConfig } from '../../config/configSchema.js';
import { stageOutputLayer } from '../../models/buildResNet.js';

/** The layer whose activations define prototypes and where saliency is taken: configured, or the last stage's output. */
export function featureLayerOf(model: Pick<I2xConfig['model'], 'featureLayer' | 'arch'>): string {
  return model.featureLayer ?? stageOutputLayer(model.arch);
}
