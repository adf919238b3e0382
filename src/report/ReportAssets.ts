import type { ColormapName } from './colormap.js';
import type { ClassPair } from './ReportData.js';

/** A picture or plot written into the report folder: its path relative to index.html, and its size in px. */
export interface ReportFile {
  readonly file: string;
  readonly width: number;
  readonly height: number;
}

/**
 * What `writeReport` drew for the page besides the store's numbers: files, the sizes they were drawn at, the
 * saliency colour scale of each row (from the run's saliency maps), the summary sentences.
 */
export interface ReportAssets {
  readonly storePath: string;
  readonly classNames: readonly string[];
  readonly datasetName: string;
  readonly summary: readonly string[];
  readonly colormap: ColormapName;
  readonly colorBar: ReportFile;
  /** image size [height, width] and feature-map size [mapHeight, mapWidth] */
  readonly imageSize: readonly [number, number];
  readonly mapSize: readonly [number, number];
  /** the patch window of the gallery, in image pixels [height, width] */
  readonly patchSize: readonly [number, number];
  readonly saliencyRows: readonly {
    readonly sample: number;
    readonly image: ReportFile;
    /** one per checkpoint, in checkpoint order */
    readonly overlays: readonly ReportFile[];
    readonly range: { readonly min: number; readonly max: number };
    readonly prototypeMap: ReportFile;
  }[];
  readonly gallery: readonly {
    readonly prototype: number;
    readonly items: readonly { readonly patch: ReportFile; readonly sample: number; readonly label: number; readonly intensity: number; readonly row: number; readonly col: number }[];
  }[];
  /** per planted kind, its example images (mask outlined) and the clean sample drawn beside each (null: none left) */
  readonly plantExamples: readonly {
    readonly kind: string;
    readonly items: readonly {
      readonly planted: { readonly image: ReportFile; readonly sample: number; readonly originalLabel: number; readonly givenLabel: number; readonly outlined: boolean };
      readonly clean: { readonly image: ReportFile; readonly sample: number; readonly label: number } | null;
    }[];
  }[];
  /**
   * per method, the quality stage's example maps of the cascading randomisation: a row per sample, its |map| of the
   * trained model (images[0]) and after each step (images[k]: the layers of steps 1..k re-initialised)
   */
  readonly randomisationExamples: readonly {
    readonly method: string;
    readonly checkpoint: number;
    /** the layers re-initialised at each step, output layer first */
    readonly layers: readonly (readonly string[])[];
    readonly rows: readonly { readonly sample: number; readonly label: number; readonly images: readonly ReportFile[] }[];
  }[];
  readonly plots: {
    readonly accuracy: ReportFile;
    readonly groups: ReportFile | null;
    readonly separation: ReportFile | null;
    readonly pairs: readonly { readonly pair: ClassPair; readonly prototypes: readonly number[]; readonly plot: ReportFile }[];
    readonly uncertain: readonly { readonly pair: ClassPair; readonly plot: ReportFile }[];
    readonly finetune: ReportFile | null;
    readonly legibility: ReportFile | null;
    /** found-fraction curves of the planted arm, one per planted kind with something to separate */
    readonly scorecard: readonly { readonly kind: string; readonly plot: ReportFile }[];
    /** the cascading-randomisation curve and the removal curves (quality stage), at the last scored checkpoint */
    readonly randomisation: ReportFile | null;
    readonly removal: ReportFile | null;
  };
  /** the command that runs fine-tuning for this run, for the page to suggest when there are no results */
  readonly finetuneCommand: string;
}
