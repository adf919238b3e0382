import { join } from 'node:path';
import type { Dataset } from '../data/Dataset.js';
import { colorBar } from './colorBar.js';
import type { ColormapName } from './colormap.js';
import { greyscaleOf } from './greyscaleOf.js';
import { outlineBoxes } from './outlineBoxes.js';
import { overlayHeatmap } from './overlayHeatmap.js';
import { prototypeGallery } from './prototypeGallery.js';
import { prototypeMapImage } from './prototypeMapImage.js';
import type { ReportAssets, ReportFile } from './ReportAssets.js';
import type { ReportData } from './ReportData.js';
import type { RgbaImage } from './RgbaImage.js';
import type { SampleImage } from './SampleImage.js';
import { sampleToRgba } from './sampleToRgba.js';
import type { StageOutputs } from './StageOutputs.js';
import { writePng } from './writePng.js';
import { I2xError } from '../util/I2xError.js';

/** Pictures are drawn at least this many px on their longer side. */
const IMAGE_PX = 112;
const PATCH_PX = 96;
/** Outline of the planted pixels in the scorecard's examples: a saturated magenta, unlike any grey level. */
const PLANT_OUTLINE = [255, 0, 200] as const;

type ImageAssets = Pick<ReportAssets, 'colorBar' | 'saliencyRows' | 'gallery' | 'plantExamples' | 'randomisationExamples' | 'imageSize' | 'mapSize' | 'patchSize'>;

/** Draws every PNG of the report into `dir` (under img/) and says where each went. */
export function drawReportImages(dir: string, data: ReportData, train: Dataset, stages: StageOutputs, colormap: ColormapName): ImageAssets & { count: number } {
  let count = 0;
  const save = (name: string, image: RgbaImage): ReportFile => {
    writePng(join(dir, 'img', name), image);
    count++;
    return { file: `img/${name}`, width: image.width, height: image.height };
  };
  const { height, width, channels } = train;
  const { mapHeight, mapWidth, assignments } = stages;
  const positions = mapHeight * mapWidth;
  const scale = Math.max(1, Math.ceil(IMAGE_PX / Math.max(height, width)));
  const imageOf = (sample: number): SampleImage => {
    const size = height * width * channels;
    return { height, width, channels, pixels: train.images.subarray(sample * size, (sample + 1) * size) };
  };

  const ids = data.samples.map((s) => s.sample);
  const maps = ids.map(() => [] as Float32Array[]);
  let finalMaps: Float32Array = new Float32Array(0);
  for (let t = 0; t < stages.checkpointNames.length; t++) {
    const all = stages.saliencyAt(t);
    ids.forEach((sample, i) => maps[i].push(all.slice(sample * positions, (sample + 1) * positions)));
    if (t === stages.checkpointNames.length - 1) finalMaps = all;
  }

  const colorBarFile = save('colorbar.png', colorBar(colormap, 14, height * scale));
  const saliencyRows = ids.map((sample, i) => {
    const grey = greyscaleOf(imageOf(sample));
    let min = 0;
    let max = 0;
    for (const map of maps[i]) {
      for (const v of map) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    const range = { min, max };
    return {
      sample,
      image: save(`sample-${sample}.png`, sampleToRgba(imageOf(sample), scale)),
      overlays: maps[i].map((heatmap, t) =>
        save(`saliency-${sample}-c${t}.png`, overlayHeatmap({ grey, height, width, heatmap, mapHeight, mapWidth, range, colormap, scale })),
      ),
      range,
      prototypeMap: save(
        `prototypes-${sample}.png`,
        prototypeMapImage({ grey, height, width, assignments: assignments.subarray(sample * positions, (sample + 1) * positions), mapHeight, mapWidth, scale }),
      ),
    };
  });

  const patchSize: [number, number] = [Math.round((3 * height) / mapHeight), Math.round((3 * width) / mapWidth)];
  const patchScale = Math.max(1, Math.round(PATCH_PX / Math.max(...patchSize)));
  const gallery = data.gallery.map(({ prototype, ranked }) => ({
    prototype,
    items: prototypeGallery({ prototype, ranked, imageOf, saliency: finalMaps, assignments, mapHeight, mapWidth, scale: patchScale }).map((item, rank) => ({
      patch: save(`gallery-p${prototype}-${rank}.png`, item.patch),
      sample: item.sample,
      label: train.labels[item.sample],
      intensity: item.intensity,
      row: item.row,
      col: item.col,
    })),
  }));
  const plantExamples = data.plantExamples.map(({ kind, planted, clean }) => ({
    kind,
    items: planted.map((p, i) => {
      const image = outlineBoxes(sampleToRgba(imageOf(p.sample), scale), p.boxes, scale, PLANT_OUTLINE);
      const other = clean[i];
      return {
        planted: { image: save(`planted-${kind}-${p.sample}.png`, image), sample: p.sample, originalLabel: p.originalLabel, givenLabel: p.givenLabel, outlined: p.boxes.length > 0 },
        clean: other === null ? null : { image: save(`clean-${kind}-${other.sample}.png`, sampleToRgba(imageOf(other.sample), scale)), sample: other.sample, label: other.label },
      };
    }),
  }));
  const examples = stages.randomisationExamples?.() ?? null;
  const randomisationExamples = (examples?.methods ?? []).map(({ method, layers, height: h, width: w, maps }) => ({
    method,
    checkpoint: examples!.checkpoint,
    layers,
    rows: examples!.samples.map((sample, i) => {
      if (!(sample < train.count)) throw new I2xError('E_REPORT', `the quality stage's example maps are of training sample ${sample}, but the run's training set has ${train.count}; re-run the quality stage`);
      const grey = greyscaleOf(imageOf(sample));
      const perStep = h * w;
      const images = layers.concat([[]]).map((_, k) => {
        const at = (k * examples!.samples.length + i) * perStep;
        const heatmap = Float32Array.from(maps.subarray(at, at + perStep), Math.abs);
        // each map on its own scale, |map| from 0 to its maximum: the test compares the maps' shapes (ranks, structure), not their size
        const range = { min: 0, max: heatmap.reduce((m, v) => Math.max(m, v), 0) };
        return save(`randomisation-${method}-${sample}-s${k}.png`, overlayHeatmap({ grey, height, width, heatmap, mapHeight: h, mapWidth: w, range, colormap, scale }));
      });
      return { sample, label: train.labels[sample], images };
    }),
  }));
  return { colorBar: colorBarFile, saliencyRows, gallery, plantExamples, randomisationExamples, imageSize: [height, width], mapSize: [mapHeight, mapWidth], patchSize, count };
}
