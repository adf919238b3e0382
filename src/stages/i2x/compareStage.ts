import * as tf from '@tensorflow/tfjs';
import { normalizedInputBounds } from '../../data/normalizedInputBounds.js';
import { saliencyMethods } from '../../explain/saliencyMethods.js';
import { legibilityMetricsBatch } from '../../explain/legibility/legibilityMetrics.js';
import { loadCheckpoint } from '../../models/loadCheckpoint.js';
import { ModelGraph } from '../../models/ModelGraph.js';
import { defineStage } from '../Stage.js';
import { batchTensor } from './batchTensor.js';
import { featureLayerOf } from './featureLayerOf.js';
import { compareArtifacts, type ComparedMethod } from './artifacts/compareArtifacts.js';
import { trainArtifacts } from './artifacts/trainArtifacts.js';
import { formatPercent } from '../../util/formatPercent.js';
import { CONSERVATION_NOTE } from '../../explain/lrp/formatConservation.js';

const BATCH = 64;


/**
 * Other saliency methods on the same model, layer and targets as the run's own (`analysis.saliency.compare`):
 * at the final checkpoint, for the first `samples` training samples, the legibility of each method's maps
 * and, for LRP, the relevance conservation per layer (src/stages/i2x/artifacts/compareArtifacts.ts); the database stage stores it
 * next to the run's own method so the report can compare them.
 */
export const compareStage = defineStage({
  name: 'compare',
  version: 3, // 3: inference's 3x3 convolutions by Winograd F(2x2, 3x3) (saliency maps differ in the last bits); 2: compare.json carries a format tag
  configKeys: ['data', 'model', 'analysis.saliency'],
  uses: ['datasets', 'backend'],
  inputs: ['train'],
  async run(ctx) {
    const saliency = ctx.config.analysis.saliency;
    const methods = [...new Set(saliency.compare.methods)].filter((m) => m !== saliency.method);
    const checkpoints = trainArtifacts.read(ctx.inputDir('train'));
    const final = checkpoints.length - 1;
    const { model } = await loadCheckpoint(checkpoints[final].dir);
    const graph = ModelGraph.fromModel(model);
    const layer = featureLayerOf(ctx.config.model);
    const { train } = ctx.datasets();
    const count = Math.min(saliency.compare.samples, train.count);
    const bounds = normalizedInputBounds(train);
    const results: ComparedMethod[] = [];
    try {
      for (const method of methods) {
        const result: ComparedMethod = { method, checkpoint: final, samples: count, contrast: [], blobs: [], gini: [], conservation: [] };
        const conservation = new Map<string, { relevanceSum: number; logit: number; deviation: number }>();
        for (let start = 0; start < count; start += BATCH) {
          const end = Math.min(count, start + BATCH);
          const { x, labels } = batchTensor(train, start, end);
          const r = saliencyMethods.compute({ graph, x, layer, method, target: saliency.target, labels, inputBounds: bounds });
          const maps = r.maps.dataSync() as Float32Array;
          const shape = r.maps.shape;
          tf.dispose([r.maps, r.logits]);
          for (const entry of r.conservation ?? []) {
            const sum = conservation.get(entry.layer) ?? { relevanceSum: 0, logit: 0, deviation: 0 };
            const weight = (end - start) / count;
            conservation.set(entry.layer, { relevanceSum: sum.relevanceSum + entry.relevanceSum * weight, logit: sum.logit + entry.logit * weight, deviation: sum.deviation + entry.deviation * weight });
          }
          tf.dispose([x, labels]);
          for (const m of legibilityMetricsBatch(maps, end - start, shape[1], shape[2])) {
            result.contrast.push(m.contrast);
            result.blobs.push(m.blobs);
            result.gini.push(m.gini);
          }
        }
        result.conservation = [...conservation].map(([l, v]) => ({ layer: l, ...v }));
        if (result.conservation.length) {
          const input = result.conservation.find((c) => c.layer === 'input') ?? result.conservation[0];
          ctx.log(`${method}: relevance at '${input.layer}' deviates ${formatPercent(input.deviation)} from the explained logit (${CONSERVATION_NOTE})`);
        }
        results.push(result);
      }
    } finally {
      model.dispose();
    }
    compareArtifacts.write(ctx.outputDir, results);
    const meanOf = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);
    return { summary: { methods: results.map((r) => ({ method: r.method, samples: r.samples, gini: meanOf(r.gini), blobs: meanOf(r.blobs) })) } };
  },
});
