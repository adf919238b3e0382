import type { ReportAssets, ReportFile } from '../ReportAssets.js';
import type { ReportData } from '../ReportData.js';

/** What every section of the page reads: the store's numbers, the drawn files, and class naming. */
export interface SectionContext {
  readonly data: ReportData;
  readonly assets: ReportAssets;
  /** a class's name as the dataset gives it, e.g. '7' or 'cat' */
  readonly className: (c: number) => string;
  /** an <img> of a report file */
  readonly img: (file: ReportFile, alt: string) => string;
}
