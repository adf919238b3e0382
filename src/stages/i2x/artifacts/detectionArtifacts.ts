import type { KindScorecard } from '../../../analysis/detection/scorecard.js';
import { readJsonArtifact, writeJsonArtifact, type ArtifactFile } from '../../artifactFiles.js';

const DETECTION: ArtifactFile = { stage: 'detection', file: 'detection.json', format: 'i2x-detection/1' };

/** A scorecard as JSON holds it: the curves as plain arrays. */
type StoredKind = Omit<KindScorecard, 'detection'> & { detection: (Omit<KindScorecard['detection'][number], 'curve'> & { curve: { examined: number[]; found: number[] } })[] };

/** The detection stage's output: the run's scorecard against its plants (empty without `data.plant`). */
export const detectionArtifacts = {
  files: [DETECTION],
  write(dir: string, kinds: readonly KindScorecard[]): void {
    const stored: StoredKind[] = kinds.map((k) => ({
      ...k,
      detection: k.detection.map((d) => ({ ...d, curve: { examined: Array.from(d.curve.examined), found: Array.from(d.curve.found) } })),
    }));
    writeJsonArtifact(dir, DETECTION, { kinds: stored });
  },
  read(detectionStageDir: string): KindScorecard[] {
    const { kinds } = readJsonArtifact<{ format: string; kinds: StoredKind[] }>(detectionStageDir, DETECTION);
    return kinds.map((k) => ({
      ...k,
      detection: k.detection.map((d) => ({ ...d, curve: { examined: Float64Array.from(d.curve.examined), found: Float64Array.from(d.curve.found) } })),
    }));
  },
};
