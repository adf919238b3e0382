/** Where runs write their stage outputs; relative to the project root (`--root`, else the working directory). */
export const ARTIFACTS_ROOT = 'artifacts';
/** Where training writes checkpoints: `checkpoints/<run>/<checkpoint>/`, relative to the project root. */
export const CHECKPOINTS_ROOT = 'checkpoints';
