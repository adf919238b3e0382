import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CheckpointMeta } from './CheckpointMeta.js';
import { readCheckpointMeta } from './readCheckpointMeta.js';
import { readLayersModelFiles, weightFilesSha256 } from './readLayersModelFiles.js';
import { readOptimizerFile } from './readOptimizerFile.js';

/** A checkpoint that should be in a run directory and cannot be used as it is. */
export interface MissingCheckpoint {
  /** the checkpoint's directory name, e.g. 'step-000120' */
  name: string;
  /** 'absent', or what is wrong: a file missing, meta.json unreadable, a hash that does not match */
  problem: string;
}

export interface MissingCheckpointsOptions {
  /**
   * Also hash weights.bin and optimizer.bin and compare them with meta.json (default true). That reads
   * every byte (a few ms per checkpoint for the quick start's resnet8); without it only the presence
   * of meta.json (readable, tagged), model.json, weights.bin and (when meta.json describes one)
   * optimizer.bin is checked.
   */
  verifyHashes?: boolean;
}

/**
 * Which of the checkpoints `names` in `runDir` (`checkpoints/<run>`) are absent or not intact, in the
 * order given; [] when every one is usable. Intact means what `loadCheckpoint` and `restoreTraining`
 * need: a readable i2x meta.json, model.json, weights.bin and, if meta.json records optimizer state,
 * optimizer.bin, with matching hashes. Nothing is changed on disk.
 *
 * `trainModel` asks it about the checkpoints its schedule plans and trains the missing ones again. A
 * caller that wants to know whether a finished training's output is still complete passes the names the
 * train stage listed (`trainArtifacts.read(trainStageDir).map((c) => c.name)`).
 */
export function missingCheckpoints(runDir: string, names: readonly string[], options: MissingCheckpointsOptions = {}): MissingCheckpoint[] {
  const verifyHashes = options.verifyHashes ?? true;
  return names.flatMap((name) => {
    const problem = checkpointProblem(join(runDir, name), verifyHashes);
    return problem === null ? [] : [{ name, problem }];
  });
}

function checkpointProblem(dir: string, verifyHashes: boolean): string | null {
  if (!existsSync(dir)) return 'absent';
  const metaPath = join(dir, 'meta.json');
  if (!existsSync(metaPath)) return 'meta.json is missing';
  let meta: CheckpointMeta;
  try {
    meta = readCheckpointMeta(metaPath);
  } catch (err) {
    return (err as Error).message;
  }
  if (meta.name !== basename(dir)) return `meta.json names the checkpoint '${meta.name}', not '${basename(dir)}'`;
  for (const file of ['model.json', 'weights.bin', ...(meta.optimizer ? ['optimizer.bin'] : [])]) {
    if (!existsSync(join(dir, file))) return `${file} is missing`;
  }
  if (!verifyHashes) return null;
  try {
    const weightsSha256 = weightFilesSha256(readLayersModelFiles(dir));
    if (weightsSha256 !== meta.weightsSha256) return `weights.bin has sha256 ${weightsSha256}, but meta.json records ${meta.weightsSha256}`;
    if (meta.optimizer) readOptimizerFile(dir, meta);
  } catch (err) {
    return (err as Error).message;
  }
  return null;
}
