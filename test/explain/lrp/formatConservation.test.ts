import { describe, expect, it } from 'vitest';
import { CONSERVATION_NOTE, formatConservation } from '../../../src/explain/lrp/formatConservation.js';

describe('formatConservation', () => {
  it('names each cut layer with its deviation, the mean logit, and why relevance is not conserved', () => {
    const line = formatConservation('epsilon-plus-flat', [
      { layer: 'input', relevanceSum: 2.01, logit: 3.0, deviation: 0.3312 },
      { layer: 'block3', relevanceSum: 2.9, logit: 3.0, deviation: 0.0333 },
    ]);
    expect(line).toBe(`lrp epsilon-plus-flat: conservation (|sum R - logit| / |logit|, mean logit 3.000): input 33.12%, block3 3.33%; ${CONSERVATION_NOTE}`);
    expect(CONSERVATION_NOTE).toContain('BatchNorm');
  });
});
