import { existsSync, readFileSync } from 'node:fs';
import { finetuneArtifacts } from '../stages/i2x/artifacts/finetuneArtifacts.js';
import { finetuneStage } from '../stages/i2x/finetuneStage.js';
import type { PipelineResult } from '../stages/runPipeline.js';

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
  return readFileSync(table, 'utf8') + (extra === '' ? '' : `\n${extra}`);
}
