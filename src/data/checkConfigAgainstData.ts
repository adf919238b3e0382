import type { I2xConfig } from '../config/configSchema.js';
import { I2xError } from '../util/I2xError.js';
import { datasetInfo } from './datasetInfo.js';

/**
 * Checks the config keys that name classes against the configured dataset, without reading it (the class count
 * is fixed per dataset, see datasetInfo): `analysis.uncertain.pairs`, `finetune.pairs` and an integer
 * `analysis.saliency.target`. Meant to run before the first stage, so a bad index is refused before training
 * rather than after it. Throws E_CONFIG listing every key at fault, its value and the accepted classes.
 */
export function checkConfigAgainstData(config: I2xConfig): void {
  const { classNames } = datasetInfo(config.data.dataset);
  const last = classNames.length - 1;
  const isClass = (c: number): boolean => Number.isInteger(c) && c >= 0 && c <= last;
  const problems: string[] = [];
  const checkPairs = (key: string, pairs: readonly (readonly number[])[]): void => {
    pairs.forEach((pair, i) => {
      const bad = pair.filter((c) => !isClass(c));
      if (bad.length === 1) problems.push(`${key}[${i}]: got [${pair.join(', ')}]; class ${bad[0]} is out of range`);
      if (bad.length > 1) problems.push(`${key}[${i}]: got [${pair.join(', ')}]; classes ${bad.join(' and ')} are out of range`);
    });
  };
  checkPairs('analysis.uncertain.pairs', config.analysis.uncertain.pairs);
  checkPairs('finetune.pairs', config.finetune.pairs);
  const target = config.analysis.saliency.target;
  if (typeof target === 'number' && !isClass(target)) problems.push(`analysis.saliency.target: got ${target}; class ${target} is out of range`);
  if (problems.length > 0) {
    const names = classNames.map((name, c) => (name === String(c) ? name : `${c} = ${name}`)).join(', ');
    throw new I2xError(
      'E_CONFIG',
      `${problems.join('; ')}. Dataset '${config.data.dataset}' has ${classNames.length} classes, so class indices must be in 0..${last} (${names}).`,
    );
  }
}
