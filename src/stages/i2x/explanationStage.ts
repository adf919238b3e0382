import { structuredExplanation } from '../../analysis/structuredExplanation.js';
import { uncertainPrototypes } from '../../analysis/uncertainPrototypes.js';
import { defineStage } from '../Stage.js';
import { explanationArtifacts } from './artifacts/explanationArtifacts.js';
import { ridgeArtifacts } from './artifacts/ridgeArtifacts.js';
import { ALL_SAMPLES_GROUP } from './ridgeStage.js';

/**
 * The structured explanation and the uncertain prototypes:
 * - `explanation.json`: per transition and confidence group, the prototypes that raise / lower each class
 *   and that separate each class pair; per pair, its separation score per transition and when in training
 *   it was first separated (see src/analysis/structuredExplanation.ts for the definitions).
 * - `uncertain.json`: prototypes whose preference between the two classes of a configured pair flips sign
 *   across transitions, on the all-samples fits (definition in src/analysis/uncertainPrototypes.ts).
 */
export const explanationStage = defineStage({
  name: 'explanation',
  version: 3, // 3: its files carry format tags
  configKeys: ['analysis.uncertain', 'analysis.explanation'],
  inputs: ['ridge'],
  async run(ctx) {
    const ridge = ridgeArtifacts.read(ctx.inputDir('ridge'));
    const { prototypes: k, classes, transitions } = ridge;
    const perTransition = Array.from({ length: transitions }, (_, t) => ridge.fits.filter((f) => f.transition === t));
    const clusterBetas = perTransition.map((fits) => {
      const clusters = fits.filter((f) => f.group !== ALL_SAMPLES_GROUP);
      return (clusters.length ? clusters : fits).map((f) => Float64Array.from(f.beta));
    });
    const explanation = structuredExplanation(clusterBetas, k, classes, { separatedFraction: ctx.config.analysis.explanation.separationFraction });
    const allBetas = perTransition.map((fits) => Float64Array.from(fits.find((f) => f.group === ALL_SAMPLES_GROUP)?.beta ?? new Array(k * classes).fill(0)));
    const u = ctx.config.analysis.uncertain;
    const uncertain = uncertainPrototypes(allBetas, k, classes, { pairs: u.pairs as [number, number][], threshold: u.threshold, scale: u.scale, minSignChanges: u.minSignChanges });
    explanationArtifacts.write(ctx.outputDir, { explanation, uncertain });
    const firstSeparated = explanation.pairs
      .filter((p) => p.firstSeparatedTransition !== null)
      .sort((a, b) => a.firstSeparatedTransition! - b.firstSeparatedTransition!)
      .slice(0, 3)
      .map((p) => `${p.pair[0]}v${p.pair[1]}@${p.firstSeparatedTransition}`);
    return { summary: { uncertain: uncertain.map((x) => `p${x.prototype}:${x.pair.join('v')}`), firstSeparated } };
  },
});
