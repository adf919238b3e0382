import { readArrayArtifact, writeArrayArtifact, writeJsonArtifact, type ArrayArtifactFile, type ArtifactFile } from '../../artifactFiles.js';

const GROUPS: ArrayArtifactFile = { stage: 'groups', file: 'groups.bin', format: 'i2x-groups-labels/1', dtype: 'int32', axes: ['T-1', 'N'] };
const TRANSITIONS: ArtifactFile = { stage: 'groups', file: 'groups.json', format: 'i2x-groups-transitions/1' };

/** The groups stage's outputs: `groups.bin` (HDBSCAN label per transition and sample, -1 = noise) and `groups.json` (per transition: clusters, noise, subsampling). */
export const groupsArtifacts = {
  files: [GROUPS, TRANSITIONS],
  write(dir: string, outputs: { labels: Int32Array; shape: readonly [number, number]; transitions: Record<string, unknown>[] }): void {
    writeArrayArtifact(dir, GROUPS, { data: outputs.labels, shape: outputs.shape });
    writeJsonArtifact(dir, TRANSITIONS, { transitions: outputs.transitions }, { pretty: true });
  },
  /** [T-1, N] int32 */
  readLabels(groupsStageDir: string): { data: Int32Array; shape: number[] } {
    return readArrayArtifact<Int32Array>(groupsStageDir, GROUPS);
  },
};
