/** The analysis library: prototypes (PCA + KMeans), HDBSCAN, ridge, uncertain prototypes, explanations. */
export { Pca, type PcaFitOptions, type PcaJson } from './Pca.js';
export { KMeans, type KMeansFitOptions, type KMeansJson } from './KMeans.js';
export { hdbscan, type HdbscanOptions, type HdbscanResult } from './hdbscan/hdbscan.js';
export { adjustedRandIndex } from './adjustedRandIndex.js';
export { ridge } from './ridge.js';
export type { RidgeOptions, RidgeResult } from './RidgeOptions.js';
export { uncertainPrototypes, type UncertainPrototype, type UncertainPrototypeOptions } from './uncertainPrototypes.js';
export {
  structuredExplanation,
  type StructuredExplanation,
  type StructuredExplanationOptions,
} from './structuredExplanation.js';
