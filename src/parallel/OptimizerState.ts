/**
 * An optimizer's state, independent of tfjs variable names (which are uniquified per process), so it can
 * move between replicas and into checkpoints. `slots` follow `model.trainableWeights` order:
 * adam -> [m_0..m_{n-1}, v_0..v_{n-1}], sgd with momentum -> [velocity_0..velocity_{n-1}], plain sgd -> [].
 * Empty before the first step.
 */
export interface OptimizerState {
  kind: 'adam' | 'sgd';
  iterations: number;
  slots: Float32Array[];
}
