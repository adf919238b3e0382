import { SeededRandom } from '../../src/util/SeededRandom.js';

/** `perBlob` points around each centre (`centres[b]` has the dimension), isotropic normal with `spread`. */
export function gaussianBlobs(
  centres: number[][],
  perBlob: number,
  spread: number,
  seed: number,
): { data: Float64Array; truth: Int32Array; rows: number; cols: number } {
  const random = new SeededRandom(seed);
  const cols = centres[0].length;
  const rows = centres.length * perBlob;
  const data = new Float64Array(rows * cols);
  const truth = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    truth[r] = r % centres.length;
    for (let c = 0; c < cols; c++) data[r * cols + c] = centres[truth[r]][c] + spread * random.normal();
  }
  return { data, truth, rows, cols };
}
