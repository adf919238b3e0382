/** Where runs write their stage outputs; relative to the project root (`--root`, else the working directory). */
export const ARTIFACTS_ROOT = 'artifacts';
/** Where training writes checkpoints: `checkpoints/<run>/<checkpoint>/`, relative to the project root. */
export const CHECKPOINTS_ROOT = 'checkpoints';
/** The resolved config of a run's last pipeline call, in its run directory: `<artifacts>/<run>/config.json`. */
export const RUN_CONFIG_FILE = 'config.json';
