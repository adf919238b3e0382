import type { CompositeName } from '../../config/saliencyMethodNames.js';
import type { CompositeOptions } from './composites.js';

export interface LrpOptions extends CompositeOptions {
  composite: CompositeName;
  /** layers whose relevance is returned besides the input's (a convolution merged with its BatchNorm shares the BatchNorm's) */
  layers?: string[];
  /** log the conservation line (default true; I2X_QUIET=1 silences all logs) */
  printConservation?: boolean;
}
