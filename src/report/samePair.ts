import type { ClassPair } from './ReportData.js';

/** Whether two class pairs name the same two classes, in either order. */
export function samePair(x: ClassPair, y: ClassPair): boolean {
  return (x[0] === y[0] && x[1] === y[1]) || (x[0] === y[1] && x[1] === y[0]);
}
