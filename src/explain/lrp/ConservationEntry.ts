/** How much of the explained logit the relevance at one layer still accounts for. */
export interface ConservationEntry {
  layer: string;
  /** sum of the relevance over the layer's units, mean over the batch */
  relevanceSum: number;
  /** the explained quantity (the target logit, or the sum of the given output relevance), mean over the batch */
  logit: number;
  /** relative deviation: mean over samples of |sum R - logit| divided by the mean of |logit| */
  deviation: number;
}
