import { readArrayArtifact, readJsonArtifact, writeArrayArtifact, writeJsonArtifact, type ArrayArtifactFile, type ArtifactFile } from '../../artifactFiles.js';

const SCORES: ArrayArtifactFile = { stage: 'scores', file: 'scores.bin', format: 'i2x-sample-scores/1', dtype: 'float64', axes: ['methods', 'N'] };
const METHODS: ArtifactFile = { stage: 'scores', file: 'scores.json', format: 'i2x-sample-score-methods/1' };

/** Per-sample suspicion scores of the training set, one row per method (higher = more likely a problem sample). */
export interface SampleScoreTable {
  /** the methods, in row order */
  methods: string[];
  /** [N] each method's scores */
  scores: Map<string, Float64Array>;
  /** [T] the learning rates TracIn weighted the checkpoints by */
  learningRates: number[];
}

/** The scores stage's outputs: `scores.bin` [methods, N] float64 and `scores.json` naming the rows. */
export const scoresArtifacts = {
  files: [SCORES, METHODS],
  write(dir: string, table: SampleScoreTable): void {
    const N = table.methods.length ? table.scores.get(table.methods[0])!.length : 0;
    const data = new Float64Array(table.methods.length * N);
    table.methods.forEach((m, i) => data.set(table.scores.get(m)!, i * N));
    writeArrayArtifact(dir, SCORES, { data, shape: [table.methods.length, N] });
    writeJsonArtifact(dir, METHODS, { methods: table.methods, learningRates: table.learningRates });
  },
  read(scoresStageDir: string): SampleScoreTable {
    const { methods, learningRates } = readJsonArtifact<{ format: string; methods: string[]; learningRates: number[] }>(scoresStageDir, METHODS);
    const { data, shape } = readArrayArtifact<Float64Array>(scoresStageDir, SCORES);
    const N = shape[1];
    return { methods, learningRates, scores: new Map(methods.map((m, i) => [m, data.subarray(i * N, (i + 1) * N)])) };
  },
};
