import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { intensitiesArtifacts } from '../../src/stages/i2x/artifacts/intensitiesArtifacts.js';
import { ridgeArtifacts } from '../../src/stages/i2x/artifacts/ridgeArtifacts.js';
import { saliencyArtifacts } from '../../src/stages/i2x/artifacts/saliencyArtifacts.js';
import { trainArtifacts } from '../../src/stages/i2x/artifacts/trainArtifacts.js';
import { I2xError } from '../../src/util/I2xError.js';
import { writeArrayFile } from '../../src/util/arrayFile.js';

const root = mkdtempSync(join(tmpdir(), 'i2x-artifact-formats-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => mkdirSync(join(root, String(dirs++)), { recursive: true })!;

/** The E_ARTIFACT error `read` throws, or a failure when it does not throw one. */
function artifactError(read: () => unknown): I2xError {
  try {
    read();
  } catch (err) {
    expect(err).toBeInstanceOf(I2xError);
    expect((err as I2xError).code).toBe('E_ARTIFACT');
    return err as I2xError;
  }
  throw new Error('expected an E_ARTIFACT error, the read succeeded');
}

describe('stage artifacts carry a format tag and refuse another', () => {
  it('round-trips a JSON and a binary artifact with their tags', () => {
    const dir = freshDir();
    const checkpoints = [{ name: 'step-000000', dir: '/c/step-000000', step: 0, epoch: 0, testAccuracy: null }];
    trainArtifacts.write(dir, checkpoints);
    expect(trainArtifacts.read(dir)).toEqual(checkpoints);
    const data = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i / 7);
    intensitiesArtifacts.write(dir, { data, shape: [2, 3, 4] });
    const back = intensitiesArtifacts.read(dir);
    expect(back.shape).toEqual([2, 3, 4]);
    expect(back.data).toEqual(data);
  });

  it('a JSON artifact of another format names the file, the expected tag and the one found', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'ridge.json'), JSON.stringify({ format: 'i2x-ridge-fits/0', prototypes: 1, classes: 1, transitions: 0, checkpoints: [], fits: [] }));
    const err = artifactError(() => ridgeArtifacts.read(dir));
    expect(err.message).toBe(`${join(dir, 'ridge.json')} has format 'i2x-ridge-fits/0'; expected 'i2x-ridge-fits/1'. It is out of date: re-run the ridge stage (i2x run <config> --from ridge).`);
  });

  it('an untagged JSON artifact of an older i2x (a bare list) is refused, saying to re-run the stage', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'checkpoints.json'), JSON.stringify([{ name: 'step-000000', dir: '/c', step: 0, epoch: 0, testAccuracy: null }]));
    const err = artifactError(() => trainArtifacts.read(dir));
    expect(err.message).toBe(`${join(dir, 'checkpoints.json')} has no format tag (written by an older i2x); expected 'i2x-train-checkpoints/1'. It is out of date: re-run the train stage (i2x run <config> --from train).`);
  });

  it('a binary artifact of another format, or untagged, names the file, the expected tag and the one found', () => {
    const dir = freshDir();
    // the saliency stage's two per-checkpoint arrays of the same dtype and rank swapped: only the tag tells them apart
    saliencyArtifacts.writeCheckpoint(dir, 'step-000001', {
      maps: { data: new Float32Array(2 * 4), shape: [2, 2, 2] },
      confidences: { data: new Float32Array(2 * 3), shape: [2, 3] },
      legibility: { data: new Float32Array(2 * 3), shape: [2, 3] },
      logits: { data: new Float32Array(2 * 3), shape: [2, 3] },
      headInputs: null,
    });
    const file = join(dir, 'confidences-step-000002.bin');
    writeArrayFile(file, new Float32Array(2 * 3), [2, 3], { format: 'i2x-saliency-legibility/1' });
    expect(artifactError(() => saliencyArtifacts.readConfidences(dir, 'step-000002')).message).toBe(
      `${file} has format 'i2x-saliency-legibility/1'; expected 'i2x-saliency-confidences/1'. It is out of date: re-run the saliency stage (i2x run <config> --from saliency).`,
    );
    writeArrayFile(file, new Float32Array(2 * 3), [2, 3]); // as written before tags existed
    expect(artifactError(() => saliencyArtifacts.readConfidences(dir, 'step-000002')).message).toBe(
      `${file} has no format tag (written by an older i2x); expected 'i2x-saliency-confidences/1'. It is out of date: re-run the saliency stage (i2x run <config> --from saliency).`,
    );
    expect(saliencyArtifacts.readConfidences(dir, 'step-000001').shape).toEqual([2, 3]);
    // logits and confidences share dtype and shape too: the logits file is not read as confidences
    writeArrayFile(file, new Float32Array(2 * 3), [2, 3], { format: 'i2x-saliency-logits/1' });
    expect(artifactError(() => saliencyArtifacts.readConfidences(dir, 'step-000002')).message).toMatch(/has format 'i2x-saliency-logits\/1'; expected 'i2x-saliency-confidences\/1'/);
    expect(saliencyArtifacts.readHeadInputs(dir, 'step-000001')).toBeNull();
  });

  it('a binary artifact with the right tag but another dtype or rank is refused', () => {
    const dir = freshDir();
    const file = join(dir, 'intensities.bin');
    writeArrayFile(file, new Int32Array(6), [2, 3, 1], { format: 'i2x-intensities-intensities/1' });
    expect(artifactError(() => intensitiesArtifacts.read(dir)).message).toBe(
      `${file}: int32 [2, 3, 1], but 'i2x-intensities-intensities/1' is float32 [T, N, K]; re-run the intensities stage (i2x run <config> --from intensities).`,
    );
    expect(() => intensitiesArtifacts.write(dir, { data: new Float32Array(6), shape: [6] as unknown as [number, number, number] })).toThrow(/shape \[6\], but 'i2x-intensities-intensities\/1' is \[T, N, K\]/);
  });

  it('a missing artifact names the file, its tag and the stage to re-run', () => {
    const dir = freshDir();
    expect(artifactError(() => saliencyArtifacts.readMaps(dir, 'step-000009')).message).toBe(
      `${join(dir, 'saliency-step-000009.bin')} is missing (the saliency stage's 'i2x-saliency-maps/1'); re-run the saliency stage (i2x run <config> --from saliency).`,
    );
  });
});
