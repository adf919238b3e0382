import { COMPOSITE_NAMES, type CompositeName } from '../../config/saliencyMethodNames.js';
import { I2xError } from '../../util/I2xError.js';
import type { LrpRule } from './LrpRule.js';
import { alphaBetaRule } from './rules/alphaBeta.js';
import { epsilonRule } from './rules/epsilon.js';
import { flatRule } from './rules/flat.js';
import { gammaRule } from './rules/gamma.js';
import { zBoxRule, type InputBound } from './rules/zBox.js';
import { zPlusRule } from './rules/zPlus.js';

/*
 * The composites of zennit (a rule per layer type, another for the first layer), plus 'epsilon':
 * LRP-epsilon on every layer (LRP-0 with epsilon 0), the reference that conserves on bias-free networks.
 * Their names (COMPOSITE_NAMES) are listed in src/config/saliencyMethodNames.ts, where the config reads
 * them; a composite added here and there is the saliency method `lrp-<name>` everywhere.
 */

export interface CompositeOptions {
  /** of the epsilon rule (dense layers and pooling); default 1e-6 */
  epsilon?: number;
  /** of the gamma rule; default 0.25 */
  gamma?: number;
  /** lowest input value, in the normalised input space (one, or one per channel); needed by 'epsilon-gamma-box' */
  low?: InputBound;
  /** highest input value, as `low` */
  high?: InputBound;
}

export type LinearKind = 'conv' | 'dense';

/** Which rule each layer of a model gets. Residual sums always use the Norm rule; ReLU passes relevance on. */
export interface Composite {
  name: CompositeName;
  /** the first layer (in topological order) of one of these kinds gets `first` instead of its kind's rule */
  firstKinds: readonly LinearKind[];
  first: LrpRule;
  conv: LrpRule;
  dense: LrpRule;
  /** global average pooling, a linear layer with weights 1/(H*W) */
  pool: LrpRule;
}

export function resolveComposite(name: CompositeName, options: CompositeOptions = {}): Composite {
  const epsilon = options.epsilon ?? 1e-6;
  if (!(epsilon >= 0)) throw new I2xError('E_CONFIG', `LRP epsilon ${epsilon} is not accepted; it must be a number >= 0 (default 1e-6).`);
  const eps = epsilonRule(epsilon);
  switch (name) {
    case 'epsilon-plus-flat':
      return { name, firstKinds: ['conv', 'dense'], first: flatRule(), conv: zPlusRule(), dense: eps, pool: eps };
    case 'epsilon-alpha2-beta1-flat':
      return { name, firstKinds: ['conv', 'dense'], first: flatRule(), conv: alphaBetaRule(2, 1), dense: eps, pool: eps };
    case 'epsilon-gamma-box': {
      const gamma = options.gamma ?? 0.25;
      if (!(gamma >= 0)) throw new I2xError('E_CONFIG', `LRP gamma ${gamma} is not accepted; it must be a number >= 0 (default 0.25).`);
      if (options.low === undefined || options.high === undefined) {
        throw new I2xError('E_CONFIG', `The LRP composite 'epsilon-gamma-box' needs the input bounds 'low' and 'high' (in the normalised input space, e.g. low = (0 - mean) / std); got low=${options.low}, high=${options.high}.`);
      }
      return { name, firstKinds: ['conv'], first: zBoxRule(options.low, options.high), conv: gammaRule(gamma), dense: eps, pool: eps };
    }
    case 'epsilon':
      return { name, firstKinds: [], first: eps, conv: eps, dense: eps, pool: eps };
    default:
      throw new I2xError('E_CONFIG', `Unknown LRP composite '${name as string}'; accepted: ${COMPOSITE_NAMES.join(', ')}.`);
  }
}
