import type { I2xConfig } from '../config/configSchema.js';
import { I2xError } from '../util/I2xError.js';
import { datasetInfo } from './datasetInfo.js';

/**
 * Checks the config keys that name classes against the configured dataset, without reading it (the class count
 * is fixed per dataset, see datasetInfo): `analysis.uncertain.pairs`, `finetune.pairs` and an integer
 * `analysis.saliency.target`, and in `data.plant` the classes and (when the dataset fixes the image size) that
 * every square fits the image. Meant to run before the first stage, so a bad index is refused before training
 * rather than after it. Throws E_CONFIG listing every key at fault, its value and the accepted classes.
 */
export function checkConfigAgainstData(config: I2xConfig): void {
  const { classNames, imageShape } = datasetInfo(config.data.dataset);
  const last = classNames.length - 1;
  const isClass = (c: number): boolean => Number.isInteger(c) && c >= 0 && c <= last;
  // classes out of range (then the message names the accepted classes), and squares that do not fit
  const classProblems: string[] = [];
  const squareProblems: string[] = [];
  const checkPairs = (key: string, pairs: readonly (readonly number[])[]): void => {
    pairs.forEach((pair, i) => {
      const bad = pair.filter((c) => !isClass(c));
      if (bad.length === 1) classProblems.push(`${key}[${i}]: got [${pair.join(', ')}]; class ${bad[0]} is out of range`);
      if (bad.length > 1) classProblems.push(`${key}[${i}]: got [${pair.join(', ')}]; classes ${bad.join(' and ')} are out of range`);
    });
  };
  const checkClass = (key: string, c: number): void => {
    if (!isClass(c)) classProblems.push(`${key}: got ${c}; class ${c} is out of range`);
  };
  // squares are checked where the dataset fixes the image size (idx: when planted)
  const checkSquare = (key: string, square: { x: number; y: number; size: number }): void => {
    if (!imageShape) return;
    const [height, width] = imageShape;
    if (square.x + square.size > width || square.y + square.size > height) {
      squareProblems.push(
        `${key}: a ${square.size}x${square.size} square at x ${square.x}, y ${square.y} does not fit the ${width}x${height} images; ` +
          `expected x + size <= ${width} and y + size <= ${height}`,
      );
    }
  };
  checkPairs('analysis.uncertain.pairs', config.analysis.uncertain.pairs);
  checkPairs('finetune.pairs', config.finetune.pairs);
  const target = config.analysis.saliency.target;
  if (typeof target === 'number') checkClass('analysis.saliency.target', target);
  config.data.plant.forEach((plant, i) => {
    const key = `data.plant[${i}]`;
    if (plant.kind === 'decoy') checkSquare(`${key}.swatchSize`, { x: 0, y: 0, size: plant.swatchSize });
    if (plant.kind === 'shortcut') {
      checkClass(`${key}.train.class`, plant.train.class);
      if (plant.secondTrain) checkClass(`${key}.secondTrain.class`, plant.secondTrain.class);
      if (plant.test) checkClass(`${key}.test.class`, plant.test.class);
      checkSquare(key, plant);
    }
    if (plant.kind === 'label-flip') {
      checkClass(`${key}.from`, plant.from);
      checkClass(`${key}.to`, plant.to);
    }
  });
  const problems = [...classProblems, ...squareProblems];
  if (problems.length === 0) return;
  if (classProblems.length === 0) throw new I2xError('E_CONFIG', `${problems.join('; ')}.`);
  const names = classNames.map((name, c) => (name === String(c) ? name : `${c} = ${name}`)).join(', ');
  throw new I2xError(
    'E_CONFIG',
    `${problems.join('; ')}. Dataset '${config.data.dataset}' has ${classNames.length} classes, so class indices must be in 0..${last} (${names}).`,
  );
}
