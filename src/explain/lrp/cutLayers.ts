import type { ModelGraph } from '../../models/ModelGraph.js';

/**
 * The layers every path from the input to the output passes through, in topological order (the input
 * and the output included). Only at such a cut does the whole relevance flow through one layer, so only
 * there can its sum be compared with the explained logit; inside a residual block the relevance is split
 * between the branches.
 */
export function cutLayers(graph: ModelGraph): string[] {
  const next = new Map<string, string[]>();
  for (const node of graph.nodes) for (const input of node.inputs) next.set(input, [...(next.get(input) ?? []), node.name]);
  const reachesOutputWithout = (blocked: string): boolean => {
    const seen = new Set<string>([graph.inputName]);
    const stack = [graph.inputName];
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (name === graph.outputName) return true;
      for (const following of next.get(name) ?? []) {
        if (following !== blocked && !seen.has(following)) {
          seen.add(following);
          stack.push(following);
        }
      }
    }
    return false;
  };
  return graph.nodes.map((n) => n.name).filter((name) => name === graph.inputName || name === graph.outputName || !reachesOutputWithout(name));
}
