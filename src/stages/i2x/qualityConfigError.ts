import { I2xError } from '../../util/I2xError.js';

/**
 * A RangeError of a quality function (src/explain/quality/) as the config error it is: a step count the metric
 * cannot use names `quality.steps` with its value. Other errors pass through unchanged.
 */
export function qualityConfigError(err: unknown, quality: { steps: number; sampleSize: number }): unknown {
  if (!(err instanceof RangeError)) return err;
  const key = /steps/.test(err.message) ? 'steps' : 'sampleSize';
  return new I2xError('E_CONFIG', `quality.${key}: got ${quality[key]}; ${err.message} Change quality.${key}.`, { cause: err });
}
