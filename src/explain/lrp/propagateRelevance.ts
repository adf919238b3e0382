import * as tf from '@tensorflow/tfjs';
import type { LrpPlan } from './buildLrpPlan.js';
import { normRule } from './rules/norm.js';

export interface PropagatedRelevance {
  /** the relevance of each layer asked for in `capture`, shaped like its output [N, ...] */
  captured: Map<string, tf.Tensor>;
  /** [N] per-sample relevance sums at each layer asked for in `sum` */
  sums: Map<string, tf.Tensor1D>;
}

/**
 * The backward pass of LRP: walks the plan's steps from the output to the input, hands each layer's
 * relevance to the layers feeding it (summing where a layer feeds several, as a residual block's input
 * does) and keeps only what `capture` and `sum` ask for. A layer's relevance is complete once every step
 * after it has run, which reverse topological order guarantees. `activations` holds every layer's output
 * of the forward pass. The caller disposes the returned tensors; nothing else is left behind.
 */
export function propagateRelevance(
  plan: LrpPlan,
  activations: Record<string, tf.Tensor>,
  outputName: string,
  inputName: string,
  outputRelevance: tf.Tensor,
  want: { capture: Set<string>; sum: Set<string> },
): PropagatedRelevance {
  const pending = new Map<string, tf.Tensor>([[outputName, tf.clone(outputRelevance)]]);
  const captured = new Map<string, tf.Tensor>();
  const sums = new Map<string, tf.Tensor1D>();
  const accumulate = (name: string, relevance: tf.Tensor) => {
    const previous = pending.get(name);
    pending.set(name, previous ? tf.add(previous, relevance) : relevance);
    if (previous) tf.dispose([previous, relevance]);
  };
  const complete = (name: string, relevance: tf.Tensor) => {
    if (want.sum.has(name)) {
      const axes = relevance.shape.map((_, i) => i).slice(1);
      sums.set(name, tf.sum(relevance, axes) as tf.Tensor1D);
    }
    if (want.capture.has(name)) captured.set(name, relevance);
    else relevance.dispose();
  };

  for (const step of [...plan.steps].reverse()) {
    const relevance = pending.get(step.output);
    if (!relevance) continue; // the layer does not lead to the output
    pending.delete(step.output);
    const passed: [string, tf.Tensor][] =
      step.kind === 'linear'
        ? [[step.input, step.rule(step.layer, activations[step.input], relevance)]]
        : step.kind === 'pass'
          ? [[step.input, tf.reshape(relevance, activations[step.input].shape)]]
          : step.kind === 'route'
            ? [[step.input, step.route(activations[step.input], relevance)]]
            : normRule(step.inputs.map((name) => activations[name]), relevance).map((r, i) => [step.inputs[i], r]);
    complete(step.output, relevance);
    for (const [name, r] of passed) accumulate(name, r);
  }
  const inputRelevance = pending.get(inputName) ?? tf.zerosLike(activations[inputName]);
  pending.delete(inputName);
  complete(inputName, inputRelevance);
  tf.dispose([...pending.values()]);
  return { captured, sums };
}
