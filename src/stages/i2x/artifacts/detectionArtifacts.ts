import type { KindScorecard } from '../../../analysis/detection/scorecard.js';
import { readJsonArtifact, writeJsonArtifact, type ArtifactFile } from '../../artifactFiles.js';

const DETECTION: ArtifactFile = { stage: 'detection', file: 'detection.json', format: 'i2x-detection/1' };

/** A scorecard as JSON holds it: the curves as plain arrays. */
type StoredDetection = Omit<KindScorecard['detection'][number], 'curve'> & { curve: { examined: number[]; found: number[] } };
type StoredKind = Omit<KindScorecard, 'detection' | 'withinLabel'> & { detection: StoredDetection[]; withinLabel: (Omit<KindScorecard['withinLabel'][number], 'detection'> & { detection: StoredDetection[] })[] };
type Detection = KindScorecard['detection'][number];
const toStored = (d: Detection): StoredDetection => ({ ...d, curve: { examined: Array.from(d.curve.examined), found: Array.from(d.curve.found) } });
const fromStored = (d: StoredDetection): Detection => ({ ...d, curve: { examined: Float64Array.from(d.curve.examined), found: Float64Array.from(d.curve.found) } });

/** The detection stage's output: the run's scorecard against its plants (empty without `data.plant`). */
export const detectionArtifacts = {
  files: [DETECTION],
  write(dir: string, kinds: readonly KindScorecard[]): void {
    const stored: StoredKind[] = kinds.map((k) => ({
      ...k,
      detection: k.detection.map(toStored),
      withinLabel: k.withinLabel.map((w) => ({ ...w, detection: w.detection.map(toStored) })),
    }));
    writeJsonArtifact(dir, DETECTION, { kinds: stored });
  },
  read(detectionStageDir: string): KindScorecard[] {
    const { kinds } = readJsonArtifact<{ format: string; kinds: StoredKind[] }>(detectionStageDir, DETECTION);
    return kinds.map((k) => ({
      ...k,
      detection: k.detection.map(fromStored),
      withinLabel: k.withinLabel.map((w) => ({ ...w, detection: w.detection.map(fromStored) })),
    }));
  },
};
