/**
 * The optimizer of a training run, as the config describes it (`train.optimizer`, `lr`, `momentum`,
 * `weightDecay`). Weight decay is PyTorch's coupled L2 (`grad += weightDecay * weight`) for both kinds.
 */
export interface OptimizerSpec {
  kind: 'adam' | 'sgd';
  lr: number;
  /** sgd only; 0 means plain SGD */
  momentum?: number;
  weightDecay?: number;
}
