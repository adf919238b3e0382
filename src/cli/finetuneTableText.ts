import { existsSync, readFileSync } from 'node:fs';
import { finetuneArtifacts } from '../stages/i2x/artifacts/finetuneArtifacts.js';
import { finetuneStage } from '../stages/i2x/finetuneStage.js';
import type { PipelineResult } from '../stages/runPipeline.js';

/**
 * What the paired intervals do not cover, said under them: they are over fine-tuning seeds from one analysed base
 * model. On planted MNIST, four base models (training seeds) gave per-base differences of both signs, each
 * significant by its own seeds (docs/experiments.md, experiment 2, addendum F).
 */
export const ONE_BASE_CAVEAT =
  'These intervals are over fine-tuning seeds of one base model; they leave out how much a difference varies between training runs (seed), which on planted MNIST was more (docs/experiments.md, experiment 2, addendum F).\n';

/**
 * What `i2x finetune` prints after the run: the fine-tuning table when the finetune stage was part of the call
 * (ran or cached) and its table is there; otherwise a line saying why there is none (e.g. `--only curation`).
 */
export function finetuneTableText(result: Pick<PipelineResult, 'stages'>): string {
  const stage = result.stages.find((s) => s.name === finetuneStage.name);
  if (!stage) return `no fine-tuning table: the ${finetuneStage.name} stage was not part of this call\n`;
  const table = finetuneArtifacts.tablePath(stage.dir);
  if (!existsSync(table)) return `no fine-tuning table: ${table} is missing; re-run the stage with --force ${finetuneStage.name}\n`;
  const comparisons = finetuneArtifacts.comparisonsPath(stage.dir);
  const extra = existsSync(comparisons) ? readFileSync(comparisons, 'utf8') : '';
  return readFileSync(table, 'utf8') + (extra === '' ? '' : `\n${extra}${extra.endsWith('\n') ? '' : '\n'}${ONE_BASE_CAVEAT}`);
}
