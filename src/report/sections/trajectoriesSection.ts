import { escapeHtml } from '../escapeHtml.js';
import { formatNumber } from '../formatNumber.js';
import type { SectionContext } from './SectionContext.js';

export function trajectoriesSection({ data, assets, className, img }: SectionContext): string {
  const { plots } = assets;
  const fraction = data.config.analysis.explanation.separationFraction;
  const checkpointRows = data.checkpoints.map((c) =>
    `<tr><td class="num">${c.checkpoint}</td><td class="num">${c.step ?? 'n/a'}</td><td class="num">${formatNumber.plain(c.epoch, 3)}</td>` +
      `<td class="num">${formatNumber.percent(c.trainAcc)}</td><td class="num">${formatNumber.percent(c.valAcc)}</td><td class="num">${formatNumber.percent(c.testAcc)}</td></tr>`,
  );
  const pairs = plots.pairs.map(({ pair, prototypes, plot }) => {
    const trajectory = data.trajectories.find((t) => t.pair === pair)!;
    const why = trajectory.reason === 'configured' ? 'configured in analysis.uncertain.pairs' : 'among the pairs separated first';
    return `<figure class="plot">${img(plot, `trajectory of pair ${pair.join(' vs ')}`)}<figcaption>${escapeHtml(className(pair[0]))} vs ${escapeHtml(className(pair[1]))} (${why}):
prototypes ${prototypes.join(', ')}, the ones with the largest |beta difference| at any transition.</figcaption></figure>`;
  });
  return `<section id="trajectories">
<h2>Trajectories over training</h2>
<div class="figures">${img(plots.accuracy, 'accuracy per checkpoint')}${plots.groups ? img(plots.groups, 'confidence group sizes per transition') : ''}</div>
<table class="data"><thead><tr><th>checkpoint</th><th>step</th><th>epoch</th><th>train acc.</th><th>val. acc.</th><th>test acc.</th></tr></thead>
<tbody>${checkpointRows.join('\n')}</tbody></table>
<p>Transition t is the change from checkpoint t to t + 1. Per transition, the confidence-change vectors of the training samples
are grouped with HDBSCAN, and a ridge regression per group (and one over all samples) maps prototype-intensity changes to
confidence changes: beta[k, c] is how much prototype k's intensity change moved class c's confidence. A pair (a, b) is
separated at transition t by prototype k when beta[k, a] - beta[k, b] is large; its separation score S_t is the largest such
|difference| over the transition's group fits, and it counts as first separated at the first t with
S_t >= ${formatNumber.plain(fraction)} x its maximum over training.</p>
${plots.separation ? `<figure class="plot">${img(plots.separation, 'separation score per transition')}</figure>` : ''}
<p>Per pair: the beta differences of its strongest prototypes on the all-samples fit (group -1), and the pair's test confusions per checkpoint.</p>
${pairs.join('\n')}
</section>`;
}
