import { describe, expect, it } from 'vitest';
import type { KindScorecard, MethodDetection } from '../../src/analysis/detection/scorecard.js';
import { scorecardText } from '../../src/cli/scorecardText.js';

const curve = { examined: new Float64Array(0), found: new Float64Array(0) };
const d = (method: string, auroc: number, averagePrecision: number, precisionAtK: number): MethodDetection => ({ method, auroc, averagePrecision, precisionAtK, curve });
const card = (detection: MethodDetection[], within: MethodDetection[]): KindScorecard => ({
  kind: 'label-flip', planted: 3, detection, withinLabel: [{ label: 7, samples: 8, planted: 3, detection: within }], relevanceMass: [], prototypes: null,
});

describe('scorecardText', () => {
  it('prints the all-sample and the within-label rows in one format, highest AUROC first, the control beside, columns aligned', () => {
    const planted = card([d('aum', 0.5, 0.25, 0), d('i2x', 0.875, 0.75, 0.6666)], [d('aum', 0.6, 0.5, 1 / 3), d('i2x', 0.4, 0.3, 0)]);
    const control = card([d('i2x', 0.5, 0.5, 0.5)], [d('aum', 0.125, 0.1, 0)]);
    const lines = scorecardText('r', 'c', [planted], [control]).split('\n');
    expect(lines.slice(2, 9)).toEqual([
      'label-flip: 3 planted training samples',
      '  method                  AUROC control     AP    P@k',
      '  i2x                     0.875   0.500  0.750  0.667',
      '  aum                     0.500       -  0.250  0.000',
      '  within label 7 (3 planted of 8; a score cannot win by ranking the class):',
      '    aum                   0.600   0.125  0.500  0.333',
      '    i2x                   0.400       -  0.300  0.000',
    ]);
  });
});
