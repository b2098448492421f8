// What a preset sets in training beyond its architecture (core/model/config.ts). The RNN presets
// train with the defaults; the Transformer needs its own recipe: a warm-up (Adam's early steps are
// unstable in attention without one), label smoothing, and a lower peak rate than the RNNs' 2e-3.
// Options given explicitly still win. Kept with the option shapes, so the extension host (which must
// not load TensorFlow.js) shows the same defaults the worker trains with.
import type { PresetName } from '../model/config';
import type { TrainingOptions } from './sections';

export const PRESET_TRAINING: Readonly<Partial<Record<PresetName, Partial<TrainingOptions>>>> = {
  vaswani2017: { learningRate: 1e-3, warmupSteps: 400, labelSmoothing: 0.1 },
};

/** The training options a preset changes (none for most). */
export function presetTraining(preset: string): Partial<TrainingOptions> {
  return { ...PRESET_TRAINING[preset as PresetName] };
}
