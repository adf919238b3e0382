import { join } from 'node:path';
import { DIRECTORY_NAME_PATTERN } from '../util/directoryNamePattern.js';
import { I2xError } from '../util/I2xError.js';

/** `<artifactsRoot>/<runId>`, refusing a run id that would escape the artifacts root or be unreadable. */
export function runDirectory(artifactsRoot: string, runId: string): string {
  if (!DIRECTORY_NAME_PATTERN.test(runId)) {
    throw new I2xError('E_STAGE', `run id '${runId}' is not usable as a directory name; use letters, digits, '.', '_' and '-'`);
  }
  return join(artifactsRoot, runId);
}
