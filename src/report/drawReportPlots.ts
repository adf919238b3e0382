import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { atomicWrite } from '../util/atomicWrite.js';
import { accuracyChart } from './charts/accuracyChart.js';
import { finetuneChart } from './charts/finetuneChart.js';
import { groupSizesChart } from './charts/groupSizesChart.js';
import { legibilityChart } from './charts/legibilityChart.js';
import { qualityCurvesChart } from './charts/qualityCurvesChart.js';
import { pairTrajectoryChart } from './charts/pairTrajectoryChart.js';
import { scorecardChart } from './charts/scorecardChart.js';
import { separationChart } from './charts/separationChart.js';
import { uncertainChart } from './charts/uncertainChart.js';
import type { ReportAssets, ReportFile } from './ReportAssets.js';
import type { ClassPair, ReportData } from './ReportData.js';
import { renderVegaLite } from './renderVegaLite.js';
import { samePair } from './samePair.js';
import { strongestPrototypes } from './strongestPrototypes.js';

/** Prototypes drawn per pair trajectory. */
const TRAJECTORY_PROTOTYPES = 4;

/** Renders every plot of the report to SVG under `dir`/plots and says where each went. */
export async function drawReportPlots(dir: string, data: ReportData, className: (c: number) => string): Promise<{ plots: ReportAssets['plots']; count: number }> {
  let count = 0;
  const save = async (name: string, spec: TopLevelSpec): Promise<ReportFile> => {
    const svg = await renderVegaLite(spec, name);
    atomicWrite(join(dir, 'plots', `${name}.svg`), svg);
    count++;
    const size = (attribute: string): number => Number(new RegExp(`<svg[^>]*\\s${attribute}="([\\d.]+)"`).exec(svg)?.[1] ?? 0);
    return { file: `plots/${name}.svg`, width: Math.ceil(size('width')), height: Math.ceil(size('height')) };
  };
  const pairLabel = ([a, b]: ClassPair): string => `${className(a)} vs ${className(b)}`;
  const shown = data.separations.filter((s) => data.trajectories.some((t) => samePair(t.pair, s.pair)));

  const accuracy = await save('accuracy', accuracyChart(data.checkpoints));
  const groups = data.groupSizes.length > 0 ? await save('groups', groupSizesChart(data.groupSizes)) : null;
  const separation = shown.length > 0 ? await save('separation', separationChart(shown, (s) => pairLabel(s.pair))) : null;
  const pairs: ReportAssets['plots']['pairs'][number][] = [];
  for (const trajectory of data.trajectories) {
    const prototypes = strongestPrototypes(trajectory.betas, TRAJECTORY_PROTOTYPES);
    const plot = await save(`pair-${trajectory.pair.join('-')}`, pairTrajectoryChart(trajectory, prototypes, className));
    pairs.push({ pair: trajectory.pair, prototypes, plot });
  }
  const uncertain: ReportAssets['plots']['uncertain'][number][] = [];
  const uncertainPairs = [...new Map(data.uncertain.map((u) => [u.pair.join('-'), u.pair] as const)).values()];
  for (const pair of uncertainPairs) {
    const rows = data.uncertain.filter((u) => samePair(u.pair, pair) && u.pair[0] === pair[0]);
    uncertain.push({ pair, plot: await save(`uncertain-${pair.join('-')}`, uncertainChart(rows, data.config.analysis.uncertain.threshold, data.config.analysis.uncertain.scale, className)) });
  }
  const finetune = data.finetune.length > 0 ? await save('finetune', finetuneChart(data.finetune)) : null;
  const legibility = data.legibility.length > 0 ? await save('legibility', legibilityChart(data.legibility)) : null;
  const lastScored = Math.max(-1, ...data.qualityCurves.map((c) => c.checkpoint));
  const curvesOf = (metrics: readonly string[]) => data.qualityCurves.filter((c) => c.checkpoint === lastScored && metrics.includes(c.metric));
  const mprt = curvesOf(['mprt-spearman', 'mprt-ssim']);
  const randomisation = mprt.length > 0 ? await save('randomisation', qualityCurvesChart(mprt, { title: `Cascading parameter randomisation (checkpoint ${lastScored}): similarity to the trained model's maps`, x: 'layers re-initialised, top down (fraction)' })) : null;
  const removed = curvesOf(['deletion', 'insertion']);
  const removal = removed.length > 0 ? await save('removal', qualityCurvesChart(removed, { title: `Deletion and insertion (checkpoint ${lastScored}): probability of the true class`, x: 'fraction of the pixels removed / inserted' })) : null;
  const scorecard: ReportAssets['plots']['scorecard'][number][] = [];
  for (const card of data.scorecard?.planted ?? []) {
    if (card.detection.length > 0) scorecard.push({ kind: card.kind, plot: await save(`scorecard-${card.kind}`, scorecardChart(card)) });
  }
  return { plots: { accuracy, groups, separation, pairs, uncertain, finetune, legibility, randomisation, removal, scorecard }, count };
}
