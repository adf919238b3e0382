/*
 * The saliency quality metrics `quality.metrics` accepts (src/stages/i2x/qualityStage.ts computes them, the
 * report lists them). No imports, so the config and the report can both read it.
 */

/** Sanity checks (Adebayo et al. 2018) and faithfulness by removal (Petsiuk et al. 2018; Rong et al. 2022). */
export const QUALITY_METRIC_NAMES = ['mprt', 'random-logit', 'deletion', 'insertion', 'road-morf', 'road-lerf'] as const;
export type QualityMetricName = (typeof QUALITY_METRIC_NAMES)[number];

/** The metrics that remove pixels in the map's order (they also score the random-map and planted-mask baselines). */
export const REMOVAL_METRIC_NAMES: readonly QualityMetricName[] = ['deletion', 'insertion', 'road-morf', 'road-lerf'];
