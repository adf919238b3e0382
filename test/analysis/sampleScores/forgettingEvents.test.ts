import { describe, expect, it } from 'vitest';
import { forgettingEvents } from '../../../src/analysis/sampleScores/forgettingEvents.js';
import { checkpointSeriesOf } from './checkpointSeriesOf.js';

const hit = (label: number): number[] => [0, 1, 2].map((c) => (c === label ? 0.8 : 0.1));

describe('forgettingEvents', () => {
  it('counts correct -> incorrect transitions and ranks never-learned samples above all (score T)', () => {
    // labels: s0 = 0, s1 = 1, s2 = 2, s3 = 1. Correct (C) / incorrect (I) per checkpoint t = 0..4:
    // s0: C I C I C -> 2 events;  s1: I I I I I -> never learned, score T = 5
    // s2: C C C C I -> 1 event;   s3: I C ? C C, where at t = 2 classes 0 and 1 tie at 0.4: the first maximum
    //     (class 0) is the prediction, so s3 is incorrect there: I C I C C -> 1 event (I -> C is learning, not
    //     forgetting: 2 events if it counted)
    const labels = Int32Array.from([0, 1, 2, 1]);
    const correct = ['CICIC', 'IIIII', 'CCCCI', 'ICICC'];
    const rows = [0, 1, 2, 3, 4].map((t) =>
      correct.map((pattern, i) => {
        if (i === 3 && t === 2) return [0.4, 0.4, 0.2];
        return pattern[t] === 'C' ? hit(labels[i]) : hit((labels[i] + 1) % 3);
      }),
    );
    const result = forgettingEvents(checkpointSeriesOf(rows), labels);
    expect(Array.from(result.events)).toEqual([2, 0, 1, 1]);
    expect(Array.from(result.learned)).toEqual([1, 0, 1, 1]);
    expect(Array.from(result.score)).toEqual([2, 5, 1, 1]);
  });
});
