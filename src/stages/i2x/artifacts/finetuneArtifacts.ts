import { join } from 'node:path';
import { atomicWrite } from '../../../util/atomicWrite.js';
import type { FinetuneRunResult } from '../../../finetune/FinetuneRunResult.js';
import { readJsonArtifact, writeJsonArtifact, type ArtifactFile } from '../../artifactFiles.js';

const RESULTS: ArtifactFile = { stage: 'finetune', file: 'results.json', format: 'i2x-finetune-results/1' };
/** plain text for people (what `i2x finetune` prints), so it carries no tag */
const TABLE_FILE = 'table.txt';
/** plain text: the paired comparisons against the reference strategy (printed after the table) */
const COMPARISONS_FILE = 'comparisons.txt';

/** The finetune stage's outputs: `results.json` (every run, the base model, the aggregated table) and `table.txt`. */
export const finetuneArtifacts = {
  files: [RESULTS, { stage: 'finetune', file: TABLE_FILE, format: 'text' }, { stage: 'finetune', file: COMPARISONS_FILE, format: 'text' }],
  write(dir: string, outputs: { results: Record<string, unknown>; table: string; comparisons: string }): void {
    writeJsonArtifact(dir, RESULTS, outputs.results, { pretty: true });
    atomicWrite(join(dir, TABLE_FILE), outputs.table);
    atomicWrite(join(dir, COMPARISONS_FILE), outputs.comparisons);
  },
  /** results.json of a finetune stage directory: the reference strategy and every run (without test predictions) */
  readResults(dir: string): { reference: string; runs: FinetuneRunResult[] } {
    const { reference, runs } = readJsonArtifact<{ format: string; reference: string; runs: FinetuneRunResult[] }>(dir, RESULTS);
    return { reference, runs };
  },
  /** where the table is in a finetune stage directory */
  tablePath(finetuneStageDir: string): string {
    return join(finetuneStageDir, TABLE_FILE);
  },
  /** where the paired comparisons are in a finetune stage directory (absent in stage outputs before version 4) */
  comparisonsPath(finetuneStageDir: string): string {
    return join(finetuneStageDir, COMPARISONS_FILE);
  },
};
