import { SeededRandom } from '../../util/SeededRandom.js';
import { derivedSeed } from '../../util/derivedSeed.js';
import { mapSimilarity, type MapSimilarity } from './mapSimilarity.js';
import { methodMaps, type MapRequest } from './methodMaps.js';

/** [N] a class other than targets[i] for each sample, uniform over the other `classes - 1`, drawn with derivedSeed(seed, 'random-logit', 0). */
export function otherClasses(targets: Int32Array, classes: number, seed: number): Int32Array {
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`random-logit test: needs at least 2 classes, got ${classes}.`);
  const random = new SeededRandom(derivedSeed(seed, 'random-logit', 0));
  return targets.map((t) => {
    if (t < 0 || t >= classes) throw new RangeError(`random-logit test: target ${t} is not a class index in 0..${classes - 1}.`);
    const r = random.int(classes - 1);
    return r >= t ? r + 1 : r;
  });
}

/**
 * The random-logit test (Adebayo et al. 2018; Sixt et al. 2020): the similarity (Spearman and SSIM of the
 * absolute maps) between each sample's map for its class and its map for a random other class. A class-
 * sensitive method gives dissimilar maps; one that highlights the same pixels whatever the class does not
 * explain the class.
 */
export function randomLogit(options: MapRequest & { classes: number; seed: number }): MapSimilarity & { others: Int32Array } {
  const others = otherClasses(options.targets, options.classes, options.seed);
  const own = methodMaps(options);
  const other = methodMaps({ ...options, targets: others });
  return { ...mapSimilarity(own.maps, other.maps, own), others };
}
