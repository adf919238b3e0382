/*
 * The names of the saliency methods, in the one place both sides can import: the config schema (which
 * accepts exactly these for analysis.saliency.method and .compare.methods) and the registry of their
 * implementations, src/explain/saliencyMethods.ts (whose type makes it implement exactly these). No imports,
 * so the config stays below src/explain.
 */

/** The zennit composites i2x implements (src/explain/lrp/composites.ts); each is the saliency method `lrp-<name>`. */
export const COMPOSITE_NAMES = ['epsilon-plus-flat', 'epsilon-gamma-box', 'epsilon-alpha2-beta1-flat', 'epsilon'] as const;
export type CompositeName = (typeof COMPOSITE_NAMES)[number];

/** Class activation maps over the layer's activations and gradients, one weighting function each (src/explain/gradCam.ts). */
export const CAM_METHOD_NAMES = ['gradcam'] as const;

export type SaliencyMethodName = (typeof CAM_METHOD_NAMES)[number] | `lrp-${CompositeName}`;

/** Every saliency method, in the order the config's messages list them. */
export const SALIENCY_METHOD_NAMES: readonly SaliencyMethodName[] = [...CAM_METHOD_NAMES, ...COMPOSITE_NAMES.map((name) => `lrp-${name}` as const)];
