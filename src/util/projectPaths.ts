/** Where runs write their stage outputs; relative to the working directory (the repository root). */
export const ARTIFACTS_ROOT = 'artifacts';
/** Where training writes checkpoints: `checkpoints/<run>/<checkpoint>/`. */
export const CHECKPOINTS_ROOT = 'checkpoints';
