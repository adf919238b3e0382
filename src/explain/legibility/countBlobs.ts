/**
 * The number of 4-connected components of the pixels of `mask` ([h, w], row-major) that are set.
 * Iterative flood fill, so large maps cannot overflow the stack.
 */
export function countBlobs(mask: Uint8Array, h: number, w: number): number {
  const seen = new Uint8Array(h * w);
  const stack: number[] = [];
  let blobs = 0;
  for (let start = 0; start < h * w; start++) {
    if (!mask[start] || seen[start]) continue;
    blobs++;
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop()!;
      const row = Math.floor(p / w);
      const col = p - row * w;
      const visit = (q: number) => {
        if (mask[q] && !seen[q]) {
          seen[q] = 1;
          stack.push(q);
        }
      };
      if (row > 0) visit(p - w);
      if (row < h - 1) visit(p + w);
      if (col > 0) visit(p - 1);
      if (col < w - 1) visit(p + 1);
    }
  }
  return blobs;
}
