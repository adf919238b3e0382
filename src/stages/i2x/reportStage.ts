import { defineStage, type Stage } from '../Stage.js';
import { readReportInputs } from './readReportInputs.js';

/**
 * The offline HTML report of the run, `<run>/report/index.html` with its PNG pictures and SVG plots: numbers
 * from the rows the database stage (and, in the fine-tuning pipeline, the finetune stage) wrote to the store,
 * pictures from the saliency and prototypes stages' outputs and the training images. `i2x report <run>` runs
 * just this stage for the run's stored config.
 */
export const reportStage = defineStage({
  name: 'report',
  version: 7, // 7: the fine-tuning section shows the i2x replicate summaries over base models that include the run; 6: the fine-tuning section says its intervals are over one base model's fine-tuning seeds, and the accuracy chart names each checkpoint's step; 2: the saliency quality section; 3: the scorecard section (planted examples, detection, relevance mass); 4: the scorecard's within-label tables, and the fine-tuning comparisons (t and bootstrap intervals, sign and Wilcoxon p, agreement) read from finetune_comparisons; 5: the randomisation steps' example maps
  // the store's rows come in through the database stage's fingerprint (it keys on the whole config)
  configKeys: ['report', 'store.path', 'data'],
  inputs: ['saliency', 'prototypes', 'quality', 'database'],
  async run(ctx) {
    // lazy: the report's plots load vega and vega-lite, which every other i2x command would pay for at start-up
    const { writeReportFiles } = await import('../../report/writeReportFiles.js');
    const saliencyDir = ctx.inputDir('saliency');
    const written = await writeReportFiles(ctx.outputDir, {
      runId: ctx.runId,
      storePath: ctx.storePath,
      storeShown: ctx.config.store.path,
      colormap: 'inferno',
      stages: () => readReportInputs({ saliencyDir, prototypesDir: ctx.inputDir('prototypes'), qualityDir: ctx.inputDir('quality') }),
      saliencyDir,
    });
    return { summary: written };
  },
});

/**
 * The report when the run is fine-tuned too: the same stage after the finetune stage, whose rows it shows, so a
 * new fine-tuning rewrites the report.
 */
export const reportAfterFinetuneStage: Stage<'saliency' | 'prototypes' | 'quality' | 'database' | 'finetune'> = {
  ...reportStage,
  inputs: [...reportStage.inputs, 'finetune'],
} as Stage<'saliency' | 'prototypes' | 'quality' | 'database' | 'finetune'>;
