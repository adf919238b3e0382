import { join } from 'node:path';
import { atomicWrite } from '../../../util/atomicWrite.js';
import { writeJsonArtifact, type ArtifactFile } from '../../artifactFiles.js';

/** `i2x replicate`'s summary over base models (written by the command, not a stage; 'replicate' names it in advice). */
const REPLICATES: ArtifactFile = { stage: 'replicate', file: 'replicates.json', format: 'i2x-replicates/1' };
/** plain text for people (what `i2x replicate` prints at the end) */
const TABLE_FILE = 'replicates.txt';

/** The outputs of `i2x replicate` in artifacts/<name>-replicates/: replicates.json (every row, the runs) and replicates.txt. */
export const replicatesArtifacts = {
  write(dir: string, outputs: { summary: Record<string, unknown>; text: string }): void {
    writeJsonArtifact(dir, REPLICATES, outputs.summary, { pretty: true });
    atomicWrite(join(dir, TABLE_FILE), outputs.text);
  },
};
