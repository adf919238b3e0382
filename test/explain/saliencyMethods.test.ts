import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend/selectBackend.js';
import { configSchema } from '../../src/config/configSchema.js';
import { COMPOSITE_NAMES } from '../../src/config/saliencyMethodNames.js';
import { schemaAt } from '../../src/config/schemaAt.js';
import { unwrapSchema } from '../../src/config/unwrapSchema.js';
import { gradCam } from '../../src/explain/gradCam.js';
import { lrp } from '../../src/explain/lrp/lrp.js';
import { saliencyMethods } from '../../src/explain/saliencyMethods.js';
import { saliencyTargets } from '../../src/explain/saliencyTargets.js';
import { buildResNet, stageOutputLayer } from '../../src/models/buildResNet.js';
import { ModelGraph } from '../../src/models/ModelGraph.js';

/** The values a config key of enum type (or list of enums) accepts, read from the schema itself. */
function acceptedValues(path: string): string[] {
  const lookup = schemaAt(configSchema, path.split('.'));
  if (!lookup.found) throw new Error(`no config key ${path}`);
  let inner = unwrapSchema(lookup.schema).inner;
  if (inner instanceof z.ZodArray) inner = unwrapSchema(inner.element as z.ZodType).inner;
  return (inner as z.ZodEnum).options as string[];
}

const LAYER = stageOutputLayer('resnet8');
let graph: ModelGraph;
let x: tf.Tensor4D;

beforeAll(async () => {
  await selectBackend('wasm');
  graph = ModelGraph.fromModel(buildResNet({ arch: 'resnet8', inputShape: [8, 8, 1], classes: 4, width: 0.25, seed: 3 }));
  x = tf.randomNormal([5, 8, 8, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
});

describe('saliencyMethods, the registry', () => {
  it("holds exactly the names the config accepts for analysis.saliency.method and .compare.methods", () => {
    expect(acceptedValues('analysis.saliency.method')).toEqual(saliencyMethods.names);
    expect(acceptedValues('analysis.saliency.compare.methods')).toEqual(saliencyMethods.names);
  });

  it('has Grad-CAM and one method per LRP composite', () => {
    expect(saliencyMethods.names).toEqual(['gradcam', ...COMPOSITE_NAMES.map((c) => `lrp-${c}`)]);
  });

  it('computes Grad-CAM exactly as gradCam, and an LRP composite as lrp at the layer', () => {
    const labels = tf.tensor1d([0, 1, 2, 3, 0], 'int32');
    const viaRegistry = saliencyMethods.compute({ graph, x, layer: LAYER, method: 'gradcam', target: 'label', labels });
    const direct = gradCam(graph, x, LAYER, labels);
    expect(viaRegistry.maps.dataSync()).toEqual(direct.maps.dataSync());
    expect(viaRegistry.logits.dataSync()).toEqual(direct.logits.dataSync());
    const relevance = saliencyMethods.compute({ graph, x, layer: LAYER, method: 'lrp-epsilon', target: 'label', labels });
    const reference = lrp(graph, x, Int32Array.from([0, 1, 2, 3, 0]), { composite: 'epsilon', layers: [LAYER], printConservation: false });
    expect(relevance.maps.dataSync()).toEqual(reference.layers.get(LAYER));
    expect(relevance.conservation).toEqual(reference.conservation);
    tf.dispose([labels, viaRegistry.maps, viaRegistry.logits, direct.maps, direct.logits, relevance.maps, relevance.logits]);
  });

  it('refuses an unknown method, naming the registered ones', () => {
    expect(() => saliencyMethods.compute({ graph, x, layer: LAYER, method: 'gradcam++', target: 0 })).toThrow(
      "Unknown saliency method 'gradcam++'; accepted: gradcam, lrp-epsilon-plus-flat, lrp-epsilon-gamma-box, lrp-epsilon-alpha2-beta1-flat, lrp-epsilon.",
    );
  });

  it('does not leak tensors', () => {
    const run = () => {
      const r = saliencyMethods.compute({ graph, x, layer: LAYER, method: 'lrp-epsilon-plus-flat', target: 'predicted' });
      tf.dispose([r.maps, r.logits]);
    };
    run();
    const before = tf.memory().numTensors;
    run();
    run();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('saliencyTargets', () => {
  const classes = (t: tf.Tensor1D) => {
    const values = Array.from(t.dataSync());
    expect(t.dtype).toBe('int32');
    t.dispose();
    return values;
  };

  it("is each sample's label, its argmax, one class index, or a class per sample", () => {
    const argmax = tf.tidy(() => Array.from(tf.argMax(graph.forward(x, { mode: 'infer' }).get(graph.outputName)!, 1).dataSync()));
    expect(classes(saliencyTargets(graph, x, 'label', Int32Array.from([3, 2, 1, 0, 3])))).toEqual([3, 2, 1, 0, 3]);
    const labelTensor = tf.tensor1d([1, 1, 0, 0, 2], 'int32');
    expect(classes(saliencyTargets(graph, x, 'label', labelTensor))).toEqual([1, 1, 0, 0, 2]);
    labelTensor.dispose();
    expect(classes(saliencyTargets(graph, x, 'predicted'))).toEqual(argmax);
    expect(classes(saliencyTargets(graph, x, 2))).toEqual([2, 2, 2, 2, 2]);
    expect(classes(saliencyTargets(graph, x, Int32Array.from([0, 1, 2, 3, 1])))).toEqual([0, 1, 2, 3, 1]);
  });

  it('says what is missing or of the wrong length', () => {
    expect(() => saliencyTargets(graph, x, 'label')).toThrow(/target 'label' needs the labels of the 5 images/);
    expect(() => saliencyTargets(graph, x, 'label', new Int32Array(3))).toThrow(/labels hold 3 values for a batch of 5 images/);
    expect(() => saliencyTargets(graph, x, new Int32Array(6))).toThrow(/targets hold 6 values for a batch of 5 images/);
  });
});
