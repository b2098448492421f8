// What a preset sets beyond its architecture (core/model/config.ts). The RNN presets train with the
// defaults; the Transformer has its own recipe: a warm-up (Adam's early steps are unstable in
// attention without one), the paper's label smoothing and Adam beta2, a lower peak rate than the
// RNNs' 2e-3, and one vocabulary for both sides (the paper's shared embeddings). Options given
// explicitly still win. Kept with the option shapes, so that the extension host (which must not load
// TensorFlow.js) shows the defaults the worker trains with.
import type { PresetName } from '../model/config';
import type { DataOptionsShape, TrainingOptions } from './sections';

export interface PresetOptions {
  training: Partial<TrainingOptions>;
  data: Partial<DataOptionsShape>;
}

const PRESET_OPTIONS: Readonly<Partial<Record<PresetName, Partial<PresetOptions>>>> = {
  vaswani2017: {
    training: { learningRate: 1e-3, warmupSteps: 400, labelSmoothing: 0.1, adamBeta2: 0.98 },
    data: { sharedVocabulary: true },
  },
};

/** The training and data options a preset changes (none for most). */
export function presetOptions(preset: string): PresetOptions {
  const own = PRESET_OPTIONS[preset as PresetName];
  return { training: { ...own?.training }, data: { ...own?.data } };
}
