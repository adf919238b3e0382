import type { PlantedBox } from '../../data/plantDataset.js';

/**
 * The share of each cell of an `h` x `w` map that a box of input pixels covers, for an `imageHeight` x
 * `imageWidth` image: cell (i, j) spans rows [i H / h, (i + 1) H / h) and columns [j W / w, (j + 1) W / w) of
 * the image (a feature map's cells tile the input evenly). Returns `[h * w]`, each in [0, 1]: the mask
 * "downsampled by area", which weights a map cell by how much of it is planted pixels.
 */
export function cellCoverage(box: PlantedBox, imageHeight: number, imageWidth: number, h: number, w: number): Float32Array {
  const coverage = new Float32Array(h * w);
  const cellHeight = imageHeight / h;
  const cellWidth = imageWidth / w;
  for (let i = 0; i < h; i++) {
    const rows = overlap(i * cellHeight, (i + 1) * cellHeight, box.y, box.y + box.height);
    if (rows === 0) continue;
    for (let j = 0; j < w; j++) {
      const columns = overlap(j * cellWidth, (j + 1) * cellWidth, box.x, box.x + box.width);
      coverage[i * w + j] = (rows * columns) / (cellHeight * cellWidth);
    }
  }
  return coverage;
}

function overlap(start: number, end: number, boxStart: number, boxEnd: number): number {
  return Math.max(0, Math.min(end, boxEnd) - Math.max(start, boxStart));
}
