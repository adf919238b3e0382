import type { ConservationEntry } from './ConservationEntry.js';

/** What LRP returns for a batch of N images; every relevance map is summed over channels. */
export interface LrpResult {
  /** [N, H, W] relevance of the input pixels */
  input: Float32Array;
  inputShape: [number, number, number];
  /** [N, h, w] relevance at each requested layer's output ([N, 1, 1] for a layer without spatial axes) */
  layers: Map<string, Float32Array>;
  layerShapes: Map<string, [number, number, number]>;
  /** at every layer the whole relevance flows through (input to logits), in topological order */
  conservation: ConservationEntry[];
}
